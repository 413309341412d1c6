// The "Python" layer outside Python: libcaffe starts an embedded interpreter
// (libcaffe_python_embed) on the first Python layer of a float net and
// creates the layer through pycaffe; double nets, and builds without Python,
// refuse in SetUp. Each ctest case is its own process, so each test here
// starts from a process without Python.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <fstream>
#include <string>
#include <vector>

#include "caffe/blob.hpp"
#include "caffe/layer_factory.hpp"
#include "caffe/layers/python_layer.hpp"
#include "layers/layer_error_util.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {

namespace {

LayerParameter PythonParam(const std::string& module, const std::string& cls) {
  LayerParameter param;
  param.set_type("Python");
  param.set_name("pylayer");
  param.mutable_python_param()->set_module(module);
  param.mutable_python_param()->set_layer(cls);
  param.mutable_python_param()->set_param_str("2.5");
  return param;
}

}  // namespace

TEST(PythonLayerTest, DoubleNetsRefuseNamingTheLayer) {
  LayerParameter param = PythonParam("pyloss", "EuclideanLossLayer");
  Blob<double> bottom(2, 3, 1, 1), top;
  ExpectLayerError<double>(param, {&bottom}, {&top},
                           {"layer pylayer", "single-precision",
                            "module pyloss", "layer EuclideanLossLayer"});
}

TEST(PythonLayerTest, MissingModuleIsAnErrorNamingIt) {
  LayerParameter param = PythonParam("no_such_module_here", "Layer");
  Blob<float> bottom(2, 3, 1, 1), top;
  try {
    shared_ptr<Layer<float> > layer =
        LayerRegistry<float>::CreateLayer(param);
    layer->SetUp({&bottom}, {&top});
    FAIL() << "a missing module was accepted";
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find("no_such_module_here"),
              std::string::npos) << error.what();
  }
}

// A real Python layer run from C++: top = param_str * bottom.
TEST(PythonLayerTest, EmbeddedInterpreterRunsAPythonLayer) {
  TempDir temp;
  const std::string& directory = temp.path();
  std::ofstream(temp.file("scale_layer_for_test.py"))
      << "import caffe\n"
         "class Scale(caffe.Layer):\n"
         "    def setup(self, bottom, top):\n"
         "        self.factor = float(self.param_str)\n"
         "    def reshape(self, bottom, top):\n"
         "        top[0].reshape(*bottom[0].data.shape)\n"
         "    def forward(self, bottom, top):\n"
         "        top[0].data[...] = self.factor * bottom[0].data\n"
         "    def backward(self, top, propagate_down, bottom):\n"
         "        bottom[0].diff[...] = self.factor * top[0].diff\n";
  const char* old_path = getenv("PYTHONPATH");
  setenv("PYTHONPATH",
         (directory + (old_path ? ":" + std::string(old_path) : "")).c_str(),
         1);
  LayerParameter param = PythonParam("scale_layer_for_test", "Scale");
  shared_ptr<Layer<float> > layer;
  try {
    layer = LayerRegistry<float>::CreateLayer(param);
    Blob<float> probe(1, 1, 1, 1), probe_top;
    layer->SetUp({&probe}, {&probe_top});
  } catch (const Error& error) {
    const std::string what = error.what();
    if (what.find("without Python support") != std::string::npos) {
      GTEST_SKIP() << "this build has no Python embedding: " << what;
    }
    if (what.find("No module named") != std::string::npos) {
      // Python reads PYTHONPATH once, when it starts.
      GTEST_SKIP() << "Python started earlier in this process, before "
                      "PYTHONPATH named the test's module (ctest runs each "
                      "case alone): " << what;
    }
    FAIL() << error.what();
  }
  EXPECT_STREQ(layer->type(), "Python");
  Blob<float> bottom(2, 3, 1, 1), top;
  for (int i = 0; i < bottom.count(); ++i) bottom.mutable_cpu_data()[i] = i;
  layer->SetUp({&bottom}, {&top});
  layer->Forward({&bottom}, {&top});
  ASSERT_EQ(top.shape(), bottom.shape());
  for (int i = 0; i < top.count(); ++i) {
    EXPECT_FLOAT_EQ(top.cpu_data()[i], 2.5f * i);
  }
  for (int i = 0; i < top.count(); ++i) top.mutable_cpu_diff()[i] = 1;
  layer->Backward({&top}, {true}, {&bottom});
  EXPECT_FLOAT_EQ(bottom.cpu_diff()[4], 2.5f);
}

}  // namespace caffe

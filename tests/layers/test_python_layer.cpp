// The Python layer only refuses (no Python support), so there is nothing to
// compute or gradient-check; the test checks the refusal.
#include <gtest/gtest.h>

#include <vector>

#include "caffe/blob.hpp"
#include "caffe/layers/python_layer.hpp"
#include "layers/layer_error_util.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {

template <typename TypeParam>
class PythonLayerTest : public MultiDeviceTest<TypeParam> {};

TYPED_TEST_SUITE(PythonLayerTest, TestDtypesAndDevices);

TYPED_TEST(PythonLayerTest, SetUpExplainsMissingPython) {
  typedef typename TypeParam::Dtype Dtype;
  LayerParameter param;
  param.set_type("Python");
  param.set_name("loss");
  param.mutable_python_param()->set_module("pyloss");
  param.mutable_python_param()->set_layer("EuclideanLossLayer");
  Blob<Dtype> bottom(2, 3, 1, 1), top;
  ExpectLayerError<Dtype>(
      param, {&bottom}, {&top},
      {"layer loss", "without Python support", "module pyloss",
       "layer EuclideanLossLayer"});
}

}  // namespace caffe

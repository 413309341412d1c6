#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "caffe/layer.hpp"
#include "caffe/layer_factory.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {

template <typename Dtype>
class LayerFactoryTest : public ::testing::Test {};

TYPED_TEST_SUITE(LayerFactoryTest, TestDtypes);

TYPED_TEST(LayerFactoryTest, CreatesEveryRegisteredType) {
  const vector<string> types = LayerRegistry<TypeParam>::LayerTypeList();
  ASSERT_FALSE(types.empty());
  for (const string& type : types) {
    LayerParameter param;
    param.set_name("layer_" + type);
    param.set_type(type);
    // Layers that open a resource on creation (a database, a file) may
    // refuse the empty parameter, but only with a caffe::Error.
    try {
      shared_ptr<Layer<TypeParam> > layer =
          LayerRegistry<TypeParam>::CreateLayer(param);
      ASSERT_TRUE(layer != nullptr) << type;
      EXPECT_EQ(string(layer->type()), type);
      EXPECT_EQ(layer->layer_param().name(), "layer_" + type);
    } catch (const Error& error) {
      EXPECT_STRNE(error.what(), "") << type;
    }
  }
}

TYPED_TEST(LayerFactoryTest, CoreTypesAreRegistered) {
  const vector<string> types = LayerRegistry<TypeParam>::LayerTypeList();
  for (const char* type : {"Input", "Split"}) {
    EXPECT_NE(std::find(types.begin(), types.end(), type), types.end()) << type;
  }
}

TYPED_TEST(LayerFactoryTest, UnknownTypeListsKnownTypes) {
  LayerParameter param;
  param.set_name("mystery");
  param.set_type("NoSuchLayer");
  try {
    LayerRegistry<TypeParam>::CreateLayer(param);
    FAIL() << "expected caffe::Error";
  } catch (const Error& error) {
    const string message = error.what();
    EXPECT_NE(message.find("NoSuchLayer"), string::npos) << message;
    EXPECT_NE(message.find("mystery"), string::npos) << message;
    for (const string& type : LayerRegistry<TypeParam>::LayerTypeList()) {
      EXPECT_NE(message.find(type), string::npos) << type;
    }
  }
}

}  // namespace caffe

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "caffe/layer.hpp"
#include "caffe/layer_factory.hpp"
#include "caffe/layers/relu_layer.hpp"
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

TEST(RequestedEngineTest, ReadsTheEngineOfAnyParameterMessage) {
  LayerParameter param;
  EXPECT_EQ(RequestedEngine(param), "");
  param.mutable_convolution_param()->set_engine(ConvolutionParameter::DEFAULT);
  EXPECT_EQ(RequestedEngine(param), "");
  param.mutable_convolution_param()->set_engine(ConvolutionParameter::CUDNN);
  EXPECT_EQ(RequestedEngine(param), "CUDNN");
  LayerParameter pooling;
  pooling.mutable_pooling_param()->set_engine(PoolingParameter::CAFFE);
  EXPECT_EQ(RequestedEngine(pooling), "CAFFE");
}

TYPED_TEST(LayerFactoryTest, EngineTheBuildLacksNamesLayerAndEngine) {
  LayerParameter param;
  param.set_name("relu7");
  param.set_type("ReLU");
  param.mutable_relu_param()->set_engine(ReLUParameter::CUDNN);
  try {
    LayerRegistry<TypeParam>::CreateLayer(param);
    FAIL() << "expected caffe::Error";
  } catch (const Error& error) {
    const string message = error.what();
    EXPECT_NE(message.find("\"relu7\""), string::npos) << message;
    EXPECT_NE(message.find("CUDNN"), string::npos) << message;
    EXPECT_NE(message.find("CAFFE"), string::npos) << message;
  }
}

TYPED_TEST(LayerFactoryTest, EveryTypeHasTheReferenceEngineFirst) {
  for (const string& type : LayerRegistry<TypeParam>::LayerTypeList()) {
    const vector<string> engines = LayerRegistry<TypeParam>::EngineList(type);
    ASSERT_FALSE(engines.empty()) << type;
    EXPECT_EQ(engines[0], kEngineCaffe) << type;
  }
}

// Test-only variants of ReLU that say which one was made.
template <typename Dtype, int kTag>
class TaggedReLULayer : public ReLULayer<Dtype> {
 public:
  explicit TaggedReLULayer(const LayerParameter& param)
      : ReLULayer<Dtype>(param) {}
  // The registered type, so that the listing tests accept these too.
  const char* type() const override { return this->layer_param_.type().c_str(); }
  static shared_ptr<Layer<Dtype> > Create(const LayerParameter& param) {
    return shared_ptr<Layer<Dtype> >(new TaggedReLULayer(param));
  }
  static string NeverAvailable(const LayerParameter&) { return "tag says no"; }
};

template <typename Dtype>
int TagOf(const shared_ptr<Layer<Dtype> >& layer) {
  if (dynamic_cast<TaggedReLULayer<Dtype, 1>*>(layer.get())) return 1;
  if (dynamic_cast<TaggedReLULayer<Dtype, 2>*>(layer.get())) return 2;
  if (dynamic_cast<TaggedReLULayer<Dtype, 3>*>(layer.get())) return 3;
  return 0;
}

TYPED_TEST(LayerFactoryTest, HighestPriorityAvailableVariantWins) {
  typedef LayerRegistry<TypeParam> Registry;
  const string type = "TestRegistryPriority";
  // Registered once per process (the test may repeat).
  if (Registry::EngineList(type).empty()) {
    Registry::AddCreator(type, &TaggedReLULayer<TypeParam, 1>::Create);
    Registry::AddVariant(
        type, {"FAST", 5, &TaggedReLULayer<TypeParam, 2>::Create, nullptr});
    Registry::AddVariant(type,
                         {"FASTER", 9, &TaggedReLULayer<TypeParam, 3>::Create,
                          &TaggedReLULayer<TypeParam, 3>::NeverAvailable});
  }
  LayerParameter param;
  param.set_name("p");
  param.set_type(type);
  EXPECT_EQ(TagOf(Registry::CreateLayer(param)), 2);
  // Caffe's map view chooses the same way.
  EXPECT_EQ(TagOf(Registry::Registry()[type](param)), 2);
  EXPECT_EQ(TagOf(Registry::CreateLayer(param, kEngineCaffe)), 1);
  EXPECT_EQ(TagOf(Registry::CreateLayer(param, "FAST")), 2);
  try {
    Registry::CreateLayer(param, "FASTER");
    FAIL() << "expected caffe::Error";
  } catch (const Error& error) {
    EXPECT_NE(string(error.what()).find("tag says no"), string::npos)
        << error.what();
  }
  const vector<string> expected = {kEngineCaffe, "FAST", "FASTER"};
  EXPECT_EQ(Registry::EngineList(type), expected);
}

TYPED_TEST(LayerFactoryTest, ReplacingAnEntryTakesOverItsType) {
  typedef LayerRegistry<TypeParam> Registry;
  const string type = "TestRegistryReplace";
  Registry::ReplaceVariant(
      type, {kEngineCaffe, 0, &TaggedReLULayer<TypeParam, 1>::Create, nullptr});
  LayerParameter param;
  param.set_name("r");
  param.set_type(type);
  EXPECT_EQ(TagOf(Registry::CreateLayer(param)), 1);
  // What a Python module does with the Python layer's placeholder.
  Registry::ReplaceVariant(
      type, {kEngineCaffe, 0, &TaggedReLULayer<TypeParam, 2>::Create, nullptr});
  EXPECT_EQ(TagOf(Registry::CreateLayer(param)), 2);
  EXPECT_EQ(Registry::EngineList(type).size(), 1u);
}

}  // namespace caffe

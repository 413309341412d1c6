#include <gtest/gtest.h>

#include <vector>

#include "caffe/layer_factory.hpp"
#include "caffe/onednn/onednn_relu_layer.hpp"
#include "support/layer_variant_check.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {

namespace {

LayerParameter ReLUParam(float negative_slope) {
  LayerParameter param;
  param.set_name("relu");
  param.set_type("ReLU");
  param.mutable_relu_param()->set_negative_slope(negative_slope);
  return param;
}

LayerVariant OneDNN(bool in_place) {
  LayerVariant variant;
  variant.engine = kEngineOneDNN;
  variant.in_place = in_place;
  return variant;
}

}  // namespace

TEST(OneDNNReLULayerTest, MatchesReferenceBitForBit) {
  for (const float slope : {0.f, 0.1f, -0.5f}) {
    for (const bool in_place : {false, true}) {
      SCOPED_TRACE(testing::Message() << "slope " << slope << ", in place "
                                      << in_place);
      CheckVariantMatchesReference<float>(ReLUParam(slope), {{2, 3, 4, 5}},
                                          OneDNN(in_place));
    }
  }
}

TEST(OneDNNReLULayerTest, FollowsTheBottomWhenItsSizeChanges) {
  // Large enough for oneDNN to split the work between threads.
  CheckVariantMatchesReference<float>(ReLUParam(0.01f), {{4, 64, 33, 17}},
                                      OneDNN(false));
  CheckVariantMatchesReference<float>(ReLUParam(0.01f), {{1, 1, 1, 1}},
                                      OneDNN(false));
}

TEST(OneDNNReLULayerTest, IsTheDefaultForFloatAndNotForDouble) {
  const LayerParameter param = ReLUParam(0);
  EXPECT_TRUE(dynamic_cast<OneDNNReLULayer<float>*>(
      LayerRegistry<float>::CreateLayer(param).get()));
  EXPECT_FALSE(dynamic_cast<OneDNNReLULayer<double>*>(
      LayerRegistry<double>::CreateLayer(param).get()));
}

TEST(OneDNNReLULayerTest, EngineCaffeInThePrototxtSelectsTheReference) {
  LayerParameter param = ReLUParam(0);
  param.mutable_relu_param()->set_engine(ReLUParameter::CAFFE);
  const shared_ptr<Layer<float> > layer =
      LayerRegistry<float>::CreateLayer(param);
  EXPECT_STREQ(layer->type(), "ReLU");
  EXPECT_FALSE(dynamic_cast<OneDNNReLULayer<float>*>(layer.get()));
}

TEST(OneDNNReLULayerTest, AskingForItInDoubleNamesLayerAndReason) {
  try {
    LayerRegistry<double>::CreateLayer(ReLUParam(0), kEngineOneDNN);
    FAIL() << "expected caffe::Error";
  } catch (const Error& error) {
    const string message = error.what();
    EXPECT_NE(message.find("\"relu\""), string::npos) << message;
    EXPECT_NE(message.find("ONEDNN"), string::npos) << message;
    EXPECT_NE(message.find("float only"), string::npos) << message;
  }
}

}  // namespace caffe

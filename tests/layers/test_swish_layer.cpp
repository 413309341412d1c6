#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "caffe/blob.hpp"
#include "caffe/layers/swish_layer.hpp"
#include "layers/neuron_test_util.hpp"
#include "support/gradient_checker.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {

template <typename TypeParam>
class SwishLayerTest : public NeuronLayerTest<TypeParam> {};

TYPED_TEST_SUITE(SwishLayerTest, TestDtypesAndDevices);

static LayerParameter SwishParam(const float beta) {
  LayerParameter param;
  param.set_type("Swish");
  param.mutable_swish_param()->set_beta(beta);
  return param;
}

TYPED_TEST(SwishLayerTest, TestForwardDefaultBeta) {
  LayerParameter param;
  param.set_type("Swish");
  this->CheckForward(param, [](double x) { return x / (1 + std::exp(-x)); });
}

TYPED_TEST(SwishLayerTest, TestForward) {
  this->CheckForward(SwishParam(1.5),
                     [](double x) { return x / (1 + std::exp(-1.5 * x)); });
}

TYPED_TEST(SwishLayerTest, TestGradient) {
  typedef typename TypeParam::Dtype Dtype;
  for (const float beta : {1.f, 1.5f}) {
    SwishLayer<Dtype> layer(SwishParam(beta));
    GradientChecker<Dtype> checker(1e-2, 1e-3);
    checker.CheckGradientEltwise(&layer, this->blob_bottom_vec_,
                                 this->blob_top_vec_);
  }
}

TYPED_TEST(SwishLayerTest, TestInPlace) {
  this->CheckInPlaceMatches(SwishParam(1.5));
}

}  // namespace caffe

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "caffe/blob.hpp"
#include "caffe/layers/bnll_layer.hpp"
#include "layers/neuron_test_util.hpp"
#include "support/gradient_checker.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {

template <typename TypeParam>
class BNLLLayerTest : public NeuronLayerTest<TypeParam> {};

TYPED_TEST_SUITE(BNLLLayerTest, TestDtypesAndDevices);

static LayerParameter BNLLParam() {
  LayerParameter param;
  param.set_type("BNLL");
  return param;
}

TYPED_TEST(BNLLLayerTest, TestForward) {
  this->CheckForward(BNLLParam(),
                     [](double x) { return std::log(1 + std::exp(x)); });
}

// Far from 0 neither side overflows.
TYPED_TEST(BNLLLayerTest, TestForwardExtremes) {
  typedef typename TypeParam::Dtype Dtype;
  Blob<Dtype>& bottom = *this->blob_bottom_;
  bottom.Reshape(vector<int>{3});
  bottom.mutable_cpu_data()[0] = 100;
  bottom.mutable_cpu_data()[1] = -30;
  bottom.mutable_cpu_data()[2] = 1000;
  this->CheckForward(BNLLParam(), [](double x) {
    return x > 0 ? x + std::log1p(std::exp(-x)) : std::log1p(std::exp(x));
  });
}

TYPED_TEST(BNLLLayerTest, TestGradient) {
  typedef typename TypeParam::Dtype Dtype;
  BNLLLayer<Dtype> layer(BNLLParam());
  GradientChecker<Dtype> checker(1e-2, 1e-3);
  checker.CheckGradientEltwise(&layer, this->blob_bottom_vec_,
                               this->blob_top_vec_);
}

TYPED_TEST(BNLLLayerTest, TestInPlace) {
  this->CheckInPlaceMatches(BNLLParam());
}

}  // namespace caffe

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "caffe/blob.hpp"
#include "caffe/layers/elu_layer.hpp"
#include "layers/neuron_test_util.hpp"
#include "support/gradient_checker.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {

template <typename TypeParam>
class ELULayerTest : public NeuronLayerTest<TypeParam> {};

TYPED_TEST_SUITE(ELULayerTest, TestDtypesAndDevices);

static LayerParameter ELUParam(const float alpha) {
  LayerParameter param;
  param.set_type("ELU");
  param.mutable_elu_param()->set_alpha(alpha);
  return param;
}

TYPED_TEST(ELULayerTest, TestForwardDefaultAlpha) {
  LayerParameter param;
  param.set_type("ELU");
  this->CheckForward(param,
                     [](double x) { return x > 0 ? x : std::exp(x) - 1; });
}

TYPED_TEST(ELULayerTest, TestForward) {
  this->CheckForward(ELUParam(0.5), [](double x) {
    return x > 0 ? x : 0.5 * (std::exp(x) - 1);
  });
}

TYPED_TEST(ELULayerTest, TestGradient) {
  typedef typename TypeParam::Dtype Dtype;
  ELULayer<Dtype> layer(ELUParam(0.5));
  // With alpha != 1 the slope jumps at 0; skip inputs within 0.01 of it.
  GradientChecker<Dtype> checker(1e-2, 1e-3, 1701, 0., 0.01);
  checker.CheckGradientEltwise(&layer, this->blob_bottom_vec_,
                               this->blob_top_vec_);
}

TYPED_TEST(ELULayerTest, TestGradientNegativeAlpha) {
  typedef typename TypeParam::Dtype Dtype;
  ELULayer<Dtype> layer(ELUParam(-0.7));
  GradientChecker<Dtype> checker(1e-2, 1e-3, 1701, 0., 0.01);
  checker.CheckGradientEltwise(&layer, this->blob_bottom_vec_,
                               this->blob_top_vec_);
}

// At the kink x = 0 the gradient is the left one, alpha + y = alpha.
TYPED_TEST(ELULayerTest, TestGradientAtKink) {
  typedef typename TypeParam::Dtype Dtype;
  ELULayer<Dtype> layer(ELUParam(0.5));
  Blob<Dtype>& bottom = *this->blob_bottom_;
  bottom.Reshape(vector<int>{1});
  bottom.mutable_cpu_data()[0] = 0;
  layer.SetUp(this->blob_bottom_vec_, this->blob_top_vec_);
  layer.Forward(this->blob_bottom_vec_, this->blob_top_vec_);
  this->blob_top_->mutable_cpu_diff()[0] = 4;
  layer.Backward(this->blob_top_vec_, vector<bool>(1, true),
                 this->blob_bottom_vec_);
  EXPECT_EQ(Dtype(2), bottom.cpu_diff()[0]);
}

TYPED_TEST(ELULayerTest, TestInPlace) {
  this->CheckInPlaceMatches(ELUParam(0.5));
}

TYPED_TEST(ELULayerTest, TestInPlaceNegativeAlphaRejected) {
  typedef typename TypeParam::Dtype Dtype;
  ELULayer<Dtype> layer(ELUParam(-0.5));
  vector<Blob<Dtype>*> blobs(1, this->blob_bottom_.get());
  ExpectErrorMentioning([&] { layer.SetUp(blobs, blobs); },
                        {"alpha", "-0.5", "in place"});
}

}  // namespace caffe

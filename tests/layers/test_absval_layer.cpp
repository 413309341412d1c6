#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "caffe/blob.hpp"
#include "caffe/layers/absval_layer.hpp"
#include "layers/neuron_test_util.hpp"
#include "support/gradient_checker.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {

template <typename TypeParam>
class AbsValLayerTest : public NeuronLayerTest<TypeParam> {};

TYPED_TEST_SUITE(AbsValLayerTest, TestDtypesAndDevices);

static LayerParameter AbsValParam() {
  LayerParameter param;
  param.set_type("AbsVal");
  return param;
}

TYPED_TEST(AbsValLayerTest, TestForward) {
  this->CheckForward(AbsValParam(), [](double x) { return std::fabs(x); });
}

TYPED_TEST(AbsValLayerTest, TestGradient) {
  typedef typename TypeParam::Dtype Dtype;
  AbsValLayer<Dtype> layer(AbsValParam());
  // The kink at 0 has no derivative; skip inputs within 0.01 of it.
  GradientChecker<Dtype> checker(1e-2, 1e-3, 1701, 0., 0.01);
  checker.CheckGradientEltwise(&layer, this->blob_bottom_vec_,
                               this->blob_top_vec_);
}

// At the kink the gradient is sign(0) = 0.
TYPED_TEST(AbsValLayerTest, TestGradientAtKink) {
  typedef typename TypeParam::Dtype Dtype;
  AbsValLayer<Dtype> layer(AbsValParam());
  Blob<Dtype>& bottom = *this->blob_bottom_;
  bottom.mutable_cpu_data()[0] = 0;
  bottom.mutable_cpu_data()[1] = -2;
  bottom.mutable_cpu_data()[2] = 3;
  layer.SetUp(this->blob_bottom_vec_, this->blob_top_vec_);
  layer.Forward(this->blob_bottom_vec_, this->blob_top_vec_);
  caffe_set(bottom.count(), Dtype(5), this->blob_top_->mutable_cpu_diff());
  layer.Backward(this->blob_top_vec_, vector<bool>(1, true),
                 this->blob_bottom_vec_);
  EXPECT_EQ(Dtype(0), bottom.cpu_diff()[0]);
  EXPECT_EQ(Dtype(-5), bottom.cpu_diff()[1]);
  EXPECT_EQ(Dtype(5), bottom.cpu_diff()[2]);
}

TYPED_TEST(AbsValLayerTest, TestInPlaceRejected) {
  typedef typename TypeParam::Dtype Dtype;
  AbsValLayer<Dtype> layer(AbsValParam());
  vector<Blob<Dtype>*> blobs(1, this->blob_bottom_.get());
  ExpectErrorMentioning([&] { layer.SetUp(blobs, blobs); },
                        {"AbsVal", "in place"});
}

}  // namespace caffe

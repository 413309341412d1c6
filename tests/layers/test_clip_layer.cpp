#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "caffe/blob.hpp"
#include "caffe/layers/clip_layer.hpp"
#include "layers/neuron_test_util.hpp"
#include "support/gradient_checker.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {

template <typename TypeParam>
class ClipLayerTest : public NeuronLayerTest<TypeParam> {};

TYPED_TEST_SUITE(ClipLayerTest, TestDtypesAndDevices);

static LayerParameter ClipParam(const float min, const float max) {
  LayerParameter param;
  param.set_type("Clip");
  param.mutable_clip_param()->set_min(min);
  param.mutable_clip_param()->set_max(max);
  return param;
}

TYPED_TEST(ClipLayerTest, TestForward) {
  this->CheckForward(ClipParam(-1, 2),
                     [](double x) { return std::max(-1.0, std::min(x, 2.0)); });
}

TYPED_TEST(ClipLayerTest, TestForwardEmptyRange) {
  this->CheckForward(ClipParam(0.5, 0.5), [](double) { return 0.5; });
}

TYPED_TEST(ClipLayerTest, TestGradient) {
  typedef typename TypeParam::Dtype Dtype;
  ClipLayer<Dtype> layer(ClipParam(-1, 1));
  // Both kinks are at |x| = 1; skip inputs within 0.01 of them.
  GradientChecker<Dtype> checker(1e-2, 1e-3, 1701, 1., 0.01);
  checker.CheckGradientEltwise(&layer, this->blob_bottom_vec_,
                               this->blob_top_vec_);
}

// At the kinks the gradient passes, as Caffe's x >= min && x <= max does;
// just outside it is 0.
TYPED_TEST(ClipLayerTest, TestGradientAtKinks) {
  typedef typename TypeParam::Dtype Dtype;
  ClipLayer<Dtype> layer(ClipParam(-1, 2));
  Blob<Dtype>& bottom = *this->blob_bottom_;
  bottom.Reshape(vector<int>{4});
  const Dtype x[] = {-1, 2, Dtype(-1.001), Dtype(2.001)};
  const Dtype want[] = {3, 3, 0, 0};
  caffe_copy(4, x, bottom.mutable_cpu_data());
  layer.SetUp(this->blob_bottom_vec_, this->blob_top_vec_);
  layer.Forward(this->blob_bottom_vec_, this->blob_top_vec_);
  caffe_set(4, Dtype(3), this->blob_top_->mutable_cpu_diff());
  layer.Backward(this->blob_top_vec_, vector<bool>(1, true),
                 this->blob_bottom_vec_);
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(want[i], bottom.cpu_diff()[i]) << "x = " << x[i];
  }
}

// In place the saved input still tells clipped values from the ends.
TYPED_TEST(ClipLayerTest, TestInPlace) {
  typedef typename TypeParam::Dtype Dtype;
  Blob<Dtype>& bottom = *this->blob_bottom_;
  bottom.mutable_cpu_data()[0] = 0;
  bottom.mutable_cpu_data()[1] = Dtype(0.5);
  this->CheckInPlaceMatches(ClipParam(0, 0.5));
}

TYPED_TEST(ClipLayerTest, TestMinAboveMaxRejected) {
  typedef typename TypeParam::Dtype Dtype;
  ClipLayer<Dtype> layer(ClipParam(2, 1));
  ExpectErrorMentioning(
      [&] { layer.SetUp(this->blob_bottom_vec_, this->blob_top_vec_); },
      {"min", "max", "2", "1"});
}

}  // namespace caffe

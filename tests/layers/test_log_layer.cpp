#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "caffe/blob.hpp"
#include "caffe/layers/log_layer.hpp"
#include "layers/neuron_test_util.hpp"
#include "support/gradient_checker.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {

template <typename TypeParam>
class LogLayerTest : public NeuronLayerTest<TypeParam> {
 protected:
  // Inputs where every tested shift + scale * x is positive.
  void SetUp() override {
    NeuronLayerTest<TypeParam>::SetUp();
    this->FillBottomUniform(0.5, 3);
  }
};

TYPED_TEST_SUITE(LogLayerTest, TestDtypesAndDevices);

static LayerParameter LogParam(const float base, const float scale,
                               const float shift) {
  LayerParameter param;
  param.set_type("Log");
  param.mutable_log_param()->set_base(base);
  param.mutable_log_param()->set_scale(scale);
  param.mutable_log_param()->set_shift(shift);
  return param;
}

TYPED_TEST(LogLayerTest, TestForwardDefault) {
  LayerParameter param;
  param.set_type("Log");
  this->CheckForward(param, [](double x) { return std::log(x); });
}

TYPED_TEST(LogLayerTest, TestForwardBaseE) {
  this->CheckForward(LogParam(-1, 0.5, 1),
                     [](double x) { return std::log(1 + 0.5 * x); });
}

TYPED_TEST(LogLayerTest, TestForwardBase2) {
  this->CheckForward(LogParam(2, 1.5, -0.25), [](double x) {
    return std::log(-0.25 + 1.5 * x) / std::log(2.0);
  });
}

TYPED_TEST(LogLayerTest, TestGradientDefault) {
  typedef typename TypeParam::Dtype Dtype;
  LayerParameter param;
  param.set_type("Log");
  LogLayer<Dtype> layer(param);
  GradientChecker<Dtype> checker(1e-2, 1e-3);
  checker.CheckGradientEltwise(&layer, this->blob_bottom_vec_,
                               this->blob_top_vec_);
}

TYPED_TEST(LogLayerTest, TestGradientBase2) {
  typedef typename TypeParam::Dtype Dtype;
  LogLayer<Dtype> layer(LogParam(2, 1.5, -0.25));
  GradientChecker<Dtype> checker(1e-2, 1e-3);
  checker.CheckGradientEltwise(&layer, this->blob_bottom_vec_,
                               this->blob_top_vec_);
}

TYPED_TEST(LogLayerTest, TestInPlace) {
  this->CheckInPlaceMatches(LogParam(10, 2, 0.5));
}

TYPED_TEST(LogLayerTest, TestBadBaseRejected) {
  typedef typename TypeParam::Dtype Dtype;
  for (const float base : {0.f, -2.f, -0.5f}) {
    LogLayer<Dtype> layer(LogParam(base, 1, 0));
    ExpectErrorMentioning(
        [&] { layer.SetUp(this->blob_bottom_vec_, this->blob_top_vec_); },
        {"base", "-1"});
  }
}

// log(1) = 0 leaves nothing to divide by.
TYPED_TEST(LogLayerTest, TestBaseOneRejected) {
  typedef typename TypeParam::Dtype Dtype;
  LogLayer<Dtype> layer(LogParam(1, 1, 0));
  ExpectErrorMentioning(
      [&] { layer.SetUp(this->blob_bottom_vec_, this->blob_top_vec_); },
      {"base", "1"});
}

}  // namespace caffe

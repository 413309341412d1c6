#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "caffe/blob.hpp"
#include "caffe/layers/exp_layer.hpp"
#include "layers/neuron_test_util.hpp"
#include "support/gradient_checker.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {

template <typename TypeParam>
class ExpLayerTest : public NeuronLayerTest<TypeParam> {};

TYPED_TEST_SUITE(ExpLayerTest, TestDtypesAndDevices);

static LayerParameter ExpParam(const float base, const float scale,
                               const float shift) {
  LayerParameter param;
  param.set_type("Exp");
  param.mutable_exp_param()->set_base(base);
  param.mutable_exp_param()->set_scale(scale);
  param.mutable_exp_param()->set_shift(shift);
  return param;
}

TYPED_TEST(ExpLayerTest, TestForwardDefault) {
  LayerParameter param;
  param.set_type("Exp");
  this->CheckForward(param, [](double x) { return std::exp(x); });
}

TYPED_TEST(ExpLayerTest, TestForwardBaseE) {
  this->CheckForward(ExpParam(-1, 0.5, -1.5),
                     [](double x) { return std::exp(-1.5 + 0.5 * x); });
}

TYPED_TEST(ExpLayerTest, TestForwardBase2) {
  this->CheckForward(ExpParam(2, 0.5, 1.25),
                     [](double x) { return std::pow(2.0, 1.25 + 0.5 * x); });
}

TYPED_TEST(ExpLayerTest, TestForwardBase1) {
  this->CheckForward(ExpParam(1, 3, 2), [](double) { return 1.0; });
}

TYPED_TEST(ExpLayerTest, TestGradientDefault) {
  typedef typename TypeParam::Dtype Dtype;
  LayerParameter param;
  param.set_type("Exp");
  ExpLayer<Dtype> layer(param);
  GradientChecker<Dtype> checker(1e-2, 1e-3);
  checker.CheckGradientEltwise(&layer, this->blob_bottom_vec_,
                               this->blob_top_vec_);
}

TYPED_TEST(ExpLayerTest, TestGradientBase2) {
  typedef typename TypeParam::Dtype Dtype;
  ExpLayer<Dtype> layer(ExpParam(2, 0.5, 1.25));
  GradientChecker<Dtype> checker(1e-2, 1e-3);
  checker.CheckGradientEltwise(&layer, this->blob_bottom_vec_,
                               this->blob_top_vec_);
}

TYPED_TEST(ExpLayerTest, TestInPlace) {
  this->CheckInPlaceMatches(ExpParam(3, -0.5, 0.5));
}

TYPED_TEST(ExpLayerTest, TestBadBaseRejected) {
  typedef typename TypeParam::Dtype Dtype;
  for (const float base : {0.f, -2.f, -0.5f}) {
    ExpLayer<Dtype> layer(ExpParam(base, 1, 0));
    ExpectErrorMentioning(
        [&] { layer.SetUp(this->blob_bottom_vec_, this->blob_top_vec_); },
        {"base", "-1"});
  }
}

}  // namespace caffe

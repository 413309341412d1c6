#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "caffe/blob.hpp"
#include "caffe/layers/power_layer.hpp"
#include "layers/neuron_test_util.hpp"
#include "support/gradient_checker.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {

template <typename TypeParam>
class PowerLayerTest : public NeuronLayerTest<TypeParam> {
  typedef typename TypeParam::Dtype Dtype;

 protected:
  // Checks forward values against std::pow and the gradient numerically.
  void CheckPower(const float power, const float scale, const float shift) {
    const LayerParameter param = PowerParam(power, scale, shift);
    this->CheckForward(param, [=](double x) {
      return std::pow(double(shift) + double(scale) * x, double(power));
    });
    PowerLayer<Dtype> layer(param);
    GradientChecker<Dtype> checker(1e-2, 1e-3);
    checker.CheckGradientEltwise(&layer, this->blob_bottom_vec_,
                                 this->blob_top_vec_);
  }

  static LayerParameter PowerParam(const float power, const float scale,
                                   const float shift) {
    LayerParameter param;
    param.set_type("Power");
    param.mutable_power_param()->set_power(power);
    param.mutable_power_param()->set_scale(scale);
    param.mutable_power_param()->set_shift(shift);
    return param;
  }
};

TYPED_TEST_SUITE(PowerLayerTest, TestDtypesAndDevices);

TYPED_TEST(PowerLayerTest, TestDefaultIsIdentity) {
  LayerParameter param;
  param.set_type("Power");
  this->CheckForward(param, [](double x) { return x; });
}

TYPED_TEST(PowerLayerTest, TestAffine) { this->CheckPower(1, 0.83, -2.4); }

TYPED_TEST(PowerLayerTest, TestSquare) { this->CheckPower(2, 0.34, -2.4); }

TYPED_TEST(PowerLayerTest, TestCube) { this->CheckPower(3, -0.5, 0.25); }

TYPED_TEST(PowerLayerTest, TestFractional) {
  this->FillBottomUniform(0.5, 3);
  this->CheckPower(0.37, 0.83, 0.4);
}

TYPED_TEST(PowerLayerTest, TestNegative) {
  this->FillBottomUniform(0.5, 3);
  this->CheckPower(-1.5, 1, 0);
}

TYPED_TEST(PowerLayerTest, TestZeroPowerIsOne) { this->CheckPower(0, 0.8, 1); }

TYPED_TEST(PowerLayerTest, TestZeroScaleIsConstant) {
  this->CheckPower(2.5, 0, 1.5);
}

// Where shift + scale * x = 0 the gradient is the limit, not 0 / 0.
TYPED_TEST(PowerLayerTest, TestGradientAtZeroBase) {
  typedef typename TypeParam::Dtype Dtype;
  PowerLayer<Dtype> layer(this->PowerParam(2, 1, 0));
  Blob<Dtype>& bottom = *this->blob_bottom_;
  bottom.Reshape(vector<int>{1});
  bottom.mutable_cpu_data()[0] = 0;
  layer.SetUp(this->blob_bottom_vec_, this->blob_top_vec_);
  layer.Forward(this->blob_bottom_vec_, this->blob_top_vec_);
  this->blob_top_->mutable_cpu_diff()[0] = 1;
  layer.Backward(this->blob_top_vec_, vector<bool>(1, true),
                 this->blob_bottom_vec_);
  EXPECT_EQ(Dtype(0), bottom.cpu_diff()[0]);
}

TYPED_TEST(PowerLayerTest, TestInPlace) {
  this->CheckInPlaceMatches(this->PowerParam(3, 0.5, 1));
}

}  // namespace caffe

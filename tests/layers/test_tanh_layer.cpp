#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "caffe/blob.hpp"
#include "caffe/layers/tanh_layer.hpp"
#include "layers/neuron_test_util.hpp"
#include "support/gradient_checker.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {

template <typename TypeParam>
class TanHLayerTest : public NeuronLayerTest<TypeParam> {
 protected:
  // Wide enough to reach the saturated tails.
  TanHLayerTest() : NeuronLayerTest<TypeParam>(3) {}
};

TYPED_TEST_SUITE(TanHLayerTest, TestDtypesAndDevices);

static LayerParameter TanHParam() {
  LayerParameter param;
  param.set_type("TanH");
  return param;
}

TYPED_TEST(TanHLayerTest, TestForward) {
  this->CheckForward(
      TanHParam(), [](double x) { return std::tanh(x); }, 1e-6);
}

TYPED_TEST(TanHLayerTest, TestGradient) {
  typedef typename TypeParam::Dtype Dtype;
  TanHLayer<Dtype> layer(TanHParam());
  GradientChecker<Dtype> checker(1e-2, 1e-3, 1701);
  checker.CheckGradientEltwise(&layer, this->blob_bottom_vec_,
                               this->blob_top_vec_);
}

TYPED_TEST(TanHLayerTest, TestInPlace) {
  typedef typename TypeParam::Dtype Dtype;
  this->CheckInPlaceFromOutput(
      TanHParam(), [](Dtype x) { return std::tanh(x); },
      [](Dtype y) { return Dtype(1) - y * y; });
}

TYPED_TEST(TanHLayerTest, TestRegistered) {
  this->CheckRegistered(TanHParam());
}

TYPED_TEST(TanHLayerTest, TestTwoTopsRejected) {
  this->CheckTwoTopsRejected(TanHParam());
}

}  // namespace caffe

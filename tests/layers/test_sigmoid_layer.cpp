#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "caffe/blob.hpp"
#include "caffe/layers/sigmoid_layer.hpp"
#include "layers/neuron_test_util.hpp"
#include "support/gradient_checker.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {

template <typename TypeParam>
class SigmoidLayerTest : public NeuronLayerTest<TypeParam> {
 protected:
  // Wide enough to reach the saturated tails.
  SigmoidLayerTest() : NeuronLayerTest<TypeParam>(3) {}
};

TYPED_TEST_SUITE(SigmoidLayerTest, TestDtypesAndDevices);

static LayerParameter SigmoidParam() {
  LayerParameter param;
  param.set_type("Sigmoid");
  return param;
}

template <typename Dtype>
static Dtype Sigmoid(const Dtype x) {
  return Dtype(1) / (Dtype(1) + std::exp(-x));
}

TYPED_TEST(SigmoidLayerTest, TestForward) {
  this->CheckForward(SigmoidParam(), Sigmoid<double>, 1e-6);
}

TYPED_TEST(SigmoidLayerTest, TestGradient) {
  typedef typename TypeParam::Dtype Dtype;
  SigmoidLayer<Dtype> layer(SigmoidParam());
  GradientChecker<Dtype> checker(1e-2, 1e-3, 1701);
  checker.CheckGradientEltwise(&layer, this->blob_bottom_vec_,
                               this->blob_top_vec_);
}

TYPED_TEST(SigmoidLayerTest, TestInPlace) {
  typedef typename TypeParam::Dtype Dtype;
  this->CheckInPlaceFromOutput(SigmoidParam(), Sigmoid<Dtype>,
                               [](Dtype y) { return y * (Dtype(1) - y); });
}

TYPED_TEST(SigmoidLayerTest, TestRegistered) {
  this->CheckRegistered(SigmoidParam());
}

TYPED_TEST(SigmoidLayerTest, TestTwoTopsRejected) {
  this->CheckTwoTopsRejected(SigmoidParam());
}

}  // namespace caffe

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "caffe/blob.hpp"
#include "caffe/filler.hpp"
#include "caffe/layer_factory.hpp"
#include "caffe/layers/hinge_loss_layer.hpp"
#include "layers/layer_error_util.hpp"
#include "support/gradient_checker.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {

template <typename TypeParam>
class HingeLossLayerTest : public MultiDeviceTest<TypeParam> {
  typedef typename TypeParam::Dtype Dtype;

 protected:
  // Scores 4 x 5 x 1 x 1, kept 0.05 away from the kinks at +-1; labels 4.
  void SetUp() override {
    MultiDeviceTest<TypeParam>::SetUp();
    if (this->IsSkipped()) return;
    scores_.Reshape(vector<int>{4, 5, 1, 1});
    labels_.Reshape(vector<int>{4});
    FillerParameter param;
    param.set_std(1.5);
    GaussianFiller<Dtype>(param).Fill(&scores_);
    Dtype* x = scores_.mutable_cpu_data();
    for (int i = 0; i < scores_.count(); ++i) {
      if (std::fabs(std::fabs(x[i]) - 1) < 0.05) x[i] *= 1.2;
    }
    const Dtype labels[] = {1, 0, 4, 1};
    for (int n = 0; n < 4; ++n) labels_.mutable_cpu_data()[n] = labels[n];
    bottom_vec_ = {&scores_, &labels_};
    top_vec_ = {&loss_};
  }

  // 1/N sum of max(0, 1 -+ x)^power from the definition.
  double ExpectedLoss(const int power) const {
    double sum = 0;
    for (int n = 0; n < 4; ++n) {
      const int label = static_cast<int>(labels_.cpu_data()[n]);
      for (int k = 0; k < 5; ++k) {
        const double x = scores_.data_at(n, k, 0, 0);
        const double margin = std::max(0.0, k == label ? 1 - x : 1 + x);
        sum += std::pow(margin, power);
      }
    }
    return sum / 4;
  }

  Dtype ForwardLoss(const LayerParameter& param) {
    HingeLossLayer<Dtype> layer(param);
    layer.SetUp(bottom_vec_, top_vec_);
    return layer.Forward(bottom_vec_, top_vec_);
  }

  void ExpectError(const vector<std::string>& fragments) {
    HingeLossLayer<Dtype> layer((LayerParameter()));
    ExpectLayerError(&layer, bottom_vec_, top_vec_, fragments);
  }

  Blob<Dtype> scores_, labels_, loss_;
  vector<Blob<Dtype>*> bottom_vec_, top_vec_;
};

TYPED_TEST_SUITE(HingeLossLayerTest, TestDtypesAndDevices);

TYPED_TEST(HingeLossLayerTest, ForwardL1) {
  EXPECT_NEAR(this->ExpectedLoss(1), this->ForwardLoss(LayerParameter()), 1e-5);
}

TYPED_TEST(HingeLossLayerTest, ForwardL2) {
  LayerParameter param;
  param.mutable_hinge_loss_param()->set_norm(HingeLossParameter_Norm_L2);
  EXPECT_NEAR(this->ExpectedLoss(2), this->ForwardLoss(param),
              1e-5 * this->ExpectedLoss(2));
}

TYPED_TEST(HingeLossLayerTest, ForwardHandValues) {
  typedef typename TypeParam::Dtype Dtype;
  this->scores_.Reshape(vector<int>{1, 3});
  this->labels_.Reshape(vector<int>{1});
  // Label 0 with score 0.25: margin 0.75; others 0.5 -> 1.5, -3 -> 0.
  const Dtype x[] = {0.25, 0.5, -3};
  for (int i = 0; i < 3; ++i) this->scores_.mutable_cpu_data()[i] = x[i];
  this->labels_.mutable_cpu_data()[0] = 0;
  EXPECT_NEAR(2.25, this->ForwardLoss(LayerParameter()), 1e-6);
  LayerParameter l2;
  l2.mutable_hinge_loss_param()->set_norm(HingeLossParameter_Norm_L2);
  EXPECT_NEAR(0.5625 + 2.25, this->ForwardLoss(l2), 1e-6);
}

TYPED_TEST(HingeLossLayerTest, GradientL1) {
  typedef typename TypeParam::Dtype Dtype;
  HingeLossLayer<Dtype> layer((LayerParameter()));
  GradientChecker<Dtype> checker(1e-2, 1e-3, 1701);
  checker.CheckGradientExhaustive(&layer, this->bottom_vec_, this->top_vec_, 0);
}

TYPED_TEST(HingeLossLayerTest, GradientL2) {
  typedef typename TypeParam::Dtype Dtype;
  LayerParameter param;
  param.mutable_hinge_loss_param()->set_norm(HingeLossParameter_Norm_L2);
  param.add_loss_weight(0.5);
  HingeLossLayer<Dtype> layer(param);
  GradientChecker<Dtype> checker(1e-2, 1e-3, 1701);
  checker.CheckGradientExhaustive(&layer, this->bottom_vec_, this->top_vec_, 0);
}

TYPED_TEST(HingeLossLayerTest, LabelOutOfRange) {
  typedef typename TypeParam::Dtype Dtype;
  this->labels_.mutable_cpu_data()[2] = Dtype(5);
  this->ExpectError({"label 5", "item 2", "[0, 5)"});
}

TYPED_TEST(HingeLossLayerTest, BadShapes) {
  this->labels_.Reshape(vector<int>{4, 2});
  this->ExpectError({"4 5 1 1 (20)", "4 2 (8)"});
  this->labels_.Reshape(vector<int>{2});
  this->ExpectError({"4 5 1 1 (20)", "2 (2)"});
  this->bottom_vec_.push_back(&this->labels_);
  this->ExpectError({"2 bottom", "given 3"});
}

TYPED_TEST(HingeLossLayerTest, Registered) {
  typedef typename TypeParam::Dtype Dtype;
  LayerParameter param;
  param.set_type("HingeLoss");
  EXPECT_STREQ("HingeLoss", LayerRegistry<Dtype>::CreateLayer(param)->type());
}

}  // namespace caffe

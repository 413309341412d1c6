#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "caffe/blob.hpp"
#include "caffe/filler.hpp"
#include "caffe/layer_factory.hpp"
#include "caffe/layers/contrastive_loss_layer.hpp"
#include "layers/layer_error_util.hpp"
#include "support/gradient_checker.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {

template <typename TypeParam>
class ContrastiveLossLayerTest : public MultiDeviceTest<TypeParam> {
  typedef typename TypeParam::Dtype Dtype;

 protected:
  static const int kNum = 8;
  static const int kChannels = 3;

  // Pairs of 3-vectors with alternating labels; margin 1.5 puts some
  // dissimilar pairs inside it and some outside.
  void SetUp() override {
    MultiDeviceTest<TypeParam>::SetUp();
    if (this->IsSkipped()) return;
    a_.Reshape(vector<int>{kNum, kChannels, 1, 1});
    b_.Reshape(vector<int>{kNum, kChannels, 1, 1});
    labels_.Reshape(vector<int>{kNum, 1, 1, 1});
    FillerParameter param;
    param.set_std(0.6);
    GaussianFiller<Dtype>(param).Fill(&a_);
    GaussianFiller<Dtype>(param).Fill(&b_);
    for (int n = 0; n < kNum; ++n) labels_.mutable_cpu_data()[n] = n % 2;
    param_.mutable_contrastive_loss_param()->set_margin(1.5);
    bottom_vec_ = {&a_, &b_, &labels_};
    top_vec_ = {&loss_};
  }

  double ExpectedLoss(const double margin, const bool legacy) const {
    double loss = 0;
    for (int n = 0; n < kNum; ++n) {
      double dist_sq = 0;
      for (int c = 0; c < kChannels; ++c) {
        const double d = a_.data_at(n, c, 0, 0) - b_.data_at(n, c, 0, 0);
        dist_sq += d * d;
      }
      if (labels_.cpu_data()[n] != 0) {
        loss += dist_sq;
      } else if (legacy) {
        loss += std::max(margin - dist_sq, 0.0);
      } else {
        const double gap = std::max(margin - std::sqrt(dist_sq), 0.0);
        loss += gap * gap;
      }
    }
    return loss / kNum / 2;
  }

  Dtype ForwardLoss() {
    ContrastiveLossLayer<Dtype> layer(param_);
    layer.SetUp(bottom_vec_, top_vec_);
    return layer.Forward(bottom_vec_, top_vec_);
  }

  void CheckGradient() {
    ContrastiveLossLayer<Dtype> layer(param_);
    GradientChecker<Dtype> checker(1e-2, 2e-3, 1701);
    checker.CheckGradientExhaustive(&layer, bottom_vec_, top_vec_, 0);
    checker.CheckGradientExhaustive(&layer, bottom_vec_, top_vec_, 1);
  }

  void ExpectError(const vector<std::string>& fragments) {
    ContrastiveLossLayer<Dtype> layer(param_);
    ExpectLayerError(&layer, bottom_vec_, top_vec_, fragments);
  }

  Blob<Dtype> a_, b_, labels_, loss_;
  vector<Blob<Dtype>*> bottom_vec_, top_vec_;
  LayerParameter param_;
};

TYPED_TEST_SUITE(ContrastiveLossLayerTest, TestDtypesAndDevices);

TYPED_TEST(ContrastiveLossLayerTest, Forward) {
  EXPECT_NEAR(this->ExpectedLoss(1.5, false), this->ForwardLoss(), 1e-5);
}

TYPED_TEST(ContrastiveLossLayerTest, ForwardLegacy) {
  this->param_.mutable_contrastive_loss_param()->set_legacy_version(true);
  EXPECT_NEAR(this->ExpectedLoss(1.5, true), this->ForwardLoss(), 1e-5);
}

TYPED_TEST(ContrastiveLossLayerTest, ForwardHandValues) {
  typedef typename TypeParam::Dtype Dtype;
  this->a_.Reshape(vector<int>{2, 2});
  this->b_.Reshape(vector<int>{2, 2});
  this->labels_.Reshape(vector<int>{2});
  // Pair 0 similar at distance 5 (3-4-5); pair 1 dissimilar at distance
  // 0.5 with margin 1.5: (25 + 1) / 4.
  const Dtype a[] = {3, 4, 0.5, 0};
  caffe_copy(4, a, this->a_.mutable_cpu_data());
  caffe_set(4, Dtype(0), this->b_.mutable_cpu_data());
  this->labels_.mutable_cpu_data()[0] = 1;
  this->labels_.mutable_cpu_data()[1] = 0;
  EXPECT_NEAR(6.5, this->ForwardLoss(), 1e-6);
  // Legacy: (25 + (1.5 - 0.25)) / 4.
  this->param_.mutable_contrastive_loss_param()->set_legacy_version(true);
  EXPECT_NEAR(6.5625, this->ForwardLoss(), 1e-6);
}

TYPED_TEST(ContrastiveLossLayerTest, Gradient) { this->CheckGradient(); }

TYPED_TEST(ContrastiveLossLayerTest, GradientLegacy) {
  this->param_.mutable_contrastive_loss_param()->set_legacy_version(true);
  this->CheckGradient();
}

TYPED_TEST(ContrastiveLossLayerTest, BadShapes) {
  this->b_.Reshape(vector<int>{8, 4, 1, 1});
  this->ExpectError({"8 3 1 1 (24)", "8 4 1 1 (32)"});
  this->b_.Reshape(vector<int>{8, 3, 1, 1});
  this->labels_.Reshape(vector<int>{8, 2});
  this->ExpectError({"similarity label", "8 2 (16)"});
  this->bottom_vec_.pop_back();
  this->ExpectError({"3 bottom", "given 2"});
}

TYPED_TEST(ContrastiveLossLayerTest, BackwardToLabelsRejected) {
  typedef typename TypeParam::Dtype Dtype;
  ContrastiveLossLayer<Dtype> layer(this->param_);
  layer.SetUp(this->bottom_vec_, this->top_vec_);
  layer.Forward(this->bottom_vec_, this->top_vec_);
  EXPECT_TRUE(layer.AllowForceBackward(1));
  EXPECT_FALSE(layer.AllowForceBackward(2));
  EXPECT_THROW(
      layer.Backward(this->top_vec_, {true, true, true}, this->bottom_vec_),
      Error);
}

TYPED_TEST(ContrastiveLossLayerTest, Registered) {
  typedef typename TypeParam::Dtype Dtype;
  LayerParameter param;
  param.set_type("ContrastiveLoss");
  EXPECT_STREQ("ContrastiveLoss",
               LayerRegistry<Dtype>::CreateLayer(param)->type());
}

}  // namespace caffe

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "caffe/blob.hpp"
#include "caffe/filler.hpp"
#include "caffe/layer_factory.hpp"
#include "caffe/layers/sigmoid_cross_entropy_loss_layer.hpp"
#include "layers/layer_error_util.hpp"
#include "support/gradient_checker.hpp"
#include "support/loss_test_util.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {

template <typename TypeParam>
class SigmoidCrossEntropyLossLayerTest : public MultiDeviceTest<TypeParam> {
  typedef typename TypeParam::Dtype Dtype;

 protected:
  // Scores 3 x 4 x 2 with targets in [0, 1].
  void SetUp() override {
    MultiDeviceTest<TypeParam>::SetUp();
    if (this->IsSkipped()) return;
    scores_.Reshape(vector<int>{3, 4, 2});
    targets_.Reshape(vector<int>{3, 4, 2});
    FillerParameter filler_param;
    filler_param.set_std(3);
    GaussianFiller<Dtype>(filler_param).Fill(&scores_);
    FillerParameter uniform_param;
    uniform_param.set_min(0);
    uniform_param.set_max(1);
    UniformFiller<Dtype>(uniform_param).Fill(&targets_);
    bottom_vec_ = {&scores_, &targets_};
    top_vec_ = {&loss_};
  }

  // The summed loss from -[t log p + (1 - t) log(1 - p)] in double, over the
  // elements whose target is not `ignored`, and how many those are.
  double ExpectedLossSum(const double ignored, int* valid) const {
    double sum = 0;
    *valid = 0;
    for (int i = 0; i < scores_.count(); ++i) {
      const double t = targets_.cpu_data()[i];
      if (t == ignored) continue;
      const double p = 1 / (1 + std::exp(-double(scores_.cpu_data()[i])));
      sum -= t * std::log(p) + (1 - t) * std::log(1 - p);
      ++*valid;
    }
    return sum;
  }

  Dtype ForwardLoss(const LayerParameter& param) {
    SigmoidCrossEntropyLossLayer<Dtype> layer(param);
    return ForwardScalarLoss(&layer, bottom_vec_, top_vec_);
  }

  void ExpectError(const LayerParameter& param,
                   const vector<std::string>& fragments) {
    SigmoidCrossEntropyLossLayer<Dtype> layer(param);
    ExpectLayerError(&layer, bottom_vec_, top_vec_, fragments);
  }

  Blob<Dtype> scores_, targets_, loss_;
  vector<Blob<Dtype>*> bottom_vec_, top_vec_;
};

TYPED_TEST_SUITE(SigmoidCrossEntropyLossLayerTest, TestDtypesAndDevices);

TYPED_TEST(SigmoidCrossEntropyLossLayerTest, ForwardDefaultIsBatchSize) {
  int valid = 0;
  const double sum = this->ExpectedLossSum(-1, &valid);
  EXPECT_NEAR(sum / 3, this->ForwardLoss(LayerParameter()), 1e-4 * sum);
}

TYPED_TEST(SigmoidCrossEntropyLossLayerTest, ForwardNormalizationModes) {
  int valid = 0;
  const double sum = this->ExpectedLossSum(-1, &valid);
  ExpectNormalizedLosses(
      [this](const LayerParameter& param) { return this->ForwardLoss(param); },
      sum,
      {{LossParameter_NormalizationMode_FULL, 24},
       {LossParameter_NormalizationMode_VALID, 24},
       {LossParameter_NormalizationMode_BATCH_SIZE, 3},
       {LossParameter_NormalizationMode_NONE, 1}});
  LayerParameter legacy;
  legacy.mutable_loss_param()->set_normalize(true);
  EXPECT_NEAR(sum / 24, this->ForwardLoss(legacy), 1e-4 * sum);
}

TYPED_TEST(SigmoidCrossEntropyLossLayerTest, ForwardLargeScoresStayFinite) {
  typedef typename TypeParam::Dtype Dtype;
  this->scores_.Reshape(vector<int>{1, 2});
  this->targets_.Reshape(vector<int>{1, 2});
  // A confident right and a confident wrong prediction.
  this->scores_.mutable_cpu_data()[0] = 200;
  this->scores_.mutable_cpu_data()[1] = -200;
  this->targets_.mutable_cpu_data()[0] = 1;
  this->targets_.mutable_cpu_data()[1] = 1;
  EXPECT_NEAR(Dtype(200), this->ForwardLoss(LayerParameter()), 1e-3);
}

TYPED_TEST(SigmoidCrossEntropyLossLayerTest, ForwardIgnoreLabel) {
  typedef typename TypeParam::Dtype Dtype;
  for (int i = 0; i < this->targets_.count(); i += 3) {
    this->targets_.mutable_cpu_data()[i] = Dtype(-1);
  }
  int valid = 0;
  const double sum = this->ExpectedLossSum(-1, &valid);
  EXPECT_EQ(16, valid);
  LayerParameter param;
  param.mutable_loss_param()->set_ignore_label(-1);
  param.mutable_loss_param()->set_normalization(
      LossParameter_NormalizationMode_VALID);
  EXPECT_NEAR(sum / 16, this->ForwardLoss(param), 1e-4 * sum);
}

TYPED_TEST(SigmoidCrossEntropyLossLayerTest, Gradient) {
  typedef typename TypeParam::Dtype Dtype;
  LayerParameter param;
  param.add_loss_weight(3);
  SigmoidCrossEntropyLossLayer<Dtype> layer(param);
  GradientChecker<Dtype> checker(1e-2, 1e-3, 1701);
  checker.CheckGradientExhaustive(&layer, this->bottom_vec_, this->top_vec_, 0);
}

TYPED_TEST(SigmoidCrossEntropyLossLayerTest, GradientIgnoreLabelValid) {
  typedef typename TypeParam::Dtype Dtype;
  for (int i = 0; i < this->targets_.count(); i += 4) {
    this->targets_.mutable_cpu_data()[i] = Dtype(2);
  }
  LayerParameter param;
  param.mutable_loss_param()->set_ignore_label(2);
  param.mutable_loss_param()->set_normalization(
      LossParameter_NormalizationMode_VALID);
  SigmoidCrossEntropyLossLayer<Dtype> layer(param);
  GradientChecker<Dtype> checker(1e-2, 1e-3, 1701);
  checker.CheckGradientExhaustive(&layer, this->bottom_vec_, this->top_vec_, 0);
  for (int i = 0; i < this->targets_.count(); i += 4) {
    EXPECT_EQ(Dtype(0), this->scores_.cpu_diff()[i]);
  }
}

TYPED_TEST(SigmoidCrossEntropyLossLayerTest, CountMismatch) {
  this->targets_.Reshape(vector<int>{3, 4, 1});
  this->ExpectError(LayerParameter(), {"3 4 2 (24)", "3 4 1 (12)"});
  this->targets_.Reshape(vector<int>{4, 3, 2});
  this->ExpectError(LayerParameter(), {"3 4 2 (24)", "4 3 2 (24)"});
}

TYPED_TEST(SigmoidCrossEntropyLossLayerTest, WrongBottomCount) {
  this->bottom_vec_.pop_back();
  this->ExpectError(LayerParameter(), {"2 bottom", "given 1"});
}

TYPED_TEST(SigmoidCrossEntropyLossLayerTest, BackwardToTargetsRejected) {
  typedef typename TypeParam::Dtype Dtype;
  SigmoidCrossEntropyLossLayer<Dtype> layer((LayerParameter()));
  layer.SetUp(this->bottom_vec_, this->top_vec_);
  layer.Forward(this->bottom_vec_, this->top_vec_);
  EXPECT_FALSE(layer.AllowForceBackward(1));
  EXPECT_THROW(layer.Backward(this->top_vec_, {true, true}, this->bottom_vec_),
               Error);
}

TYPED_TEST(SigmoidCrossEntropyLossLayerTest, Registered) {
  typedef typename TypeParam::Dtype Dtype;
  LayerParameter param;
  param.set_type("SigmoidCrossEntropyLoss");
  EXPECT_STREQ("SigmoidCrossEntropyLoss",
               LayerRegistry<Dtype>::CreateLayer(param)->type());
}

}  // namespace caffe

#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "caffe/blob.hpp"
#include "caffe/filler.hpp"
#include "caffe/layer_factory.hpp"
#include "caffe/layers/softmax_loss_layer.hpp"
#include "layers/layer_error_util.hpp"
#include "support/gradient_checker.hpp"
#include "support/loss_test_util.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {

template <typename TypeParam>
class SoftmaxWithLossLayerTest : public MultiDeviceTest<TypeParam> {
  typedef typename TypeParam::Dtype Dtype;

 protected:
  static const int kClasses = 5;

  // Scores 4 x 5 x 2 x 3: 24 positions, 5 classes.
  SoftmaxWithLossLayerTest()
      : blob_bottom_data_(new Blob<Dtype>(4, kClasses, 2, 3)),
        blob_bottom_label_(new Blob<Dtype>(4, 1, 2, 3)),
        blob_top_loss_(new Blob<Dtype>()) {}
  void SetUp() override {
    MultiDeviceTest<TypeParam>::SetUp();
    FillerParameter filler_param;
    filler_param.set_std(3);
    GaussianFiller<Dtype> filler(filler_param);
    filler.Fill(blob_bottom_data_.get());
    for (int i = 0; i < blob_bottom_label_->count(); ++i) {
      blob_bottom_label_->mutable_cpu_data()[i] = caffe_rng_rand() % kClasses;
    }
    blob_bottom_vec_.push_back(blob_bottom_data_.get());
    blob_bottom_vec_.push_back(blob_bottom_label_.get());
    blob_top_vec_.push_back(blob_top_loss_.get());
  }

  // The summed loss over the positions whose label is not `ignored`
  // (-1: none), from log-sum-exp directly, and the count of those positions.
  double ExpectedLossSum(const int ignored, int* valid) const {
    const Blob<Dtype>& x = *blob_bottom_data_;
    double loss = 0;
    *valid = 0;
    for (int n = 0; n < x.num(); ++n) {
      for (int h = 0; h < x.height(); ++h) {
        for (int w = 0; w < x.width(); ++w) {
          const int label =
              static_cast<int>(blob_bottom_label_->data_at(n, 0, h, w));
          if (label == ignored) continue;
          double sum = 0;
          for (int c = 0; c < kClasses; ++c) {
            sum += std::exp(static_cast<double>(x.data_at(n, c, h, w)));
          }
          loss += std::log(sum) - x.data_at(n, label, h, w);
          ++*valid;
        }
      }
    }
    return loss;
  }

  // Runs Forward and returns the loss top.
  Dtype ForwardLoss(const LayerParameter& layer_param) {
    SoftmaxWithLossLayer<Dtype> layer(layer_param);
    return ForwardScalarLoss(&layer, blob_bottom_vec_, blob_top_vec_);
  }

  // Expects SetUp plus Forward to throw a caffe::Error mentioning every
  // fragment.
  void ExpectError(const LayerParameter& layer_param,
                   const vector<std::string>& fragments) {
    SoftmaxWithLossLayer<Dtype> layer(layer_param);
    ExpectLayerError(&layer, blob_bottom_vec_, blob_top_vec_, fragments);
  }

  std::unique_ptr<Blob<Dtype> > blob_bottom_data_;
  std::unique_ptr<Blob<Dtype> > blob_bottom_label_;
  std::unique_ptr<Blob<Dtype> > blob_top_loss_;
  vector<Blob<Dtype>*> blob_bottom_vec_;
  vector<Blob<Dtype>*> blob_top_vec_;
};

TYPED_TEST_SUITE(SoftmaxWithLossLayerTest, TestDtypesAndDevices);

TYPED_TEST(SoftmaxWithLossLayerTest, TestForwardDefaultIsValid) {
  int valid = 0;
  const double sum = this->ExpectedLossSum(-1, &valid);
  EXPECT_EQ(24, valid);
  EXPECT_NEAR(sum / valid, this->ForwardLoss(LayerParameter()), 1e-4);
}

TYPED_TEST(SoftmaxWithLossLayerTest, TestForwardNormalizationModes) {
  int valid = 0;
  const double sum = this->ExpectedLossSum(-1, &valid);
  ExpectNormalizedLosses(
      [this](const LayerParameter& param) { return this->ForwardLoss(param); },
      sum,
      {{LossParameter_NormalizationMode_FULL, 24},
       {LossParameter_NormalizationMode_VALID, 24},
       {LossParameter_NormalizationMode_BATCH_SIZE, 4},
       {LossParameter_NormalizationMode_NONE, 1}});
}

TYPED_TEST(SoftmaxWithLossLayerTest, TestForwardLegacyNormalize) {
  int valid = 0;
  const double sum = this->ExpectedLossSum(-1, &valid);
  LayerParameter layer_param;
  layer_param.mutable_loss_param()->set_normalize(true);
  EXPECT_NEAR(sum / 24, this->ForwardLoss(layer_param), 1e-4);
  layer_param.mutable_loss_param()->set_normalize(false);
  EXPECT_NEAR(sum / 4, this->ForwardLoss(layer_param), 1e-4);
  // An explicit normalization wins over the legacy flag.
  layer_param.mutable_loss_param()->set_normalization(
      LossParameter_NormalizationMode_NONE);
  EXPECT_NEAR(sum, this->ForwardLoss(layer_param), 1e-4 * sum);
}

TYPED_TEST(SoftmaxWithLossLayerTest, TestForwardIgnoreLabel) {
  int valid = 0;
  const double sum = this->ExpectedLossSum(2, &valid);
  ASSERT_GT(valid, 0);
  ASSERT_LT(valid, 24);
  LayerParameter layer_param;
  layer_param.mutable_loss_param()->set_ignore_label(2);
  // VALID divides by the positions kept, FULL by all of them.
  EXPECT_NEAR(sum / valid, this->ForwardLoss(layer_param), 1e-4);
  layer_param.mutable_loss_param()->set_normalization(
      LossParameter_NormalizationMode_FULL);
  EXPECT_NEAR(sum / 24, this->ForwardLoss(layer_param), 1e-4);
}

TYPED_TEST(SoftmaxWithLossLayerTest, TestForwardAllIgnoredIsZero) {
  typedef typename TypeParam::Dtype Dtype;
  caffe_set(this->blob_bottom_label_->count(), Dtype(-1),
            this->blob_bottom_label_->mutable_cpu_data());
  LayerParameter layer_param;
  layer_param.mutable_loss_param()->set_ignore_label(-1);
  EXPECT_EQ(Dtype(0), this->ForwardLoss(layer_param));
}

TYPED_TEST(SoftmaxWithLossLayerTest, TestForwardLossWeight) {
  typedef typename TypeParam::Dtype Dtype;
  int valid = 0;
  const double sum = this->ExpectedLossSum(-1, &valid);
  LayerParameter layer_param;
  layer_param.add_loss_weight(3);
  SoftmaxWithLossLayer<Dtype> layer(layer_param);
  layer.SetUp(this->blob_bottom_vec_, this->blob_top_vec_);
  EXPECT_NEAR(3 * sum / 24,
              layer.Forward(this->blob_bottom_vec_, this->blob_top_vec_), 1e-4);
}

TYPED_TEST(SoftmaxWithLossLayerTest, TestSecondTopIsProbabilities) {
  typedef typename TypeParam::Dtype Dtype;
  Blob<Dtype> prob;
  this->blob_top_vec_.push_back(&prob);
  SoftmaxWithLossLayer<Dtype> layer((LayerParameter()));
  layer.SetUp(this->blob_bottom_vec_, this->blob_top_vec_);
  const Dtype loss = layer.Forward(this->blob_bottom_vec_, this->blob_top_vec_);
  // Only the first top counts towards the loss.
  EXPECT_EQ(this->blob_top_loss_->cpu_data()[0], loss);
  ASSERT_EQ(this->blob_bottom_data_->shape(), prob.shape());
  const Blob<Dtype>& x = *this->blob_bottom_data_;
  for (int n = 0; n < x.num(); ++n) {
    for (int h = 0; h < x.height(); ++h) {
      for (int w = 0; w < x.width(); ++w) {
        double sum = 0;
        for (int c = 0; c < x.channels(); ++c) {
          sum += std::exp(static_cast<double>(x.data_at(n, c, h, w)));
        }
        for (int c = 0; c < x.channels(); ++c) {
          EXPECT_NEAR(std::exp(x.data_at(n, c, h, w)) / sum,
                      prob.data_at(n, c, h, w), 1e-6);
        }
      }
    }
  }
}

TYPED_TEST(SoftmaxWithLossLayerTest, TestGradient) {
  typedef typename TypeParam::Dtype Dtype;
  SoftmaxWithLossLayer<Dtype> layer((LayerParameter()));
  GradientChecker<Dtype> checker(1e-2, 1e-3, 1701);
  checker.CheckGradientExhaustive(&layer, this->blob_bottom_vec_,
                                  this->blob_top_vec_, 0);
}

TYPED_TEST(SoftmaxWithLossLayerTest, TestGradientEachNormalization) {
  typedef typename TypeParam::Dtype Dtype;
  for (const auto mode : {LossParameter_NormalizationMode_FULL,
                          LossParameter_NormalizationMode_VALID,
                          LossParameter_NormalizationMode_BATCH_SIZE,
                          LossParameter_NormalizationMode_NONE}) {
    SCOPED_TRACE(LossParameter_NormalizationMode_Name(mode));
    LayerParameter layer_param;
    layer_param.mutable_loss_param()->set_ignore_label(1);
    layer_param.mutable_loss_param()->set_normalization(mode);
    SoftmaxWithLossLayer<Dtype> layer(layer_param);
    // Unnormalised, the objective is 24 times larger and float rounding of
    // its finite differences is too.
    const Dtype threshold =
        mode == LossParameter_NormalizationMode_NONE ? 5e-3 : 1e-3;
    GradientChecker<Dtype> checker(1e-2, threshold, 1701);
    checker.CheckGradientExhaustive(&layer, this->blob_bottom_vec_,
                                    this->blob_top_vec_, 0);
  }
}

TYPED_TEST(SoftmaxWithLossLayerTest, TestGradientIgnoredPositionsZero) {
  typedef typename TypeParam::Dtype Dtype;
  LayerParameter layer_param;
  layer_param.mutable_loss_param()->set_ignore_label(0);
  SoftmaxWithLossLayer<Dtype> layer(layer_param);
  layer.SetUp(this->blob_bottom_vec_, this->blob_top_vec_);
  layer.Forward(this->blob_bottom_vec_, this->blob_top_vec_);
  layer.Backward(this->blob_top_vec_, {true, false}, this->blob_bottom_vec_);
  const Blob<Dtype>& x = *this->blob_bottom_data_;
  for (int n = 0; n < x.num(); ++n) {
    for (int h = 0; h < x.height(); ++h) {
      for (int w = 0; w < x.width(); ++w) {
        if (this->blob_bottom_label_->data_at(n, 0, h, w) != 0) continue;
        for (int c = 0; c < x.channels(); ++c) {
          EXPECT_EQ(Dtype(0), x.diff_at(n, c, h, w));
        }
      }
    }
  }
}

TYPED_TEST(SoftmaxWithLossLayerTest, TestLabelOutOfRange) {
  typedef typename TypeParam::Dtype Dtype;
  this->blob_bottom_label_->mutable_cpu_data()[5] = Dtype(7);
  this->ExpectError(LayerParameter(), {"label 7", "[0, 5)"});
  this->blob_bottom_label_->mutable_cpu_data()[5] = Dtype(-1);
  this->ExpectError(LayerParameter(), {"label -1", "[0, 5)"});
}

TYPED_TEST(SoftmaxWithLossLayerTest, TestLabelCountMismatch) {
  this->blob_bottom_label_->Reshape(4, 1, 3, 2);  // same count: accepted
  EXPECT_NO_THROW(this->ForwardLoss(LayerParameter()));
  this->blob_bottom_label_->Reshape(4, 1, 2, 2);
  this->ExpectError(LayerParameter(), {"4 5 2 3 (120)", "4 1 2 2 (16)"});
}

TYPED_TEST(SoftmaxWithLossLayerTest, TestBatchSizeMismatch) {
  this->blob_bottom_label_->Reshape(3, 1, 2, 3);
  this->ExpectError(LayerParameter(), {"4 5 2 3 (120)", "3 1 2 3 (18)"});
}

TYPED_TEST(SoftmaxWithLossLayerTest, TestBackwardToLabelsRejected) {
  typedef typename TypeParam::Dtype Dtype;
  SoftmaxWithLossLayer<Dtype> layer((LayerParameter()));
  layer.SetUp(this->blob_bottom_vec_, this->blob_top_vec_);
  layer.Forward(this->blob_bottom_vec_, this->blob_top_vec_);
  EXPECT_FALSE(layer.AllowForceBackward(1));
  EXPECT_THROW(
      layer.Backward(this->blob_top_vec_, {true, true}, this->blob_bottom_vec_),
      Error);
}

TYPED_TEST(SoftmaxWithLossLayerTest, TestRegistered) {
  typedef typename TypeParam::Dtype Dtype;
  LayerParameter layer_param;
  layer_param.set_type("SoftmaxWithLoss");
  EXPECT_STREQ("SoftmaxWithLoss",
               LayerRegistry<Dtype>::CreateLayer(layer_param)->type());
}

}  // namespace caffe

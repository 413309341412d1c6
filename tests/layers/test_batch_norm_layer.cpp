#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "caffe/blob.hpp"
#include "caffe/filler.hpp"
#include "caffe/layers/batch_norm_layer.hpp"
#include "caffe/net.hpp"
#include "caffe/util/io.hpp"
#include "layers/layer_error_util.hpp"
#include "support/filled_bottom_test.hpp"
#include "support/gradient_checker.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {

template <typename TypeParam>
class BatchNormLayerTest : public LayerParamTest<TypeParam> {
  typedef typename TypeParam::Dtype Dtype;

 protected:
  BatchNormLayerTest()
      : LayerParamTest<TypeParam>("BatchNorm", {2, 3, 4, 5}, 1.5, 2) {}

  // Per-channel mean and biased variance of bottom_, in double.
  void Statistics(vector<double>* mean, vector<double>* var) {
    const int N = this->bottom_.shape(0), C = this->bottom_.shape(1);
    const int S = this->bottom_.count(2);
    mean->assign(C, 0);
    var->assign(C, 0);
    for (int c = 0; c < C; ++c) {
      for (int n = 0; n < N; ++n) {
        for (int s = 0; s < S; ++s) {
          (*mean)[c] += this->bottom_.cpu_data()[(n * C + c) * S + s];
        }
      }
      (*mean)[c] /= N * S;
      for (int n = 0; n < N; ++n) {
        for (int s = 0; s < S; ++s) {
          const double d =
              this->bottom_.cpu_data()[(n * C + c) * S + s] - (*mean)[c];
          (*var)[c] += d * d;
        }
      }
      (*var)[c] /= N * S;
    }
  }

  // Expects top = (x - mean[c]) / sqrt(var[c] + eps).
  void ExpectNormalized(const vector<double>& mean, const vector<double>& var,
                        const double eps) {
    const int N = this->bottom_.shape(0), C = this->bottom_.shape(1);
    const int S = this->bottom_.count(2);
    ASSERT_EQ(this->bottom_.shape(), this->top_.shape());
    for (int n = 0; n < N; ++n) {
      for (int c = 0; c < C; ++c) {
        for (int s = 0; s < S; ++s) {
          const int i = (n * C + c) * S + s;
          const double want =
              (this->bottom_.cpu_data()[i] - mean[c]) / std::sqrt(var[c] + eps);
          EXPECT_NEAR(want, this->top_.cpu_data()[i], 1e-4) << "at " << i;
        }
      }
    }
  }
};

TYPED_TEST_SUITE(BatchNormLayerTest, TestDtypesAndDevices);

TYPED_TEST(BatchNormLayerTest, ForwardTrainUpdatesRunningStatistics) {
  typedef typename TypeParam::Dtype Dtype;
  this->param_.set_phase(TRAIN);
  this->param_.mutable_batch_norm_param()->set_moving_average_fraction(0.5);
  BatchNormLayer<Dtype> layer(this->param_);
  layer.SetUp(this->bottom_vec_, this->top_vec_);
  ASSERT_EQ(3u, layer.blobs().size());
  EXPECT_EQ((vector<int>{3}), layer.blobs()[0]->shape());
  EXPECT_EQ((vector<int>{3}), layer.blobs()[1]->shape());
  EXPECT_EQ((vector<int>{1}), layer.blobs()[2]->shape());
  // The statistics are pinned: one param spec per blob, lr_mult 0.
  ASSERT_EQ(3, layer.layer_param().param_size());
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(0, layer.layer_param().param(i).lr_mult());

  vector<double> mean, var;
  this->Statistics(&mean, &var);
  layer.Forward(this->bottom_vec_, this->top_vec_);
  this->ExpectNormalized(mean, var, 1e-5);
  const double m = 40;  // elements per channel
  EXPECT_NEAR(1, layer.blobs()[2]->cpu_data()[0], 1e-6);
  for (int c = 0; c < 3; ++c) {
    EXPECT_NEAR(mean[c], layer.blobs()[0]->cpu_data()[c], 1e-4);
    EXPECT_NEAR(var[c] * m / (m - 1), layer.blobs()[1]->cpu_data()[c], 1e-4);
  }
  // A second pass: s = 0.5 * 1 + 1, sums = 0.5 * old + new.
  layer.Forward(this->bottom_vec_, this->top_vec_);
  EXPECT_NEAR(1.5, layer.blobs()[2]->cpu_data()[0], 1e-6);
  for (int c = 0; c < 3; ++c) {
    EXPECT_NEAR(1.5 * mean[c], layer.blobs()[0]->cpu_data()[c], 1e-4);
  }
}

TYPED_TEST(BatchNormLayerTest, ForwardTestUsesGlobalStatistics) {
  typedef typename TypeParam::Dtype Dtype;
  // Stored sums 2 * (mean, var) with scale factor 2: mean 0.5 * c - 1,
  // variance c + 1.
  Blob<Dtype> sums_mean(vector<int>{3}), sums_var(vector<int>{3});
  Blob<Dtype> factor(vector<int>{1});
  for (int c = 0; c < 3; ++c) {
    sums_mean.mutable_cpu_data()[c] = 2 * (0.5 * c - 1);
    sums_var.mutable_cpu_data()[c] = 2 * (c + 1);
  }
  factor.mutable_cpu_data()[0] = 2;
  sums_mean.ToProto(this->param_.add_blobs());
  sums_var.ToProto(this->param_.add_blobs());
  factor.ToProto(this->param_.add_blobs());
  this->param_.set_phase(TEST);
  this->param_.mutable_batch_norm_param()->set_eps(0.25);
  BatchNormLayer<Dtype> layer(this->param_);
  layer.SetUp(this->bottom_vec_, this->top_vec_);
  layer.Forward(this->bottom_vec_, this->top_vec_);
  this->ExpectNormalized({-1, -0.5, 0}, {1, 2, 3}, 0.25);
  // The stored statistics are unchanged.
  EXPECT_EQ(2, layer.blobs()[2]->cpu_data()[0]);
  EXPECT_EQ(-2, layer.blobs()[0]->cpu_data()[0]);
}

TYPED_TEST(BatchNormLayerTest, ForwardOneAxisAndInPlace) {
  typedef typename TypeParam::Dtype Dtype;
  this->bottom_.Reshape(vector<int>{6});
  for (int i = 0; i < 6; ++i) this->bottom_.mutable_cpu_data()[i] = i;
  this->param_.set_phase(TRAIN);
  this->param_.mutable_batch_norm_param()->set_eps(0);
  BatchNormLayer<Dtype> layer(this->param_);
  vector<Blob<Dtype>*> in_place{&this->bottom_};
  layer.SetUp(in_place, in_place);
  layer.Forward(in_place, in_place);
  // mean 2.5, variance 17.5 / 6.
  for (int i = 0; i < 6; ++i) {
    EXPECT_NEAR((i - 2.5) / std::sqrt(17.5 / 6), this->bottom_.cpu_data()[i],
                1e-5);
  }
}

TYPED_TEST(BatchNormLayerTest, GradientTrain) {
  typedef typename TypeParam::Dtype Dtype;
  this->bottom_.Reshape(vector<int>{2, 3, 2, 2});
  this->param_.set_phase(TRAIN);
  BatchNormLayer<Dtype> layer(this->param_);
  GradientChecker<Dtype> checker(1e-2, 4e-3);
  checker.CheckGradientExhaustive(&layer, this->bottom_vec_, this->top_vec_, 0);
}

TYPED_TEST(BatchNormLayerTest, GradientGlobalStats) {
  typedef typename TypeParam::Dtype Dtype;
  this->bottom_.Reshape(vector<int>{2, 3, 2, 2});
  this->param_.set_phase(TRAIN);
  this->param_.mutable_batch_norm_param()->set_use_global_stats(true);
  BatchNormLayer<Dtype> layer(this->param_);
  layer.SetUp(this->bottom_vec_, this->top_vec_);
  for (int c = 0; c < 3; ++c) {
    layer.blobs()[0]->mutable_cpu_data()[c] = c;
    layer.blobs()[1]->mutable_cpu_data()[c] = c + 1;
  }
  layer.blobs()[2]->mutable_cpu_data()[0] = 1;
  GradientChecker<Dtype> checker(1e-2, 1e-3);
  checker.CheckGradientExhaustive(&layer, this->bottom_vec_, this->top_vec_, 0);
}

TYPED_TEST(BatchNormLayerTest, BadInput) {
  typedef typename TypeParam::Dtype Dtype;
  vector<Blob<Dtype>*> two{&this->bottom_, &this->bottom_};
  ExpectLayerError(this->param_, two, this->top_vec_,
                   {"takes 1 bottom", "given 2"});

  Blob<Dtype> scalar((vector<int>()));
  vector<Blob<Dtype>*> scalar_vec{&scalar};
  ExpectLayerError(this->param_, scalar_vec, this->top_vec_,
                   {"at least one axis", "(1)"});

  LayerParameter learned = this->param_;
  learned.add_param()->set_lr_mult(0);
  learned.add_param()->set_lr_mult(1);
  ExpectLayerError(learned, this->bottom_vec_, this->top_vec_,
                   {"param 1", "lr_mult 1"});

  // Statistics for 4 channels do not fit a 3-channel bottom.
  LayerParameter wrong_blobs = this->param_;
  Blob<Dtype> four(vector<int>{4}), one(vector<int>{1});
  four.ToProto(wrong_blobs.add_blobs());
  four.ToProto(wrong_blobs.add_blobs());
  one.ToProto(wrong_blobs.add_blobs());
  ExpectLayerError(wrong_blobs, this->bottom_vec_, this->top_vec_,
                   {"(4)", "(3)", "2 3 4 5"});

  // The channel count may not change after set-up.
  BatchNormLayer<Dtype> layer(this->param_);
  layer.SetUp(this->bottom_vec_, this->top_vec_);
  Blob<Dtype> wider(vector<int>{2, 4, 4, 5});
  vector<Blob<Dtype>*> wider_vec{&wider};
  EXPECT_THROW(layer.Reshape(wider_vec, this->top_vec_), Error);
}

// In a net, the statistics get learning rate 0 without any param specs,
// and a param spec asking to learn them is rejected.
TYPED_TEST(BatchNormLayerTest, NetPinsLearningRates) {
  typedef typename TypeParam::Dtype Dtype;
  NetParameter net_param;
  ReadProtoFromTextString(
      "name: 'bn' layer { name: 'in' type: 'Input' top: 'x' input_param { "
      "shape { dim: 2 dim: 3 } } } layer { name: 'bn' type: 'BatchNorm' "
      "bottom: 'x' top: 'y' }",
      &net_param);
  net_param.mutable_state()->set_phase(TRAIN);
  Net<Dtype> net(net_param);
  ASSERT_EQ(3u, net.params_lr().size());
  for (float lr : net.params_lr()) EXPECT_EQ(0, lr);

  net_param.mutable_layer(1)->add_param()->set_lr_mult(1);
  try {
    Net<Dtype> learned(net_param);
    ADD_FAILURE() << "expected caffe::Error";
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find("lr_mult 1"), std::string::npos)
        << error.what();
  }
}

}  // namespace caffe

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "caffe/blob.hpp"
#include "caffe/filler.hpp"
#include "caffe/layers/inner_product_layer.hpp"
#include "support/filled_bottom_test.hpp"
#include "support/gradient_checker.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {

template <typename TypeParam>
class InnerProductLayerTest : public LayerParamTest<TypeParam> {
  typedef typename TypeParam::Dtype Dtype;

 protected:
  InnerProductLayerTest() : LayerParamTest<TypeParam>("InnerProduct") {}
  void SetUp() override {
    LayerParamTest<TypeParam>::SetUp();
    InnerProductParameter* ip = this->param_.mutable_inner_product_param();
    ip->set_num_output(7);
    ip->mutable_weight_filler()->set_type("gaussian");
    ip->mutable_bias_filler()->set_type("gaussian");
  }

  // Runs the layer and compares with top[m][n] = bias[n] + sum_k x[m][k] w,
  // where w is W[n][k] or, transposed, W[k][n].
  void CheckForward(const int axis) {
    InnerProductLayer<Dtype> layer(this->param_);
    layer.SetUp(this->bottom_vec_, this->top_vec_);
    layer.Forward(this->bottom_vec_, this->top_vec_);
    ExpectForwardOf(layer, axis);
  }

  void ExpectForwardOf(InnerProductLayer<Dtype>& layer, const int axis) {
    const bool transpose = this->param_.inner_product_param().transpose();
    const bool bias_term = this->param_.inner_product_param().bias_term();
    const int M = this->bottom_.count(0, axis);
    const int K = this->bottom_.count(axis);
    const int N = this->param_.inner_product_param().num_output();
    ASSERT_EQ(M * N, this->top_.count());
    const Dtype* x = this->bottom_.cpu_data();
    const Dtype* w = layer.blobs()[0]->cpu_data();
    for (int m = 0; m < M; ++m) {
      for (int n = 0; n < N; ++n) {
        Dtype want = bias_term ? layer.blobs()[1]->cpu_data()[n] : Dtype(0);
        for (int k = 0; k < K; ++k) {
          want += x[m * K + k] * (transpose ? w[k * N + n] : w[n * K + k]);
        }
        EXPECT_NEAR(want, this->top_.cpu_data()[m * N + n],
                    1e-4 * std::max<Dtype>(1, std::fabs(want)));
      }
    }
  }

  void ExpectError(const vector<Blob<Dtype>*>& bottom,
                   const std::string& fragment) {
    try {
      InnerProductLayer<Dtype> layer(this->param_);
      layer.SetUp(bottom, this->top_vec_);
      FAIL() << "expected caffe::Error mentioning \"" << fragment << "\"";
    } catch (const Error& error) {
      EXPECT_NE(std::string(error.what()).find(fragment), std::string::npos)
          << error.what();
    }
  }
};

TYPED_TEST_SUITE(InnerProductLayerTest, TestDtypesAndDevices);

TYPED_TEST(InnerProductLayerTest, SetUpShapes) {
  typedef typename TypeParam::Dtype Dtype;
  InnerProductLayer<Dtype> layer(this->param_);
  layer.SetUp(this->bottom_vec_, this->top_vec_);
  EXPECT_EQ((vector<int>{2, 7}), this->top_.shape());
  EXPECT_EQ((vector<int>{7, 60}), layer.blobs()[0]->shape());
  EXPECT_EQ((vector<int>{7}), layer.blobs()[1]->shape());

  this->param_.mutable_inner_product_param()->set_axis(-2);
  this->param_.mutable_inner_product_param()->set_transpose(true);
  InnerProductLayer<Dtype> transposed(this->param_);
  transposed.SetUp(this->bottom_vec_, this->top_vec_);
  EXPECT_EQ((vector<int>{2, 3, 7}), this->top_.shape());
  EXPECT_EQ((vector<int>{20, 7}), transposed.blobs()[0]->shape());
}

TYPED_TEST(InnerProductLayerTest, Forward) { this->CheckForward(1); }

TYPED_TEST(InnerProductLayerTest, ForwardFollowsTheBatchSize) {
  typedef typename TypeParam::Dtype Dtype;
  InnerProductLayer<Dtype> layer(this->param_);
  layer.SetUp(this->bottom_vec_, this->top_vec_);
  FillerParameter filler;
  filler.set_std(1);
  // Growing, shrinking and growing again: the bias is added to every row.
  for (const int batch : {2, 5, 1, 3}) {
    this->bottom_.Reshape({batch, 3, 4, 5});
    GaussianFiller<Dtype>(filler).Fill(&this->bottom_);
    layer.Reshape(this->bottom_vec_, this->top_vec_);
    layer.Forward(this->bottom_vec_, this->top_vec_);
    SCOPED_TRACE(testing::Message() << "batch " << batch);
    this->ExpectForwardOf(layer, 1);
  }
}

TYPED_TEST(InnerProductLayerTest, ForwardTransposeAxis2NoBias) {
  InnerProductParameter* ip = this->param_.mutable_inner_product_param();
  ip->set_transpose(true);
  ip->set_axis(2);
  ip->set_bias_term(false);
  this->CheckForward(2);
}

TYPED_TEST(InnerProductLayerTest, Gradient) {
  typedef typename TypeParam::Dtype Dtype;
  this->bottom_.Reshape(vector<int>{2, 3, 2, 2});
  this->param_.mutable_inner_product_param()->set_num_output(3);
  InnerProductLayer<Dtype> layer(this->param_);
  GradientChecker<Dtype> checker(1e-2, 1e-3);
  checker.CheckGradientExhaustive(&layer, this->bottom_vec_, this->top_vec_);
}

TYPED_TEST(InnerProductLayerTest, GradientTranspose) {
  typedef typename TypeParam::Dtype Dtype;
  this->bottom_.Reshape(vector<int>{2, 3, 2, 2});
  InnerProductParameter* ip = this->param_.mutable_inner_product_param();
  ip->set_num_output(3);
  ip->set_transpose(true);
  ip->set_axis(2);
  InnerProductLayer<Dtype> layer(this->param_);
  GradientChecker<Dtype> checker(1e-2, 1e-3);
  checker.CheckGradientExhaustive(&layer, this->bottom_vec_, this->top_vec_);
}

TYPED_TEST(InnerProductLayerTest, BadParameters) {
  typedef typename TypeParam::Dtype Dtype;
  this->param_.mutable_inner_product_param()->set_num_output(0);
  this->ExpectError(this->bottom_vec_, "num_output must be positive");
  this->param_.mutable_inner_product_param()->set_num_output(7);

  // The inner dimension may not change once the weights exist.
  InnerProductLayer<Dtype> layer(this->param_);
  layer.SetUp(this->bottom_vec_, this->top_vec_);
  Blob<Dtype> wider(vector<int>{2, 3, 4, 6});
  vector<Blob<Dtype>*> wider_vec{&wider};
  try {
    layer.Reshape(wider_vec, this->top_vec_);
    FAIL() << "expected caffe::Error";
  } catch (const Error& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("inner dimension 72"), std::string::npos) << message;
    EXPECT_NE(message.find("expect 60"), std::string::npos) << message;
  }

  Blob<Dtype> weights(vector<int>{7, 59});
  weights.ToProto(this->param_.add_blobs());
  Blob<Dtype> bias(vector<int>{7});
  bias.ToProto(this->param_.add_blobs());
  this->ExpectError(this->bottom_vec_, "weight shape");
}

}  // namespace caffe

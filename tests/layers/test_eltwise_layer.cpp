#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "caffe/blob.hpp"
#include "caffe/filler.hpp"
#include "caffe/layers/eltwise_layer.hpp"
#include "support/error_message.hpp"
#include "support/gradient_checker.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {

namespace {

LayerParameter EltwiseParam(EltwiseParameter_EltwiseOp op,
                            const vector<float>& coeffs = {}) {
  LayerParameter param;
  param.mutable_eltwise_param()->set_operation(op);
  for (float coeff : coeffs) param.mutable_eltwise_param()->add_coeff(coeff);
  return param;
}

}  // namespace

template <typename TypeParam>
class EltwiseLayerTest : public MultiDeviceTest<TypeParam> {
  typedef typename TypeParam::Dtype Dtype;

 protected:
  EltwiseLayerTest() : blob_top_(new Blob<Dtype>()) {
    Caffe::set_random_seed(1701);
    FillerParameter filler_param;
    filler_param.set_min(0.5);
    filler_param.set_max(1.5);
    UniformFiller<Dtype> filler(filler_param);
    for (int i = 0; i < 3; ++i) {
      bottoms_.emplace_back(new Blob<Dtype>(2, 3, 4, 5));
      filler.Fill(bottoms_.back().get());
      blob_bottom_vec_.push_back(bottoms_.back().get());
    }
    blob_top_vec_.push_back(blob_top_.get());
  }

  // Gives the bottoms distinct values at least 1/180 apart, so that a
  // gradient step of 1e-3 never changes which bottom is the maximum.
  void FillDistinct() {
    const int count = bottoms_[0]->count();
    vector<int> ranks(3 * count);
    std::iota(ranks.begin(), ranks.end(), 0);
    std::shuffle(ranks.begin(), ranks.end(), std::mt19937(1701));
    for (int i = 0; i < 3; ++i) {
      Dtype* data = bottoms_[i]->mutable_cpu_data();
      for (int j = 0; j < count; ++j) {
        data[j] = Dtype(ranks[i * count + j]) / (3 * count / 2) - 1;
      }
    }
  }

  const Dtype* bottom(int i) { return bottoms_[i]->cpu_data(); }

  vector<std::unique_ptr<Blob<Dtype> > > bottoms_;
  std::unique_ptr<Blob<Dtype> > blob_top_;
  vector<Blob<Dtype>*> blob_bottom_vec_;
  vector<Blob<Dtype>*> blob_top_vec_;
};

TYPED_TEST_SUITE(EltwiseLayerTest, TestDtypesAndDevices);

TYPED_TEST(EltwiseLayerTest, TestRegistered) {
  typedef typename TypeParam::Dtype Dtype;
  LayerParameter param;
  param.set_type("Eltwise");
  EXPECT_STREQ("Eltwise", LayerRegistry<Dtype>::CreateLayer(param)->type());
}

TYPED_TEST(EltwiseLayerTest, TestSetUp) {
  typedef typename TypeParam::Dtype Dtype;
  EltwiseLayer<Dtype> layer(EltwiseParam(EltwiseParameter_EltwiseOp_PROD));
  layer.SetUp(this->blob_bottom_vec_, this->blob_top_vec_);
  EXPECT_EQ(vector<int>({2, 3, 4, 5}), this->blob_top_->shape());
  EXPECT_STREQ("Eltwise", layer.type());
}

TYPED_TEST(EltwiseLayerTest, TestProd) {
  typedef typename TypeParam::Dtype Dtype;
  EltwiseLayer<Dtype> layer(EltwiseParam(EltwiseParameter_EltwiseOp_PROD));
  layer.SetUp(this->blob_bottom_vec_, this->blob_top_vec_);
  layer.Forward(this->blob_bottom_vec_, this->blob_top_vec_);
  const Dtype* top = this->blob_top_->cpu_data();
  for (int j = 0; j < this->blob_top_->count(); ++j) {
    EXPECT_NEAR(this->bottom(0)[j] * this->bottom(1)[j] * this->bottom(2)[j],
                top[j], 1e-5);
  }
}

TYPED_TEST(EltwiseLayerTest, TestSum) {
  typedef typename TypeParam::Dtype Dtype;
  EltwiseLayer<Dtype> layer(EltwiseParam(EltwiseParameter_EltwiseOp_SUM));
  layer.SetUp(this->blob_bottom_vec_, this->blob_top_vec_);
  layer.Forward(this->blob_bottom_vec_, this->blob_top_vec_);
  const Dtype* top = this->blob_top_->cpu_data();
  for (int j = 0; j < this->blob_top_->count(); ++j) {
    EXPECT_NEAR(this->bottom(0)[j] + this->bottom(1)[j] + this->bottom(2)[j],
                top[j], 1e-5);
  }
}

TYPED_TEST(EltwiseLayerTest, TestSumCoeff) {
  typedef typename TypeParam::Dtype Dtype;
  EltwiseLayer<Dtype> layer(
      EltwiseParam(EltwiseParameter_EltwiseOp_SUM, {1, -0.5, 2}));
  layer.SetUp(this->blob_bottom_vec_, this->blob_top_vec_);
  layer.Forward(this->blob_bottom_vec_, this->blob_top_vec_);
  const Dtype* top = this->blob_top_->cpu_data();
  for (int j = 0; j < this->blob_top_->count(); ++j) {
    EXPECT_NEAR(this->bottom(0)[j] - 0.5 * this->bottom(1)[j] +
                    2 * this->bottom(2)[j],
                top[j], 1e-5);
  }
}

TYPED_TEST(EltwiseLayerTest, TestMax) {
  typedef typename TypeParam::Dtype Dtype;
  this->FillDistinct();
  EltwiseLayer<Dtype> layer(EltwiseParam(EltwiseParameter_EltwiseOp_MAX));
  layer.SetUp(this->blob_bottom_vec_, this->blob_top_vec_);
  layer.Forward(this->blob_bottom_vec_, this->blob_top_vec_);
  const Dtype* top = this->blob_top_->cpu_data();
  for (int j = 0; j < this->blob_top_->count(); ++j) {
    EXPECT_EQ(std::max({this->bottom(0)[j], this->bottom(1)[j],
                        this->bottom(2)[j]}),
              top[j]);
  }
}

TYPED_TEST(EltwiseLayerTest, TestMaxTiesGoToSecondBottom) {
  typedef typename TypeParam::Dtype Dtype;
  Blob<Dtype>* a = this->bottoms_[0].get();
  Blob<Dtype>* b = this->bottoms_[1].get();
  caffe_set(a->count(), Dtype(3), a->mutable_cpu_data());
  caffe_set(b->count(), Dtype(3), b->mutable_cpu_data());
  vector<Blob<Dtype>*> bottoms = {a, b};
  EltwiseLayer<Dtype> layer(EltwiseParam(EltwiseParameter_EltwiseOp_MAX));
  layer.SetUp(bottoms, this->blob_top_vec_);
  layer.Forward(bottoms, this->blob_top_vec_);
  caffe_set(this->blob_top_->count(), Dtype(1),
            this->blob_top_->mutable_cpu_diff());
  layer.Backward(this->blob_top_vec_, vector<bool>(2, true), bottoms);
  EXPECT_EQ(Dtype(0), a->asum_diff());
  EXPECT_EQ(Dtype(b->count()), b->asum_diff());
}

TYPED_TEST(EltwiseLayerTest, TestStableProdGradient) {
  typedef typename TypeParam::Dtype Dtype;
  LayerParameter param = EltwiseParam(EltwiseParameter_EltwiseOp_PROD);
  param.mutable_eltwise_param()->set_stable_prod_grad(true);
  EltwiseLayer<Dtype> layer(param);
  GradientChecker<Dtype> checker(1e-2, 1e-3);
  checker.CheckGradientEltwise(&layer, this->blob_bottom_vec_,
                               this->blob_top_vec_);
}

TYPED_TEST(EltwiseLayerTest, TestUnstableProdGradient) {
  typedef typename TypeParam::Dtype Dtype;
  LayerParameter param = EltwiseParam(EltwiseParameter_EltwiseOp_PROD);
  param.mutable_eltwise_param()->set_stable_prod_grad(false);
  EltwiseLayer<Dtype> layer(param);
  GradientChecker<Dtype> checker(1e-2, 1e-3);
  checker.CheckGradientEltwise(&layer, this->blob_bottom_vec_,
                               this->blob_top_vec_);
}

TYPED_TEST(EltwiseLayerTest, TestStableProdGradientWithZero) {
  typedef typename TypeParam::Dtype Dtype;
  // d(abc)/da = bc even where a = 0, which y / a cannot give.
  this->bottoms_[0]->mutable_cpu_data()[7] = 0;
  EltwiseLayer<Dtype> layer(EltwiseParam(EltwiseParameter_EltwiseOp_PROD));
  layer.SetUp(this->blob_bottom_vec_, this->blob_top_vec_);
  layer.Forward(this->blob_bottom_vec_, this->blob_top_vec_);
  caffe_set(this->blob_top_->count(), Dtype(1),
            this->blob_top_->mutable_cpu_diff());
  layer.Backward(this->blob_top_vec_, vector<bool>(3, true),
                 this->blob_bottom_vec_);
  EXPECT_NEAR(this->bottom(1)[7] * this->bottom(2)[7],
              this->bottoms_[0]->cpu_diff()[7], 1e-5);
}

TYPED_TEST(EltwiseLayerTest, TestSumGradient) {
  typedef typename TypeParam::Dtype Dtype;
  EltwiseLayer<Dtype> layer(EltwiseParam(EltwiseParameter_EltwiseOp_SUM));
  GradientChecker<Dtype> checker(1e-2, 1e-3);
  checker.CheckGradientEltwise(&layer, this->blob_bottom_vec_,
                               this->blob_top_vec_);
}

TYPED_TEST(EltwiseLayerTest, TestSumCoeffGradient) {
  typedef typename TypeParam::Dtype Dtype;
  EltwiseLayer<Dtype> layer(
      EltwiseParam(EltwiseParameter_EltwiseOp_SUM, {1, -0.5, 2}));
  GradientChecker<Dtype> checker(1e-2, 1e-3);
  checker.CheckGradientEltwise(&layer, this->blob_bottom_vec_,
                               this->blob_top_vec_);
}

TYPED_TEST(EltwiseLayerTest, TestMaxGradient) {
  typedef typename TypeParam::Dtype Dtype;
  this->FillDistinct();
  EltwiseLayer<Dtype> layer(EltwiseParam(EltwiseParameter_EltwiseOp_MAX));
  GradientChecker<Dtype> checker(1e-3, 1e-2);
  checker.CheckGradientEltwise(&layer, this->blob_bottom_vec_,
                               this->blob_top_vec_);
}

TYPED_TEST(EltwiseLayerTest, TestCoeffWithProd) {
  typedef typename TypeParam::Dtype Dtype;
  EltwiseLayer<Dtype> layer(
      EltwiseParam(EltwiseParameter_EltwiseOp_PROD, {1, 1, 1}));
  const string message = ErrorMessage(
      [&] { layer.SetUp(this->blob_bottom_vec_, this->blob_top_vec_); });
  EXPECT_NE(string::npos, message.find("coeff")) << message;
  EXPECT_NE(string::npos, message.find("PROD")) << message;
}

TYPED_TEST(EltwiseLayerTest, TestCoeffCount) {
  typedef typename TypeParam::Dtype Dtype;
  EltwiseLayer<Dtype> layer(
      EltwiseParam(EltwiseParameter_EltwiseOp_SUM, {1, 2}));
  const string message = ErrorMessage(
      [&] { layer.SetUp(this->blob_bottom_vec_, this->blob_top_vec_); });
  EXPECT_NE(string::npos, message.find("2 coeff values for 3 bottoms"))
      << message;
}

TYPED_TEST(EltwiseLayerTest, TestShapeMismatch) {
  typedef typename TypeParam::Dtype Dtype;
  this->bottoms_[2]->Reshape(2, 3, 5, 4);
  EltwiseLayer<Dtype> layer(EltwiseParam(EltwiseParameter_EltwiseOp_SUM));
  const string message = ErrorMessage(
      [&] { layer.SetUp(this->blob_bottom_vec_, this->blob_top_vec_); });
  EXPECT_NE(string::npos, message.find("bottom[2] has shape 2 3 5 4 (120)"))
      << message;
  EXPECT_NE(string::npos, message.find("2 3 4 5 (120)")) << message;
}

TYPED_TEST(EltwiseLayerTest, TestOneBottom) {
  typedef typename TypeParam::Dtype Dtype;
  EltwiseLayer<Dtype> layer(EltwiseParam(EltwiseParameter_EltwiseOp_SUM));
  vector<Blob<Dtype>*> one_bottom = {this->bottoms_[0].get()};
  EXPECT_THROW(layer.SetUp(one_bottom, this->blob_top_vec_), Error);
}

}  // namespace caffe

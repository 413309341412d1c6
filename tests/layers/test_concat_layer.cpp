#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "caffe/blob.hpp"
#include "caffe/filler.hpp"
#include "caffe/layers/concat_layer.hpp"
#include "support/error_message.hpp"
#include "support/gradient_checker.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {

template <typename TypeParam>
class ConcatLayerTest : public MultiDeviceTest<TypeParam> {
  typedef typename TypeParam::Dtype Dtype;

 protected:
  // Bottoms 2x3x4x5, 5x3x4x5 (differs on axis 0) and 2x2x4x5 (on axis 1).
  ConcatLayerTest()
      : blob_bottom_0_(new Blob<Dtype>(2, 3, 4, 5)),
        blob_bottom_1_(new Blob<Dtype>(5, 3, 4, 5)),
        blob_bottom_2_(new Blob<Dtype>(2, 2, 4, 5)),
        blob_top_(new Blob<Dtype>()) {
    Caffe::set_random_seed(1701);
    FillerParameter filler_param;
    GaussianFiller<Dtype> filler(filler_param);
    filler.Fill(blob_bottom_0_.get());
    filler.Fill(blob_bottom_1_.get());
    filler.Fill(blob_bottom_2_.get());
    blob_bottom_vec_num_ = {blob_bottom_0_.get(), blob_bottom_1_.get()};
    blob_bottom_vec_channels_ = {blob_bottom_0_.get(), blob_bottom_2_.get()};
    blob_top_vec_.push_back(blob_top_.get());
  }

  std::unique_ptr<Blob<Dtype> > blob_bottom_0_;
  std::unique_ptr<Blob<Dtype> > blob_bottom_1_;
  std::unique_ptr<Blob<Dtype> > blob_bottom_2_;
  std::unique_ptr<Blob<Dtype> > blob_top_;
  vector<Blob<Dtype>*> blob_bottom_vec_num_;
  vector<Blob<Dtype>*> blob_bottom_vec_channels_;
  vector<Blob<Dtype>*> blob_top_vec_;
};

TYPED_TEST_SUITE(ConcatLayerTest, TestDtypesAndDevices);

TYPED_TEST(ConcatLayerTest, TestRegistered) {
  typedef typename TypeParam::Dtype Dtype;
  LayerParameter param;
  param.set_type("Concat");
  EXPECT_STREQ("Concat", LayerRegistry<Dtype>::CreateLayer(param)->type());
}

TYPED_TEST(ConcatLayerTest, TestSetupNum) {
  typedef typename TypeParam::Dtype Dtype;
  LayerParameter param;
  param.mutable_concat_param()->set_axis(0);
  ConcatLayer<Dtype> layer(param);
  layer.SetUp(this->blob_bottom_vec_num_, this->blob_top_vec_);
  EXPECT_EQ(vector<int>({7, 3, 4, 5}), this->blob_top_->shape());
}

TYPED_TEST(ConcatLayerTest, TestSetupChannels) {
  typedef typename TypeParam::Dtype Dtype;
  LayerParameter param;
  ConcatLayer<Dtype> layer(param);
  layer.SetUp(this->blob_bottom_vec_channels_, this->blob_top_vec_);
  EXPECT_EQ(vector<int>({2, 5, 4, 5}), this->blob_top_->shape());
}

TYPED_TEST(ConcatLayerTest, TestSetupNegativeAxisAndLegacyDim) {
  typedef typename TypeParam::Dtype Dtype;
  LayerParameter param;
  param.mutable_concat_param()->set_axis(-3);
  ConcatLayer<Dtype> negative(param);
  negative.SetUp(this->blob_bottom_vec_channels_, this->blob_top_vec_);
  EXPECT_EQ(vector<int>({2, 5, 4, 5}), this->blob_top_->shape());

  LayerParameter legacy;
  legacy.mutable_concat_param()->set_concat_dim(0);
  ConcatLayer<Dtype> legacy_layer(legacy);
  legacy_layer.SetUp(this->blob_bottom_vec_num_, this->blob_top_vec_);
  EXPECT_EQ(vector<int>({7, 3, 4, 5}), this->blob_top_->shape());
}

TYPED_TEST(ConcatLayerTest, TestForwardTrivial) {
  typedef typename TypeParam::Dtype Dtype;
  LayerParameter param;
  ConcatLayer<Dtype> layer(param);
  vector<Blob<Dtype>*> one_bottom = {this->blob_bottom_0_.get()};
  layer.SetUp(one_bottom, this->blob_top_vec_);
  layer.Forward(one_bottom, this->blob_top_vec_);
  EXPECT_EQ(this->blob_bottom_0_->shape(), this->blob_top_->shape());
  for (int i = 0; i < this->blob_bottom_0_->count(); ++i) {
    EXPECT_EQ(this->blob_bottom_0_->cpu_data()[i],
              this->blob_top_->cpu_data()[i]);
  }
}

TYPED_TEST(ConcatLayerTest, TestForwardNum) {
  typedef typename TypeParam::Dtype Dtype;
  LayerParameter param;
  param.mutable_concat_param()->set_axis(0);
  ConcatLayer<Dtype> layer(param);
  layer.SetUp(this->blob_bottom_vec_num_, this->blob_top_vec_);
  layer.Forward(this->blob_bottom_vec_num_, this->blob_top_vec_);
  const Blob<Dtype>& top = *this->blob_top_;
  for (int n = 0; n < 7; ++n) {
    const Blob<Dtype>& source = n < 2 ? *this->blob_bottom_0_
                                      : *this->blob_bottom_1_;
    const int source_n = n < 2 ? n : n - 2;
    for (int c = 0; c < 3; ++c) {
      for (int h = 0; h < 4; ++h) {
        for (int w = 0; w < 5; ++w) {
          EXPECT_EQ(source.data_at(source_n, c, h, w), top.data_at(n, c, h, w));
        }
      }
    }
  }
}

TYPED_TEST(ConcatLayerTest, TestForwardChannels) {
  typedef typename TypeParam::Dtype Dtype;
  LayerParameter param;
  ConcatLayer<Dtype> layer(param);
  layer.SetUp(this->blob_bottom_vec_channels_, this->blob_top_vec_);
  layer.Forward(this->blob_bottom_vec_channels_, this->blob_top_vec_);
  const Blob<Dtype>& top = *this->blob_top_;
  for (int n = 0; n < 2; ++n) {
    for (int c = 0; c < 5; ++c) {
      const Blob<Dtype>& source = c < 3 ? *this->blob_bottom_0_
                                        : *this->blob_bottom_2_;
      const int source_c = c < 3 ? c : c - 3;
      for (int h = 0; h < 4; ++h) {
        for (int w = 0; w < 5; ++w) {
          EXPECT_EQ(source.data_at(n, source_c, h, w), top.data_at(n, c, h, w));
        }
      }
    }
  }
}

TYPED_TEST(ConcatLayerTest, TestGradientTrivial) {
  typedef typename TypeParam::Dtype Dtype;
  LayerParameter param;
  ConcatLayer<Dtype> layer(param);
  vector<Blob<Dtype>*> one_bottom = {this->blob_bottom_0_.get()};
  GradientChecker<Dtype> checker(1e-2, 1e-3);
  checker.CheckGradientEltwise(&layer, one_bottom, this->blob_top_vec_);
}

TYPED_TEST(ConcatLayerTest, TestGradientNum) {
  typedef typename TypeParam::Dtype Dtype;
  LayerParameter param;
  param.mutable_concat_param()->set_axis(0);
  ConcatLayer<Dtype> layer(param);
  GradientChecker<Dtype> checker(1e-2, 1e-3);
  checker.CheckGradient(&layer, this->blob_bottom_vec_num_,
                        this->blob_top_vec_);
}

TYPED_TEST(ConcatLayerTest, TestGradientChannels) {
  typedef typename TypeParam::Dtype Dtype;
  LayerParameter param;
  ConcatLayer<Dtype> layer(param);
  GradientChecker<Dtype> checker(1e-2, 1e-3);
  checker.CheckGradient(&layer, this->blob_bottom_vec_channels_,
                        this->blob_top_vec_);
}

TYPED_TEST(ConcatLayerTest, TestGradientLastAxisSecondBottomOnly) {
  typedef typename TypeParam::Dtype Dtype;
  LayerParameter param;
  param.mutable_concat_param()->set_axis(-1);
  ConcatLayer<Dtype> layer(param);
  Blob<Dtype> narrow(2, 3, 4, 2);
  FillerParameter filler_param;
  GaussianFiller<Dtype> filler(filler_param);
  filler.Fill(&narrow);
  vector<Blob<Dtype>*> bottoms = {this->blob_bottom_0_.get(), &narrow};
  GradientChecker<Dtype> checker(1e-2, 1e-3);
  checker.CheckGradient(&layer, bottoms, this->blob_top_vec_, 1);
  EXPECT_EQ(vector<int>({2, 3, 4, 7}), this->blob_top_->shape());
}

TYPED_TEST(ConcatLayerTest, TestShapeMismatch) {
  typedef typename TypeParam::Dtype Dtype;
  LayerParameter param;  // axis 1, but the bottoms differ on axis 0
  ConcatLayer<Dtype> layer(param);
  const string message = ErrorMessage(
      [&] { layer.SetUp(this->blob_bottom_vec_num_, this->blob_top_vec_); });
  EXPECT_NE(string::npos, message.find("bottom[1]")) << message;
  EXPECT_NE(string::npos, message.find("5 3 4 5")) << message;
  EXPECT_NE(string::npos, message.find("2 3 4 5")) << message;
}

TYPED_TEST(ConcatLayerTest, TestAxisCountMismatch) {
  typedef typename TypeParam::Dtype Dtype;
  LayerParameter param;
  ConcatLayer<Dtype> layer(param);
  Blob<Dtype> three_axes(vector<int>{2, 3, 20});
  vector<Blob<Dtype>*> bottoms = {this->blob_bottom_0_.get(), &three_axes};
  const string message =
      ErrorMessage([&] { layer.SetUp(bottoms, this->blob_top_vec_); });
  EXPECT_NE(string::npos, message.find("bottom[1] has shape 2 3 20")) << message;
}

TYPED_TEST(ConcatLayerTest, TestAxisAndConcatDim) {
  typedef typename TypeParam::Dtype Dtype;
  LayerParameter param;
  param.mutable_concat_param()->set_axis(1);
  param.mutable_concat_param()->set_concat_dim(1);
  ConcatLayer<Dtype> layer(param);
  const string message = ErrorMessage([&] {
    layer.SetUp(this->blob_bottom_vec_channels_, this->blob_top_vec_);
  });
  EXPECT_NE(string::npos, message.find("concat_dim")) << message;
}

TYPED_TEST(ConcatLayerTest, TestAxisOutOfRange) {
  typedef typename TypeParam::Dtype Dtype;
  LayerParameter param;
  param.mutable_concat_param()->set_concat_dim(4);
  ConcatLayer<Dtype> legacy(param);
  const string message = ErrorMessage([&] {
    legacy.SetUp(this->blob_bottom_vec_channels_, this->blob_top_vec_);
  });
  EXPECT_NE(string::npos, message.find("concat_dim 4")) << message;

  LayerParameter axis_param;
  axis_param.mutable_concat_param()->set_axis(-5);
  ConcatLayer<Dtype> layer(axis_param);
  EXPECT_THROW(layer.SetUp(this->blob_bottom_vec_channels_, this->blob_top_vec_),
               Error);
}

}  // namespace caffe

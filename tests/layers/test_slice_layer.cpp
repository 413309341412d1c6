#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "caffe/blob.hpp"
#include "caffe/filler.hpp"
#include "caffe/layers/slice_layer.hpp"
#include "support/error_message.hpp"
#include "support/gradient_checker.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {

template <typename TypeParam>
class SliceLayerTest : public MultiDeviceTest<TypeParam> {
  typedef typename TypeParam::Dtype Dtype;

 protected:
  SliceLayerTest() : blob_bottom_(new Blob<Dtype>(6, 8, 2, 3)) {
    Caffe::set_random_seed(1701);
    FillerParameter filler_param;
    GaussianFiller<Dtype> filler(filler_param);
    filler.Fill(blob_bottom_.get());
    blob_bottom_vec_.push_back(blob_bottom_.get());
    for (int i = 0; i < 3; ++i) tops_.emplace_back(new Blob<Dtype>());
  }

  // The first num_tops tops.
  vector<Blob<Dtype>*> Tops(int num_tops) {
    vector<Blob<Dtype>*> tops;
    for (int i = 0; i < num_tops; ++i) tops.push_back(tops_[i].get());
    return tops;
  }

  // Checks the gradient of a Slice layer with param into num_tops tops.
  void CheckGradient(const LayerParameter& param, int num_tops) {
    SliceLayer<Dtype> layer(param);
    vector<Blob<Dtype>*> tops = Tops(num_tops);
    GradientChecker<Dtype> checker(1e-2, 1e-3);
    checker.CheckGradient(&layer, blob_bottom_vec_, tops);
  }

  string SetUpError(const LayerParameter& param, int num_tops) {
    SliceLayer<Dtype> layer(param);
    vector<Blob<Dtype>*> tops = Tops(num_tops);
    return ErrorMessage([&] { layer.SetUp(blob_bottom_vec_, tops); });
  }

  std::unique_ptr<Blob<Dtype> > blob_bottom_;
  vector<std::unique_ptr<Blob<Dtype> > > tops_;
  vector<Blob<Dtype>*> blob_bottom_vec_;
};

TYPED_TEST_SUITE(SliceLayerTest, TestDtypesAndDevices);

TYPED_TEST(SliceLayerTest, TestRegistered) {
  typedef typename TypeParam::Dtype Dtype;
  LayerParameter param;
  param.set_type("Slice");
  EXPECT_STREQ("Slice", LayerRegistry<Dtype>::CreateLayer(param)->type());
}

TYPED_TEST(SliceLayerTest, TestSetupEqualSplitNum) {
  typedef typename TypeParam::Dtype Dtype;
  LayerParameter param;
  param.mutable_slice_param()->set_axis(0);
  SliceLayer<Dtype> layer(param);
  vector<Blob<Dtype>*> tops = this->Tops(3);
  layer.SetUp(this->blob_bottom_vec_, tops);
  for (Blob<Dtype>* top : tops) {
    EXPECT_EQ(vector<int>({2, 8, 2, 3}), top->shape());
  }
}

TYPED_TEST(SliceLayerTest, TestSetupSlicePoints) {
  typedef typename TypeParam::Dtype Dtype;
  LayerParameter param;
  param.mutable_slice_param()->add_slice_point(2);
  param.mutable_slice_param()->add_slice_point(7);
  SliceLayer<Dtype> layer(param);
  vector<Blob<Dtype>*> tops = this->Tops(3);
  layer.SetUp(this->blob_bottom_vec_, tops);
  EXPECT_EQ(vector<int>({6, 2, 2, 3}), tops[0]->shape());
  EXPECT_EQ(vector<int>({6, 5, 2, 3}), tops[1]->shape());
  EXPECT_EQ(vector<int>({6, 1, 2, 3}), tops[2]->shape());
}

TYPED_TEST(SliceLayerTest, TestSetupLegacySliceDim) {
  typedef typename TypeParam::Dtype Dtype;
  LayerParameter param;
  param.mutable_slice_param()->set_slice_dim(3);
  SliceLayer<Dtype> layer(param);
  vector<Blob<Dtype>*> tops = this->Tops(3);
  layer.SetUp(this->blob_bottom_vec_, tops);
  EXPECT_EQ(vector<int>({6, 8, 2, 1}), tops[2]->shape());
}

TYPED_TEST(SliceLayerTest, TestForwardTrivial) {
  typedef typename TypeParam::Dtype Dtype;
  LayerParameter param;
  SliceLayer<Dtype> layer(param);
  vector<Blob<Dtype>*> tops = this->Tops(1);
  layer.SetUp(this->blob_bottom_vec_, tops);
  layer.Forward(this->blob_bottom_vec_, tops);
  EXPECT_EQ(this->blob_bottom_->shape(), tops[0]->shape());
  for (int i = 0; i < this->blob_bottom_->count(); ++i) {
    EXPECT_EQ(this->blob_bottom_->cpu_data()[i], tops[0]->cpu_data()[i]);
  }
}

TYPED_TEST(SliceLayerTest, TestForwardNum) {
  typedef typename TypeParam::Dtype Dtype;
  LayerParameter param;
  param.mutable_slice_param()->set_axis(0);
  param.mutable_slice_param()->add_slice_point(1);
  param.mutable_slice_param()->add_slice_point(4);
  SliceLayer<Dtype> layer(param);
  vector<Blob<Dtype>*> tops = this->Tops(3);
  layer.SetUp(this->blob_bottom_vec_, tops);
  layer.Forward(this->blob_bottom_vec_, tops);
  const int starts[] = {0, 1, 4, 6};
  for (int t = 0; t < 3; ++t) {
    for (int n = starts[t]; n < starts[t + 1]; ++n) {
      for (int c = 0; c < 8; ++c) {
        for (int h = 0; h < 2; ++h) {
          for (int w = 0; w < 3; ++w) {
            EXPECT_EQ(this->blob_bottom_->data_at(n, c, h, w),
                      tops[t]->data_at(n - starts[t], c, h, w));
          }
        }
      }
    }
  }
}

TYPED_TEST(SliceLayerTest, TestForwardChannels) {
  typedef typename TypeParam::Dtype Dtype;
  LayerParameter param;
  param.mutable_slice_param()->add_slice_point(3);
  param.mutable_slice_param()->add_slice_point(5);
  SliceLayer<Dtype> layer(param);
  vector<Blob<Dtype>*> tops = this->Tops(3);
  layer.SetUp(this->blob_bottom_vec_, tops);
  layer.Forward(this->blob_bottom_vec_, tops);
  const int starts[] = {0, 3, 5, 8};
  for (int t = 0; t < 3; ++t) {
    for (int n = 0; n < 6; ++n) {
      for (int c = starts[t]; c < starts[t + 1]; ++c) {
        for (int h = 0; h < 2; ++h) {
          for (int w = 0; w < 3; ++w) {
            EXPECT_EQ(this->blob_bottom_->data_at(n, c, h, w),
                      tops[t]->data_at(n, c - starts[t], h, w));
          }
        }
      }
    }
  }
}

TYPED_TEST(SliceLayerTest, TestGradientTrivial) {
  typedef typename TypeParam::Dtype Dtype;
  LayerParameter param;
  SliceLayer<Dtype> layer(param);
  vector<Blob<Dtype>*> tops = this->Tops(1);
  GradientChecker<Dtype> checker(1e-2, 1e-3);
  checker.CheckGradientEltwise(&layer, this->blob_bottom_vec_, tops);
}

TYPED_TEST(SliceLayerTest, TestGradientNum) {
  LayerParameter param;
  param.mutable_slice_param()->set_axis(0);
  this->CheckGradient(param, 3);
}

TYPED_TEST(SliceLayerTest, TestGradientChannels) {
  LayerParameter param;
  param.mutable_slice_param()->add_slice_point(3);
  param.mutable_slice_param()->add_slice_point(5);
  this->CheckGradient(param, 3);
}

TYPED_TEST(SliceLayerTest, TestAxisAndSliceDim) {
  LayerParameter param;
  param.mutable_slice_param()->set_axis(1);
  param.mutable_slice_param()->set_slice_dim(1);
  const string message = this->SetUpError(param, 2);
  EXPECT_NE(string::npos, message.find("slice_dim")) << message;
}

TYPED_TEST(SliceLayerTest, TestWrongNumberOfPoints) {
  LayerParameter param;
  param.mutable_slice_param()->add_slice_point(3);
  const string message = this->SetUpError(param, 3);
  EXPECT_NE(string::npos, message.find("1 slice_point values given for 3 tops"))
      << message;
}

TYPED_TEST(SliceLayerTest, TestPointsNotIncreasing) {
  LayerParameter param;
  param.mutable_slice_param()->add_slice_point(4);
  param.mutable_slice_param()->add_slice_point(4);
  const string message = this->SetUpError(param, 3);
  EXPECT_NE(string::npos, message.find("slice_point 4 must be greater than 4"))
      << message;

  LayerParameter zero;
  zero.mutable_slice_param()->add_slice_point(0);
  EXPECT_NE(string::npos, this->SetUpError(zero, 2).find("slice_point 0"));
}

TYPED_TEST(SliceLayerTest, TestPointBeyondAxis) {
  LayerParameter param;
  param.mutable_slice_param()->add_slice_point(9);
  const string message = this->SetUpError(param, 2);
  EXPECT_NE(string::npos, message.find("slice_point 9")) << message;
  EXPECT_NE(string::npos, message.find("6 8 2 3")) << message;
}

TYPED_TEST(SliceLayerTest, TestUnequalSplit) {
  LayerParameter param;  // axis 1 has size 8
  const string message = this->SetUpError(param, 3);
  EXPECT_NE(string::npos, message.find("3 tops cannot split axis 1 of size 8"))
      << message;
}

TYPED_TEST(SliceLayerTest, TestAxisOutOfRange) {
  LayerParameter param;
  param.mutable_slice_param()->set_slice_dim(4);
  EXPECT_NE(string::npos, this->SetUpError(param, 2).find("slice_dim 4"));
  LayerParameter axis_param;
  axis_param.mutable_slice_param()->set_axis(7);
  EXPECT_NE(string::npos, this->SetUpError(axis_param, 2).find("axis 7"));
}

}  // namespace caffe

#include <gtest/gtest.h>

#include <vector>

#include "caffe/blob.hpp"
#include "caffe/filler.hpp"
#include "caffe/layers/crop_layer.hpp"
#include "layers/layer_error_util.hpp"
#include "support/gradient_checker.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {

template <typename TypeParam>
class CropLayerTest : public MultiDeviceTest<TypeParam> {
  typedef typename TypeParam::Dtype Dtype;

 protected:
  void SetUp() override {
    MultiDeviceTest<TypeParam>::SetUp();
    if (this->IsSkipped()) return;
    bottom_.Reshape(vector<int>{2, 4, 5, 6});
    GaussianFiller<Dtype>(FillerParameter()).Fill(&bottom_);
    like_.Reshape(vector<int>{1, 2, 3, 4});
    bottom_vec_ = {&bottom_, &like_};
    top_vec_ = {&top_};
    param_.set_type("Crop");
  }

  // Runs the layer and expects top = bottom at the given 4-D offsets.
  void CheckForward(const vector<int>& want_shape, const vector<int>& off) {
    CropLayer<Dtype> layer(param_);
    layer.SetUp(bottom_vec_, top_vec_);
    layer.Forward(bottom_vec_, top_vec_);
    ASSERT_EQ(want_shape, top_.shape());
    for (int n = 0; n < top_.shape(0); ++n)
      for (int c = 0; c < top_.shape(1); ++c)
        for (int h = 0; h < top_.shape(2); ++h)
          for (int w = 0; w < top_.shape(3); ++w) {
            EXPECT_EQ(
                bottom_.data_at(n + off[0], c + off[1], h + off[2], w + off[3]),
                top_.data_at(n, c, h, w));
          }
  }

  Blob<Dtype> bottom_, like_, top_;
  vector<Blob<Dtype>*> bottom_vec_, top_vec_;
  LayerParameter param_;
};

TYPED_TEST_SUITE(CropLayerTest, TestDtypesAndDevices);

TYPED_TEST(CropLayerTest, ForwardDefaultAxisNoOffset) {
  this->CheckForward({2, 4, 3, 4}, {0, 0, 0, 0});
}

TYPED_TEST(CropLayerTest, ForwardOneOffsetForAllAxes) {
  this->param_.mutable_crop_param()->set_axis(1);
  this->param_.mutable_crop_param()->add_offset(1);
  this->CheckForward({2, 2, 3, 4}, {0, 1, 1, 1});
}

TYPED_TEST(CropLayerTest, ForwardOffsetPerAxis) {
  this->param_.mutable_crop_param()->set_axis(0);
  for (int o : {1, 2, 0, 2}) this->param_.mutable_crop_param()->add_offset(o);
  this->CheckForward({1, 2, 3, 4}, {1, 2, 0, 2});
}

TYPED_TEST(CropLayerTest, Gradient) {
  typedef typename TypeParam::Dtype Dtype;
  this->bottom_.Reshape(vector<int>{2, 3, 4, 3});
  this->like_.Reshape(vector<int>{2, 2, 2, 2});
  this->param_.mutable_crop_param()->set_axis(-3);
  for (int o : {1, 2, 1}) this->param_.mutable_crop_param()->add_offset(o);
  CropLayer<Dtype> layer(this->param_);
  GradientChecker<Dtype> checker(1e-2, 1e-3);
  checker.CheckGradientExhaustive(&layer, this->bottom_vec_, this->top_vec_, 0);
}

TYPED_TEST(CropLayerTest, BadInput) {
  typedef typename TypeParam::Dtype Dtype;
  vector<Blob<Dtype>*> one{&this->bottom_};
  ExpectLayerError(this->param_, one, this->top_vec_,
                   {"takes 2 bottom", "given 1"});

  LayerParameter bad = this->param_;
  bad.mutable_crop_param()->add_offset(3);
  ExpectLayerError(
      bad, this->bottom_vec_, this->top_vec_,
      {"axis 2", "offset 3", "size 3", "exceeds 5", "1 2 3 4", "2 4 5 6"});
  bad.mutable_crop_param()->add_offset(0);
  bad.mutable_crop_param()->add_offset(0);
  ExpectLayerError(bad, this->bottom_vec_, this->top_vec_,
                   {"number of offsets (3)", "(2)"});

  Blob<Dtype> flat(vector<int>{2, 4});
  vector<Blob<Dtype>*> mismatched{&this->bottom_, &flat};
  ExpectLayerError(this->param_, mismatched, this->top_vec_,
                   {"bottom[1] shape 2 4", "fewer axes"});
}

}  // namespace caffe

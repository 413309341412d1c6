#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "caffe/blob.hpp"
#include "caffe/filler.hpp"
#include "caffe/layers/flatten_layer.hpp"
#include "support/error_message.hpp"
#include "support/filled_bottom_test.hpp"
#include "support/gradient_checker.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {

template <typename TypeParam>
class FlattenLayerTest : public FilledBottomTest<TypeParam> {
  typedef typename TypeParam::Dtype Dtype;

 protected:
  FlattenLayerTest() : FilledBottomTest<TypeParam>({2, 3, 6, 5}) {}

  // Sets up a Flatten layer with the given axes and returns the top shape.
  vector<int> TopShape(int axis, int end_axis) {
    LayerParameter param;
    param.mutable_flatten_param()->set_axis(axis);
    param.mutable_flatten_param()->set_end_axis(end_axis);
    FlattenLayer<Dtype> layer(param);
    layer.SetUp(this->blob_bottom_vec_, this->blob_top_vec_);
    return this->blob_top_->shape();
  }
};

TYPED_TEST_SUITE(FlattenLayerTest, TestDtypesAndDevices);

TYPED_TEST(FlattenLayerTest, TestRegistered) {
  typedef typename TypeParam::Dtype Dtype;
  LayerParameter param;
  param.set_type("Flatten");
  EXPECT_STREQ("Flatten", LayerRegistry<Dtype>::CreateLayer(param)->type());
}

TYPED_TEST(FlattenLayerTest, TestSetupDefault) {
  typedef typename TypeParam::Dtype Dtype;
  LayerParameter param;
  FlattenLayer<Dtype> layer(param);
  layer.SetUp(this->blob_bottom_vec_, this->blob_top_vec_);
  EXPECT_EQ(vector<int>({2, 90}), this->blob_top_->shape());
  EXPECT_STREQ("Flatten", layer.type());
}

TYPED_TEST(FlattenLayerTest, TestSetupAxes) {
  EXPECT_EQ(vector<int>({2, 3, 30}), this->TopShape(2, -1));
  EXPECT_EQ(vector<int>({2, 18, 5}), this->TopShape(1, -2));
  EXPECT_EQ(vector<int>({6, 6, 5}), this->TopShape(0, 1));
  EXPECT_EQ(vector<int>({180}), this->TopShape(0, -1));
  EXPECT_EQ(vector<int>({2, 3, 6, 5}), this->TopShape(-2, 2));
}

TYPED_TEST(FlattenLayerTest, TestForwardSharesData) {
  typedef typename TypeParam::Dtype Dtype;
  LayerParameter param;
  FlattenLayer<Dtype> layer(param);
  layer.SetUp(this->blob_bottom_vec_, this->blob_top_vec_);
  layer.Forward(this->blob_bottom_vec_, this->blob_top_vec_);
  const Blob<Dtype>& bottom = *this->blob_bottom_;
  for (int n = 0; n < 2; ++n) {
    for (int c = 0; c < 3; ++c) {
      for (int h = 0; h < 6; ++h) {
        for (int w = 0; w < 5; ++w) {
          EXPECT_EQ(bottom.data_at(n, c, h, w),
                    this->blob_top_->data_at({n, (c * 6 + h) * 5 + w}));
        }
      }
    }
  }
  EXPECT_EQ(bottom.cpu_data(), this->blob_top_->cpu_data());
}

TYPED_TEST(FlattenLayerTest, TestGradient) {
  typedef typename TypeParam::Dtype Dtype;
  LayerParameter param;
  FlattenLayer<Dtype> layer(param);
  GradientChecker<Dtype> checker(1e-2, 1e-3);
  checker.CheckGradientEltwise(&layer, this->blob_bottom_vec_,
                               this->blob_top_vec_);
}

TYPED_TEST(FlattenLayerTest, TestAxisOutOfRange) {
  typedef typename TypeParam::Dtype Dtype;
  LayerParameter param;
  param.mutable_flatten_param()->set_axis(4);
  FlattenLayer<Dtype> layer(param);
  const string message = ErrorMessage(
      [&] { layer.SetUp(this->blob_bottom_vec_, this->blob_top_vec_); });
  EXPECT_NE(string::npos, message.find("axis 4")) << message;
  EXPECT_NE(string::npos, message.find("2 3 6 5")) << message;
}

TYPED_TEST(FlattenLayerTest, TestEndAxisBeforeAxis) {
  typedef typename TypeParam::Dtype Dtype;
  LayerParameter param;
  param.mutable_flatten_param()->set_axis(2);
  param.mutable_flatten_param()->set_end_axis(1);
  FlattenLayer<Dtype> layer(param);
  const string message = ErrorMessage(
      [&] { layer.SetUp(this->blob_bottom_vec_, this->blob_top_vec_); });
  EXPECT_NE(string::npos, message.find("end_axis 1")) << message;
}

TYPED_TEST(FlattenLayerTest, TestInPlaceRejected) {
  typedef typename TypeParam::Dtype Dtype;
  LayerParameter param;
  FlattenLayer<Dtype> layer(param);
  EXPECT_THROW(layer.SetUp(this->blob_bottom_vec_, this->blob_bottom_vec_),
               Error);
}

TYPED_TEST(FlattenLayerTest, TestWrongBlobCounts) {
  typedef typename TypeParam::Dtype Dtype;
  LayerParameter param;
  FlattenLayer<Dtype> layer(param);
  vector<Blob<Dtype>*> two_bottoms(2, this->blob_bottom_.get());
  EXPECT_THROW(layer.SetUp(two_bottoms, this->blob_top_vec_), Error);
}

}  // namespace caffe

#include <gtest/gtest.h>

#include <vector>

#include "caffe/blob.hpp"
#include "caffe/layers/input_layer.hpp"
#include "caffe/util/io.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {

template <typename TypeParam>
class InputLayerTest : public MultiDeviceTest<TypeParam> {
  typedef typename TypeParam::Dtype Dtype;

 protected:
  InputLayerTest() : a_(new Blob<Dtype>()), b_(new Blob<Dtype>()) {
    top_vec_ = {a_.get(), b_.get()};
  }
  LayerParameter Param(const string& shapes) {
    LayerParameter param;
    ReadProtoFromTextString("type: 'Input' input_param { " + shapes + " }",
                            &param);
    return param;
  }
  std::unique_ptr<Blob<Dtype> > a_, b_;
  vector<Blob<Dtype>*> bottom_vec_, top_vec_;
};

TYPED_TEST_SUITE(InputLayerTest, TestDtypesAndDevices);

TYPED_TEST(InputLayerTest, OneShapeForAllTops) {
  typedef typename TypeParam::Dtype Dtype;
  InputLayer<Dtype> layer(this->Param("shape { dim: 2 dim: 3 dim: 4 }"));
  layer.SetUp(this->bottom_vec_, this->top_vec_);
  EXPECT_EQ(this->a_->shape(), (vector<int>{2, 3, 4}));
  EXPECT_EQ(this->b_->shape(), (vector<int>{2, 3, 4}));
  EXPECT_EQ(layer.type(), string("Input"));
}

TYPED_TEST(InputLayerTest, OneShapePerTop) {
  typedef typename TypeParam::Dtype Dtype;
  InputLayer<Dtype> layer(
      this->Param("shape { dim: 2 dim: 3 } shape { dim: 5 }"));
  layer.SetUp(this->bottom_vec_, this->top_vec_);
  EXPECT_EQ(this->a_->shape(), (vector<int>{2, 3}));
  EXPECT_EQ(this->b_->shape(), (vector<int>{5}));
}

TYPED_TEST(InputLayerTest, ForwardAndReshapeKeepTheCallersData) {
  typedef typename TypeParam::Dtype Dtype;
  InputLayer<Dtype> layer(this->Param("shape { dim: 2 }"));
  layer.SetUp(this->bottom_vec_, this->top_vec_);
  this->a_->Reshape(vector<int>{3});
  this->a_->mutable_cpu_data()[2] = 7;
  layer.Forward(this->bottom_vec_, this->top_vec_);
  EXPECT_EQ(this->a_->shape(), (vector<int>{3}));
  EXPECT_EQ(this->a_->cpu_data()[2], 7);
}

TYPED_TEST(InputLayerTest, NoShapeLeavesTopsToTheCaller) {
  typedef typename TypeParam::Dtype Dtype;
  InputLayer<Dtype> layer(this->Param(""));
  this->a_->Reshape(vector<int>{4});
  layer.SetUp(this->bottom_vec_, this->top_vec_);
  EXPECT_EQ(this->a_->shape(), (vector<int>{4}));
}

TYPED_TEST(InputLayerTest, WrongNumberOfShapes) {
  typedef typename TypeParam::Dtype Dtype;
  vector<Blob<Dtype>*> three = {this->a_.get(), this->b_.get(), this->b_.get()};
  InputLayer<Dtype> layer(
      this->Param("shape { dim: 2 dim: 3 } shape { dim: 5 }"));
  try {
    layer.SetUp(this->bottom_vec_, three);
    FAIL() << "expected caffe::Error";
  } catch (const Error& error) {
    EXPECT_NE(string(error.what()).find("3 tops, 2 shapes"), string::npos)
        << error.what();
  }
}

TYPED_TEST(InputLayerTest, TakesNoBottoms) {
  typedef typename TypeParam::Dtype Dtype;
  InputLayer<Dtype> layer(this->Param("shape { dim: 2 }"));
  vector<Blob<Dtype>*> bottom = {this->a_.get()};
  vector<Blob<Dtype>*> top = {this->b_.get()};
  EXPECT_THROW(layer.SetUp(bottom, top), Error);
}

}  // namespace caffe

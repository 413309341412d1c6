#include <gtest/gtest.h>

#include <vector>

#include "caffe/blob.hpp"
#include "caffe/filler.hpp"
#include "caffe/layers/split_layer.hpp"
#include "support/gradient_checker.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {

template <typename TypeParam>
class SplitLayerTest : public MultiDeviceTest<TypeParam> {
  typedef typename TypeParam::Dtype Dtype;

 protected:
  SplitLayerTest()
      : bottom_(new Blob<Dtype>(2, 3, 4, 5)),
        top_a_(new Blob<Dtype>()),
        top_b_(new Blob<Dtype>()) {
    FillerParameter filler_param;
    GaussianFiller<Dtype> filler(filler_param);
    filler.Fill(bottom_.get());
    bottom_vec_.push_back(bottom_.get());
    top_vec_.push_back(top_a_.get());
    top_vec_.push_back(top_b_.get());
  }
  std::unique_ptr<Blob<Dtype> > bottom_, top_a_, top_b_;
  vector<Blob<Dtype>*> bottom_vec_, top_vec_;
};

TYPED_TEST_SUITE(SplitLayerTest, TestDtypesAndDevices);

TYPED_TEST(SplitLayerTest, SetUpShapesEveryTopLikeTheBottom) {
  typedef typename TypeParam::Dtype Dtype;
  SplitLayer<Dtype> layer((LayerParameter()));
  layer.SetUp(this->bottom_vec_, this->top_vec_);
  EXPECT_EQ(this->top_a_->shape(), (vector<int>{2, 3, 4, 5}));
  EXPECT_EQ(this->top_b_->shape(), (vector<int>{2, 3, 4, 5}));
  EXPECT_EQ(layer.type(), string("Split"));
}

TYPED_TEST(SplitLayerTest, ForwardCopies) {
  typedef typename TypeParam::Dtype Dtype;
  SplitLayer<Dtype> layer((LayerParameter()));
  layer.SetUp(this->bottom_vec_, this->top_vec_);
  layer.Forward(this->bottom_vec_, this->top_vec_);
  for (int i = 0; i < this->bottom_->count(); ++i) {
    const Dtype x = this->bottom_->cpu_data()[i];
    EXPECT_EQ(this->top_a_->cpu_data()[i], x);
    EXPECT_EQ(this->top_b_->cpu_data()[i], x);
  }
}

TYPED_TEST(SplitLayerTest, BackwardSumsTopDiffs) {
  typedef typename TypeParam::Dtype Dtype;
  SplitLayer<Dtype> layer((LayerParameter()));
  layer.SetUp(this->bottom_vec_, this->top_vec_);
  layer.Forward(this->bottom_vec_, this->top_vec_);
  const int count = this->bottom_->count();
  for (int i = 0; i < count; ++i) {
    this->top_a_->mutable_cpu_diff()[i] = i;
    this->top_b_->mutable_cpu_diff()[i] = 0.5 * i + 1;
  }
  layer.Backward(this->top_vec_, vector<bool>{true}, this->bottom_vec_);
  for (int i = 0; i < count; ++i) {
    EXPECT_NEAR(this->bottom_->cpu_diff()[i], 1.5 * i + 1, 1e-6);
  }
}

TYPED_TEST(SplitLayerTest, Gradient) {
  typedef typename TypeParam::Dtype Dtype;
  SplitLayer<Dtype> layer((LayerParameter()));
  GradientChecker<Dtype> checker(1e-2, 1e-3);
  checker.CheckGradientEltwise(&layer, this->bottom_vec_, this->top_vec_);
}

TYPED_TEST(SplitLayerTest, InPlaceIsAnError) {
  typedef typename TypeParam::Dtype Dtype;
  SplitLayer<Dtype> layer((LayerParameter()));
  vector<Blob<Dtype>*> in_place = {this->bottom_.get()};
  EXPECT_THROW(layer.SetUp(this->bottom_vec_, in_place), Error);
}

TYPED_TEST(SplitLayerTest, NeedsATop) {
  typedef typename TypeParam::Dtype Dtype;
  SplitLayer<Dtype> layer((LayerParameter()));
  vector<Blob<Dtype>*> none;
  try {
    layer.SetUp(this->bottom_vec_, none);
    FAIL() << "expected caffe::Error";
  } catch (const Error& error) {
    EXPECT_NE(string(error.what()).find("top"), string::npos) << error.what();
  }
}

}  // namespace caffe

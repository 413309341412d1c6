#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "caffe/blob.hpp"
#include "caffe/filler.hpp"
#include "caffe/layer_factory.hpp"
#include "caffe/layers/euclidean_loss_layer.hpp"
#include "support/gradient_checker.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {

template <typename TypeParam>
class EuclideanLossLayerTest : public MultiDeviceTest<TypeParam> {
  typedef typename TypeParam::Dtype Dtype;

 protected:
  EuclideanLossLayerTest()
      : blob_bottom_data_(new Blob<Dtype>(10, 5, 1, 1)),
        blob_bottom_label_(new Blob<Dtype>(10, 5, 1, 1)),
        blob_top_loss_(new Blob<Dtype>()) {}
  void SetUp() override {
    MultiDeviceTest<TypeParam>::SetUp();
    FillerParameter filler_param;
    GaussianFiller<Dtype> filler(filler_param);
    filler.Fill(blob_bottom_data_.get());
    filler.Fill(blob_bottom_label_.get());
    blob_bottom_vec_.push_back(blob_bottom_data_.get());
    blob_bottom_vec_.push_back(blob_bottom_label_.get());
    blob_top_vec_.push_back(blob_top_loss_.get());
  }

  // 1/(2N) * sum (x - y)^2, accumulated in double.
  double ExpectedLoss() const {
    const Dtype* x = blob_bottom_data_->cpu_data();
    const Dtype* y = blob_bottom_label_->cpu_data();
    double sum = 0;
    for (int i = 0; i < blob_bottom_data_->count(); ++i) {
      sum += (double(x[i]) - y[i]) * (double(x[i]) - y[i]);
    }
    return sum / blob_bottom_data_->shape(0) / 2;
  }

  std::unique_ptr<Blob<Dtype> > blob_bottom_data_;
  std::unique_ptr<Blob<Dtype> > blob_bottom_label_;
  std::unique_ptr<Blob<Dtype> > blob_top_loss_;
  vector<Blob<Dtype>*> blob_bottom_vec_;
  vector<Blob<Dtype>*> blob_top_vec_;
};

TYPED_TEST_SUITE(EuclideanLossLayerTest, TestDtypesAndDevices);

TYPED_TEST(EuclideanLossLayerTest, TestForward) {
  typedef typename TypeParam::Dtype Dtype;
  EuclideanLossLayer<Dtype> layer((LayerParameter()));
  layer.SetUp(this->blob_bottom_vec_, this->blob_top_vec_);
  EXPECT_EQ(0, this->blob_top_loss_->num_axes());
  const Dtype loss = layer.Forward(this->blob_bottom_vec_, this->blob_top_vec_);
  EXPECT_NEAR(this->ExpectedLoss(), this->blob_top_loss_->cpu_data()[0], 1e-5);
  EXPECT_NEAR(this->ExpectedLoss(), loss, 1e-5);
}

TYPED_TEST(EuclideanLossLayerTest, TestForwardLossWeight) {
  typedef typename TypeParam::Dtype Dtype;
  LayerParameter layer_param;
  layer_param.add_loss_weight(3);
  EuclideanLossLayer<Dtype> layer(layer_param);
  layer.SetUp(this->blob_bottom_vec_, this->blob_top_vec_);
  const Dtype loss = layer.Forward(this->blob_bottom_vec_, this->blob_top_vec_);
  // The top holds the unweighted loss; Forward returns the weighted one.
  EXPECT_NEAR(this->ExpectedLoss(), this->blob_top_loss_->cpu_data()[0], 1e-5);
  EXPECT_NEAR(3 * this->ExpectedLoss(), loss, 3e-5);
}

TYPED_TEST(EuclideanLossLayerTest, TestBackward) {
  typedef typename TypeParam::Dtype Dtype;
  LayerParameter layer_param;
  layer_param.add_loss_weight(2);
  EuclideanLossLayer<Dtype> layer(layer_param);
  layer.SetUp(this->blob_bottom_vec_, this->blob_top_vec_);
  layer.Forward(this->blob_bottom_vec_, this->blob_top_vec_);
  layer.Backward(this->blob_top_vec_, vector<bool>(2, true),
                 this->blob_bottom_vec_);
  const Dtype* x = this->blob_bottom_data_->cpu_data();
  const Dtype* y = this->blob_bottom_label_->cpu_data();
  const int num = this->blob_bottom_data_->shape(0);
  for (int i = 0; i < this->blob_bottom_data_->count(); ++i) {
    const double expected = 2.0 * (double(x[i]) - y[i]) / num;
    EXPECT_NEAR(expected, this->blob_bottom_data_->cpu_diff()[i], 1e-6);
    EXPECT_NEAR(-expected, this->blob_bottom_label_->cpu_diff()[i], 1e-6);
  }
}

TYPED_TEST(EuclideanLossLayerTest, TestGradient) {
  typedef typename TypeParam::Dtype Dtype;
  LayerParameter layer_param;
  const Dtype kLossWeight = 3.7;
  layer_param.add_loss_weight(kLossWeight);
  EuclideanLossLayer<Dtype> layer(layer_param);
  layer.SetUp(this->blob_bottom_vec_, this->blob_top_vec_);
  GradientChecker<Dtype> checker(1e-2, 1e-2, 1701);
  checker.CheckGradientExhaustive(&layer, this->blob_bottom_vec_,
                                  this->blob_top_vec_);
}

TYPED_TEST(EuclideanLossLayerTest, TestNDInputs) {
  typedef typename TypeParam::Dtype Dtype;
  // Items of 2x3 against flat items of 6: only count(1) must agree.
  Blob<Dtype> data(vector<int>{4, 2, 3});
  Blob<Dtype> target(vector<int>{4, 6});
  caffe_set(data.count(), Dtype(1), data.mutable_cpu_data());
  caffe_set(target.count(), Dtype(0.5), target.mutable_cpu_data());
  vector<Blob<Dtype>*> bottom{&data, &target};
  EuclideanLossLayer<Dtype> layer((LayerParameter()));
  layer.SetUp(bottom, this->blob_top_vec_);
  layer.Forward(bottom, this->blob_top_vec_);
  // 24 elements of 0.25 over 4 items, halved.
  EXPECT_NEAR(0.75, this->blob_top_loss_->cpu_data()[0], 1e-6);
}

TYPED_TEST(EuclideanLossLayerTest, TestMismatchedItemSizeRejected) {
  typedef typename TypeParam::Dtype Dtype;
  Blob<Dtype> target(10, 4, 1, 1);
  this->blob_bottom_vec_[1] = &target;
  EuclideanLossLayer<Dtype> layer((LayerParameter()));
  try {
    layer.SetUp(this->blob_bottom_vec_, this->blob_top_vec_);
    FAIL() << "expected caffe::Error";
  } catch (const Error& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("10 5 1 1 (50)"), std::string::npos) << message;
    EXPECT_NE(message.find("10 4 1 1 (40)"), std::string::npos) << message;
  }
}

TYPED_TEST(EuclideanLossLayerTest, TestMismatchedBatchRejected) {
  typedef typename TypeParam::Dtype Dtype;
  Blob<Dtype> target(9, 5, 1, 1);
  this->blob_bottom_vec_[1] = &target;
  EuclideanLossLayer<Dtype> layer((LayerParameter()));
  EXPECT_THROW(layer.SetUp(this->blob_bottom_vec_, this->blob_top_vec_), Error);
}

TYPED_TEST(EuclideanLossLayerTest, TestBothBottomsMayBackpropagate) {
  typedef typename TypeParam::Dtype Dtype;
  EuclideanLossLayer<Dtype> layer((LayerParameter()));
  EXPECT_TRUE(layer.AllowForceBackward(0));
  EXPECT_TRUE(layer.AllowForceBackward(1));
}

TYPED_TEST(EuclideanLossLayerTest, TestRegistered) {
  typedef typename TypeParam::Dtype Dtype;
  LayerParameter layer_param;
  layer_param.set_type("EuclideanLoss");
  shared_ptr<Layer<Dtype> > layer =
      LayerRegistry<Dtype>::CreateLayer(layer_param);
  EXPECT_STREQ("EuclideanLoss", layer->type());
}

}  // namespace caffe

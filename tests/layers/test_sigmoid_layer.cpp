#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "caffe/blob.hpp"
#include "caffe/filler.hpp"
#include "caffe/layer_factory.hpp"
#include "caffe/layers/sigmoid_layer.hpp"
#include "support/gradient_checker.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {

template <typename TypeParam>
class SigmoidLayerTest : public MultiDeviceTest<TypeParam> {
  typedef typename TypeParam::Dtype Dtype;

 protected:
  SigmoidLayerTest()
      : blob_bottom_(new Blob<Dtype>(2, 3, 4, 5)),
        blob_top_(new Blob<Dtype>()) {}
  void SetUp() override {
    MultiDeviceTest<TypeParam>::SetUp();
    // Wide enough to reach the saturated tails.
    FillerParameter filler_param;
    filler_param.set_std(3);
    GaussianFiller<Dtype> filler(filler_param);
    filler.Fill(blob_bottom_.get());
    blob_bottom_vec_.push_back(blob_bottom_.get());
    blob_top_vec_.push_back(blob_top_.get());
  }

  static Dtype Expected(const Dtype x) {
    return Dtype(1) / (Dtype(1) + std::exp(-x));
  }

  std::unique_ptr<Blob<Dtype> > blob_bottom_;
  std::unique_ptr<Blob<Dtype> > blob_top_;
  vector<Blob<Dtype>*> blob_bottom_vec_;
  vector<Blob<Dtype>*> blob_top_vec_;
};

TYPED_TEST_SUITE(SigmoidLayerTest, TestDtypesAndDevices);

TYPED_TEST(SigmoidLayerTest, TestForward) {
  typedef typename TypeParam::Dtype Dtype;
  SigmoidLayer<Dtype> layer((LayerParameter()));
  layer.SetUp(this->blob_bottom_vec_, this->blob_top_vec_);
  layer.Forward(this->blob_bottom_vec_, this->blob_top_vec_);
  ASSERT_EQ(this->blob_bottom_->shape(), this->blob_top_->shape());
  const Dtype* x = this->blob_bottom_->cpu_data();
  const Dtype* y = this->blob_top_->cpu_data();
  for (int i = 0; i < this->blob_bottom_->count(); ++i) {
    EXPECT_NEAR(this->Expected(x[i]), y[i], 1e-6) << "at x = " << x[i];
  }
}

TYPED_TEST(SigmoidLayerTest, TestGradient) {
  typedef typename TypeParam::Dtype Dtype;
  SigmoidLayer<Dtype> layer((LayerParameter()));
  GradientChecker<Dtype> checker(1e-2, 1e-3, 1701);
  checker.CheckGradientEltwise(&layer, this->blob_bottom_vec_,
                               this->blob_top_vec_);
}

TYPED_TEST(SigmoidLayerTest, TestInPlace) {
  typedef typename TypeParam::Dtype Dtype;
  SigmoidLayer<Dtype> layer((LayerParameter()));
  Blob<Dtype> input;
  input.CopyFrom(*this->blob_bottom_, false, true);
  vector<Blob<Dtype>*> blobs(1, this->blob_bottom_.get());
  layer.SetUp(blobs, blobs);
  layer.Forward(blobs, blobs);
  Blob<Dtype>& blob = *this->blob_bottom_;
  for (int i = 0; i < blob.count(); ++i) {
    EXPECT_NEAR(this->Expected(input.cpu_data()[i]), blob.cpu_data()[i], 1e-6);
  }
  caffe_set(blob.count(), Dtype(3), blob.mutable_cpu_diff());
  layer.Backward(blobs, vector<bool>(1, true), blobs);
  for (int i = 0; i < blob.count(); ++i) {
    const Dtype y = this->Expected(input.cpu_data()[i]);
    EXPECT_NEAR(Dtype(3) * (y * (Dtype(1) - y)), blob.cpu_diff()[i], 1e-5);
  }
}

TYPED_TEST(SigmoidLayerTest, TestRegistered) {
  typedef typename TypeParam::Dtype Dtype;
  LayerParameter layer_param;
  layer_param.set_type("Sigmoid");
  shared_ptr<Layer<Dtype> > layer =
      LayerRegistry<Dtype>::CreateLayer(layer_param);
  EXPECT_STREQ("Sigmoid", layer->type());
}

TYPED_TEST(SigmoidLayerTest, TestTwoTopsRejected) {
  typedef typename TypeParam::Dtype Dtype;
  SigmoidLayer<Dtype> layer((LayerParameter()));
  Blob<Dtype> second_top;
  this->blob_top_vec_.push_back(&second_top);
  try {
    layer.SetUp(this->blob_bottom_vec_, this->blob_top_vec_);
    FAIL() << "expected caffe::Error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("top"), std::string::npos) << e.what();
  }
}

}  // namespace caffe

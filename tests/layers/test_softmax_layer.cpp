#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "caffe/blob.hpp"
#include "caffe/filler.hpp"
#include "caffe/layer_factory.hpp"
#include "caffe/layers/softmax_layer.hpp"
#include "support/filled_bottom_test.hpp"
#include "support/gradient_checker.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {

template <typename TypeParam>
class SoftmaxLayerTest : public FilledBottomTest<TypeParam> {
  typedef typename TypeParam::Dtype Dtype;

 protected:
  SoftmaxLayerTest() : FilledBottomTest<TypeParam>({2, 10, 2, 3}) {}

  // Checks top against exp(x_c - log(sum_k exp(x_k))) along the given axis,
  // with the log-sum-exp taken directly (inputs here are small).
  void CheckSoftmax(const Blob<Dtype>& input, const Blob<Dtype>& output,
                    const int axis) {
    const int outer = input.count(0, axis);
    const int channels = input.shape(axis);
    const int inner = input.count(axis + 1);
    for (int i = 0; i < outer; ++i) {
      for (int j = 0; j < inner; ++j) {
        const Dtype* x = input.cpu_data() + i * channels * inner + j;
        const Dtype* y = output.cpu_data() + i * channels * inner + j;
        double sum = 0;
        for (int c = 0; c < channels; ++c) sum += std::exp(x[c * inner]);
        const double log_sum = std::log(sum);
        for (int c = 0; c < channels; ++c) {
          EXPECT_NEAR(std::exp(x[c * inner] - log_sum), y[c * inner], 1e-6)
              << "at outer " << i << ", channel " << c << ", inner " << j;
        }
      }
    }
  }
};

TYPED_TEST_SUITE(SoftmaxLayerTest, TestDtypesAndDevices);

TYPED_TEST(SoftmaxLayerTest, TestForward) {
  typedef typename TypeParam::Dtype Dtype;
  SoftmaxLayer<Dtype> layer((LayerParameter()));
  layer.SetUp(this->blob_bottom_vec_, this->blob_top_vec_);
  layer.Forward(this->blob_bottom_vec_, this->blob_top_vec_);
  ASSERT_EQ(this->blob_bottom_->shape(), this->blob_top_->shape());
  this->CheckSoftmax(*this->blob_bottom_, *this->blob_top_, 1);
}

TYPED_TEST(SoftmaxLayerTest, TestForwardOtherAxes) {
  typedef typename TypeParam::Dtype Dtype;
  for (int axis : {0, 2, -1}) {
    LayerParameter layer_param;
    layer_param.mutable_softmax_param()->set_axis(axis);
    SoftmaxLayer<Dtype> layer(layer_param);
    layer.SetUp(this->blob_bottom_vec_, this->blob_top_vec_);
    layer.Forward(this->blob_bottom_vec_, this->blob_top_vec_);
    SCOPED_TRACE(axis);
    this->CheckSoftmax(*this->blob_bottom_, *this->blob_top_,
                       axis < 0 ? axis + 4 : axis);
  }
}

TYPED_TEST(SoftmaxLayerTest, TestForwardLargeInputsStable) {
  typedef typename TypeParam::Dtype Dtype;
  // exp(1000) overflows in both types; the max is subtracted first.
  Blob<Dtype>& bottom = *this->blob_bottom_;
  for (int i = 0; i < bottom.count(); ++i) {
    bottom.mutable_cpu_data()[i] += Dtype(1000);
  }
  SoftmaxLayer<Dtype> layer((LayerParameter()));
  layer.SetUp(this->blob_bottom_vec_, this->blob_top_vec_);
  layer.Forward(this->blob_bottom_vec_, this->blob_top_vec_);
  for (int i = 0; i < bottom.count(); ++i) {
    bottom.mutable_cpu_data()[i] -= Dtype(1000);
  }
  this->CheckSoftmax(bottom, *this->blob_top_, 1);
}

TYPED_TEST(SoftmaxLayerTest, TestGradient) {
  typedef typename TypeParam::Dtype Dtype;
  SoftmaxLayer<Dtype> layer((LayerParameter()));
  GradientChecker<Dtype> checker(1e-2, 1e-3);
  checker.CheckGradientExhaustive(&layer, this->blob_bottom_vec_,
                                  this->blob_top_vec_);
}

TYPED_TEST(SoftmaxLayerTest, TestGradientLastAxis) {
  typedef typename TypeParam::Dtype Dtype;
  LayerParameter layer_param;
  layer_param.mutable_softmax_param()->set_axis(-1);
  SoftmaxLayer<Dtype> layer(layer_param);
  GradientChecker<Dtype> checker(1e-2, 1e-3);
  checker.CheckGradient(&layer, this->blob_bottom_vec_, this->blob_top_vec_);
}

TYPED_TEST(SoftmaxLayerTest, TestInPlace) {
  typedef typename TypeParam::Dtype Dtype;
  const int count = this->blob_bottom_->count();
  Blob<Dtype> top_diff(this->blob_bottom_->shape());
  FillerParameter filler_param;
  GaussianFiller<Dtype> filler(filler_param);
  filler.Fill(&top_diff);

  SoftmaxLayer<Dtype> reference_layer((LayerParameter()));
  reference_layer.SetUp(this->blob_bottom_vec_, this->blob_top_vec_);
  reference_layer.Forward(this->blob_bottom_vec_, this->blob_top_vec_);
  caffe_copy(count, top_diff.cpu_data(), this->blob_top_->mutable_cpu_diff());
  reference_layer.Backward(this->blob_top_vec_, vector<bool>(1, true),
                           this->blob_bottom_vec_);

  Blob<Dtype> blob;
  blob.CopyFrom(*this->blob_bottom_, false, true);
  vector<Blob<Dtype>*> blobs(1, &blob);
  SoftmaxLayer<Dtype> layer((LayerParameter()));
  layer.SetUp(blobs, blobs);
  layer.Forward(blobs, blobs);
  caffe_copy(count, top_diff.cpu_data(), blob.mutable_cpu_diff());
  layer.Backward(blobs, vector<bool>(1, true), blobs);
  for (int i = 0; i < count; ++i) {
    EXPECT_NEAR(this->blob_top_->cpu_data()[i], blob.cpu_data()[i], 1e-6);
    EXPECT_NEAR(this->blob_bottom_->cpu_diff()[i], blob.cpu_diff()[i], 1e-6);
  }
}

TYPED_TEST(SoftmaxLayerTest, TestRegistered) {
  typedef typename TypeParam::Dtype Dtype;
  LayerParameter layer_param;
  layer_param.set_type("Softmax");
  EXPECT_STREQ("Softmax",
               LayerRegistry<Dtype>::CreateLayer(layer_param)->type());
}

TYPED_TEST(SoftmaxLayerTest, TestAxisOutOfRange) {
  typedef typename TypeParam::Dtype Dtype;
  LayerParameter layer_param;
  layer_param.mutable_softmax_param()->set_axis(4);
  SoftmaxLayer<Dtype> layer(layer_param);
  try {
    layer.SetUp(this->blob_bottom_vec_, this->blob_top_vec_);
    FAIL() << "expected caffe::Error";
  } catch (const Error& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("axis 4"), std::string::npos) << message;
    EXPECT_NE(message.find("2 10 2 3"), std::string::npos) << message;
  }
}

}  // namespace caffe

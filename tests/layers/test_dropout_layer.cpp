#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "caffe/blob.hpp"
#include "caffe/filler.hpp"
#include "caffe/layers/dropout_layer.hpp"
#include "support/gradient_checker.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {

template <typename TypeParam>
class DropoutLayerTest : public MultiDeviceTest<TypeParam> {
  typedef typename TypeParam::Dtype Dtype;

 protected:
  void SetUp() override {
    MultiDeviceTest<TypeParam>::SetUp();
    if (this->IsSkipped()) return;
    bottom_.Reshape(vector<int>{4, 5, 10, 10});
    FillerParameter filler;
    filler.set_min(1);
    filler.set_max(2);
    UniformFiller<Dtype>(filler).Fill(&bottom_);
    bottom_vec_ = {&bottom_};
    top_vec_ = {&top_};
  }

  // In TRAIN, every output is 0 or input / (1 - ratio), about `ratio` of
  // them 0; Backward passes top_diff through the same mask and scale.
  void CheckTrain(const float ratio) {
    param_.set_phase(TRAIN);
    param_.mutable_dropout_param()->set_dropout_ratio(ratio);
    DropoutLayer<Dtype> layer(param_);
    layer.SetUp(bottom_vec_, top_vec_);
    layer.Forward(bottom_vec_, top_vec_);
    caffe_set(top_.count(), Dtype(3), top_.mutable_cpu_diff());
    layer.Backward(top_vec_, vector<bool>{true}, bottom_vec_);
    const Dtype scale = Dtype(1) / (1 - ratio);
    int dropped = 0;
    for (int i = 0; i < bottom_.count(); ++i) {
      const Dtype out = top_.cpu_data()[i];
      const Dtype diff = bottom_.cpu_diff()[i];
      if (out == 0) {
        ++dropped;
        EXPECT_EQ(0, diff) << i;
      } else {
        EXPECT_NEAR(bottom_.cpu_data()[i] * scale, out, 1e-5) << i;
        EXPECT_NEAR(3 * scale, diff, 1e-5) << i;
      }
    }
    const double fraction = double(dropped) / bottom_.count();
    EXPECT_NEAR(ratio, fraction, 0.05);
  }

  Blob<Dtype> bottom_, top_;
  vector<Blob<Dtype>*> bottom_vec_, top_vec_;
  LayerParameter param_;
};

TYPED_TEST_SUITE(DropoutLayerTest, TestDtypesAndDevices);

TYPED_TEST(DropoutLayerTest, TrainHalf) { this->CheckTrain(0.5); }

TYPED_TEST(DropoutLayerTest, TrainThreeQuarters) { this->CheckTrain(0.75); }

TYPED_TEST(DropoutLayerTest, TrainZeroRatioKeepsAll) { this->CheckTrain(0); }

TYPED_TEST(DropoutLayerTest, TestIsIdentity) {
  typedef typename TypeParam::Dtype Dtype;
  this->param_.set_phase(TEST);
  DropoutLayer<Dtype> layer(this->param_);
  layer.SetUp(this->bottom_vec_, this->top_vec_);
  layer.Forward(this->bottom_vec_, this->top_vec_);
  caffe_set(this->top_.count(), Dtype(3), this->top_.mutable_cpu_diff());
  layer.Backward(this->top_vec_, vector<bool>{true}, this->bottom_vec_);
  for (int i = 0; i < this->bottom_.count(); ++i) {
    EXPECT_EQ(this->bottom_.cpu_data()[i], this->top_.cpu_data()[i]);
    EXPECT_EQ(Dtype(3), this->bottom_.cpu_diff()[i]);
  }
}

TYPED_TEST(DropoutLayerTest, InPlaceTrain) {
  typedef typename TypeParam::Dtype Dtype;
  Blob<Dtype> original;
  original.CopyFrom(this->bottom_, false, true);
  this->param_.set_phase(TRAIN);
  DropoutLayer<Dtype> layer(this->param_);
  vector<Blob<Dtype>*> in_place{&this->bottom_};
  layer.SetUp(in_place, in_place);
  layer.Forward(in_place, in_place);
  for (int i = 0; i < original.count(); ++i) {
    const Dtype out = this->bottom_.cpu_data()[i];
    if (out != 0) {
      EXPECT_NEAR(original.cpu_data()[i] * 2, out, 1e-5) << i;
    }
  }
}

TYPED_TEST(DropoutLayerTest, Gradient) {
  typedef typename TypeParam::Dtype Dtype;
  this->bottom_.Reshape(vector<int>{2, 3, 4, 5});
  this->param_.set_phase(TRAIN);
  DropoutLayer<Dtype> layer(this->param_);
  GradientChecker<Dtype> checker(1e-2, 1e-3);
  checker.CheckGradientEltwise(&layer, this->bottom_vec_, this->top_vec_);
  this->param_.set_phase(TEST);
  DropoutLayer<Dtype> test_layer(this->param_);
  checker.CheckGradientEltwise(&test_layer, this->bottom_vec_, this->top_vec_);
}

TYPED_TEST(DropoutLayerTest, BadRatio) {
  typedef typename TypeParam::Dtype Dtype;
  for (const float ratio : {1.0f, -0.1f, 1.5f}) {
    this->param_.mutable_dropout_param()->set_dropout_ratio(ratio);
    DropoutLayer<Dtype> layer(this->param_);
    try {
      layer.SetUp(this->bottom_vec_, this->top_vec_);
      FAIL() << "expected caffe::Error for dropout_ratio " << ratio;
    } catch (const Error& error) {
      const std::string message = error.what();
      EXPECT_NE(message.find("dropout_ratio must be in [0, 1)"),
                std::string::npos)
          << message;
    }
  }
}

}  // namespace caffe

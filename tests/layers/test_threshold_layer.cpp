#include <gtest/gtest.h>

#include <vector>

#include "caffe/blob.hpp"
#include "caffe/layers/threshold_layer.hpp"
#include "layers/neuron_test_util.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {

template <typename TypeParam>
class ThresholdLayerTest : public NeuronLayerTest<TypeParam> {};

TYPED_TEST_SUITE(ThresholdLayerTest, TestDtypesAndDevices);

static LayerParameter ThresholdParam(const float threshold) {
  LayerParameter param;
  param.set_type("Threshold");
  param.mutable_threshold_param()->set_threshold(threshold);
  return param;
}

TYPED_TEST(ThresholdLayerTest, TestForwardDefault) {
  LayerParameter param;
  param.set_type("Threshold");
  this->CheckForward(param, [](double x) { return x > 0 ? 1.0 : 0.0; });
}

// A value equal to the threshold is not above it.
TYPED_TEST(ThresholdLayerTest, TestForward) {
  this->blob_bottom_->mutable_cpu_data()[0] = 0.5;
  this->CheckForward(ThresholdParam(0.5),
                     [](double x) { return x > 0.5 ? 1.0 : 0.0; });
  EXPECT_EQ(0, this->blob_top_->cpu_data()[0]);
}

TYPED_TEST(ThresholdLayerTest, TestInPlace) {
  typedef typename TypeParam::Dtype Dtype;
  ThresholdLayer<Dtype> layer(ThresholdParam(0.2));
  Blob<Dtype> input;
  input.CopyFrom(*this->blob_bottom_, false, true);
  vector<Blob<Dtype>*> blobs(1, this->blob_bottom_.get());
  layer.SetUp(blobs, blobs);
  layer.Forward(blobs, blobs);
  for (int i = 0; i < input.count(); ++i) {
    EXPECT_EQ(input.cpu_data()[i] > Dtype(0.2) ? 1 : 0,
              this->blob_bottom_->cpu_data()[i]);
  }
}

TYPED_TEST(ThresholdLayerTest, TestBackwardRejected) {
  typedef typename TypeParam::Dtype Dtype;
  ThresholdLayer<Dtype> layer(ThresholdParam(0));
  layer.SetUp(this->blob_bottom_vec_, this->blob_top_vec_);
  layer.Forward(this->blob_bottom_vec_, this->blob_top_vec_);
  // Without a gradient asked for, Backward does nothing.
  layer.Backward(this->blob_top_vec_, vector<bool>(1, false),
                 this->blob_bottom_vec_);
  ExpectErrorMentioning(
      [&] {
        layer.Backward(this->blob_top_vec_, vector<bool>(1, true),
                       this->blob_bottom_vec_);
      },
      {"Threshold", "gradient"});
}

}  // namespace caffe

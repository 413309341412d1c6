#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "caffe/blob.hpp"
#include "caffe/filler.hpp"
#include "caffe/layer_factory.hpp"
#include "caffe/layers/relu_layer.hpp"
#include "support/filled_bottom_test.hpp"
#include "support/gradient_checker.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {

template <typename TypeParam>
class ReLULayerTest : public FilledBottomTest<TypeParam> {
  typedef typename TypeParam::Dtype Dtype;

 protected:
  ReLULayerTest() : FilledBottomTest<TypeParam>({2, 3, 4, 5}) {}

  // Checks forward values against max(x, 0) + slope * min(x, 0).
  void CheckForward(const float slope) {
    LayerParameter layer_param;
    layer_param.mutable_relu_param()->set_negative_slope(slope);
    const Dtype negative_slope = slope;
    ReLULayer<Dtype> layer(layer_param);
    layer.SetUp(this->blob_bottom_vec_, this->blob_top_vec_);
    layer.Forward(this->blob_bottom_vec_, this->blob_top_vec_);
    ASSERT_EQ(this->blob_bottom_->shape(), this->blob_top_->shape());
    const Dtype* x = this->blob_bottom_->cpu_data();
    const Dtype* y = this->blob_top_->cpu_data();
    for (int i = 0; i < this->blob_bottom_->count(); ++i) {
      const Dtype expected =
          std::max(x[i], Dtype(0)) + negative_slope * std::min(x[i], Dtype(0));
      EXPECT_EQ(expected, y[i]) << "at " << i;
    }
  }

  void CheckGradient(const Dtype negative_slope) {
    LayerParameter layer_param;
    layer_param.mutable_relu_param()->set_negative_slope(negative_slope);
    ReLULayer<Dtype> layer(layer_param);
    // The kink at 0 has no derivative; skip inputs within 0.01 of it.
    GradientChecker<Dtype> checker(1e-2, 1e-3, 1701, 0., 0.01);
    checker.CheckGradientEltwise(&layer, this->blob_bottom_vec_,
                                 this->blob_top_vec_);
  }
};

TYPED_TEST_SUITE(ReLULayerTest, TestDtypesAndDevices);

TYPED_TEST(ReLULayerTest, TestForward) { this->CheckForward(0); }

TYPED_TEST(ReLULayerTest, TestForwardLeaky) { this->CheckForward(0.01); }

TYPED_TEST(ReLULayerTest, TestGradient) { this->CheckGradient(0); }

TYPED_TEST(ReLULayerTest, TestGradientLeaky) { this->CheckGradient(0.01); }

TYPED_TEST(ReLULayerTest, TestInPlace) {
  typedef typename TypeParam::Dtype Dtype;
  const Dtype slope = 0.25;
  LayerParameter layer_param;
  layer_param.mutable_relu_param()->set_negative_slope(slope);
  ReLULayer<Dtype> layer(layer_param);
  Blob<Dtype> input;
  input.CopyFrom(*this->blob_bottom_, false, true);
  // Bottom and top are the same blob.
  vector<Blob<Dtype>*> blobs(1, this->blob_bottom_.get());
  layer.SetUp(blobs, blobs);
  layer.Forward(blobs, blobs);
  Blob<Dtype>& blob = *this->blob_bottom_;
  for (int i = 0; i < blob.count(); ++i) {
    const Dtype x = input.cpu_data()[i];
    EXPECT_EQ(x > 0 ? x : slope * x, blob.cpu_data()[i]);
  }
  caffe_set(blob.count(), Dtype(2), blob.mutable_cpu_diff());
  layer.Backward(blobs, vector<bool>(1, true), blobs);
  for (int i = 0; i < blob.count(); ++i) {
    const Dtype x = input.cpu_data()[i];
    EXPECT_EQ(x > 0 ? Dtype(2) : Dtype(2) * slope, blob.cpu_diff()[i]);
  }
}

TYPED_TEST(ReLULayerTest, TestRegistered) {
  typedef typename TypeParam::Dtype Dtype;
  LayerParameter layer_param;
  layer_param.set_type("ReLU");
  shared_ptr<Layer<Dtype> > layer =
      LayerRegistry<Dtype>::CreateLayer(layer_param);
  EXPECT_STREQ("ReLU", layer->type());
}

TYPED_TEST(ReLULayerTest, TestTwoBottomsRejected) {
  typedef typename TypeParam::Dtype Dtype;
  ReLULayer<Dtype> layer((LayerParameter()));
  this->blob_bottom_vec_.push_back(this->blob_bottom_.get());
  try {
    layer.SetUp(this->blob_bottom_vec_, this->blob_top_vec_);
    FAIL() << "expected caffe::Error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("bottom"), std::string::npos)
        << e.what();
  }
}

}  // namespace caffe

#include <gtest/gtest.h>

#include <vector>

#include "caffe/blob.hpp"
#include "caffe/filler.hpp"
#include "caffe/layers/bias_layer.hpp"
#include "layers/layer_error_util.hpp"
#include "support/filled_bottom_test.hpp"
#include "support/gradient_checker.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {

template <typename TypeParam>
class BiasLayerTest : public LayerParamTest<TypeParam> {
  typedef typename TypeParam::Dtype Dtype;

 protected:
  BiasLayerTest() : LayerParamTest<TypeParam>("Bias") {}
  void SetUp() override {
    LayerParamTest<TypeParam>::SetUp();
    this->param_.mutable_bias_param()->mutable_filler()->set_type("gaussian");
  }

  // Expects top[n,c,h,w] = bottom[n,c,h,w] + bias(n,c,h,w).
  template <typename F>
  void ExpectForward(F bias) {
    ASSERT_EQ(this->bottom_.shape(), this->top_.shape());
    for (int n = 0; n < 2; ++n)
      for (int c = 0; c < 3; ++c)
        for (int h = 0; h < 4; ++h)
          for (int w = 0; w < 5; ++w) {
            EXPECT_NEAR(this->bottom_.data_at(n, c, h, w) + bias(n, c, h, w),
                        this->top_.data_at(n, c, h, w), 1e-5);
          }
  }
};

TYPED_TEST_SUITE(BiasLayerTest, TestDtypesAndDevices);

TYPED_TEST(BiasLayerTest, ForwardLearnedPerChannel) {
  typedef typename TypeParam::Dtype Dtype;
  BiasLayer<Dtype> layer(this->param_);
  layer.SetUp(this->bottom_vec_, this->top_vec_);
  ASSERT_EQ(1u, layer.blobs().size());
  EXPECT_EQ((vector<int>{3}), layer.blobs()[0]->shape());
  layer.Forward(this->bottom_vec_, this->top_vec_);
  const Dtype* b = layer.blobs()[0]->cpu_data();
  this->ExpectForward([&](int, int c, int, int) { return b[c]; });
}

TYPED_TEST(BiasLayerTest, ForwardLearnedAxes1To2AndDefaultFiller) {
  typedef typename TypeParam::Dtype Dtype;
  this->param_.mutable_bias_param()->set_num_axes(2);
  BiasLayer<Dtype> layer(this->param_);
  layer.SetUp(this->bottom_vec_, this->top_vec_);
  EXPECT_EQ((vector<int>{3, 4}), layer.blobs()[0]->shape());
  layer.Forward(this->bottom_vec_, this->top_vec_);
  const Dtype* b = layer.blobs()[0]->cpu_data();
  this->ExpectForward([&](int, int c, int h, int) { return b[c * 4 + h]; });

  LayerParameter plain;
  BiasLayer<Dtype> zero(plain);
  zero.SetUp(this->bottom_vec_, this->top_vec_);
  EXPECT_EQ(0, zero.blobs()[0]->asum_data());
}

TYPED_TEST(BiasLayerTest, ForwardSecondBottomAndInPlace) {
  typedef typename TypeParam::Dtype Dtype;
  Blob<Dtype> bias(vector<int>{4, 5});
  GaussianFiller<Dtype>(FillerParameter()).Fill(&bias);
  this->param_.mutable_bias_param()->set_axis(-2);
  vector<Blob<Dtype>*> bottoms{&this->bottom_, &bias};
  BiasLayer<Dtype> layer(this->param_);
  layer.SetUp(bottoms, this->top_vec_);
  EXPECT_TRUE(layer.blobs().empty());
  layer.Forward(bottoms, this->top_vec_);
  const Dtype* b = bias.cpu_data();
  this->ExpectForward([&](int, int, int h, int w) { return b[h * 5 + w]; });

  // In place gives the same numbers.
  Blob<Dtype> expected;
  expected.CopyFrom(this->top_, false, true);
  vector<Blob<Dtype>*> in_place{&this->bottom_};
  layer.Forward(bottoms, in_place);
  for (int i = 0; i < expected.count(); ++i) {
    EXPECT_EQ(expected.cpu_data()[i], this->bottom_.cpu_data()[i]);
  }
}

TYPED_TEST(BiasLayerTest, ForwardScalarBottom) {
  typedef typename TypeParam::Dtype Dtype;
  Blob<Dtype> bias((vector<int>()));
  bias.mutable_cpu_data()[0] = 0.75;
  vector<Blob<Dtype>*> bottoms{&this->bottom_, &bias};
  BiasLayer<Dtype> layer(this->param_);
  layer.SetUp(bottoms, this->top_vec_);
  layer.Forward(bottoms, this->top_vec_);
  this->ExpectForward([](int, int, int, int) { return 0.75; });
}

TYPED_TEST(BiasLayerTest, GradientLearned) {
  typedef typename TypeParam::Dtype Dtype;
  this->bottom_.Reshape(vector<int>{2, 3, 2, 2});
  this->param_.mutable_bias_param()->set_num_axes(-1);
  BiasLayer<Dtype> layer(this->param_);
  GradientChecker<Dtype> checker(1e-2, 1e-3);
  checker.CheckGradientExhaustive(&layer, this->bottom_vec_, this->top_vec_);
}

TYPED_TEST(BiasLayerTest, GradientSecondBottom) {
  typedef typename TypeParam::Dtype Dtype;
  this->bottom_.Reshape(vector<int>{2, 3, 2, 2});
  Blob<Dtype> bias(vector<int>{2, 3});
  GaussianFiller<Dtype>(FillerParameter()).Fill(&bias);
  this->param_.mutable_bias_param()->set_axis(0);
  vector<Blob<Dtype>*> bottoms{&this->bottom_, &bias};
  BiasLayer<Dtype> layer(this->param_);
  GradientChecker<Dtype> checker(1e-2, 1e-3);
  checker.CheckGradientExhaustive(&layer, bottoms, this->top_vec_);
}

TYPED_TEST(BiasLayerTest, BadInput) {
  typedef typename TypeParam::Dtype Dtype;
  vector<Blob<Dtype>*> three{&this->bottom_, &this->bottom_, &this->bottom_};
  ExpectLayerError(this->param_, three, this->top_vec_,
                   {"at most 2 bottom", "given 3"});

  Blob<Dtype> wrong(vector<int>{4, 4});
  vector<Blob<Dtype>*> bottoms{&this->bottom_, &wrong};
  LayerParameter axis2 = this->param_;
  axis2.mutable_bias_param()->set_axis(2);
  ExpectLayerError(axis2, bottoms, this->top_vec_,
                   {"bias shape 4 4", "2 3 4 5", "axis 2"});

  LayerParameter bad = this->param_;
  bad.mutable_bias_param()->set_num_axes(4);
  ExpectLayerError(bad, this->bottom_vec_, this->top_vec_,
                   {"extends past bottom[0]", "axis = 1"});
  bad.mutable_bias_param()->set_num_axes(-2);
  ExpectLayerError(bad, this->bottom_vec_, this->top_vec_, {"num_axes", "-2"});
  bad.mutable_bias_param()->set_num_axes(1);
  bad.mutable_bias_param()->set_axis(4);
  ExpectLayerError(bad, this->bottom_vec_, this->top_vec_,
                   {"axis 4 out of range"});

  // A stored bias that does not fit the bottom.
  LayerParameter stored = this->param_;
  Blob<Dtype>(vector<int>{7}).ToProto(stored.add_blobs());
  ExpectLayerError(stored, this->bottom_vec_, this->top_vec_,
                   {"bias shape 7", "2 3 4 5"});
}

}  // namespace caffe

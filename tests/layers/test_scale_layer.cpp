#include <gtest/gtest.h>

#include <vector>

#include "caffe/blob.hpp"
#include "caffe/filler.hpp"
#include "caffe/layers/scale_layer.hpp"
#include "layers/layer_error_util.hpp"
#include "support/filled_bottom_test.hpp"
#include "support/gradient_checker.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {

template <typename TypeParam>
class ScaleLayerTest : public LayerParamTest<TypeParam> {
  typedef typename TypeParam::Dtype Dtype;

 protected:
  ScaleLayerTest() : LayerParamTest<TypeParam>("Scale") {}
  void SetUp() override {
    LayerParamTest<TypeParam>::SetUp();
    ScaleParameter* scale = this->param_.mutable_scale_param();
    scale->mutable_filler()->set_type("gaussian");
    scale->mutable_bias_filler()->set_type("gaussian");
  }

  // Expects top[n,c,h,w] = bottom[n,c,h,w] * scale(...) + bias(...).
  template <typename S, typename B>
  void ExpectForward(const Blob<Dtype>& input, S scale, B bias) {
    ASSERT_EQ(input.shape(), this->top_.shape());
    for (int n = 0; n < 2; ++n)
      for (int c = 0; c < 3; ++c)
        for (int h = 0; h < 4; ++h)
          for (int w = 0; w < 5; ++w) {
            EXPECT_NEAR(input.data_at(n, c, h, w) * scale(n, c, h, w) +
                            bias(n, c, h, w),
                        this->top_.data_at(n, c, h, w), 1e-5);
          }
  }
};

TYPED_TEST_SUITE(ScaleLayerTest, TestDtypesAndDevices);

TYPED_TEST(ScaleLayerTest, ForwardLearnedWithBias) {
  typedef typename TypeParam::Dtype Dtype;
  this->param_.mutable_scale_param()->set_bias_term(true);
  ScaleLayer<Dtype> layer(this->param_);
  layer.SetUp(this->bottom_vec_, this->top_vec_);
  ASSERT_EQ(2u, layer.blobs().size());
  EXPECT_EQ((vector<int>{3}), layer.blobs()[0]->shape());
  EXPECT_EQ((vector<int>{3}), layer.blobs()[1]->shape());
  layer.Forward(this->bottom_vec_, this->top_vec_);
  const Dtype* s = layer.blobs()[0]->cpu_data();
  const Dtype* b = layer.blobs()[1]->cpu_data();
  this->ExpectForward(
      this->bottom_, [&](int, int c, int, int) { return s[c]; },
      [&](int, int c, int, int) { return b[c]; });
}

TYPED_TEST(ScaleLayerTest, DefaultFillerIsOne) {
  typedef typename TypeParam::Dtype Dtype;
  LayerParameter plain;
  plain.mutable_scale_param()->set_num_axes(0);
  ScaleLayer<Dtype> layer(plain);
  layer.SetUp(this->bottom_vec_, this->top_vec_);
  EXPECT_EQ(vector<int>(), layer.blobs()[0]->shape());
  EXPECT_EQ(1, layer.blobs()[0]->cpu_data()[0]);
}

TYPED_TEST(ScaleLayerTest, ForwardSecondBottomInPlaceWithBias) {
  typedef typename TypeParam::Dtype Dtype;
  Blob<Dtype> scale(vector<int>{3, 4});
  GaussianFiller<Dtype>(FillerParameter()).Fill(&scale);
  this->param_.mutable_scale_param()->set_bias_term(true);
  Blob<Dtype> input;
  input.CopyFrom(this->bottom_, false, true);
  vector<Blob<Dtype>*> bottoms{&this->bottom_, &scale};
  vector<Blob<Dtype>*> in_place{&this->bottom_};
  ScaleLayer<Dtype> layer(this->param_);
  layer.SetUp(bottoms, in_place);
  ASSERT_EQ(1u, layer.blobs().size());
  EXPECT_EQ((vector<int>{3, 4}), layer.blobs()[0]->shape());
  layer.Forward(bottoms, in_place);
  this->top_.CopyFrom(this->bottom_, false, true);
  const Dtype* s = scale.cpu_data();
  const Dtype* b = layer.blobs()[0]->cpu_data();
  this->ExpectForward(
      input, [&](int, int c, int h, int) { return s[c * 4 + h]; },
      [&](int, int c, int h, int) { return b[c * 4 + h]; });
}

TYPED_TEST(ScaleLayerTest, StoredBlobsAreUsed) {
  typedef typename TypeParam::Dtype Dtype;
  this->param_.mutable_scale_param()->set_bias_term(true);
  this->param_.mutable_scale_param()->set_axis(-1);
  Blob<Dtype> scale(vector<int>{5}), bias(vector<int>{5});
  for (int i = 0; i < 5; ++i) {
    scale.mutable_cpu_data()[i] = i;
    bias.mutable_cpu_data()[i] = -i;
  }
  scale.ToProto(this->param_.add_blobs());
  bias.ToProto(this->param_.add_blobs());
  ScaleLayer<Dtype> layer(this->param_);
  layer.SetUp(this->bottom_vec_, this->top_vec_);
  layer.Forward(this->bottom_vec_, this->top_vec_);
  this->ExpectForward(
      this->bottom_, [](int, int, int, int w) { return w; },
      [](int, int, int, int w) { return -w; });
}

TYPED_TEST(ScaleLayerTest, GradientLearnedWithBias) {
  typedef typename TypeParam::Dtype Dtype;
  this->bottom_.Reshape(vector<int>{2, 3, 2, 2});
  this->param_.mutable_scale_param()->set_bias_term(true);
  this->param_.mutable_scale_param()->set_num_axes(2);
  ScaleLayer<Dtype> layer(this->param_);
  GradientChecker<Dtype> checker(1e-2, 1e-3);
  checker.CheckGradientExhaustive(&layer, this->bottom_vec_, this->top_vec_);
}

TYPED_TEST(ScaleLayerTest, GradientSecondBottomWithBias) {
  typedef typename TypeParam::Dtype Dtype;
  this->bottom_.Reshape(vector<int>{2, 3, 2, 2});
  Blob<Dtype> scale(vector<int>{2, 3});
  GaussianFiller<Dtype>(FillerParameter()).Fill(&scale);
  this->param_.mutable_scale_param()->set_axis(0);
  this->param_.mutable_scale_param()->set_bias_term(true);
  vector<Blob<Dtype>*> bottoms{&this->bottom_, &scale};
  ScaleLayer<Dtype> layer(this->param_);
  GradientChecker<Dtype> checker(1e-2, 1e-3);
  checker.CheckGradientExhaustive(&layer, bottoms, this->top_vec_);
}

TYPED_TEST(ScaleLayerTest, GradientEltwiseScalar) {
  typedef typename TypeParam::Dtype Dtype;
  this->bottom_.Reshape(vector<int>{2, 3, 2});
  Blob<Dtype> scale((vector<int>()));
  scale.mutable_cpu_data()[0] = -1.5;
  vector<Blob<Dtype>*> bottoms{&this->bottom_, &scale};
  ScaleLayer<Dtype> layer(this->param_);
  GradientChecker<Dtype> checker(1e-2, 1e-3);
  checker.CheckGradientExhaustive(&layer, bottoms, this->top_vec_);
}

TYPED_TEST(ScaleLayerTest, BadInput) {
  typedef typename TypeParam::Dtype Dtype;
  vector<Blob<Dtype>*> none;
  ExpectLayerError(this->param_, none, this->top_vec_,
                   {"at least 1 bottom", "given 0"});

  Blob<Dtype> wrong(vector<int>{3, 5});
  vector<Blob<Dtype>*> bottoms{&this->bottom_, &wrong};
  ExpectLayerError(this->param_, bottoms, this->top_vec_,
                   {"scale shape 3 5", "2 3 4 5", "axis 1"});

  LayerParameter bad = this->param_;
  bad.mutable_scale_param()->set_axis(2);
  bad.mutable_scale_param()->set_num_axes(3);
  ExpectLayerError(bad, this->bottom_vec_, this->top_vec_,
                   {"scale blob's shape extends past", "axis = 2"});

  LayerParameter extra = this->param_;
  Blob<Dtype>(vector<int>{3}).ToProto(extra.add_blobs());
  Blob<Dtype>(vector<int>{3}).ToProto(extra.add_blobs());
  ExpectLayerError(extra, this->bottom_vec_, this->top_vec_,
                   {"expects 1 blob", "got 2"});

  LayerParameter bias = this->param_;
  bias.mutable_scale_param()->set_bias_term(true);
  Blob<Dtype>(vector<int>{3}).ToProto(bias.add_blobs());
  Blob<Dtype>(vector<int>{4}).ToProto(bias.add_blobs());
  ExpectLayerError(bias, this->bottom_vec_, this->top_vec_,
                   {"bias blob has shape 4", "expected 3"});
}

}  // namespace caffe

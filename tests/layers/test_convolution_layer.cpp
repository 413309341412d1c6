#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <memory>
#include <string>
#include <vector>

#include "caffe/blob.hpp"
#include "caffe/filler.hpp"
#include "caffe/layers/conv_layer.hpp"
#include "layers/conv_test_support.hpp"
#include "support/gradient_checker.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {

namespace {

using conv_test::FillGaussian;
using conv_test::Geometry;

// Direct convolution written from the definition, for 4-D or 5-D blobs.
template <typename Dtype>
void ReferenceConvolution(const Blob<Dtype>& in, const Blob<Dtype>& weights,
                          const Blob<Dtype>* bias, const int group,
                          const Geometry& g, Blob<Dtype>* out) {
  const int spatial_offset = 5 - in.num_axes();  // 1 for 4-D blobs
  std::array<int, 3> in_size{{1, 1, 1}};
  std::array<int, 3> out_size;
  for (int a = spatial_offset; a < 3; ++a) {
    in_size[a] = in.shape(a + 2 - spatial_offset);
  }
  for (int a = 0; a < 3; ++a) {
    const int extent = g.dilation[a] * (g.kernel[a] - 1) + 1;
    out_size[a] = (in_size[a] + 2 * g.pad[a] - extent) / g.stride[a] + 1;
  }
  const int num = in.shape(0);
  const int channels = in.shape(1);
  const int num_output = weights.shape(0);
  vector<int> out_shape{num, num_output};
  for (int a = spatial_offset; a < 3; ++a) out_shape.push_back(out_size[a]);
  out->Reshape(out_shape);
  const int in_per_group = channels / group;
  const int out_per_group = num_output / group;
  const Dtype* x = in.cpu_data();
  const Dtype* w = weights.cpu_data();
  Dtype* y = out->mutable_cpu_data();
  for (int n = 0; n < num; ++n)
  for (int o = 0; o < num_output; ++o)
  for (int od = 0; od < out_size[0]; ++od)
  for (int oh = 0; oh < out_size[1]; ++oh)
  for (int ow = 0; ow < out_size[2]; ++ow) {
    Dtype sum = bias ? bias->cpu_data()[o] : Dtype(0);
    const int first_c = (o / out_per_group) * in_per_group;
    for (int c = 0; c < in_per_group; ++c)
    for (int kd = 0; kd < g.kernel[0]; ++kd)
    for (int kh = 0; kh < g.kernel[1]; ++kh)
    for (int kw = 0; kw < g.kernel[2]; ++kw) {
      const int id = od * g.stride[0] - g.pad[0] + kd * g.dilation[0];
      const int ih = oh * g.stride[1] - g.pad[1] + kh * g.dilation[1];
      const int iw = ow * g.stride[2] - g.pad[2] + kw * g.dilation[2];
      if (id < 0 || id >= in_size[0] || ih < 0 || ih >= in_size[1] ||
          iw < 0 || iw >= in_size[2]) {
        continue;
      }
      const int in_index =
          (((n * channels + first_c + c) * in_size[0] + id) * in_size[1] + ih) *
              in_size[2] + iw;
      const int w_index =
          (((o * in_per_group + c) * g.kernel[0] + kd) * g.kernel[1] + kh) *
              g.kernel[2] + kw;
      sum += x[in_index] * w[w_index];
    }
    *y++ = sum;
  }
}

}  // namespace

template <typename TypeParam>
class ConvolutionLayerTest
    : public conv_test::ConvLayerTest<
          TypeParam, ConvolutionLayer,
          ReferenceConvolution<typename TypeParam::Dtype>> {
 protected:
  void SetUp() override {
    MultiDeviceTest<TypeParam>::SetUp();
    if (this->IsSkipped()) return;
    this->SetUpBlobs(vector<int>{2, 3, 6, 5});
  }
};

TYPED_TEST_SUITE(ConvolutionLayerTest, TestDtypesAndDevices);

TYPED_TEST(ConvolutionLayerTest, SetUpShapes) {
  typedef typename TypeParam::Dtype Dtype;
  ConvolutionParameter* conv = this->param_.mutable_convolution_param();
  conv->add_kernel_size(3);
  conv->add_stride(2);
  conv->set_num_output(4);
  this->bottom_vec_.push_back(&this->bottom2_);
  this->top_vec_.push_back(&this->top2_);
  ConvolutionLayer<Dtype> layer(this->param_);
  layer.SetUp(this->bottom_vec_, this->top_vec_);
  EXPECT_EQ((vector<int>{2, 4, 2, 2}), this->top_.shape());
  EXPECT_EQ((vector<int>{2, 4, 2, 2}), this->top2_.shape());
  EXPECT_EQ((vector<int>{4, 3, 3, 3}), layer.blobs()[0]->shape());
  EXPECT_EQ((vector<int>{4}), layer.blobs()[1]->shape());

  conv->set_group(3);
  conv->set_num_output(3);
  conv->set_bias_term(false);
  ConvolutionLayer<Dtype> grouped(this->param_);
  grouped.SetUp(this->bottom_vec_, this->top_vec_);
  EXPECT_EQ((vector<int>{2, 3, 2, 2}), this->top_.shape());
  EXPECT_EQ((vector<int>{3, 1, 3, 3}), grouped.blobs()[0]->shape());
  EXPECT_EQ(1u, grouped.blobs().size());
}

TYPED_TEST(ConvolutionLayerTest, ForwardStrided) {
  ConvolutionParameter* conv = this->param_.mutable_convolution_param();
  conv->add_kernel_size(3);
  conv->add_stride(2);
  conv->set_num_output(4);
  this->bottom_vec_.push_back(&this->bottom2_);
  this->top_vec_.push_back(&this->top2_);
  Geometry g;
  g.kernel = {{1, 3, 3}};
  g.stride = {{1, 2, 2}};
  this->CheckForward(g);
}

TYPED_TEST(ConvolutionLayerTest, ForwardFollowsTheInputSize) {
  typedef typename TypeParam::Dtype Dtype;
  ConvolutionParameter* conv = this->param_.mutable_convolution_param();
  conv->add_kernel_size(3);
  conv->set_num_output(4);
  conv->mutable_bias_filler()->set_type("gaussian");
  ConvolutionLayer<Dtype> layer(this->param_);
  layer.SetUp(this->bottom_vec_, this->top_vec_);
  Geometry g;
  g.kernel = {{1, 3, 3}};
  // Larger, smaller, then larger output planes: the bias reaches every
  // output position.
  for (const vector<int>& shape :
       {vector<int>{2, 3, 9, 7}, vector<int>{1, 3, 4, 4},
        vector<int>{2, 3, 6, 5}}) {
    this->bottom_.Reshape(shape);
    conv_test::FillGaussian(&this->bottom_);
    layer.Reshape(this->bottom_vec_, this->top_vec_);
    layer.Forward(this->bottom_vec_, this->top_vec_);
    SCOPED_TRACE(this->bottom_.shape_string());
    this->ExpectForwardOf(layer, g);
  }
}

TYPED_TEST(ConvolutionLayerTest, ForwardPadStrideDilationGroup) {
  ConvolutionParameter* conv = this->param_.mutable_convolution_param();
  conv->set_kernel_h(2);
  conv->set_kernel_w(3);
  conv->set_pad_h(2);
  conv->set_pad_w(1);
  conv->set_stride_h(2);
  conv->set_stride_w(1);
  conv->add_dilation(2);
  conv->set_group(3);
  conv->set_num_output(6);
  Geometry g;
  g.kernel = {{1, 2, 3}};
  g.pad = {{0, 2, 1}};
  g.stride = {{1, 2, 1}};
  g.dilation = {{1, 2, 2}};
  this->CheckForward(g);
}

TYPED_TEST(ConvolutionLayerTest, ForwardOneByOne) {
  ConvolutionParameter* conv = this->param_.mutable_convolution_param();
  conv->add_kernel_size(1);
  conv->set_num_output(4);
  Geometry g;
  this->CheckForward(g);
}

TYPED_TEST(ConvolutionLayerTest, ForwardNdIm2colOn2d) {
  ConvolutionParameter* conv = this->param_.mutable_convolution_param();
  conv->add_kernel_size(3);
  conv->add_kernel_size(2);
  conv->add_pad(1);
  conv->add_stride(2);
  conv->add_dilation(1);
  conv->add_dilation(2);
  conv->set_num_output(2);
  conv->set_force_nd_im2col(true);
  Geometry g;
  g.kernel = {{1, 3, 2}};
  g.pad = {{0, 1, 1}};
  g.stride = {{1, 2, 2}};
  g.dilation = {{1, 1, 2}};
  this->CheckForward(g);
}

TYPED_TEST(ConvolutionLayerTest, Forward3d) {
  this->bottom_.Reshape(vector<int>{2, 2, 4, 5, 3});
  FillGaussian(&this->bottom_);
  ConvolutionParameter* conv = this->param_.mutable_convolution_param();
  conv->add_kernel_size(3);
  conv->add_kernel_size(2);
  conv->add_kernel_size(2);
  conv->add_pad(1);
  conv->add_stride(2);
  conv->add_stride(1);
  conv->add_stride(1);
  conv->set_num_output(4);
  conv->set_group(2);
  Geometry g;
  g.kernel = {{3, 2, 2}};
  g.pad = {{1, 1, 1}};
  g.stride = {{2, 1, 1}};
  this->CheckForward(g);
}

TYPED_TEST(ConvolutionLayerTest, UsesGivenWeights) {
  typedef typename TypeParam::Dtype Dtype;
  ConvolutionParameter* conv = this->param_.mutable_convolution_param();
  conv->add_kernel_size(3);
  conv->set_num_output(1);
  conv->set_bias_term(false);
  Blob<Dtype> weights(vector<int>{1, 3, 3, 3});
  caffe_set(weights.count(), Dtype(1), weights.mutable_cpu_data());
  weights.ToProto(this->param_.add_blobs());
  ConvolutionLayer<Dtype> layer(this->param_);
  layer.SetUp(this->bottom_vec_, this->top_vec_);
  layer.Forward(this->bottom_vec_, this->top_vec_);
  // A box filter of ones sums the 3x3x3 window.
  Dtype sum = 0;
  for (int c = 0; c < 3; ++c)
    for (int h = 0; h < 3; ++h)
      for (int w = 0; w < 3; ++w) sum += this->bottom_.data_at(0, c, h, w);
  EXPECT_NEAR(sum, this->top_.data_at(0, 0, 0, 0), 1e-4);

  Blob<Dtype> wrong(vector<int>{1, 3, 2, 3});
  this->param_.clear_blobs();
  wrong.ToProto(this->param_.add_blobs());
  this->ExpectSetUpError({"weight shape"});
}

TYPED_TEST(ConvolutionLayerTest, Gradient) {
  ConvolutionParameter* conv = this->param_.mutable_convolution_param();
  conv->add_kernel_size(3);
  conv->add_stride(2);
  conv->add_pad(1);
  conv->set_num_output(2);
  this->bottom_vec_.push_back(&this->bottom2_);
  this->top_vec_.push_back(&this->top2_);
  this->CheckGradient();
}

TYPED_TEST(ConvolutionLayerTest, GradientDilationGroup) {
  ConvolutionParameter* conv = this->param_.mutable_convolution_param();
  conv->add_kernel_size(2);
  conv->add_dilation(2);
  conv->set_group(3);
  conv->set_num_output(3);
  this->CheckGradient();
}

TYPED_TEST(ConvolutionLayerTest, GradientOneByOne) {
  ConvolutionParameter* conv = this->param_.mutable_convolution_param();
  conv->add_kernel_size(1);
  conv->set_num_output(2);
  this->CheckGradient();
}

TYPED_TEST(ConvolutionLayerTest, Gradient3d) {
  this->bottom_.Reshape(vector<int>{1, 2, 3, 4, 3});
  FillGaussian(&this->bottom_);
  ConvolutionParameter* conv = this->param_.mutable_convolution_param();
  conv->add_kernel_size(2);
  conv->add_pad(1);
  conv->add_stride(2);
  conv->set_num_output(2);
  this->CheckGradient();
}

TYPED_TEST(ConvolutionLayerTest, BadParameters) {
  ConvolutionParameter* conv = this->param_.mutable_convolution_param();
  conv->set_num_output(3);
  this->ExpectSetUpError({"kernel_size"});
  conv->add_kernel_size(0);
  this->ExpectSetUpError({"kernel size must be positive"});
  conv->set_kernel_size(0, 3);
  conv->add_kernel_size(3);
  conv->add_kernel_size(3);
  this->ExpectSetUpError(
      {"kernel must be given once or once per spatial axis"});
  conv->clear_kernel_size();
  conv->set_kernel_h(3);
  this->ExpectSetUpError({"kernel_h and kernel_w must be given together"});
  conv->set_kernel_w(3);
  conv->add_kernel_size(3);
  this->ExpectSetUpError({"either kernel or kernel_h"});
  conv->clear_kernel_size();
  conv->add_stride(0);
  this->ExpectSetUpError({"stride must be positive"});
  conv->clear_stride();
  conv->set_num_output(0);
  this->ExpectSetUpError({"num_output must be positive"});
  conv->set_num_output(4);
  conv->set_group(3);
  this->ExpectSetUpError({"num_output (4) must be divisible by group (3)"});
  conv->set_num_output(4);
  conv->set_group(2);
  this->ExpectSetUpError({"input channels (3) must be divisible by group (2)"});
  conv->set_group(1);
  conv->set_kernel_h(7);
  this->ExpectSetUpError({"does not fit the padded input"});
}

}  // namespace caffe

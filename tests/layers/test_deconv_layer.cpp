#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "caffe/blob.hpp"
#include "caffe/filler.hpp"
#include "caffe/layer_factory.hpp"
#include "caffe/layers/deconv_layer.hpp"
#include "caffe/net.hpp"
#include "caffe/util/io.hpp"
#include "caffe/util/math_functions.hpp"
#include "layers/conv_test_support.hpp"
#include "support/gradient_checker.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {

namespace {

using conv_test::FillGaussian;
using conv_test::Geometry;

// Transposed convolution written as a scatter: every input value adds
// weight * value to each output position its kernel window reaches.
template <typename Dtype>
void ReferenceDeconvolution(const Blob<Dtype>& in, const Blob<Dtype>& weights,
                            const Blob<Dtype>* bias, const int group,
                            const Geometry& g, Blob<Dtype>* out) {
  const int num = in.shape(0), channels = in.shape(1);
  const int in_h = in.shape(2), in_w = in.shape(3);
  const int out_per_group = weights.shape(1);
  const int num_output = out_per_group * group;
  const int in_per_group = channels / group;
  int out_size[2];
  for (int a = 0; a < 2; ++a) {
    out_size[a] = g.stride[a + 1] * (in.shape(2 + a) - 1) +
                  g.dilation[a + 1] * (g.kernel[a + 1] - 1) + 1 -
                  2 * g.pad[a + 1];
  }
  out->Reshape(vector<int>{num, num_output, out_size[0], out_size[1]});
  Dtype* y = out->mutable_cpu_data();
  for (int n = 0; n < num; ++n)
    for (int o = 0; o < num_output; ++o)
      for (int i = 0; i < out_size[0] * out_size[1]; ++i) {
        y[(n * num_output + o) * out_size[0] * out_size[1] + i] =
            bias ? bias->cpu_data()[o] : Dtype(0);
      }
  for (int n = 0; n < num; ++n)
    for (int c = 0; c < channels; ++c)
      for (int ih = 0; ih < in_h; ++ih)
        for (int iw = 0; iw < in_w; ++iw)
          for (int oo = 0; oo < out_per_group; ++oo)
            for (int kh = 0; kh < g.kernel[1]; ++kh)
              for (int kw = 0; kw < g.kernel[2]; ++kw) {
                const int oh = ih * g.stride[1] - g.pad[1] + kh * g.dilation[1];
                const int ow = iw * g.stride[2] - g.pad[2] + kw * g.dilation[2];
                if (oh < 0 || oh >= out_size[0] || ow < 0 || ow >= out_size[1])
                  continue;
                const int o = (c / in_per_group) * out_per_group + oo;
                y[((n * num_output + o) * out_size[0] + oh) * out_size[1] +
                  ow] +=
                    weights.data_at(c, oo, kh, kw) * in.data_at(n, c, ih, iw);
              }
}

}  // namespace

template <typename TypeParam>
class DeconvolutionLayerTest
    : public conv_test::ConvLayerTest<
          TypeParam, DeconvolutionLayer,
          ReferenceDeconvolution<typename TypeParam::Dtype>> {
 protected:
  void SetUp() override {
    MultiDeviceTest<TypeParam>::SetUp();
    if (this->IsSkipped()) return;
    this->SetUpBlobs(vector<int>{2, 4, 3, 4});
  }
};

TYPED_TEST_SUITE(DeconvolutionLayerTest, TestDtypesAndDevices);

TYPED_TEST(DeconvolutionLayerTest, SetUpShapes) {
  typedef typename TypeParam::Dtype Dtype;
  ConvolutionParameter* conv = this->param_.mutable_convolution_param();
  conv->add_kernel_size(3);
  conv->add_stride(2);
  conv->set_num_output(3);
  this->bottom_vec_.push_back(&this->bottom2_);
  this->top_vec_.push_back(&this->top2_);
  DeconvolutionLayer<Dtype> layer(this->param_);
  layer.SetUp(this->bottom_vec_, this->top_vec_);
  // 2 * (3 - 1) + 3 = 7, 2 * (4 - 1) + 3 = 9.
  EXPECT_EQ((vector<int>{2, 3, 7, 9}), this->top_.shape());
  EXPECT_EQ((vector<int>{2, 3, 7, 9}), this->top2_.shape());
  EXPECT_EQ((vector<int>{4, 3, 3, 3}), layer.blobs()[0]->shape());
  EXPECT_EQ((vector<int>{3}), layer.blobs()[1]->shape());

  conv->set_group(2);
  conv->set_num_output(6);
  conv->add_pad(1);
  conv->add_dilation(2);
  DeconvolutionLayer<Dtype> grouped(this->param_);
  grouped.SetUp(this->bottom_vec_, this->top_vec_);
  // 2 * (3 - 1) + 2 * 2 + 1 - 2 = 7, 2 * 3 + 5 - 2 = 9.
  EXPECT_EQ((vector<int>{2, 6, 7, 9}), this->top_.shape());
  EXPECT_EQ((vector<int>{4, 3, 3, 3}), grouped.blobs()[0]->shape());
}

TYPED_TEST(DeconvolutionLayerTest, ForwardStrided) {
  ConvolutionParameter* conv = this->param_.mutable_convolution_param();
  conv->add_kernel_size(3);
  conv->add_stride(2);
  conv->set_num_output(3);
  this->bottom_vec_.push_back(&this->bottom2_);
  this->top_vec_.push_back(&this->top2_);
  Geometry g;
  g.kernel[1] = g.kernel[2] = 3;
  g.stride[1] = g.stride[2] = 2;
  this->CheckForward(g);
}

TYPED_TEST(DeconvolutionLayerTest, ForwardPadStrideDilationGroup) {
  ConvolutionParameter* conv = this->param_.mutable_convolution_param();
  conv->set_kernel_h(2);
  conv->set_kernel_w(3);
  conv->set_pad_h(1);
  conv->set_pad_w(2);
  conv->set_stride_h(3);
  conv->set_stride_w(2);
  conv->add_dilation(2);
  conv->set_group(2);
  conv->set_num_output(4);
  Geometry g;
  g.kernel[1] = 2, g.kernel[2] = 3;
  g.pad[1] = 1, g.pad[2] = 2;
  g.stride[1] = 3, g.stride[2] = 2;
  g.dilation[1] = g.dilation[2] = 2;
  this->CheckForward(g);
}

TYPED_TEST(DeconvolutionLayerTest, ForwardNdIm2colAndOneByOne) {
  ConvolutionParameter* conv = this->param_.mutable_convolution_param();
  conv->add_kernel_size(2);
  conv->add_stride(2);
  conv->add_pad(1);
  conv->set_num_output(2);
  conv->set_force_nd_im2col(true);
  Geometry g;
  g.kernel[1] = g.kernel[2] = 2;
  g.stride[1] = g.stride[2] = 2;
  g.pad[1] = g.pad[2] = 1;
  this->CheckForward(g);

  conv->set_force_nd_im2col(false);
  conv->clear_kernel_size();
  conv->clear_stride();
  conv->clear_pad();
  conv->add_kernel_size(1);
  this->CheckForward(Geometry());
}

TYPED_TEST(DeconvolutionLayerTest, ForwardHandValues) {
  typedef typename TypeParam::Dtype Dtype;
  // One 1x2 input [1, 2], a 1x3 kernel [1, 10, 100], stride 2: the
  // two scattered copies overlap in the middle column.
  this->bottom_.Reshape(vector<int>{1, 1, 1, 2});
  this->bottom_.mutable_cpu_data()[0] = 1;
  this->bottom_.mutable_cpu_data()[1] = 2;
  ConvolutionParameter* conv = this->param_.mutable_convolution_param();
  conv->set_kernel_h(1);
  conv->set_kernel_w(3);
  conv->set_stride_h(1);
  conv->set_stride_w(2);
  conv->set_num_output(1);
  conv->set_bias_term(false);
  Blob<Dtype> weights(vector<int>{1, 1, 1, 3});
  weights.mutable_cpu_data()[0] = 1;
  weights.mutable_cpu_data()[1] = 10;
  weights.mutable_cpu_data()[2] = 100;
  weights.ToProto(this->param_.add_blobs());
  DeconvolutionLayer<Dtype> layer(this->param_);
  layer.SetUp(this->bottom_vec_, this->top_vec_);
  layer.Forward(this->bottom_vec_, this->top_vec_);
  ASSERT_EQ((vector<int>{1, 1, 1, 5}), this->top_.shape());
  const Dtype expected[] = {1, 10, 102, 20, 200};
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(expected[i], this->top_.cpu_data()[i]) << i;
  }
}

TYPED_TEST(DeconvolutionLayerTest, Gradient) {
  ConvolutionParameter* conv = this->param_.mutable_convolution_param();
  conv->add_kernel_size(3);
  conv->add_stride(2);
  conv->add_pad(1);
  conv->set_num_output(2);
  this->bottom_.Reshape(vector<int>{2, 2, 3, 2});
  this->bottom2_.Reshape(vector<int>{2, 2, 3, 2});
  FillGaussian(&this->bottom_);
  FillGaussian(&this->bottom2_);
  this->bottom_vec_.push_back(&this->bottom2_);
  this->top_vec_.push_back(&this->top2_);
  this->CheckGradient();
}

TYPED_TEST(DeconvolutionLayerTest, GradientDilationGroup) {
  ConvolutionParameter* conv = this->param_.mutable_convolution_param();
  conv->add_kernel_size(2);
  conv->add_dilation(2);
  conv->set_group(2);
  conv->set_num_output(2);
  this->bottom_.Reshape(vector<int>{1, 4, 2, 3});
  FillGaussian(&this->bottom_);
  this->CheckGradient();
}

TYPED_TEST(DeconvolutionLayerTest, BadParameters) {
  ConvolutionParameter* conv = this->param_.mutable_convolution_param();
  conv->set_num_output(3);
  this->ExpectSetUpError({"kernel_size"});
  conv->add_kernel_size(2);
  conv->add_pad(3);
  // 1 * (3 - 1) + 2 - 6 = -2 rows.
  this->ExpectSetUpError({"spatial axis 0", "pad 3", "-2"});
  conv->clear_pad();
  conv->set_group(3);
  this->ExpectSetUpError({"input channels (4)", "group (3)"});
  conv->set_group(2);
  this->ExpectSetUpError({"num_output (3)", "group (2)"});
}

TYPED_TEST(DeconvolutionLayerTest, BadInputs) {
  typedef typename TypeParam::Dtype Dtype;
  ConvolutionParameter* conv = this->param_.mutable_convolution_param();
  conv->add_kernel_size(2);
  conv->set_num_output(2);
  this->bottom2_.Reshape(vector<int>{2, 4, 3, 3});
  this->bottom_vec_.push_back(&this->bottom2_);
  this->top_vec_.push_back(&this->top2_);
  this->ExpectSetUpError({"2 4 3 3 (72)", "2 4 3 4 (96)"});
  // Wrong weight shape given in the parameter.
  this->bottom_vec_.pop_back();
  this->top_vec_.pop_back();
  Blob<Dtype> weights(vector<int>{2, 4, 2, 2});
  weights.ToProto(this->param_.add_blobs());
  Blob<Dtype> bias(vector<int>{2});
  bias.ToProto(this->param_.add_blobs());
  this->ExpectSetUpError({"weight shape", "2 4 2 2", "4 2 2 2"});
  // Bottom and top counts differ.
  this->param_.clear_blobs();
  this->top_vec_.push_back(&this->top2_);
  DeconvolutionLayer<Dtype> layer(this->param_);
  EXPECT_THROW(layer.SetUp(this->bottom_vec_, this->top_vec_), Error);
}

// An encoder-decoder in a net: a strided Convolution halves 4x4 to 2x2, a
// Deconvolution restores 4x4 (2 * (2 - 1) + 4 - 2 * 1), and a sigmoid
// cross-entropy compares the reconstruction with the input.
TYPED_TEST(DeconvolutionLayerTest, InNetWithSigmoidCrossEntropyLoss) {
  typedef typename TypeParam::Dtype Dtype;
  NetParameter net_param;
  ReadProtoFromTextString(
      "layer { name: 'in' type: 'Input' top: 'data' top: 'target' "
      "        input_param { shape { dim: 2 dim: 3 dim: 4 dim: 4 } "
      "                      shape { dim: 2 dim: 3 dim: 4 dim: 4 } } } "
      "layer { name: 'enc' type: 'Convolution' bottom: 'data' top: 'code' "
      "        convolution_param { num_output: 2 kernel_size: 3 stride: 2 "
      "          pad: 1 weight_filler { type: 'gaussian' std: 0.5 } } } "
      "layer { name: 'dec' type: 'Deconvolution' bottom: 'code' "
      "        top: 'recon' convolution_param { num_output: 3 "
      "          kernel_size: 4 stride: 2 pad: 1 "
      "          weight_filler { type: 'gaussian' std: 0.5 } } } "
      "layer { name: 'loss' type: 'SigmoidCrossEntropyLoss' "
      "        bottom: 'recon' bottom: 'target' top: 'loss' } ",
      &net_param, "deconv net");
  Net<Dtype> net(net_param);
  EXPECT_EQ((vector<int>{2, 2, 2, 2}), net.blob_by_name("code")->shape());
  const Blob<Dtype>& recon = *net.blob_by_name("recon");
  EXPECT_EQ((vector<int>{2, 3, 4, 4}), recon.shape());
  FillGaussian(net.blob_by_name("data").get());
  Blob<Dtype>& target = *net.blob_by_name("target");
  for (int i = 0; i < target.count(); ++i) {
    target.mutable_cpu_data()[i] = i % 3 == 0;
  }
  const Dtype loss = net.ForwardBackward();
  double expected = 0;
  for (int i = 0; i < recon.count(); ++i) {
    const double p = 1 / (1 + std::exp(-double(recon.cpu_data()[i])));
    const double t = target.cpu_data()[i];
    expected -= t * std::log(p) + (1 - t) * std::log(1 - p);
  }
  EXPECT_NEAR(expected / 2, loss, 1e-4 * expected);
  // The decoder's weights received a gradient.
  const Blob<Dtype>& dec_weights = *net.layer_by_name("dec")->blobs()[0];
  EXPECT_GT(caffe_cpu_asum(dec_weights.count(), dec_weights.cpu_diff()), 0);
}

TYPED_TEST(DeconvolutionLayerTest, Registered) {
  typedef typename TypeParam::Dtype Dtype;
  LayerParameter param;
  param.set_type("Deconvolution");
  param.mutable_convolution_param()->add_kernel_size(2);
  param.mutable_convolution_param()->set_num_output(2);
  EXPECT_STREQ("Deconvolution",
               LayerRegistry<Dtype>::CreateLayer(param)->type());
}

}  // namespace caffe

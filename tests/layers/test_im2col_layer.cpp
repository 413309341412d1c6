#include <gtest/gtest.h>

#include <array>
#include <string>
#include <vector>

#include "caffe/blob.hpp"
#include "caffe/filler.hpp"
#include "caffe/layer_factory.hpp"
#include "caffe/layers/im2col_layer.hpp"
#include "layers/conv_test_support.hpp"
#include "support/gradient_checker.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {

namespace {

using conv_test::Geometry;

// The expected top element (n, c * K + k, output position) read straight
// from the definition, for 4-D or 5-D bottoms with channels on axis 1.
template <typename Dtype>
void ReferenceIm2col(const Blob<Dtype>& in, const Geometry& g,
                     Blob<Dtype>* out) {
  const int offset = 5 - in.num_axes();
  std::array<int, 3> in_size{{1, 1, 1}}, out_size;
  for (int a = offset; a < 3; ++a) in_size[a] = in.shape(a + 2 - offset);
  for (int a = 0; a < 3; ++a) {
    const int extent = g.dilation[a] * (g.kernel[a] - 1) + 1;
    out_size[a] = (in_size[a] + 2 * g.pad[a] - extent) / g.stride[a] + 1;
  }
  const int num = in.shape(0), channels = in.shape(1);
  const int kernel_count = g.kernel[0] * g.kernel[1] * g.kernel[2];
  vector<int> shape{num, channels * kernel_count};
  for (int a = offset; a < 3; ++a) shape.push_back(out_size[a]);
  out->Reshape(shape);
  Dtype* y = out->mutable_cpu_data();
  for (int n = 0; n < num; ++n)
    for (int c = 0; c < channels; ++c)
      for (int kd = 0; kd < g.kernel[0]; ++kd)
        for (int kh = 0; kh < g.kernel[1]; ++kh)
          for (int kw = 0; kw < g.kernel[2]; ++kw)
            for (int od = 0; od < out_size[0]; ++od)
              for (int oh = 0; oh < out_size[1]; ++oh)
                for (int ow = 0; ow < out_size[2]; ++ow) {
                  const int id =
                      od * g.stride[0] - g.pad[0] + kd * g.dilation[0];
                  const int ih =
                      oh * g.stride[1] - g.pad[1] + kh * g.dilation[1];
                  const int iw =
                      ow * g.stride[2] - g.pad[2] + kw * g.dilation[2];
                  const bool inside = id >= 0 && id < in_size[0] && ih >= 0 &&
                                      ih < in_size[1] && iw >= 0 &&
                                      iw < in_size[2];
                  *y++ = inside
                             ? in.cpu_data()[(((n * channels + c) * in_size[0] +
                                               id) *
                                                  in_size[1] +
                                              ih) *
                                                 in_size[2] +
                                             iw]
                             : Dtype(0);
                }
}

}  // namespace

template <typename TypeParam>
class Im2colLayerTest : public MultiDeviceTest<TypeParam> {
  typedef typename TypeParam::Dtype Dtype;

 protected:
  void SetUp() override {
    MultiDeviceTest<TypeParam>::SetUp();
    if (this->IsSkipped()) return;
    Fill(vector<int>{2, 3, 5, 4});
    bottom_vec_ = {&bottom_};
    top_vec_ = {&top_};
  }

  void Fill(const vector<int>& shape) {
    bottom_.Reshape(shape);
    conv_test::FillGaussian(&bottom_);
  }

  void CheckForward(const Geometry& g) {
    Im2colLayer<Dtype> layer(param_);
    layer.SetUp(bottom_vec_, top_vec_);
    layer.Forward(bottom_vec_, top_vec_);
    Blob<Dtype> expected;
    ReferenceIm2col(bottom_, g, &expected);
    ASSERT_EQ(expected.shape(), top_.shape()) << top_.shape_string();
    for (int i = 0; i < expected.count(); ++i) {
      EXPECT_EQ(expected.cpu_data()[i], top_.cpu_data()[i]) << i;
    }
  }

  void ExpectSetUpError(const vector<std::string>& fragments) {
    conv_test::ExpectSetUpError<Im2colLayer<Dtype>>(param_, bottom_vec_,
                                                    top_vec_, fragments);
  }

  Blob<Dtype> bottom_, top_;
  vector<Blob<Dtype>*> bottom_vec_, top_vec_;
  LayerParameter param_;
};

TYPED_TEST_SUITE(Im2colLayerTest, TestDtypesAndDevices);

TYPED_TEST(Im2colLayerTest, SetUpShape) {
  typedef typename TypeParam::Dtype Dtype;
  ConvolutionParameter* conv = this->param_.mutable_convolution_param();
  conv->add_kernel_size(3);
  conv->add_stride(2);
  Im2colLayer<Dtype> layer(this->param_);
  layer.SetUp(this->bottom_vec_, this->top_vec_);
  EXPECT_EQ((vector<int>{2, 27, 2, 1}), this->top_.shape());
}

TYPED_TEST(Im2colLayerTest, Forward2d) {
  ConvolutionParameter* conv = this->param_.mutable_convolution_param();
  conv->set_kernel_h(3);
  conv->set_kernel_w(2);
  conv->set_pad_h(1);
  conv->set_pad_w(2);
  conv->set_stride_h(2);
  conv->set_stride_w(1);
  conv->add_dilation(1);
  conv->add_dilation(2);
  Geometry g;
  g.kernel = {{1, 3, 2}};
  g.pad = {{0, 1, 2}};
  g.stride = {{1, 2, 1}};
  g.dilation = {{1, 1, 2}};
  this->CheckForward(g);
  conv->set_force_nd_im2col(true);
  this->CheckForward(g);
}

TYPED_TEST(Im2colLayerTest, Forward3d) {
  this->Fill(vector<int>{1, 2, 3, 4, 3});
  ConvolutionParameter* conv = this->param_.mutable_convolution_param();
  conv->add_kernel_size(2);
  conv->add_kernel_size(3);
  conv->add_kernel_size(2);
  conv->add_pad(1);
  conv->add_stride(2);
  conv->add_stride(1);
  conv->add_stride(1);
  Geometry g;
  g.kernel = {{2, 3, 2}};
  g.pad = {{1, 1, 1}};
  g.stride = {{2, 1, 1}};
  this->CheckForward(g);
}

TYPED_TEST(Im2colLayerTest, ForwardChannelAxis2) {
  typedef typename TypeParam::Dtype Dtype;
  // Channels on axis 2: 2 x 3 images of 2 channels, one spatial axis of 4.
  this->Fill(vector<int>{2, 3, 2, 4});
  this->param_.mutable_convolution_param()->add_kernel_size(2);
  this->param_.mutable_convolution_param()->set_axis(2);
  Im2colLayer<Dtype> layer(this->param_);
  layer.SetUp(this->bottom_vec_, this->top_vec_);
  layer.Forward(this->bottom_vec_, this->top_vec_);
  // 1-D spatial axis of 4 with kernel 2: 3 positions, 2 * 2 channels.
  ASSERT_EQ((vector<int>{2, 3, 4, 3}), this->top_.shape());
  // top[n][m][c * 2 + k][p] = bottom[n][m][c][p + k].
  for (int n = 0; n < 2; ++n)
    for (int m = 0; m < 3; ++m)
      for (int c = 0; c < 2; ++c)
        for (int k = 0; k < 2; ++k)
          for (int p = 0; p < 3; ++p) {
            EXPECT_EQ(this->bottom_.data_at(vector<int>{n, m, c, p + k}),
                      this->top_.data_at(vector<int>{n, m, c * 2 + k, p}));
          }
}

TYPED_TEST(Im2colLayerTest, Gradient) {
  typedef typename TypeParam::Dtype Dtype;
  this->Fill(vector<int>{1, 2, 4, 3});
  ConvolutionParameter* conv = this->param_.mutable_convolution_param();
  conv->add_kernel_size(2);
  conv->add_pad(1);
  conv->add_stride(2);
  Im2colLayer<Dtype> layer(this->param_);
  GradientChecker<Dtype> checker(1e-2, 1e-3);
  checker.CheckGradient(&layer, this->bottom_vec_, this->top_vec_);
}

TYPED_TEST(Im2colLayerTest, GradientNdDilated) {
  typedef typename TypeParam::Dtype Dtype;
  this->Fill(vector<int>{1, 2, 4, 3});
  ConvolutionParameter* conv = this->param_.mutable_convolution_param();
  conv->add_kernel_size(2);
  conv->add_dilation(2);
  conv->set_force_nd_im2col(true);
  Im2colLayer<Dtype> layer(this->param_);
  GradientChecker<Dtype> checker(1e-2, 1e-3);
  checker.CheckGradient(&layer, this->bottom_vec_, this->top_vec_);
}

TYPED_TEST(Im2colLayerTest, BadParameters) {
  ConvolutionParameter* conv = this->param_.mutable_convolution_param();
  this->ExpectSetUpError({"kernel_size"});
  conv->add_kernel_size(0);
  this->ExpectSetUpError({"positive", "spatial axis 0 has 0"});
  conv->clear_kernel_size();
  conv->add_kernel_size(2);
  conv->add_kernel_size(2);
  conv->add_kernel_size(2);
  this->ExpectSetUpError({"kernel", "once per spatial axis (2)", "3 times"});
  conv->clear_kernel_size();
  conv->set_kernel_h(2);
  this->ExpectSetUpError({"kernel_h and kernel_w"});
  conv->set_kernel_w(7);
  this->ExpectSetUpError({"extent 7", "2 3 5 4 (120)"});
  conv->set_kernel_w(2);
  conv->set_axis(3);
  this->ExpectSetUpError({"no spatial axis", "2 3 5 4 (120)"});
}

TYPED_TEST(Im2colLayerTest, BadBlobCounts) {
  typedef typename TypeParam::Dtype Dtype;
  this->param_.mutable_convolution_param()->add_kernel_size(2);
  this->bottom_vec_.push_back(&this->bottom_);
  Im2colLayer<Dtype> layer(this->param_);
  EXPECT_THROW(layer.SetUp(this->bottom_vec_, this->top_vec_), Error);
}

TYPED_TEST(Im2colLayerTest, Registered) {
  typedef typename TypeParam::Dtype Dtype;
  LayerParameter param;
  param.set_type("Im2col");
  EXPECT_STREQ("Im2col", LayerRegistry<Dtype>::CreateLayer(param)->type());
}

}  // namespace caffe

// A Convolution whose channel axis is the last axis has no spatial axis: as
// in Caffe it needs no kernel and maps each position's channels through the
// (num_output x channels / group) weights, like InnerProduct along an axis.
#include <gtest/gtest.h>

#include <vector>

#include "caffe/blob.hpp"
#include "caffe/filler.hpp"
#include "caffe/layers/conv_layer.hpp"
#include "caffe/layers/deconv_layer.hpp"
#include "support/gradient_checker.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {

template <typename Dtype>
class Convolution0DTest : public ::testing::Test {
 protected:
  Convolution0DTest() : bottom_(vector<int>{2, 3, 4}) {
    Caffe::set_random_seed(1701);
    FillerParameter filler;
    filler.set_std(1);
    GaussianFiller<Dtype>(filler).Fill(&bottom_);
    ConvolutionParameter* conv = param_.mutable_convolution_param();
    conv->set_num_output(5);
    conv->set_axis(2);  // the last axis: no spatial axis follows
    conv->mutable_weight_filler()->set_type("gaussian");
    conv->mutable_bias_filler()->set_type("gaussian");
  }

  // top[p][o] = bias[o] + sum over c in o's group of W[o][c'] * bottom[p][c]
  // for every position p (the leading axes), computed directly.
  vector<Dtype> Reference(const Blob<Dtype>& weights, const Blob<Dtype>& bias,
                          int group) const {
    const int positions = bottom_.count(0, 2);
    const int channels = bottom_.shape(2);
    const int outputs = weights.shape(0);
    const int in_per_group = channels / group;
    const int out_per_group = outputs / group;
    vector<Dtype> top(positions * outputs);
    for (int p = 0; p < positions; ++p) {
      for (int o = 0; o < outputs; ++o) {
        const int g = o / out_per_group;
        Dtype sum = bias.cpu_data()[o];
        for (int c = 0; c < in_per_group; ++c) {
          sum += weights.cpu_data()[o * in_per_group + c] *
                 bottom_.cpu_data()[p * channels + g * in_per_group + c];
        }
        top[p * outputs + o] = sum;
      }
    }
    return top;
  }

  void CheckForward(int group) {
    ConvolutionLayer<Dtype> layer(param_);
    layer.SetUp(bottom_vec_, top_vec_);
    EXPECT_EQ(top_.shape(), (vector<int>{2, 3, 5}));
    EXPECT_EQ(layer.blobs()[0]->shape(), (vector<int>{5, 4 / group}));
    layer.Forward(bottom_vec_, top_vec_);
    const vector<Dtype> expected =
        Reference(*layer.blobs()[0], *layer.blobs()[1], group);
    ASSERT_EQ(static_cast<int>(expected.size()), top_.count());
    for (int i = 0; i < top_.count(); ++i) {
      EXPECT_NEAR(expected[i], top_.cpu_data()[i], 1e-4) << "element " << i;
    }
  }

  Blob<Dtype> bottom_;
  Blob<Dtype> top_;
  vector<Blob<Dtype>*> bottom_vec_{&bottom_};
  vector<Blob<Dtype>*> top_vec_{&top_};
  LayerParameter param_;
};

TYPED_TEST_SUITE(Convolution0DTest, TestDtypes);

TYPED_TEST(Convolution0DTest, ForwardIsAChannelMatrixProduct) {
  this->CheckForward(1);
}

TYPED_TEST(Convolution0DTest, ForwardWithGroups) {
  // 4 channels and 5 outputs do not split in two; 6 and 4 do.
  Blob<TypeParam> bottom(vector<int>{2, 3, 6});
  FillerParameter filler;
  filler.set_std(1);
  GaussianFiller<TypeParam>(filler).Fill(&bottom);
  this->bottom_.CopyFrom(bottom, false, true);
  this->param_.mutable_convolution_param()->set_num_output(4);
  this->param_.mutable_convolution_param()->set_group(2);
  ConvolutionLayer<TypeParam> layer(this->param_);
  layer.SetUp(this->bottom_vec_, this->top_vec_);
  layer.Forward(this->bottom_vec_, this->top_vec_);
  const vector<TypeParam> expected =
      this->Reference(*layer.blobs()[0], *layer.blobs()[1], 2);
  ASSERT_EQ(static_cast<int>(expected.size()), this->top_.count());
  for (int i = 0; i < this->top_.count(); ++i) {
    EXPECT_NEAR(expected[i], this->top_.cpu_data()[i], 1e-4) << i;
  }
}

TYPED_TEST(Convolution0DTest, AKernelSizeGivenOnceIsIgnored) {
  this->param_.mutable_convolution_param()->add_kernel_size(3);
  this->CheckForward(1);
}

TYPED_TEST(Convolution0DTest, Gradient) {
  ConvolutionLayer<TypeParam> layer(this->param_);
  GradientChecker<TypeParam> checker(1e-2, 1e-3);
  checker.CheckGradientExhaustive(&layer, this->bottom_vec_, this->top_vec_);
}

TYPED_TEST(Convolution0DTest, DeconvolutionGradient) {
  this->param_.set_type("Deconvolution");
  DeconvolutionLayer<TypeParam> layer(this->param_);
  GradientChecker<TypeParam> checker(1e-2, 1e-3);
  checker.CheckGradientExhaustive(&layer, this->bottom_vec_, this->top_vec_);
}

}  // namespace caffe

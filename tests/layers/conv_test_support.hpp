#ifndef CAFFE_TESTS_LAYERS_CONV_TEST_SUPPORT_HPP_
#define CAFFE_TESTS_LAYERS_CONV_TEST_SUPPORT_HPP_

// What the Convolution, Deconvolution and Im2col tests share: the geometry
// their references are written against, Gaussian inputs, the check of a
// SetUp error, and (for the two layers with weights) one fixture.

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <string>
#include <vector>

#include "caffe/blob.hpp"
#include "caffe/filler.hpp"
#include "support/gradient_checker.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {
namespace conv_test {

// Kernel geometry over (depth, height, width); a 4-D blob has depth 1.
struct Geometry {
  std::array<int, 3> kernel{{1, 1, 1}};
  std::array<int, 3> pad{{0, 0, 0}};
  std::array<int, 3> stride{{1, 1, 1}};
  std::array<int, 3> dilation{{1, 1, 1}};
};

template <typename Dtype>
void FillGaussian(Blob<Dtype>* blob) {
  FillerParameter param;
  param.set_std(1);
  GaussianFiller<Dtype>(param).Fill(blob);
}

// Expects the SetUp of a Layer built from param to throw caffe::Error
// mentioning every fragment.
template <typename Layer, typename Dtype>
void ExpectSetUpError(const LayerParameter& param,
                      const vector<Blob<Dtype>*>& bottom,
                      const vector<Blob<Dtype>*>& top,
                      const vector<std::string>& fragments) {
  try {
    Layer layer(param);
    layer.SetUp(bottom, top);
    FAIL() << "expected caffe::Error";
  } catch (const Error& error) {
    for (const std::string& fragment : fragments) {
      EXPECT_NE(std::string(error.what()).find(fragment), std::string::npos)
          << "'" << fragment << "' not in: " << error.what();
    }
  }
}

// A fixture for Convolution or Deconvolution (ConvLayer): two Gaussian
// bottoms of bottom_shape, Gaussian weight and bias fillers; CheckForward
// compares every top with Reference(bottom, weights, bias, group, geometry,
// &expected), written independently in the test.
template <typename TypeParam, template <typename> class ConvLayer,
          void (*Reference)(const Blob<typename TypeParam::Dtype>&,
                            const Blob<typename TypeParam::Dtype>&,
                            const Blob<typename TypeParam::Dtype>*, int,
                            const Geometry&, Blob<typename TypeParam::Dtype>*)>
class ConvLayerTest : public MultiDeviceTest<TypeParam> {
  typedef typename TypeParam::Dtype Dtype;

 protected:
  void SetUpBlobs(const vector<int>& bottom_shape) {
    bottom_.Reshape(bottom_shape);
    bottom2_.Reshape(bottom_shape);
    FillGaussian(&bottom_);
    FillGaussian(&bottom2_);
    bottom_vec_ = {&bottom_};
    top_vec_ = {&top_};
    ConvolutionParameter* conv = param_.mutable_convolution_param();
    conv->mutable_weight_filler()->set_type("gaussian");
    conv->mutable_bias_filler()->set_type("gaussian");
  }

  void CheckForward(const Geometry& geometry) {
    ConvLayer<Dtype> layer(param_);
    layer.SetUp(bottom_vec_, top_vec_);
    layer.Forward(bottom_vec_, top_vec_);
    ExpectForwardOf(layer, geometry);
  }

  // The layer's tops against the reference on its current bottoms.
  void ExpectForwardOf(ConvLayer<Dtype>& layer, const Geometry& geometry) {
    const int group = param_.convolution_param().group();
    const Blob<Dtype>* bias =
        layer.blobs().size() > 1 ? layer.blobs()[1].get() : nullptr;
    for (size_t i = 0; i < bottom_vec_.size(); ++i) {
      Blob<Dtype> expected;
      Reference(*bottom_vec_[i], *layer.blobs()[0], bias, group, geometry,
                &expected);
      ASSERT_EQ(expected.shape(), top_vec_[i]->shape())
          << top_vec_[i]->shape_string();
      for (int j = 0; j < expected.count(); ++j) {
        const Dtype want = expected.cpu_data()[j];
        EXPECT_NEAR(want, top_vec_[i]->cpu_data()[j],
                    1e-4 * std::max<Dtype>(1, std::fabs(want)))
            << "top " << i << " element " << j;
      }
    }
  }

  void CheckGradient() {
    ConvLayer<Dtype> layer(param_);
    GradientChecker<Dtype> checker(1e-2, 1e-3);
    checker.CheckGradientExhaustive(&layer, bottom_vec_, top_vec_);
  }

  void ExpectSetUpError(const vector<std::string>& fragments) {
    conv_test::ExpectSetUpError<ConvLayer<Dtype>>(param_, bottom_vec_,
                                                  top_vec_, fragments);
  }

  Blob<Dtype> bottom_, bottom2_, top_, top2_;
  vector<Blob<Dtype>*> bottom_vec_, top_vec_;
  LayerParameter param_;
};

}  // namespace conv_test
}  // namespace caffe

#endif  // CAFFE_TESTS_LAYERS_CONV_TEST_SUPPORT_HPP_

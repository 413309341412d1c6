#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "caffe/blob.hpp"
#include "caffe/filler.hpp"
#include "caffe/layers/lrn_layer.hpp"
#include "support/gradient_checker.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {

template <typename TypeParam>
class LRNLayerTest : public MultiDeviceTest<TypeParam> {
  typedef typename TypeParam::Dtype Dtype;

 protected:
  void SetUp() override {
    MultiDeviceTest<TypeParam>::SetUp();
    if (this->IsSkipped()) return;
    bottom_.Reshape(vector<int>{2, 7, 3, 3});
    GaussianFiller<Dtype>(FillerParameter()).Fill(&bottom_);
    bottom_vec_ = {&bottom_};
    top_vec_ = {&top_};
  }

  // LRN from its definition, one output element at a time.
  Dtype Reference(const int n, const int c, const int h, const int w) const {
    const LRNParameter& p = param_.lrn_param();
    const int half = (static_cast<int>(p.local_size()) - 1) / 2;
    const bool across =
        p.norm_region() == LRNParameter_NormRegion_ACROSS_CHANNELS;
    Dtype sum = 0;
    for (int dc = -half; dc <= half; ++dc) {
      for (int dh = -half; dh <= half; ++dh) {
        for (int dw = -half; dw <= half; ++dw) {
          if (across ? (dh != 0 || dw != 0) : dc != 0) continue;
          const int cc = c + dc, hh = h + dh, ww = w + dw;
          if (cc < 0 || cc >= bottom_.channels() || hh < 0 ||
              hh >= bottom_.height() || ww < 0 || ww >= bottom_.width()) {
            continue;
          }
          sum += std::pow(bottom_.data_at(n, cc, hh, ww), 2);
        }
      }
    }
    const Dtype size = p.local_size();
    const Dtype scale = across ? p.k() + p.alpha() / size * sum
                               : 1 + p.alpha() / (size * size) * sum;
    return bottom_.data_at(n, c, h, w) * std::pow(scale, -Dtype(p.beta()));
  }

  void CheckForward() {
    LRNLayer<Dtype> layer(param_);
    layer.SetUp(bottom_vec_, top_vec_);
    layer.Forward(bottom_vec_, top_vec_);
    ASSERT_EQ(bottom_.shape(), top_.shape());
    for (int n = 0; n < bottom_.num(); ++n)
      for (int c = 0; c < bottom_.channels(); ++c)
        for (int h = 0; h < bottom_.height(); ++h)
          for (int w = 0; w < bottom_.width(); ++w)
            EXPECT_NEAR(Reference(n, c, h, w), top_.data_at(n, c, h, w), 1e-5)
                << n << " " << c << " " << h << " " << w;
  }

  void CheckGradient() {
    LRNLayer<Dtype> layer(param_);
    GradientChecker<Dtype> checker(1e-2, 1e-2);
    checker.CheckGradientExhaustive(&layer, bottom_vec_, top_vec_);
  }

  void ExpectSetUpError(const std::string& fragment) {
    try {
      LRNLayer<Dtype> layer(param_);
      layer.SetUp(bottom_vec_, top_vec_);
      FAIL() << "expected caffe::Error mentioning \"" << fragment << "\"";
    } catch (const Error& error) {
      EXPECT_NE(std::string(error.what()).find(fragment), std::string::npos)
          << error.what();
    }
  }

  Blob<Dtype> bottom_, top_;
  vector<Blob<Dtype>*> bottom_vec_, top_vec_;
  LayerParameter param_;
};

TYPED_TEST_SUITE(LRNLayerTest, TestDtypesAndDevices);

TYPED_TEST(LRNLayerTest, ForwardAcrossChannels) { this->CheckForward(); }

TYPED_TEST(LRNLayerTest, ForwardAcrossChannelsParameters) {
  LRNParameter* lrn = this->param_.mutable_lrn_param();
  lrn->set_local_size(3);
  lrn->set_alpha(2);
  lrn->set_beta(0.5);
  lrn->set_k(2);
  this->CheckForward();
}

TYPED_TEST(LRNLayerTest, ForwardWithinChannel) {
  LRNParameter* lrn = this->param_.mutable_lrn_param();
  lrn->set_norm_region(LRNParameter_NormRegion_WITHIN_CHANNEL);
  lrn->set_local_size(3);
  lrn->set_alpha(2);
  this->CheckForward();
}

TYPED_TEST(LRNLayerTest, GradientAcrossChannels) {
  this->param_.mutable_lrn_param()->set_k(1.5);
  this->CheckGradient();
}

TYPED_TEST(LRNLayerTest, GradientWithinChannel) {
  LRNParameter* lrn = this->param_.mutable_lrn_param();
  lrn->set_norm_region(LRNParameter_NormRegion_WITHIN_CHANNEL);
  lrn->set_local_size(3);
  lrn->set_alpha(2);
  this->CheckGradient();
}

TYPED_TEST(LRNLayerTest, BadParameters) {
  typedef typename TypeParam::Dtype Dtype;
  this->param_.mutable_lrn_param()->set_local_size(4);
  this->ExpectSetUpError("local_size must be odd, got 4");
  this->param_.mutable_lrn_param()->set_local_size(3);
  Blob<Dtype> two_axes(vector<int>{2, 3});
  this->bottom_vec_ = {&two_axes};
  this->ExpectSetUpError("4 axes");
}

}  // namespace caffe

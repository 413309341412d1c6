#include <gtest/gtest.h>

#include <algorithm>
#include <cfloat>
#include <string>
#include <vector>

#include "caffe/blob.hpp"
#include "caffe/filler.hpp"
#include "caffe/layer_factory.hpp"
#include "caffe/layers/spp_layer.hpp"
#include "support/gradient_checker.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {

namespace {

// The expected top of SPP, written from the definition: per item, level by
// level, channel by channel, the bins x bins windows in row-major order.
// Window (i, j) of a level covers rows [i * kh - ph, i * kh - ph + kh) and
// the matching columns; AVE divides by the window's size within the padded
// image, MAX takes the largest image value.
template <typename Dtype>
vector<double> ReferenceSpp(const Blob<Dtype>& in, const int levels,
                            const bool max) {
  const int num = in.num(), channels = in.channels();
  const int height = in.height(), width = in.width();
  vector<double> out;
  for (int n = 0; n < num; ++n) {
    for (int l = 0; l < levels; ++l) {
      const int bins = 1 << l;
      const int kh = (height + bins - 1) / bins, kw = (width + bins - 1) / bins;
      const int ph = (kh * bins - height + 1) / 2;
      const int pw = (kw * bins - width + 1) / 2;
      for (int c = 0; c < channels; ++c) {
        for (int i = 0; i < bins; ++i) {
          for (int j = 0; j < bins; ++j) {
            const int h0 = i * kh - ph, w0 = j * kw - pw;
            const int h1 = std::min(h0 + kh, height + ph);
            const int w1 = std::min(w0 + kw, width + pw);
            const int size = (h1 - h0) * (w1 - w0);
            double sum = 0, best = -DBL_MAX;
            for (int h = std::max(h0, 0); h < std::min(h1, height); ++h) {
              for (int w = std::max(w0, 0); w < std::min(w1, width); ++w) {
                sum += in.data_at(n, c, h, w);
                best = std::max(best, double(in.data_at(n, c, h, w)));
              }
            }
            out.push_back(max ? best : sum / size);
          }
        }
      }
    }
  }
  return out;
}

}  // namespace

template <typename TypeParam>
class SPPLayerTest : public MultiDeviceTest<TypeParam> {
  typedef typename TypeParam::Dtype Dtype;

 protected:
  // 2 x 2 x 7 x 6: level 1 pads the rows, level 2 pads both axes.
  void SetUp() override {
    MultiDeviceTest<TypeParam>::SetUp();
    if (this->IsSkipped()) return;
    Fill(vector<int>{2, 2, 7, 6});
    bottom_vec_ = {&bottom_};
    top_vec_ = {&top_};
  }

  void Fill(const vector<int>& shape) {
    bottom_.Reshape(shape);
    FillerParameter param;
    param.set_std(1);
    GaussianFiller<Dtype>(param).Fill(&bottom_);
  }

  void CheckForward(const int levels, const SPPParameter_PoolMethod pool) {
    LayerParameter param;
    param.mutable_spp_param()->set_pyramid_height(levels);
    param.mutable_spp_param()->set_pool(pool);
    SPPLayer<Dtype> layer(param);
    layer.SetUp(bottom_vec_, top_vec_);
    layer.Forward(bottom_vec_, top_vec_);
    const vector<double> expected =
        ReferenceSpp(bottom_, levels, pool == SPPParameter_PoolMethod_MAX);
    ASSERT_EQ(static_cast<int>(expected.size()), top_.count());
    for (int i = 0; i < top_.count(); ++i) {
      EXPECT_NEAR(expected[i], top_.cpu_data()[i], 1e-5) << i;
    }
  }

  void ExpectSetUpError(const LayerParameter& param,
                        const vector<std::string>& fragments) {
    try {
      SPPLayer<Dtype> layer(param);
      layer.SetUp(bottom_vec_, top_vec_);
      FAIL() << "expected caffe::Error";
    } catch (const Error& e) {
      for (const std::string& fragment : fragments) {
        EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos)
            << "'" << fragment << "' not in: " << e.what();
      }
    }
  }

  Blob<Dtype> bottom_, top_;
  vector<Blob<Dtype>*> bottom_vec_, top_vec_;
};

TYPED_TEST_SUITE(SPPLayerTest, TestDtypesAndDevices);

TYPED_TEST(SPPLayerTest, SetUpShapes) {
  typedef typename TypeParam::Dtype Dtype;
  LayerParameter param;
  param.mutable_spp_param()->set_pyramid_height(3);
  SPPLayer<Dtype> layer(param);
  layer.SetUp(this->bottom_vec_, this->top_vec_);
  // 2 channels x (1 + 4 + 16) bins.
  EXPECT_EQ((vector<int>{2, 42}), this->top_.shape());
  // A new input size gives the same length.
  this->Fill(vector<int>{3, 2, 9, 8});
  layer.Reshape(this->bottom_vec_, this->top_vec_);
  EXPECT_EQ((vector<int>{3, 42}), this->top_.shape());

  param.mutable_spp_param()->set_pyramid_height(1);
  SPPLayer<Dtype> single(param);
  single.SetUp(this->bottom_vec_, this->top_vec_);
  EXPECT_EQ((vector<int>{3, 2, 1, 1}), this->top_.shape());
}

TYPED_TEST(SPPLayerTest, ForwardMax) {
  this->CheckForward(3, SPPParameter_PoolMethod_MAX);
}

TYPED_TEST(SPPLayerTest, ForwardAve) {
  this->CheckForward(3, SPPParameter_PoolMethod_AVE);
}

TYPED_TEST(SPPLayerTest, ForwardSingleLevel) {
  this->CheckForward(1, SPPParameter_PoolMethod_AVE);
}

TYPED_TEST(SPPLayerTest, ForwardAfterResize) {
  typedef typename TypeParam::Dtype Dtype;
  LayerParameter param;
  param.mutable_spp_param()->set_pyramid_height(2);
  SPPLayer<Dtype> layer(param);
  layer.SetUp(this->bottom_vec_, this->top_vec_);
  this->Fill(vector<int>{1, 3, 4, 5});
  layer.Reshape(this->bottom_vec_, this->top_vec_);
  layer.Forward(this->bottom_vec_, this->top_vec_);
  const vector<double> expected = ReferenceSpp(this->bottom_, 2, true);
  ASSERT_EQ(static_cast<int>(expected.size()), this->top_.count());
  for (int i = 0; i < this->top_.count(); ++i) {
    EXPECT_NEAR(expected[i], this->top_.cpu_data()[i], 1e-5) << i;
  }
}

TYPED_TEST(SPPLayerTest, GradientMax) {
  typedef typename TypeParam::Dtype Dtype;
  this->Fill(vector<int>{1, 2, 5, 6});
  LayerParameter param;
  param.mutable_spp_param()->set_pyramid_height(2);
  SPPLayer<Dtype> layer(param);
  GradientChecker<Dtype> checker(1e-4, 1e-2);
  checker.CheckGradientExhaustive(&layer, this->bottom_vec_, this->top_vec_);
}

TYPED_TEST(SPPLayerTest, GradientAve) {
  typedef typename TypeParam::Dtype Dtype;
  this->Fill(vector<int>{1, 2, 7, 6});
  LayerParameter param;
  param.mutable_spp_param()->set_pyramid_height(3);
  param.mutable_spp_param()->set_pool(SPPParameter_PoolMethod_AVE);
  SPPLayer<Dtype> layer(param);
  GradientChecker<Dtype> checker(1e-2, 1e-3);
  checker.CheckGradientExhaustive(&layer, this->bottom_vec_, this->top_vec_);
}

TYPED_TEST(SPPLayerTest, BadInputs) {
  LayerParameter param;
  this->ExpectSetUpError(param, {"pyramid_height", "got 0"});
  param.mutable_spp_param()->set_pyramid_height(3);
  // Level 2 of a height-5 input needs kernel 2 with pad 2.
  this->Fill(vector<int>{1, 2, 5, 8});
  this->ExpectSetUpError(param, {"pyramid level 2", "1 2 5 8 (80)",
                                 "kernel 2 x 2 with pad 2 x 0"});
  this->Fill(vector<int>{2, 6, 8});
  this->ExpectSetUpError(param, {"4 axes", "2 6 8 (96)"});
}

TYPED_TEST(SPPLayerTest, Registered) {
  typedef typename TypeParam::Dtype Dtype;
  LayerParameter param;
  param.set_type("SPP");
  EXPECT_STREQ("SPP", LayerRegistry<Dtype>::CreateLayer(param)->type());
}

}  // namespace caffe

#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <numeric>
#include <string>
#include <vector>

#include "caffe/blob.hpp"
#include "caffe/filler.hpp"
#include "caffe/layers/pooling_layer.hpp"
#include "caffe/util/rng.hpp"
#include "support/gradient_checker.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {

namespace {

struct PoolGeometry {
  int kernel_h, kernel_w, stride_h, stride_w, pad_h, pad_w;
};

// Pooling written from the definition over kernel offsets: the window of
// output (ph, pw) covers padded coordinates y = ph * stride_h - pad_h + i,
// i < kernel_h (likewise x); AVE divides by the number of those with
// y < height + pad_h and x < width + pad_w. Also returns MAX's argmax.
template <typename Dtype>
void ReferencePool(const Blob<Dtype>& in,
                   const PoolingParameter_PoolMethod pool,
                   const PoolGeometry& g, const int out_h, const int out_w,
                   Blob<Dtype>* out, vector<int>* argmax) {
  out->Reshape(vector<int>{in.num(), in.channels(), out_h, out_w});
  argmax->assign(out->count(), -1);
  const int height = in.height(), width = in.width();
  int o = 0;
  for (int n = 0; n < in.num(); ++n)
  for (int c = 0; c < in.channels(); ++c)
  for (int ph = 0; ph < out_h; ++ph)
  for (int pw = 0; pw < out_w; ++pw, ++o) {
    Dtype best = -std::numeric_limits<Dtype>::max();
    Dtype sum = 0, sum_sq = 0;
    int divisor = 0;
    for (int i = 0; i < g.kernel_h; ++i) {
      for (int j = 0; j < g.kernel_w; ++j) {
        const int y = ph * g.stride_h - g.pad_h + i;
        const int x = pw * g.stride_w - g.pad_w + j;
        if (y < height + g.pad_h && x < width + g.pad_w) ++divisor;
        if (y < 0 || y >= height || x < 0 || x >= width) continue;
        const Dtype value = in.data_at(n, c, y, x);
        sum += value;
        sum_sq += value * value;
        if (value > best) {
          best = value;
          (*argmax)[o] = y * width + x;
        }
      }
    }
    Dtype* result = out->mutable_cpu_data() + o;
    switch (pool) {
      case PoolingParameter_PoolMethod_MAX: *result = best; break;
      case PoolingParameter_PoolMethod_AVE: *result = sum / divisor; break;
      default: *result = sum > 0 ? sum_sq / sum : Dtype(0); break;
    }
  }
}

// Distinct values at least 0.05 apart, so that no max pooling window has a
// near-tie that the gradient checker's steps could flip.
template <typename Dtype>
void FillDistinct(Blob<Dtype>* blob) {
  vector<int> order(blob->count());
  std::iota(order.begin(), order.end(), 0);
  shuffle(order.begin(), order.end());
  for (int i = 0; i < blob->count(); ++i) {
    blob->mutable_cpu_data()[i] = Dtype(0.05) * order[i] - Dtype(2);
  }
}

}  // namespace

template <typename TypeParam>
class PoolingLayerTest : public MultiDeviceTest<TypeParam> {
  typedef typename TypeParam::Dtype Dtype;

 protected:
  void SetUp() override {
    MultiDeviceTest<TypeParam>::SetUp();
    if (this->IsSkipped()) return;
    bottom_.Reshape(vector<int>{2, 3, 6, 5});
    FillDistinct(&bottom_);
    bottom_vec_ = {&bottom_};
    top_vec_ = {&top_};
  }

  PoolingParameter* pool_param() { return param_.mutable_pooling_param(); }

  void SetGeometry(const PoolGeometry& g) {
    pool_param()->set_kernel_h(g.kernel_h);
    pool_param()->set_kernel_w(g.kernel_w);
    pool_param()->set_stride_h(g.stride_h);
    pool_param()->set_stride_w(g.stride_w);
    pool_param()->set_pad_h(g.pad_h);
    pool_param()->set_pad_w(g.pad_w);
  }

  // Runs the layer with geometry g and compares top (and MAX's mask top)
  // with the reference, whose output size is given by hand.
  void CheckForward(const PoolGeometry& g, const int out_h, const int out_w) {
    SetGeometry(g);
    const PoolingParameter_PoolMethod pool = param_.pooling_param().pool();
    if (pool == PoolingParameter_PoolMethod_MAX) top_vec_.push_back(&mask_);
    PoolingLayer<Dtype> layer(param_);
    layer.SetUp(bottom_vec_, top_vec_);
    layer.Forward(bottom_vec_, top_vec_);
    Blob<Dtype> expected;
    vector<int> argmax;
    ReferencePool(bottom_, pool, g, out_h, out_w, &expected, &argmax);
    ASSERT_EQ(expected.shape(), top_.shape()) << top_.shape_string();
    for (int i = 0; i < expected.count(); ++i) {
      EXPECT_NEAR(expected.cpu_data()[i], top_.cpu_data()[i], 1e-5)
          << "element " << i;
      if (pool == PoolingParameter_PoolMethod_MAX) {
        EXPECT_EQ(argmax[i], mask_.cpu_data()[i]) << "element " << i;
      }
    }
  }

  void CheckGradient() {
    PoolingLayer<Dtype> layer(param_);
    GradientChecker<Dtype> checker(1e-3, 1e-2);
    checker.CheckGradientExhaustive(&layer, bottom_vec_, top_vec_);
  }

  void ExpectSetUpError(const std::string& fragment) {
    try {
      PoolingLayer<Dtype> layer(param_);
      layer.SetUp(bottom_vec_, top_vec_);
      FAIL() << "expected caffe::Error mentioning \"" << fragment << "\"";
    } catch (const Error& error) {
      EXPECT_NE(std::string(error.what()).find(fragment), std::string::npos)
          << error.what();
    }
  }

  Blob<Dtype> bottom_, top_, mask_;
  vector<Blob<Dtype>*> bottom_vec_, top_vec_;
  LayerParameter param_;
};

TYPED_TEST_SUITE(PoolingLayerTest, TestDtypesAndDevices);

TYPED_TEST(PoolingLayerTest, OutputShapes) {
  typedef typename TypeParam::Dtype Dtype;
  struct Case {
    int height, kernel, stride, pad;
    PoolingParameter_RoundMode mode;
    int expected_h, expected_w;  // the width is 4, unpadded
  };
  const Case cases[] = {
      // h: ceil(3 / 2) + 1; w: ceil(3 / 2) + 1
      {6, 3, 2, 0, PoolingParameter_RoundMode_CEIL, 3, 3},
      // h: floor(3 / 2) + 1; w: floor(3 / 2) + 1
      {6, 3, 2, 0, PoolingParameter_RoundMode_FLOOR, 2, 2},
      // h: ceil(5 / 2) + 1; w: 3, but with any padding a window may not
      // start outside the image: the third would start at 4 = width.
      {6, 3, 2, 1, PoolingParameter_RoundMode_CEIL, 4, 2},
      // h: ceil(5 / 2) + 1 = 4, the fourth would start at 6 - 1 = height.
      {5, 2, 2, 1, PoolingParameter_RoundMode_CEIL, 3, 2},
      {5, 3, 3, 0, PoolingParameter_RoundMode_CEIL, 2, 2},
      {7, 7, 1, 0, PoolingParameter_RoundMode_CEIL, 1, 4},
  };
  for (const Case& c : cases) {
    this->bottom_.Reshape(vector<int>{1, 2, c.height, 4});
    this->param_.clear_pooling_param();
    this->pool_param()->set_kernel_h(c.kernel);
    this->pool_param()->set_kernel_w(1);
    this->pool_param()->set_stride(c.stride);
    this->pool_param()->set_pad_h(c.pad);
    this->pool_param()->set_pad_w(0);
    this->pool_param()->set_round_mode(c.mode);
    PoolingLayer<Dtype> layer(this->param_);
    layer.SetUp(this->bottom_vec_, this->top_vec_);
    EXPECT_EQ((vector<int>{1, 2, c.expected_h, c.expected_w}),
              this->top_.shape())
        << "height " << c.height << " kernel " << c.kernel << " stride "
        << c.stride << " pad " << c.pad << " mode " << c.mode;
  }
}

TYPED_TEST(PoolingLayerTest, TopMaskShape) {
  typedef typename TypeParam::Dtype Dtype;
  this->pool_param()->set_kernel_size(2);
  this->top_vec_.push_back(&this->mask_);
  PoolingLayer<Dtype> layer(this->param_);
  layer.SetUp(this->bottom_vec_, this->top_vec_);
  EXPECT_EQ((vector<int>{2, 3, 5, 4}), this->top_.shape());
  EXPECT_EQ(this->top_.shape(), this->mask_.shape());
}

TYPED_TEST(PoolingLayerTest, ForwardMax) {
  this->CheckForward({3, 2, 2, 1, 0, 0}, 3, 4);
}

TYPED_TEST(PoolingLayerTest, ForwardMaxPadded) {
  this->CheckForward({3, 3, 2, 2, 1, 1}, 4, 3);
}

TYPED_TEST(PoolingLayerTest, ForwardAve) {
  this->pool_param()->set_pool(PoolingParameter_PoolMethod_AVE);
  this->CheckForward({3, 2, 2, 1, 0, 0}, 3, 4);
}

TYPED_TEST(PoolingLayerTest, ForwardAvePadded) {
  this->pool_param()->set_pool(PoolingParameter_PoolMethod_AVE);
  // h: ceil(7 / 2) + 1 = 5, but the fifth window would start at 8 - 2 = 6.
  this->CheckForward({3, 2, 2, 2, 2, 1}, 4, 3);
}

// Enough outputs for the planes to be pooled in parallel.
TYPED_TEST(PoolingLayerTest, LargeMaxForwardBackward) {
  typedef typename TypeParam::Dtype Dtype;
  this->bottom_.Reshape(vector<int>{4, 16, 32, 32});
  FillDistinct(&this->bottom_);
  this->CheckForward({2, 2, 2, 2, 0, 0}, 16, 16);
  // The windows do not overlap: each output's diff lands on its argmax.
  PoolingLayer<Dtype> layer(this->param_);
  layer.SetUp(this->bottom_vec_, this->top_vec_);
  layer.Forward(this->bottom_vec_, this->top_vec_);
  GaussianFiller<Dtype>(FillerParameter()).Fill(&this->top_);
  caffe_copy(this->top_.count(), this->top_.cpu_data(),
             this->top_.mutable_cpu_diff());
  layer.Backward(this->top_vec_, vector<bool>{true}, this->bottom_vec_);
  vector<Dtype> expected(this->bottom_.count(), 0);
  for (int i = 0; i < this->top_.count(); ++i) {
    const int plane = i / (16 * 16);
    const int index = static_cast<int>(this->mask_.cpu_data()[i]);
    expected[plane * 32 * 32 + index] = this->top_.cpu_diff()[i];
  }
  for (int i = 0; i < this->bottom_.count(); ++i) {
    EXPECT_EQ(expected[i], this->bottom_.cpu_diff()[i]) << i;
  }
}

TYPED_TEST(PoolingLayerTest, ForwardAveCountsPadding) {
  typedef typename TypeParam::Dtype Dtype;
  // All ones, 3x3 window, pad 1: the divisor is always 9, so a corner sees
  // 4 / 9, an edge 6 / 9 and the centre 1 (Caffe's convention).
  this->bottom_.Reshape(vector<int>{1, 1, 3, 3});
  caffe_set(9, Dtype(1), this->bottom_.mutable_cpu_data());
  this->pool_param()->set_pool(PoolingParameter_PoolMethod_AVE);
  this->pool_param()->set_kernel_size(3);
  this->pool_param()->set_pad(1);
  PoolingLayer<Dtype> layer(this->param_);
  layer.SetUp(this->bottom_vec_, this->top_vec_);
  layer.Forward(this->bottom_vec_, this->top_vec_);
  const Dtype expected[9] = {4, 6, 4, 6, 9, 6, 4, 6, 4};
  for (int i = 0; i < 9; ++i) {
    EXPECT_NEAR(expected[i] / 9, this->top_.cpu_data()[i], 1e-6) << i;
  }
}

TYPED_TEST(PoolingLayerTest, ForwardGlobal) {
  typedef typename TypeParam::Dtype Dtype;
  this->pool_param()->set_global_pooling(true);
  this->pool_param()->set_pool(PoolingParameter_PoolMethod_AVE);
  PoolingLayer<Dtype> layer(this->param_);
  layer.SetUp(this->bottom_vec_, this->top_vec_);
  layer.Forward(this->bottom_vec_, this->top_vec_);
  ASSERT_EQ((vector<int>{2, 3, 1, 1}), this->top_.shape());
  for (int p = 0; p < 6; ++p) {
    const Dtype* plane = this->bottom_.cpu_data() + p * 30;
    EXPECT_NEAR(std::accumulate(plane, plane + 30, Dtype(0)) / 30,
                this->top_.cpu_data()[p], 1e-5);
  }
}

TYPED_TEST(PoolingLayerTest, ForwardStochasticTest) {
  typedef typename TypeParam::Dtype Dtype;
  caffe_add_scalar(this->bottom_.count(), Dtype(2.01),
                   this->bottom_.mutable_cpu_data());
  this->param_.set_phase(TEST);
  this->pool_param()->set_pool(PoolingParameter_PoolMethod_STOCHASTIC);
  this->CheckForward({3, 2, 2, 1, 0, 0}, 3, 4);
}

TYPED_TEST(PoolingLayerTest, ForwardStochasticTrain) {
  typedef typename TypeParam::Dtype Dtype;
  caffe_add_scalar(this->bottom_.count(), Dtype(2.01),
                   this->bottom_.mutable_cpu_data());
  this->param_.set_phase(TRAIN);
  this->pool_param()->set_pool(PoolingParameter_PoolMethod_STOCHASTIC);
  this->pool_param()->set_kernel_size(3);
  this->pool_param()->set_stride(2);
  PoolingLayer<Dtype> layer(this->param_);
  layer.SetUp(this->bottom_vec_, this->top_vec_);
  layer.Forward(this->bottom_vec_, this->top_vec_);
  ASSERT_EQ((vector<int>{2, 3, 3, 2}), this->top_.shape());
  // Each output is one of the values in its window.
  for (int n = 0; n < 2; ++n)
  for (int c = 0; c < 3; ++c)
  for (int ph = 0; ph < 3; ++ph)
  for (int pw = 0; pw < 2; ++pw) {
    bool found = false;
    for (int h = ph * 2; h < std::min(ph * 2 + 3, 6); ++h) {
      for (int w = pw * 2; w < std::min(pw * 2 + 3, 5); ++w) {
        found = found || this->bottom_.data_at(n, c, h, w) ==
                             this->top_.data_at(n, c, ph, pw);
      }
    }
    EXPECT_TRUE(found) << n << " " << c << " " << ph << " " << pw;
  }
}

TYPED_TEST(PoolingLayerTest, GradientMax) {
  this->pool_param()->set_kernel_h(3);
  this->pool_param()->set_kernel_w(2);
  this->pool_param()->set_stride(2);
  this->pool_param()->set_pad(1);
  this->CheckGradient();
}

TYPED_TEST(PoolingLayerTest, GradientMaxTopMask) {
  this->pool_param()->set_kernel_size(3);
  this->pool_param()->set_stride(2);
  this->top_vec_.push_back(&this->mask_);
  this->CheckGradient();
}

TYPED_TEST(PoolingLayerTest, GradientAve) {
  this->pool_param()->set_pool(PoolingParameter_PoolMethod_AVE);
  this->pool_param()->set_kernel_size(3);
  this->pool_param()->set_stride(2);
  this->pool_param()->set_pad(2);
  this->CheckGradient();
}

TYPED_TEST(PoolingLayerTest, GradientStochastic) {
  typedef typename TypeParam::Dtype Dtype;
  caffe_add_scalar(this->bottom_.count(), Dtype(2.01),
                   this->bottom_.mutable_cpu_data());
  this->pool_param()->set_pool(PoolingParameter_PoolMethod_STOCHASTIC);
  this->pool_param()->set_kernel_size(3);
  this->pool_param()->set_stride(2);
  this->param_.set_phase(TRAIN);
  this->CheckGradient();
  this->param_.set_phase(TEST);
  this->CheckGradient();
}

TYPED_TEST(PoolingLayerTest, BadParameters) {
  typedef typename TypeParam::Dtype Dtype;
  this->ExpectSetUpError("kernel_size (or both kernel_h and kernel_w)");
  this->pool_param()->set_kernel_h(2);
  this->ExpectSetUpError("kernel_size (or both kernel_h and kernel_w)");
  this->pool_param()->set_kernel_size(2);
  this->ExpectSetUpError("not both");
  this->param_.clear_pooling_param();
  this->pool_param()->set_kernel_size(0);
  this->ExpectSetUpError("kernel size must be positive");
  this->pool_param()->set_kernel_size(3);
  this->pool_param()->set_pad(3);
  this->ExpectSetUpError("pad (3 x 3) must be smaller than the kernel (3 x 3)");
  this->pool_param()->set_pad(1);
  this->pool_param()->set_pad_h(1);
  this->ExpectSetUpError("give either pad or both pad_h and pad_w");
  this->pool_param()->clear_pad_h();
  this->pool_param()->set_pool(PoolingParameter_PoolMethod_STOCHASTIC);
  this->ExpectSetUpError("padding is implemented only for MAX and AVE");
  this->param_.clear_pooling_param();
  this->pool_param()->set_kernel_size(7);
  this->ExpectSetUpError("larger than the padded input");
  this->pool_param()->set_global_pooling(true);
  this->ExpectSetUpError("with global_pooling, kernel_size");
  this->pool_param()->clear_kernel_size();
  this->pool_param()->set_stride(2);
  this->ExpectSetUpError("with global_pooling, pad must be 0 and stride 1");

  this->param_.clear_pooling_param();
  this->pool_param()->set_kernel_size(2);
  this->pool_param()->set_pool(PoolingParameter_PoolMethod_AVE);
  this->top_vec_.push_back(&this->mask_);
  this->ExpectSetUpError("at most 1 top");
  this->top_vec_.pop_back();

  Blob<Dtype> three_axes(vector<int>{2, 3, 4});
  this->bottom_vec_ = {&three_axes};
  this->ExpectSetUpError("4 axes");
}

}  // namespace caffe

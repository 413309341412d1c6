#include "caffe/layers/lrn_layer.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "caffe/util/math_functions.hpp"

namespace caffe {

template <typename Dtype>
bool LRNLayer<Dtype>::across_channels() const {
  return this->layer_param_.lrn_param().norm_region() ==
         LRNParameter_NormRegion_ACROSS_CHANNELS;
}

template <typename Dtype>
void LRNLayer<Dtype>::LayerSetUp(const vector<Blob<Dtype>*>& bottom,
                                 const vector<Blob<Dtype>*>& top) {
  const LRNParameter& param = this->layer_param_.lrn_param();
  size_ = param.local_size();
  CAFFE_REQUIRE(size_ % 2 == 1) << "local_size must be odd, got " << size_;
  pre_pad_ = (size_ - 1) / 2;
  alpha_ = param.alpha();
  beta_ = param.beta();
  k_ = param.k();
  CAFFE_REQUIRE(param.norm_region() ==
                    LRNParameter_NormRegion_ACROSS_CHANNELS ||
                param.norm_region() == LRNParameter_NormRegion_WITHIN_CHANNEL)
      << "unknown norm_region " << param.norm_region();
}

template <typename Dtype>
void LRNLayer<Dtype>::Reshape(const vector<Blob<Dtype>*>& bottom,
                              const vector<Blob<Dtype>*>& top) {
  CAFFE_REQUIRE(bottom[0]->num_axes() == 4)
      << "the input must have 4 axes (num, channels, height, width), got "
      << bottom[0]->shape_string();
  num_ = bottom[0]->num();
  channels_ = bottom[0]->channels();
  height_ = bottom[0]->height();
  width_ = bottom[0]->width();
  top[0]->ReshapeLike(*bottom[0]);
  scale_.ReshapeLike(*bottom[0]);
  product_buffer_.ReshapeLike(*bottom[0]);
  sum_buffer_.ReshapeLike(*bottom[0]);
}

template <typename Dtype>
void LRNLayer<Dtype>::WindowSum(const Dtype* values, Dtype* out) const {
  const int plane = height_ * width_;
  if (across_channels()) {
    caffe_set(num_ * channels_ * plane, Dtype(0), out);
    for (int n = 0; n < num_; ++n) {
      const Dtype* image = values + n * channels_ * plane;
      for (int c = 0; c < channels_; ++c) {
        const int first = std::max(c - pre_pad_, 0);
        const int last = std::min(c + pre_pad_, channels_ - 1);
        Dtype* out_plane = out + (n * channels_ + c) * plane;
        for (int other = first; other <= last; ++other) {
          caffe_axpy(plane, Dtype(1), image + other * plane, out_plane);
        }
      }
    }
    return;
  }
  for (int p = 0; p < num_ * channels_; ++p) {
    const Dtype* in_plane = values + p * plane;
    Dtype* out_plane = out + p * plane;
    for (int h = 0; h < height_; ++h) {
      const int h_first = std::max(h - pre_pad_, 0);
      const int h_last = std::min(h + pre_pad_, height_ - 1);
      for (int w = 0; w < width_; ++w) {
        const int w_first = std::max(w - pre_pad_, 0);
        const int w_last = std::min(w + pre_pad_, width_ - 1);
        Dtype sum = 0;
        for (int y = h_first; y <= h_last; ++y) {
          for (int x = w_first; x <= w_last; ++x)
            sum += in_plane[y * width_ + x];
        }
        out_plane[h * width_ + w] = sum;
      }
    }
  }
}

namespace {

// Spatial positions per block of the across-channel sweep: the block's
// running window sums stay in L1 while the channels stream past.
constexpr int kBlock = 256;
// Below this many elements the threads cost more than they save.
constexpr int kParallelMinCount = 1 << 15;

// y = x * scale^-beta over n values (forward: x = bottom, y = top;
// backward: x = top_diff); beta = 0.75 (AlexNet, GoogLeNet) as
// 1 / sqrt(scale * sqrt(scale)), which vectorises where std::pow does not.
template <typename Dtype>
void ScaleByNegativePower(const int n, const Dtype* x, const Dtype* scale,
                          const Dtype beta, Dtype* y) {
  if (beta == Dtype(0.75)) {
    for (int i = 0; i < n; ++i) {
      y[i] = x[i] / std::sqrt(scale[i] * std::sqrt(scale[i]));
    }
  } else {
    for (int i = 0; i < n; ++i) y[i] = x[i] * std::pow(scale[i], -beta);
  }
}

}  // namespace

// ACROSS_CHANNELS in one sweep over the channels per block of positions,
// keeping the window's sum of squares by adding the channel entering it and
// subtracting the one leaving it (clamped at 0 against the rounding left by
// the subtraction).
template <typename Dtype>
void LRNLayer<Dtype>::ForwardAcrossChannels(const Dtype* bottom_data,
                                            Dtype* scale, Dtype* top_data) {
  const int plane = height_ * width_;
  const int blocks_per_image = (plane + kBlock - 1) / kBlock;
  const Dtype alpha_over_n = alpha_ / size_;
  ApplyThreadCount();
#pragma omp parallel for if (num_ * channels_ * plane >= kParallelMinCount)
  for (int job = 0; job < num_ * blocks_per_image; ++job) {
    const int n = job / blocks_per_image;
    const int begin = (job % blocks_per_image) * kBlock;
    const int length = std::min(kBlock, plane - begin);
    const int64_t image = int64_t(n) * channels_ * plane + begin;
    const Dtype* in = bottom_data + image;
    Dtype sum[kBlock] = {};
    auto add_channel = [&](const int c, const Dtype sign) {
      const Dtype* x = in + int64_t(c) * plane;
      for (int i = 0; i < length; ++i) sum[i] += sign * x[i] * x[i];
    };
    for (int c = 0; c < std::min(pre_pad_, channels_); ++c) add_channel(c, 1);
    for (int c = 0; c < channels_; ++c) {
      if (c + pre_pad_ < channels_) add_channel(c + pre_pad_, 1);
      if (c - pre_pad_ - 1 >= 0) add_channel(c - pre_pad_ - 1, -1);
      Dtype* scale_row = scale + image + int64_t(c) * plane;
      for (int i = 0; i < length; ++i) {
        scale_row[i] = k_ + alpha_over_n * std::max(sum[i], Dtype(0));
      }
      ScaleByNegativePower(length, in + int64_t(c) * plane, scale_row, beta_,
                           top_data + image + int64_t(c) * plane);
    }
  }
}

template <typename Dtype>
void LRNLayer<Dtype>::Forward_cpu(const vector<Blob<Dtype>*>& bottom,
                                  const vector<Blob<Dtype>*>& top) {
  const Dtype* bottom_data = bottom[0]->cpu_data();
  Dtype* scale = scale_.mutable_cpu_data();
  Dtype* top_data = top[0]->mutable_cpu_data();
  if (across_channels()) {
    ForwardAcrossChannels(bottom_data, scale, top_data);
    return;
  }
  const int count = bottom[0]->count();
  Dtype* squares = product_buffer_.mutable_cpu_data();
  caffe_sqr(count, bottom_data, squares);
  WindowSum(squares, scale);
  caffe_scal(count, alpha_ / (size_ * size_), scale);
  caffe_add_scalar(count, Dtype(1), scale);
  ScaleByNegativePower(count, bottom_data, scale, beta_, top_data);
}

template <typename Dtype>
void LRNLayer<Dtype>::Backward_cpu(const vector<Blob<Dtype>*>& top,
                                   const vector<bool>& propagate_down,
                                   const vector<Blob<Dtype>*>& bottom) {
  if (!propagate_down[0]) return;
  const int count = bottom[0]->count();
  const Dtype* top_diff = top[0]->cpu_diff();
  const Dtype* top_data = top[0]->cpu_data();
  const Dtype* bottom_data = bottom[0]->cpu_data();
  const Dtype* scale = scale_.cpu_data();
  Dtype* bottom_diff = bottom[0]->mutable_cpu_diff();
  Dtype* ratio = product_buffer_.mutable_cpu_data();
  Dtype* window_sum = sum_buffer_.mutable_cpu_data();

  caffe_mul(count, top_diff, top_data, ratio);
  caffe_div(count, ratio, scale, ratio);
  WindowSum(ratio, window_sum);
  caffe_mul(count, window_sum, bottom_data, window_sum);

  ScaleByNegativePower(count, top_diff, scale, beta_, bottom_diff);
  const Dtype window_size = across_channels() ? size_ : size_ * size_;
  caffe_axpy(count, Dtype(-2) * alpha_ * beta_ / window_size, window_sum,
             bottom_diff);
}

INSTANTIATE_CLASS(LRNLayer);
REGISTER_LAYER_CLASS(LRN);

}  // namespace caffe

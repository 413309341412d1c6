#include "caffe/layers/pooling_layer.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <vector>

#include "caffe/util/math_functions.hpp"

namespace caffe {

// Below this many outputs the threads cost more than they save.
constexpr int kParallelMinOutputs = 1 << 14;

// One pooling window: the image positions [hstart, hend) x [wstart, wend),
// and the number of its positions inside the padded input (AVE's divisor).
template <typename Dtype>
struct PoolingLayer<Dtype>::Window {
  int hstart, hend, wstart, wend;
  int pool_size;
};

template <typename Dtype>
typename PoolingLayer<Dtype>::Window PoolingLayer<Dtype>::WindowAt(
    const int ph, const int pw) const {
  Window window;
  window.hstart = ph * stride_h_ - pad_h_;
  window.wstart = pw * stride_w_ - pad_w_;
  window.hend = std::min(window.hstart + kernel_h_, height_ + pad_h_);
  window.wend = std::min(window.wstart + kernel_w_, width_ + pad_w_);
  window.pool_size =
      (window.hend - window.hstart) * (window.wend - window.wstart);
  window.hstart = std::max(window.hstart, 0);
  window.wstart = std::max(window.wstart, 0);
  window.hend = std::min(window.hend, height_);
  window.wend = std::min(window.wend, width_);
  return window;
}

template <typename Dtype>
void PoolingLayer<Dtype>::LayerSetUp(const vector<Blob<Dtype>*>& bottom,
                                     const vector<Blob<Dtype>*>& top) {
  const PoolingParameter& param = this->layer_param_.pooling_param();
  global_pooling_ = param.global_pooling();
  round_mode_ = param.round_mode();
  const bool has_kernel_hw = param.has_kernel_h() || param.has_kernel_w();
  if (global_pooling_) {
    CAFFE_REQUIRE(!param.has_kernel_size() && !has_kernel_hw)
        << "with global_pooling, kernel_size (or kernel_h/kernel_w) may not "
           "be specified";
  } else {
    CAFFE_REQUIRE(!(param.has_kernel_size() && has_kernel_hw))
        << "either kernel_size or kernel_h and kernel_w may be given, not "
           "both";
    CAFFE_REQUIRE(param.has_kernel_size() ||
                  (param.has_kernel_h() && param.has_kernel_w()))
        << "kernel_size (or both kernel_h and kernel_w) must be specified";
    kernel_h_ =
        param.has_kernel_size() ? param.kernel_size() : param.kernel_h();
    kernel_w_ =
        param.has_kernel_size() ? param.kernel_size() : param.kernel_w();
    CAFFE_REQUIRE(kernel_h_ > 0 && kernel_w_ > 0)
        << "kernel size must be positive, got " << kernel_h_ << " x "
        << kernel_w_;
  }
  const bool has_pad_hw = param.has_pad_h() || param.has_pad_w();
  CAFFE_REQUIRE(!has_pad_hw ||
                (!param.has_pad() && param.has_pad_h() && param.has_pad_w()))
      << "give either pad or both pad_h and pad_w";
  const bool has_stride_hw = param.has_stride_h() || param.has_stride_w();
  CAFFE_REQUIRE(
      !has_stride_hw ||
      (!param.has_stride() && param.has_stride_h() && param.has_stride_w()))
      << "give either stride or both stride_h and stride_w";
  pad_h_ = has_pad_hw ? param.pad_h() : param.pad();
  pad_w_ = has_pad_hw ? param.pad_w() : param.pad();
  stride_h_ = has_stride_hw ? param.stride_h() : param.stride();
  stride_w_ = has_stride_hw ? param.stride_w() : param.stride();
  CAFFE_REQUIRE(stride_h_ > 0 && stride_w_ > 0)
      << "stride must be positive, got " << stride_h_ << " x " << stride_w_;
  if (global_pooling_) {
    CAFFE_REQUIRE(pad_h_ == 0 && pad_w_ == 0 && stride_h_ == 1 &&
                  stride_w_ == 1)
        << "with global_pooling, pad must be 0 and stride 1 (got pad " << pad_h_
        << " x " << pad_w_ << ", stride " << stride_h_ << " x " << stride_w_
        << ")";
  } else if (pad_h_ != 0 || pad_w_ != 0) {
    CAFFE_REQUIRE(param.pool() != PoolingParameter_PoolMethod_STOCHASTIC)
        << "padding is implemented only for MAX and AVE pooling";
    CAFFE_REQUIRE(pad_h_ < kernel_h_ && pad_w_ < kernel_w_)
        << "pad (" << pad_h_ << " x " << pad_w_
        << ") must be smaller than the kernel (" << kernel_h_ << " x "
        << kernel_w_ << ")";
  }
}

namespace {

// Caffe's output size: rounded up (or down), then with padding the last
// window must start inside the image.
int PooledSize(const int size, const int kernel, const int pad,
               const int stride, const bool ceil_mode, const bool padded) {
  const int span = size + 2 * pad - kernel;
  int pooled = (ceil_mode ? (span + stride - 1) / stride : span / stride) + 1;
  if (padded && (pooled - 1) * stride >= size + pad) --pooled;
  return pooled;
}

}  // namespace

template <typename Dtype>
void PoolingLayer<Dtype>::Reshape(const vector<Blob<Dtype>*>& bottom,
                                  const vector<Blob<Dtype>*>& top) {
  CAFFE_REQUIRE(bottom[0]->num_axes() == 4)
      << "the input must have 4 axes (num, channels, height, width), got "
      << bottom[0]->shape_string();
  channels_ = bottom[0]->channels();
  height_ = bottom[0]->height();
  width_ = bottom[0]->width();
  if (global_pooling_) {
    kernel_h_ = height_;
    kernel_w_ = width_;
  }
  CAFFE_REQUIRE(kernel_h_ <= height_ + 2 * pad_h_ &&
                kernel_w_ <= width_ + 2 * pad_w_)
      << "the kernel (" << kernel_h_ << " x " << kernel_w_
      << ") is larger than the padded input " << bottom[0]->shape_string()
      << " with pad " << pad_h_ << " x " << pad_w_;
  const bool ceil_mode = round_mode_ == PoolingParameter_RoundMode_CEIL;
  const bool padded = pad_h_ != 0 || pad_w_ != 0;
  pooled_height_ =
      PooledSize(height_, kernel_h_, pad_h_, stride_h_, ceil_mode, padded);
  pooled_width_ =
      PooledSize(width_, kernel_w_, pad_w_, stride_w_, ceil_mode, padded);
  const vector<int> top_shape{bottom[0]->num(), channels_, pooled_height_,
                              pooled_width_};
  for (auto* top_blob : top) top_blob->Reshape(top_shape);
  switch (this->layer_param_.pooling_param().pool()) {
    case PoolingParameter_PoolMethod_MAX:
      max_idx_.Reshape(top[0]->count());
      break;
    case PoolingParameter_PoolMethod_STOCHASTIC:
      rand_idx_.Reshape(top_shape);
      break;
    default:
      break;
  }
}

namespace {

// What PoolPlane computes: the maximum (alone, or with its position) or the
// average of each window.
enum class PoolMode { kMax, kMaxWithIndex, kAverage };

// One plane. Each output row is built by sweeping the window's rows and
// columns over the whole row of outputs at once, so that the innermost loop
// runs over consecutive outputs (vectorisable) instead of re-deriving each
// window. With positions, and for AVE, every output visits its window in
// row-major order, which keeps MAX's first-maximum tie rule and AVE's
// summation order; the maxima alone do not depend on the order.
// kStrideW is the horizontal stride when known at compile time (1 and 2,
// the common ones, whose loads the compiler can then vectorise), else 0.
template <PoolMode kMode, int kStrideW, typename Dtype>
void PoolPlane(const PoolingPlaneGeometry& g, const Dtype* in, Dtype* out,
               int* argmax) {
  constexpr bool kMax = kMode != PoolMode::kAverage;
  constexpr bool kIndex = kMode == PoolMode::kMaxWithIndex;
  const int stride_w = kStrideW > 0 ? kStrideW : g.stride_w;
  // MAX without positions first reduces the window's rows to their
  // column-wise maxima, so that each output then takes kernel_w values
  // instead of kernel_h * kernel_w.
  std::vector<Dtype> column_max(kMode == PoolMode::kMax ? g.width : 0);
  for (int ph = 0; ph < g.pooled_height; ++ph) {
    Dtype* out_row = out + ph * g.pooled_width;
    int* argmax_row = kIndex ? argmax + ph * g.pooled_width : nullptr;
    std::fill(out_row, out_row + g.pooled_width,
              kMax ? std::numeric_limits<Dtype>::lowest() : Dtype(0));
    if (kIndex) std::fill(argmax_row, argmax_row + g.pooled_width, -1);
    // Sweeps the window's columns over the row of outputs, reading `row`
    // (image row h, or the column maxima) whose first element is image
    // position row_start.
    auto sweep = [&](const Dtype* row, const int row_start) {
      for (int kw = 0; kw < g.kernel_w; ++kw) {
        // Outputs [begin, end) read row[pw * stride_w + offset] inside the
        // row; for the others this window column is padding.
        const int offset = kw - g.pad_w;
        const int begin = offset >= 0 ? 0 : (-offset + stride_w - 1) / stride_w;
        const int end = std::min(
            g.pooled_width, (g.width - offset + stride_w - 1) / stride_w);
        for (int pw = begin; pw < end; ++pw) {
          const int x = pw * stride_w + offset;
          const Dtype value = row[x];
          if (kIndex) {
            const bool greater = value > out_row[pw];
            out_row[pw] = greater ? value : out_row[pw];
            argmax_row[pw] = greater ? row_start + x : argmax_row[pw];
          } else if (kMax) {
            out_row[pw] = value > out_row[pw] ? value : out_row[pw];
          } else {
            out_row[pw] += value;
          }
        }
      }
    };
    const int hstart = ph * g.stride_h - g.pad_h;
    const int hend = std::min(hstart + g.kernel_h, g.height + g.pad_h);
    const int h_begin = std::max(hstart, 0);
    const int h_end = std::min(hend, g.height);
    if (kMode == PoolMode::kMax) {
      std::fill(column_max.begin(), column_max.end(),
                std::numeric_limits<Dtype>::lowest());
      Dtype* maxima = column_max.data();
      for (int h = h_begin; h < h_end; ++h) {
        const Dtype* row = in + h * g.width;
        for (int x = 0; x < g.width; ++x) {
          maxima[x] = row[x] > maxima[x] ? row[x] : maxima[x];
        }
      }
      if (h_begin < h_end) sweep(maxima, 0);
    } else {
      for (int h = h_begin; h < h_end; ++h) sweep(in + h * g.width, h * g.width);
    }
    if (!kMax) {
      // AVE divides by the window's extent inside the padded input.
      const int window_h = hend - hstart;
      for (int pw = 0; pw < g.pooled_width; ++pw) {
        const int wstart = pw * g.stride_w - g.pad_w;
        const int wend = std::min(wstart + g.kernel_w, g.width + g.pad_w);
        out_row[pw] /= window_h * (wend - wstart);
      }
    }
  }
}

template <PoolMode kMode, typename Dtype>
void PoolPlanes(const PoolingPlaneGeometry& g, const int num_planes, const Dtype* in,
                Dtype* out, int* argmax) {
  const int plane = g.height * g.width;
  const int pooled_plane = g.pooled_height * g.pooled_width;
  // Planes are independent: each reads its own input and writes its own
  // outputs.
  ApplyThreadCount();
#pragma omp parallel for if (int64_t(num_planes) * pooled_plane >= \
                             kParallelMinOutputs)
  for (int p = 0; p < num_planes; ++p) {
    const Dtype* plane_in = in + int64_t(p) * plane;
    Dtype* plane_out = out + int64_t(p) * pooled_plane;
    int* plane_argmax = kMode == PoolMode::kMaxWithIndex
                            ? argmax + int64_t(p) * pooled_plane
                            : nullptr;
    switch (g.stride_w) {
      case 1:
        PoolPlane<kMode, 1>(g, plane_in, plane_out, plane_argmax);
        break;
      case 2:
        PoolPlane<kMode, 2>(g, plane_in, plane_out, plane_argmax);
        break;
      default:
        PoolPlane<kMode, 0>(g, plane_in, plane_out, plane_argmax);
    }
  }
}

}  // namespace

template <typename Dtype>
void PoolingLayer<Dtype>::Forward_cpu(const vector<Blob<Dtype>*>& bottom,
                                      const vector<Blob<Dtype>*>& top) {
  const PoolingParameter_PoolMethod method =
      this->layer_param_.pooling_param().pool();
  switch (method) {
    case PoolingParameter_PoolMethod_MAX:
      if (top.size() == 1 && !this->backward_expected()) {
        // The positions are only needed by Backward, which finds them again
        // if it comes (ForwardMaxPositions); the maxima alone vectorise.
        PoolPlanes<PoolMode::kMax>(Geometry(), bottom[0]->count(0, 2),
                                   bottom[0]->cpu_data(),
                                   top[0]->mutable_cpu_data(),
                                   static_cast<int*>(nullptr));
        max_positions_current_ = false;
      } else if (top.size() == 1) {
        ForwardMaxPositions(bottom[0], top[0]->mutable_cpu_data());
        max_positions_current_ = true;
      } else {
        ForwardMaxPositions(bottom[0], top[0]->mutable_cpu_data());
        max_positions_current_ = true;
        std::copy(max_idx_.cpu_data(), max_idx_.cpu_data() + max_idx_.count(),
                  top[1]->mutable_cpu_data());
      }
      break;
    case PoolingParameter_PoolMethod_AVE:
      PoolPlanes<PoolMode::kAverage>(Geometry(), bottom[0]->count(0, 2),
                                     bottom[0]->cpu_data(),
                                     top[0]->mutable_cpu_data(),
                                     static_cast<int*>(nullptr));
      break;
    case PoolingParameter_PoolMethod_STOCHASTIC:
      ForwardStochastic(bottom[0], top[0]);
      break;
  }
}

template <typename Dtype>
PoolingPlaneGeometry PoolingLayer<Dtype>::Geometry() const {
  return PoolingPlaneGeometry{height_,   width_,    pooled_height_, pooled_width_,
                       kernel_h_, kernel_w_, stride_h_,      stride_w_,
                       pad_h_,    pad_w_};
}

template <typename Dtype>
void PoolingLayer<Dtype>::ForwardMaxPositions(const Blob<Dtype>* bottom,
                                              Dtype* maxima) {
  PoolPlanes<PoolMode::kMaxWithIndex>(Geometry(), bottom->count(0, 2),
                                      bottom->cpu_data(), maxima,
                                      max_idx_.mutable_cpu_data());
}

template <typename Dtype>
void PoolingLayer<Dtype>::ForwardStochastic(const Blob<Dtype>* bottom,
                                            Blob<Dtype>* top) {
  const bool train = this->phase_ == TRAIN;
  const int plane = height_ * width_;
  const int pooled_plane = pooled_height_ * pooled_width_;
  const int num_planes = bottom->count(0, 2);
  if (train) {
    caffe_rng_uniform(rand_idx_.count(), Dtype(0), Dtype(1),
                      rand_idx_.mutable_cpu_data());
  }
  const Dtype* bottom_planes = bottom->cpu_data();
  Dtype* top_data = top->mutable_cpu_data();
  Dtype* rand_idx = train ? rand_idx_.mutable_cpu_data() : nullptr;
  ApplyThreadCount();
#pragma omp parallel for if (top->count() >= kParallelMinOutputs)
  for (int p = 0; p < num_planes; ++p) {
    const Dtype* bottom_data = bottom_planes + int64_t(p) * plane;
    int out = p * pooled_plane;
    for (int ph = 0; ph < pooled_height_; ++ph) {
      for (int pw = 0; pw < pooled_width_; ++pw, ++out) {
        const Window w = WindowAt(ph, pw);
        Dtype sum = 0, sum_sq = 0;
        for (int h = w.hstart; h < w.hend; ++h) {
          for (int x = w.wstart; x < w.wend; ++x) {
            sum += bottom_data[h * width_ + x];
            sum_sq += bottom_data[h * width_ + x] * bottom_data[h * width_ + x];
          }
        }
        if (!train) {
          top_data[out] = sum > 0 ? sum_sq / sum : Dtype(0);
          continue;
        }
        // Walks the cumulative sum to the uniform draw's share of it; the
        // last position catches a draw that rounding left past it.
        Dtype* chosen = rand_idx + out;
        const Dtype threshold = *chosen * sum;
        Dtype cumulative = 0;
        int index = -1;
        for (int h = w.hstart; h < w.hend && index < 0; ++h) {
          for (int x = w.wstart; x < w.wend; ++x) {
            cumulative += bottom_data[h * width_ + x];
            if (cumulative >= threshold) {
              index = h * width_ + x;
              break;
            }
          }
        }
        if (index < 0) index = (w.hend - 1) * width_ + w.wend - 1;
        *chosen = index;
        top_data[out] = bottom_data[index];
      }
    }
  }
}

template <typename Dtype>
void PoolingLayer<Dtype>::Backward_cpu(const vector<Blob<Dtype>*>& top,
                                       const vector<bool>& propagate_down,
                                       const vector<Blob<Dtype>*>& bottom) {
  if (!propagate_down[0]) return;
  const PoolingParameter_PoolMethod method =
      this->layer_param_.pooling_param().pool();
  const bool train = this->phase_ == TRAIN;
  const int plane = height_ * width_;
  const int pooled_plane = pooled_height_ * pooled_width_;
  const int num_planes = bottom[0]->count(0, 2);
  const Dtype* top_diff = top[0]->cpu_diff();
  const Dtype* top_data = top[0]->cpu_data();
  const Dtype* bottom_planes = bottom[0]->cpu_data();
  Dtype* bottom_diff_planes = bottom[0]->mutable_cpu_diff();
  caffe_set(bottom[0]->count(), Dtype(0), bottom_diff_planes);
  if (method == PoolingParameter_PoolMethod_MAX && !max_positions_current_) {
    // Forward kept only the maxima; the values found again here are the
    // same and go to a scratch blob.
    max_values_.ReshapeLike(*top[0]);
    ForwardMaxPositions(bottom[0], max_values_.mutable_cpu_data());
  }
  const int* max_idx =
      method == PoolingParameter_PoolMethod_MAX ? max_idx_.cpu_data() : nullptr;
  ApplyThreadCount();
#pragma omp parallel for if (top[0]->count() >= kParallelMinOutputs)
  for (int p = 0; p < num_planes; ++p) {
    const Dtype* bottom_data = bottom_planes + int64_t(p) * plane;
    Dtype* bottom_diff = bottom_diff_planes + int64_t(p) * plane;
    int out = p * pooled_plane;
    for (int ph = 0; ph < pooled_height_; ++ph) {
      for (int pw = 0; pw < pooled_width_; ++pw, ++out) {
        switch (method) {
          case PoolingParameter_PoolMethod_MAX:
            if (max_idx[out] >= 0) bottom_diff[max_idx[out]] += top_diff[out];
            break;
          case PoolingParameter_PoolMethod_AVE: {
            const Window w = WindowAt(ph, pw);
            for (int h = w.hstart; h < w.hend; ++h) {
              for (int x = w.wstart; x < w.wend; ++x) {
                bottom_diff[h * width_ + x] += top_diff[out] / w.pool_size;
              }
            }
            break;
          }
          case PoolingParameter_PoolMethod_STOCHASTIC: {
            if (train) {
              const int index = static_cast<int>(rand_idx_.cpu_data()[out]);
              bottom_diff[index] += top_diff[out];
              break;
            }
            // d(sum x^2 / sum x)/dx_i = (2 x_i - top) / sum x
            const Window w = WindowAt(ph, pw);
            Dtype sum = 0;
            for (int h = w.hstart; h < w.hend; ++h) {
              for (int x = w.wstart; x < w.wend; ++x) {
                sum += bottom_data[h * width_ + x];
              }
            }
            if (sum <= 0) break;
            for (int h = w.hstart; h < w.hend; ++h) {
              for (int x = w.wstart; x < w.wend; ++x) {
                const int index = h * width_ + x;
                bottom_diff[index] += top_diff[out] *
                                      (2 * bottom_data[index] - top_data[out]) /
                                      sum;
              }
            }
            break;
          }
        }
      }
    }
  }
}

INSTANTIATE_CLASS(PoolingLayer);
REGISTER_LAYER_CLASS(Pooling);

}  // namespace caffe

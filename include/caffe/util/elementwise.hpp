#ifndef CAFFE_UTIL_ELEMENTWISE_HPP_
#define CAFFE_UTIL_ELEMENTWISE_HPP_

#include <cmath>

#include "caffe/util/thread_config.hpp"

// Marks functions that both host code and CUDA kernels call.
#ifdef __CUDACC__
#define CAFFE_HOST_DEVICE __host__ __device__
#else
#define CAFFE_HOST_DEVICE
#endif

namespace caffe {

// Elementwise math, written once. Each activation is a pair of functors
// (plain structs, so CUDA kernels can use them): the forward one maps an
// input x to y = f(x); the backward one maps (top_diff, v) to bottom_diff,
// where v is the input x or the output y, whichever the derivative is
// cheaper in (each functor says which). The CPU drivers below and the CUDA
// kernel template apply the same functors, so the devices agree by
// construction.

// y = max(x, 0) + negative_slope * min(x, 0). Written with selects of x or
// 0 only (no multiplication on one side of a branch), so that the CPU loop
// vectorises; NaN stays NaN.
template <typename Dtype>
struct ReLUForward {
  Dtype negative_slope;
  CAFFE_HOST_DEVICE Dtype operator()(const Dtype x) const {
    return (x < Dtype(0) ? Dtype(0) : x) +
           negative_slope * (x < Dtype(0) ? x : Dtype(0));
  }
};

// bottom_diff = top_diff * (x > 0 ? 1 : negative_slope); v is the input x.
template <typename Dtype>
struct ReLUBackward {
  Dtype negative_slope;
  CAFFE_HOST_DEVICE Dtype operator()(const Dtype top_diff,
                                     const Dtype x) const {
    return top_diff * (x > Dtype(0) ? Dtype(1) : negative_slope);
  }
};

// y = 1 / (1 + exp(-x)), as 0.5 * tanh(0.5 * x) + 0.5, which neither
// overflows for large |x| nor loses the small values near 0 and 1.
template <typename Dtype>
struct SigmoidForward {
  CAFFE_HOST_DEVICE Dtype operator()(const Dtype x) const {
    return Dtype(0.5) * std::tanh(Dtype(0.5) * x) + Dtype(0.5);
  }
};

// bottom_diff = top_diff * y * (1 - y); v is the output y.
template <typename Dtype>
struct SigmoidBackward {
  CAFFE_HOST_DEVICE Dtype operator()(const Dtype top_diff,
                                     const Dtype y) const {
    return top_diff * y * (Dtype(1) - y);
  }
};

// y = tanh(x)
template <typename Dtype>
struct TanHForward {
  CAFFE_HOST_DEVICE Dtype operator()(const Dtype x) const {
    return std::tanh(x);
  }
};

// bottom_diff = top_diff * (1 - y^2); v is the output y.
template <typename Dtype>
struct TanHBackward {
  CAFFE_HOST_DEVICE Dtype operator()(const Dtype top_diff,
                                     const Dtype y) const {
    return top_diff * (Dtype(1) - y * y);
  }
};

// Below this many elements the CPU drivers stay on one thread: forking
// costs more than the work.
constexpr int kElementwiseParallelMin = 1 << 17;

// y[i] = f(x[i]) for i < n. y may be x (in place).
template <typename Functor, typename Dtype>
void elementwise_cpu(const int n, const Functor& f, const Dtype* x, Dtype* y) {
  ApplyThreadCount();
#pragma omp parallel for simd if (n >= kElementwiseParallelMin)
  for (int i = 0; i < n; ++i) y[i] = f(x[i]);
}

// y[i] = f(a[i], b[i]) for i < n. y may be a or b (in place).
template <typename Functor, typename Dtype>
void elementwise_cpu(const int n, const Functor& f, const Dtype* a,
                     const Dtype* b, Dtype* y) {
  ApplyThreadCount();
#pragma omp parallel for simd if (n >= kElementwiseParallelMin)
  for (int i = 0; i < n; ++i) y[i] = f(a[i], b[i]);
}

}  // namespace caffe

#endif  // CAFFE_UTIL_ELEMENTWISE_HPP_

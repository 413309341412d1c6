#ifndef CAFFE_UTIL_ELEMENTWISE_CUH_
#define CAFFE_UTIL_ELEMENTWISE_CUH_

// The CUDA driver for elementwise functors: the activation functors of
// caffe/util/elementwise.hpp and the small ones of math_functions.cu. Any
// functor with a __device__ (or CAFFE_HOST_DEVICE) operator() works. Include
// from .cu files only.

#include "caffe/util/device_alternate.hpp"

namespace caffe {

// y[i] = f(in[i]...) for i < n, for any number of inputs (none included).
// y may alias an input: each element is read before it is written.
template <typename Functor, typename Out, typename... In>
__global__ void elementwise_kernel(const int n, const Functor f, Out* y,
                                   const In*... in) {
  CUDA_KERNEL_LOOP(i, n) { y[i] = f(in[i]...); }
}

// Launches elementwise_kernel on the default stream; output first, since the
// number of inputs varies.
template <typename Functor, typename Out, typename... In>
void elementwise_gpu_apply(const int n, const Functor& f, Out* y,
                           const In*... in) {
  if (n <= 0) return;  // A launch with no blocks is a CUDA error.
  elementwise_kernel<<<CAFFE_GET_BLOCKS(n), CAFFE_CUDA_NUM_THREADS>>>(n, f, y,
                                                                      in...);
  CUDA_POST_KERNEL_CHECK;
}

// The CPU drivers' signatures (elementwise_cpu), on device pointers.
// y[i] = f(x[i])
template <typename Functor, typename Dtype>
void elementwise_gpu(const int n, const Functor& f, const Dtype* x, Dtype* y) {
  elementwise_gpu_apply(n, f, y, x);
}

// y[i] = f(a[i], b[i])
template <typename Functor, typename Dtype>
void elementwise_gpu(const int n, const Functor& f, const Dtype* a,
                     const Dtype* b, Dtype* y) {
  elementwise_gpu_apply(n, f, y, a, b);
}

}  // namespace caffe

#endif  // CAFFE_UTIL_ELEMENTWISE_CUH_

#ifndef CAFFE_UTIL_GPU_UTIL_H_
#define CAFFE_UTIL_GPU_UTIL_H_

// Device-side helpers for CUDA kernels, as Caffe's header gives them. Only
// CUDA sources see anything: a host compiler, or a CPU-only build, gets an
// empty header, so that including it is always safe.
#include "caffe/config.hpp"

#if !defined(CPU_ONLY) && defined(__CUDACC__)

namespace caffe {

// *address += val atomically, returning the old value. CUDA has the float
// and (compute capability 6.0 on) the double overloads of atomicAdd; Caffe's
// kernels call them through this name.
template <typename Dtype>
inline __device__ Dtype caffe_gpu_atomic_add(const Dtype val, Dtype* address);

template <>
inline __device__ float caffe_gpu_atomic_add(const float val, float* address) {
  return atomicAdd(address, val);
}

template <>
inline __device__ double caffe_gpu_atomic_add(const double val,
                                              double* address) {
  return atomicAdd(address, val);
}

}  // namespace caffe

#endif  // !CPU_ONLY && __CUDACC__
#endif  // CAFFE_UTIL_GPU_UTIL_H_

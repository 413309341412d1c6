#ifndef CAFFE_UTIL_DEVICE_ALTERNATE_HPP_
#define CAFFE_UTIL_DEVICE_ALTERNATE_HPP_

#include "caffe/config.hpp"

#ifdef CPU_ONLY

#include <glog/logging.h>

// In a CPU-only build a layer's GPU methods are never reached: Layer's GPU
// entry points fall back to the CPU ones, and Caffe::set_mode(GPU) refuses.
#define NO_GPU LOG(FATAL) << "Cannot use GPU in CPU-only Caffe: check mode."

#else  // !CPU_ONLY

#include <cublas_v2.h>
#include <cuda.h>
#include <cuda_runtime.h>
#include <curand.h>
#include <driver_types.h>
#include <glog/logging.h>

// Device-call status checks. A failing CUDA call is an environment fault the
// process cannot recover from in the middle of a kernel sequence.
#define CUDA_CHECK(condition)                                         \
  do {                                                                \
    cudaError_t error = (condition);                                  \
    CHECK_EQ(error, cudaSuccess) << #condition << ": "                \
                                 << cudaGetErrorString(error);        \
  } while (0)

#define CUBLAS_CHECK(condition)                                       \
  do {                                                                \
    cublasStatus_t status = (condition);                              \
    CHECK_EQ(status, CUBLAS_STATUS_SUCCESS)                           \
        << #condition << ": " << ::caffe::cublasGetErrorString(status); \
  } while (0)

#define CURAND_CHECK(condition)                                       \
  do {                                                                \
    curandStatus_t status = (condition);                              \
    CHECK_EQ(status, CURAND_STATUS_SUCCESS)                           \
        << #condition << ": " << ::caffe::curandGetErrorString(status); \
  } while (0)

// Grid-stride loop over n elements.
#define CUDA_KERNEL_LOOP(i, n)                                  \
  for (int64_t i = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; \
       i < (n); i += int64_t(blockDim.x) * gridDim.x)

#define CUDA_POST_KERNEL_CHECK CUDA_CHECK(cudaPeekAtLastError())

namespace caffe {

const char* cublasGetErrorString(cublasStatus_t error);
const char* curandGetErrorString(curandStatus_t error);

constexpr int CAFFE_CUDA_NUM_THREADS = 512;

// Blocks for n elements, capped so that the grid-stride loop covers the rest.
inline int CAFFE_GET_BLOCKS(const int64_t n) {
  const int64_t blocks = (n + CAFFE_CUDA_NUM_THREADS - 1) / CAFFE_CUDA_NUM_THREADS;
  return static_cast<int>(blocks < 65535 * 32 ? blocks : 65535 * 32);
}

}  // namespace caffe

#endif  // CPU_ONLY

#endif  // CAFFE_UTIL_DEVICE_ALTERNATE_HPP_

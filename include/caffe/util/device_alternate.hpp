#ifndef CAFFE_UTIL_DEVICE_ALTERNATE_HPP_
#define CAFFE_UTIL_DEVICE_ALTERNATE_HPP_

#include "caffe/config.hpp"

#ifdef CPU_ONLY

#include <glog/logging.h>

// A CPU-only build keeps Caffe::set_mode(GPU) (Caffe::mode() then says GPU),
// as Caffe does; the first GPU use (a layer's Forward or Backward, a GPU
// update, a gpu_data() call) reaches NO_GPU, which throws a caffe::Error
// saying that this build has no CUDA, where Caffe aborted.
#define NO_GPU ::caffe::internal::ThrowNoGpu()

// Caffe's stubs for a layer's GPU methods in a CPU-only build, for layers
// that declare Forward_gpu/Backward_gpu and define them in a .cu file.
#define STUB_GPU(classname)   \
  STUB_GPU_FORWARD(classname, Forward); \
  STUB_GPU_BACKWARD(classname, Backward)

#define STUB_GPU_FORWARD(classname, funcname)                          \
  template <typename Dtype>                                            \
  void classname<Dtype>::funcname##_##gpu(                             \
      const std::vector<Blob<Dtype>*>& bottom,                         \
      const std::vector<Blob<Dtype>*>& top) {                          \
    NO_GPU;                                                            \
  }

#define STUB_GPU_BACKWARD(classname, funcname)                         \
  template <typename Dtype>                                            \
  void classname<Dtype>::funcname##_##gpu(                             \
      const std::vector<Blob<Dtype>*>& top,                            \
      const std::vector<bool>& propagate_down,                         \
      const std::vector<Blob<Dtype>*>& bottom) {                       \
    NO_GPU;                                                            \
  }

namespace caffe {
namespace internal {

// Throws the caffe::Error NO_GPU stands for (common.cpp).
[[noreturn]] void ThrowNoGpu();

}  // namespace internal
}  // namespace caffe

#else  // !CPU_ONLY

#include <cublas_v2.h>
#include <cuda.h>
#include <cuda_runtime.h>
#include <curand.h>
#include <driver_types.h>
#include <glog/logging.h>

#include "caffe/error.hpp"

// Device-call status checks. A failed call throws, naming the call as
// written, its status and the source line: caffe::OutOfMemoryError when the
// library could not allocate (cudaErrorMemoryAllocation,
// CUBLAS_STATUS_ALLOC_FAILED, CURAND_STATUS_ALLOCATION_FAILED), else
// caffe::DeviceError. A notebook kernel or an MPI rank can then report it
// and go on, or shut down in order.
#define CUDA_CHECK(condition)                                             \
  do {                                                                    \
    const cudaError_t caffe_cuda_status = (condition);                    \
    if (caffe_cuda_status != cudaSuccess) {                               \
      ::caffe::internal::ThrowCudaError(caffe_cuda_status, #condition,    \
                                        __FILE__, __LINE__);              \
    }                                                                     \
  } while (0)

#define CUBLAS_CHECK(condition)                                           \
  do {                                                                    \
    const cublasStatus_t caffe_cublas_status = (condition);               \
    if (caffe_cublas_status != CUBLAS_STATUS_SUCCESS) {                   \
      ::caffe::internal::ThrowCublasError(caffe_cublas_status, #condition, \
                                          __FILE__, __LINE__);            \
    }                                                                     \
  } while (0)

#define CURAND_CHECK(condition)                                           \
  do {                                                                    \
    const curandStatus_t caffe_curand_status = (condition);               \
    if (caffe_curand_status != CURAND_STATUS_SUCCESS) {                   \
      ::caffe::internal::ThrowCurandError(caffe_curand_status, #condition, \
                                          __FILE__, __LINE__);            \
    }                                                                     \
  } while (0)

// For destructors and other paths that must not throw (freeing memory,
// destroying events and handles): a failure is logged with the same words
// and otherwise ignored, since nothing is left to undo.
#define CUDA_CHECK_NOEXCEPT(condition)                                    \
  do {                                                                    \
    const cudaError_t caffe_cuda_status = (condition);                    \
    if (caffe_cuda_status != cudaSuccess) {                               \
      ::caffe::internal::LogCudaError(caffe_cuda_status, #condition,      \
                                      __FILE__, __LINE__);                \
    }                                                                     \
  } while (0)

// Grid-stride loop over n elements.
#define CUDA_KERNEL_LOOP(i, n)                                  \
  for (int64_t i = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; \
       i < (n); i += int64_t(blockDim.x) * gridDim.x)

#define CUDA_POST_KERNEL_CHECK CUDA_CHECK(cudaPeekAtLastError())

namespace caffe {

const char* cublasGetErrorString(cublasStatus_t error);
const char* curandGetErrorString(curandStatus_t error);

namespace internal {

// The throwing halves of the checks above (common_cuda.cpp). ThrowCudaError
// also clears CUDA's last-error state, so that a later
// CUDA_POST_KERNEL_CHECK does not report this failure a second time.
[[noreturn]] void ThrowCudaError(cudaError_t status, const char* call,
                                 const char* file, int line);
[[noreturn]] void ThrowCublasError(cublasStatus_t status, const char* call,
                                   const char* file, int line);
[[noreturn]] void ThrowCurandError(curandStatus_t status, const char* call,
                                   const char* file, int line);
void LogCudaError(cudaError_t status, const char* call, const char* file,
                  int line) noexcept;

// The current CUDA device, or OutOfMemoryError::kHost when none can be
// named; for messages only.
int CurrentDeviceForMessage() noexcept;

}  // namespace internal

constexpr int CAFFE_CUDA_NUM_THREADS = 512;

// Blocks for n elements, capped so that the grid-stride loop covers the rest.
inline int CAFFE_GET_BLOCKS(const int64_t n) {
  const int64_t blocks = (n + CAFFE_CUDA_NUM_THREADS - 1) / CAFFE_CUDA_NUM_THREADS;
  return static_cast<int>(blocks < 65535 * 32 ? blocks : 65535 * 32);
}

}  // namespace caffe

#endif  // CPU_ONLY

#endif  // CAFFE_UTIL_DEVICE_ALTERNATE_HPP_

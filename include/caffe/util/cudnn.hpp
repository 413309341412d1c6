#ifndef CAFFE_UTIL_CUDNN_HPP_
#define CAFFE_UTIL_CUDNN_HPP_

// Empty in a build without cuDNN; config.hpp first, so that USE_CUDNN is
// the library's setting whoever includes this.
#include "caffe/config.hpp"

#ifdef USE_CUDNN

#include <cudnn.h>

#include "caffe/common.hpp"

// As CUDA_CHECK (device_alternate.hpp) for cuDNN calls: throws
// caffe::OutOfMemoryError when cuDNN could not allocate, else
// caffe::DeviceError, naming the call, its status and the source line.
#define CUDNN_CHECK(condition)                                            \
  do {                                                                    \
    const cudnnStatus_t caffe_cudnn_status = (condition);                 \
    if (caffe_cudnn_status != CUDNN_STATUS_SUCCESS) {                     \
      ::caffe::internal::ThrowCudnnError(caffe_cudnn_status, #condition,  \
                                         __FILE__, __LINE__);             \
    }                                                                     \
  } while (0)

// For destructors (cudnnDestroy*Descriptor, cudnnDestroy): logs a failure
// and goes on.
#define CUDNN_CHECK_NOEXCEPT(condition)                                   \
  do {                                                                    \
    const cudnnStatus_t caffe_cudnn_status = (condition);                 \
    if (caffe_cudnn_status != CUDNN_STATUS_SUCCESS) {                     \
      ::caffe::internal::LogCudnnError(caffe_cudnn_status, #condition,    \
                                       __FILE__, __LINE__);               \
    }                                                                     \
  } while (0)

namespace caffe {
namespace internal {

[[noreturn]] void ThrowCudnnError(cudnnStatus_t status, const char* call,
                                  const char* file, int line);
void LogCudnnError(cudnnStatus_t status, const char* call, const char* file,
                   int line) noexcept;

}  // namespace internal
}  // namespace caffe

#endif  // USE_CUDNN
#endif  // CAFFE_UTIL_CUDNN_HPP_

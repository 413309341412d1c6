#ifndef CAFFE_UTIL_NCCL_HPP_
#define CAFFE_UTIL_NCCL_HPP_

// NCCL's status check and element types, as Caffe's header gives them; empty
// in a build without NCCL (USE_NCCL, set by caffe/config.hpp), so that a
// program may include it in any build.
#include "caffe/config.hpp"

#ifdef USE_NCCL

#include <nccl.h>

#include "caffe/common.hpp"

// As CUDA_CHECK (device_alternate.hpp) for NCCL calls: a failure throws
// caffe::DeviceError naming the call, its status and the source line.
#define NCCL_CHECK(condition)                                          \
  do {                                                                 \
    const ncclResult_t caffe_nccl_status = (condition);                \
    if (caffe_nccl_status != ncclSuccess) {                            \
      ::caffe::internal::ThrowFailedCall(                              \
          "NCCL", #condition, static_cast<int>(caffe_nccl_status), "", \
          ncclGetErrorString(caffe_nccl_status), false,                \
          ::caffe::OutOfMemoryError::kHost, __FILE__, __LINE__);       \
    }                                                                  \
  } while (0)

namespace caffe {
namespace nccl {

// NCCL's element type for a Dtype: nccl::dataType<float>::type.
template <typename Dtype>
class dataType;

template <>
class dataType<float> {
 public:
  static constexpr ncclDataType_t type = ncclFloat;
};
template <>
class dataType<double> {
 public:
  static constexpr ncclDataType_t type = ncclDouble;
};

}  // namespace nccl
}  // namespace caffe

#endif  // USE_NCCL
#endif  // CAFFE_UTIL_NCCL_HPP_

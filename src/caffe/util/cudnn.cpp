// cuDNN's status checks; nothing here in a build without cuDNN.
#ifdef USE_CUDNN

#include "caffe/util/cudnn.hpp"

namespace caffe {
namespace internal {

namespace {

// Whether status is a refused allocation, and if so where it was to be.
// cuDNN 9 split its single ALLOC_FAILED into host and device codes.
bool IsAllocationFailure(cudnnStatus_t status, int* device) {
#if CUDNN_MAJOR >= 9
  if (status == CUDNN_STATUS_INTERNAL_ERROR_HOST_ALLOCATION_FAILED) {
    *device = OutOfMemoryError::kHost;
    return true;
  }
  if (status == CUDNN_STATUS_INTERNAL_ERROR_DEVICE_ALLOCATION_FAILED) {
    *device = CurrentDeviceForMessage();
    return true;
  }
#else
  if (status == CUDNN_STATUS_ALLOC_FAILED) {
    *device = CurrentDeviceForMessage();
    return true;
  }
#endif
  return false;
}

}  // namespace

void ThrowCudnnError(cudnnStatus_t status, const char* call, const char* file,
                     int line) {
  int device = OutOfMemoryError::kHost;
  const bool out_of_memory = IsAllocationFailure(status, &device);
  ThrowFailedCall("cuDNN", call, static_cast<int>(status),
                  cudnnGetErrorString(status), "", out_of_memory, device, file,
                  line);
}

void LogCudnnError(cudnnStatus_t status, const char* call, const char* file,
                   int line) noexcept {
  LOG(ERROR) << DescribeFailedCall("cuDNN", call, cudnnGetErrorString(status),
                                   "", file, line)
             << " (ignored: it happened while releasing cuDNN objects)";
}

}  // namespace internal
}  // namespace caffe

#endif  // USE_CUDNN

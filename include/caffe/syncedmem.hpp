#ifndef CAFFE_SYNCEDMEM_HPP_
#define CAFFE_SYNCEDMEM_HPP_

#include <cstddef>

#include "caffe/common.hpp"

namespace caffe {

// Host memory for blobs: 64-byte aligned so that vector kernels can use
// aligned loads. Pinned (page-locked) when a GPU is in use, for fast copies.
// Throws OutOfMemoryError, naming the size, when the host refuses it.
void CaffeMallocHost(void** ptr, size_t size, bool* use_cuda);
// Never throws: a failure to free is logged.
void CaffeFreeHost(void* ptr, bool use_cuda) noexcept;

// A byte buffer that lives on the host, the device or both, allocated lazily
// and copied only when the side being asked for is stale. The first access
// to a side allocates it, and throws OutOfMemoryError (its buffer() this
// SyncedMemory) when that fails.
class SyncedMemory {
 public:
  SyncedMemory();
  explicit SyncedMemory(size_t size);
  ~SyncedMemory();

  const void* cpu_data();
  // Points the host side at memory the caller owns; it is never freed here.
  void set_cpu_data(void* data);
  const void* gpu_data();
  void set_gpu_data(void* data);
  void* mutable_cpu_data();
  void* mutable_gpu_data();

  enum SyncedHead { UNINITIALIZED, HEAD_AT_CPU, HEAD_AT_GPU, SYNCED };
  SyncedHead head() const { return head_; }
  size_t size() const { return size_; }

 private:
  void check_device();
  void to_cpu();
  void to_gpu();
  // Allocate and take ownership of the host or the device side.
  void allocate_cpu();
#ifndef CPU_ONLY
  void allocate_gpu();
#endif

  void* cpu_ptr_ = nullptr;
  void* gpu_ptr_ = nullptr;
  size_t size_ = 0;
  SyncedHead head_ = UNINITIALIZED;
  bool own_cpu_data_ = false;
  bool cpu_malloc_use_cuda_ = false;
  bool own_gpu_data_ = false;
  int device_ = -1;

  DISABLE_COPY_AND_ASSIGN(SyncedMemory);
};

}  // namespace caffe

#endif  // CAFFE_SYNCEDMEM_HPP_

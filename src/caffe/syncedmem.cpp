#include "caffe/syncedmem.hpp"

#include <cstdlib>
#include <cstring>

namespace caffe {

namespace {

constexpr size_t kHostAlignment = 64;

#ifndef CPU_ONLY
// Throws for a CUDA allocation that failed: OutOfMemoryError with the size
// and the device where the memory was not there, else the call's error.
void CheckCudaAllocation(cudaError_t status, size_t size, int device,
                         const char* call, const char* how) {
  if (status == cudaSuccess) return;
  if (status == cudaErrorMemoryAllocation) {
    cudaGetLastError();  // Not sticky: later calls on the device still work.
    throw OutOfMemoryError(size, device, how);
  }
  internal::ThrowCudaError(status, call, __FILE__, __LINE__);
}

void* DeviceMalloc(size_t size) {
  void* ptr = nullptr;
  CheckCudaAllocation(cudaMalloc(&ptr, size), size,
                      internal::CurrentDeviceForMessage(),
                      "cudaMalloc(&ptr, size)", "cudaMalloc refused it");
  return ptr;
}
#endif

}  // namespace

void CaffeMallocHost(void** ptr, size_t size, bool* use_cuda) {
#ifndef CPU_ONLY
  if (Caffe::mode() == Caffe::GPU) {
    CheckCudaAllocation(cudaMallocHost(ptr, size), size,
                        OutOfMemoryError::kHost, "cudaMallocHost(ptr, size)",
                        "cudaMallocHost refused it (pinned memory)");
    *use_cuda = true;
    return;
  }
#endif
  // posix_memalign accepts size 0; round up so that the pointer is unique.
  const size_t bytes = size ? size : 1;
  void* allocated = nullptr;
  const int status = posix_memalign(&allocated, kHostAlignment, bytes);
  if (status != 0) {
    throw OutOfMemoryError(size, OutOfMemoryError::kHost,
                           StrCat("posix_memalign: ", std::strerror(status)));
  }
  *ptr = allocated;
  *use_cuda = false;
}

void CaffeFreeHost(void* ptr, bool use_cuda) noexcept {
#ifndef CPU_ONLY
  if (use_cuda) {
    CUDA_CHECK_NOEXCEPT(cudaFreeHost(ptr));
    return;
  }
#endif
  free(ptr);
}

SyncedMemory::SyncedMemory() : SyncedMemory(0) {}

SyncedMemory::SyncedMemory(size_t size) : size_(size) {
#ifndef CPU_ONLY
  // Without a usable GPU the memory stays host-only; device_ stays -1.
  if (cudaGetDevice(&device_) != cudaSuccess) {
    cudaGetLastError();
    device_ = -1;
  }
#endif
}

SyncedMemory::~SyncedMemory() {
  // A destructor must not throw: the debug-build device check reports and
  // the memory is freed regardless.
  try {
    check_device();
  } catch (const Error& error) {
    LOG(ERROR) << "~SyncedMemory: " << error.what();
  }
  if (cpu_ptr_ && own_cpu_data_) {
    CaffeFreeHost(cpu_ptr_, cpu_malloc_use_cuda_);
  }
#ifndef CPU_ONLY
  if (gpu_ptr_ && own_gpu_data_) {
    CUDA_CHECK_NOEXCEPT(cudaFree(gpu_ptr_));
  }
#endif
}

void SyncedMemory::allocate_cpu() {
  try {
    CaffeMallocHost(&cpu_ptr_, size_, &cpu_malloc_use_cuda_);
  } catch (OutOfMemoryError& error) {
    error.set_buffer(this);
    throw;
  }
  own_cpu_data_ = true;
}

#ifndef CPU_ONLY
void SyncedMemory::allocate_gpu() {
  try {
    gpu_ptr_ = DeviceMalloc(size_);
  } catch (OutOfMemoryError& error) {
    error.set_buffer(this);
    throw;
  }
  own_gpu_data_ = true;
}
#endif

void SyncedMemory::to_cpu() {
  check_device();
  switch (head_) {
    case UNINITIALIZED:
      allocate_cpu();
      memset(cpu_ptr_, 0, size_);
      head_ = HEAD_AT_CPU;
      break;
    case HEAD_AT_GPU:
#ifndef CPU_ONLY
      if (cpu_ptr_ == nullptr) allocate_cpu();
      CUDA_CHECK(cudaMemcpy(cpu_ptr_, gpu_ptr_, size_, cudaMemcpyDeviceToHost));
      head_ = SYNCED;
#else
      NO_GPU;
#endif
      break;
    case HEAD_AT_CPU:
    case SYNCED:
      break;
  }
}

void SyncedMemory::to_gpu() {
  check_device();
#ifndef CPU_ONLY
  switch (head_) {
    case UNINITIALIZED:
      // Allocated already if an earlier memset threw.
      if (gpu_ptr_ == nullptr) allocate_gpu();
      CUDA_CHECK(cudaMemset(gpu_ptr_, 0, size_));
      head_ = HEAD_AT_GPU;
      break;
    case HEAD_AT_CPU:
      if (gpu_ptr_ == nullptr) allocate_gpu();
      CUDA_CHECK(cudaMemcpy(gpu_ptr_, cpu_ptr_, size_, cudaMemcpyHostToDevice));
      head_ = SYNCED;
      break;
    case HEAD_AT_GPU:
    case SYNCED:
      break;
  }
#else
  NO_GPU;
#endif
}

const void* SyncedMemory::cpu_data() {
  check_device();
  to_cpu();
  return cpu_ptr_;
}

void SyncedMemory::set_cpu_data(void* data) {
  check_device();
  CHECK(data);
  if (own_cpu_data_) {
    CaffeFreeHost(cpu_ptr_, cpu_malloc_use_cuda_);
  }
  cpu_ptr_ = data;
  head_ = HEAD_AT_CPU;
  own_cpu_data_ = false;
}

const void* SyncedMemory::gpu_data() {
  check_device();
#ifndef CPU_ONLY
  to_gpu();
  return gpu_ptr_;
#else
  NO_GPU;
  return nullptr;
#endif
}

void SyncedMemory::set_gpu_data(void* data) {
  check_device();
#ifndef CPU_ONLY
  CHECK(data);
  if (own_gpu_data_) {
    CUDA_CHECK(cudaFree(gpu_ptr_));
  }
  gpu_ptr_ = data;
  head_ = HEAD_AT_GPU;
  own_gpu_data_ = false;
#else
  NO_GPU;
#endif
}

void* SyncedMemory::mutable_cpu_data() {
  check_device();
  to_cpu();
  head_ = HEAD_AT_CPU;
  return cpu_ptr_;
}

void* SyncedMemory::mutable_gpu_data() {
  check_device();
#ifndef CPU_ONLY
  to_gpu();
  head_ = HEAD_AT_GPU;
  return gpu_ptr_;
#else
  NO_GPU;
  return nullptr;
#endif
}

void SyncedMemory::check_device() {
#if !defined(CPU_ONLY) && !defined(NDEBUG)
  int device;
  cudaGetDevice(&device);
  CHECK(device == device_ || device_ == -1);
  if (gpu_ptr_ && own_gpu_data_) {
    cudaPointerAttributes attributes;
    CUDA_CHECK(cudaPointerGetAttributes(&attributes, gpu_ptr_));
    CHECK(attributes.device == device_);
  }
#endif
}

}  // namespace caffe

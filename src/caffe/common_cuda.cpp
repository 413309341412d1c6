// The CUDA half of the Caffe context (the CPU_ONLY half is in common.cpp).
#ifndef CPU_ONLY

#include <random>

#include "caffe/common.hpp"

namespace caffe {

namespace {

// Number of usable CUDA devices; 0 when the driver or the device is missing.
int DeviceCount() {
  int count = 0;
  if (cudaGetDeviceCount(&count) != cudaSuccess) {
    cudaGetLastError();  // Clear the sticky error so later calls start clean.
    return 0;
  }
  return count;
}

uint64_t RandomSeed() {
  std::random_device device;
  return (static_cast<uint64_t>(device()) << 32) ^ device();
}

}  // namespace

struct Caffe::DeviceHandles {
  DeviceHandles() : curand_seed(RandomSeed()) {}
  // Runs at thread exit, possibly after the CUDA runtime has shut down, so
  // failures are ignored rather than checked.
  ~DeviceHandles() { Release(); }
  DeviceHandles(const DeviceHandles&) = delete;
  DeviceHandles& operator=(const DeviceHandles&) = delete;

  // Drops the handles so that the next use creates them on the new device.
  void Release() {
    if (cublas) cublasDestroy(cublas);
    if (curand) curandDestroyGenerator(curand);
    cublas = nullptr;
    curand = nullptr;
  }

  cublasHandle_t cublas = nullptr;
  curandGenerator_t curand = nullptr;
  // Seed for the next cuRAND generator: set_random_seed's, else random.
  unsigned long long curand_seed;  // NOLINT(runtime/int): cuRAND's type
};

Caffe::Caffe() : device_handles_(new DeviceHandles()) {}

Caffe::~Caffe() = default;

cublasHandle_t Caffe::cublas_handle() {
  DeviceHandles& handles = *Get().device_handles_;
  if (!handles.cublas) {
    CUBLAS_CHECK(cublasCreate(&handles.cublas));
  }
  return handles.cublas;
}

curandGenerator_t Caffe::curand_generator() {
  DeviceHandles& handles = *Get().device_handles_;
  if (!handles.curand) {
    CURAND_CHECK(
        curandCreateGenerator(&handles.curand, CURAND_RNG_PSEUDO_DEFAULT));
    CURAND_CHECK(curandSetPseudoRandomGeneratorSeed(handles.curand,
                                                    handles.curand_seed));
  }
  return handles.curand;
}

void Caffe::set_mode(Brew mode) {
  if (mode == GPU) {
    CAFFE_REQUIRE(DeviceCount() > 0)
        << "GPU mode needs a CUDA device, but none is visible on this machine "
           "(check the driver and CUDA_VISIBLE_DEVICES), or run on the CPU";
  }
  Get().mode_ = mode;
}

void Caffe::set_random_seed(const unsigned int seed) {
  Caffe& context = Get();
  DeviceHandles& handles = *context.device_handles_;
  handles.curand_seed = seed;
  if (handles.curand) {
    // Restart the stream too, so that a reseeded run repeats its draws.
    CURAND_CHECK(curandSetPseudoRandomGeneratorSeed(handles.curand, seed));
    CURAND_CHECK(curandSetGeneratorOffset(handles.curand, 0));
  }
  context.random_generator_.reset(new RNG(seed));
}

void Caffe::SetDevice(const int device_id) {
  const int count = DeviceCount();
  CAFFE_REQUIRE(device_id >= 0 && device_id < count)
      << "cannot select GPU " << device_id << ": this machine has " << count
      << " CUDA device(s)";
  int current_device = -1;
  CUDA_CHECK(cudaGetDevice(&current_device));
  if (current_device == device_id) return;
  CUDA_CHECK(cudaSetDevice(device_id));
  // Handles belong to the device they were made on.
  Get().device_handles_->Release();
}

void Caffe::DeviceQuery() {
  int device = -1;
  if (DeviceCount() == 0 || cudaGetDevice(&device) != cudaSuccess) {
    cudaGetLastError();
    LOG(INFO) << "No CUDA device present.";
    return;
  }
  cudaDeviceProp prop;
  CUDA_CHECK(cudaGetDeviceProperties(&prop, device));
  // CUDA 13 dropped these from cudaDeviceProp; they remain attributes.
  int clock_rate = 0, overlap = 0, exec_timeout = 0;
  CUDA_CHECK(cudaDeviceGetAttribute(&clock_rate, cudaDevAttrClockRate, device));
  CUDA_CHECK(cudaDeviceGetAttribute(&overlap, cudaDevAttrGpuOverlap, device));
  CUDA_CHECK(cudaDeviceGetAttribute(&exec_timeout, cudaDevAttrKernelExecTimeout,
                                    device));
  auto triple = [](const int* v) {
    std::ostringstream out;
    out << v[0] << ", " << v[1] << ", " << v[2];
    return out.str();
  };
  auto yes_no = [](int flag) { return flag ? "Yes" : "No"; };
  LOG(INFO) << "Device id:                     " << device;
  LOG(INFO) << "Major revision number:         " << prop.major;
  LOG(INFO) << "Minor revision number:         " << prop.minor;
  LOG(INFO) << "Name:                          " << prop.name;
  LOG(INFO) << "Total global memory:           " << prop.totalGlobalMem;
  LOG(INFO) << "Total shared memory per block: " << prop.sharedMemPerBlock;
  LOG(INFO) << "Total registers per block:     " << prop.regsPerBlock;
  LOG(INFO) << "Warp size:                     " << prop.warpSize;
  LOG(INFO) << "Maximum memory pitch:          " << prop.memPitch;
  LOG(INFO) << "Maximum threads per block:     " << prop.maxThreadsPerBlock;
  LOG(INFO) << "Maximum dimension of block:    " << triple(prop.maxThreadsDim);
  LOG(INFO) << "Maximum dimension of grid:     " << triple(prop.maxGridSize);
  LOG(INFO) << "Clock rate:                    " << clock_rate;
  LOG(INFO) << "Total constant memory:         " << prop.totalConstMem;
  LOG(INFO) << "Texture alignment:             " << prop.textureAlignment;
  LOG(INFO) << "Concurrent copy and execution: " << yes_no(overlap);
  LOG(INFO) << "Number of multiprocessors:     " << prop.multiProcessorCount;
  LOG(INFO) << "Kernel execution timeout:      " << yes_no(exec_timeout);
}

bool Caffe::CheckDevice(const int device_id) {
  // A device can exist yet be unusable (exclusive mode, held by another
  // process); only creating a context on it tells.
  const bool usable = cudaSetDevice(device_id) == cudaSuccess &&
                      cudaFree(nullptr) == cudaSuccess;
  cudaGetLastError();
  return usable;
}

int Caffe::FindDevice(const int start_id) {
  const int count = DeviceCount();
  for (int id = start_id; id < count; ++id) {
    if (CheckDevice(id)) return id;
  }
  return -1;
}

const char* cublasGetErrorString(cublasStatus_t error) {
  return cublasGetStatusString(error);
}

namespace internal {

int CurrentDeviceForMessage() noexcept {
  int device = OutOfMemoryError::kHost;
  if (cudaGetDevice(&device) != cudaSuccess) {
    cudaGetLastError();
    return OutOfMemoryError::kHost;
  }
  return device;
}

void ThrowCudaError(cudaError_t status, const char* call, const char* file,
                    int line) {
  // A non-sticky error (a refused allocation, a bad argument) would otherwise
  // stay as the last error and fail the next kernel launch's check.
  cudaGetLastError();
  ThrowFailedCall("CUDA", call, status, cudaGetErrorName(status),
                  cudaGetErrorString(status),
                  status == cudaErrorMemoryAllocation,
                  CurrentDeviceForMessage(), file, line);
}

void ThrowCublasError(cublasStatus_t status, const char* call,
                      const char* file, int line) {
  ThrowFailedCall("cuBLAS", call, status, cublasGetStatusName(status),
                  cublasGetStatusString(status),
                  status == CUBLAS_STATUS_ALLOC_FAILED,
                  CurrentDeviceForMessage(), file, line);
}

void ThrowCurandError(curandStatus_t status, const char* call,
                      const char* file, int line) {
  ThrowFailedCall("cuRAND", call, status, curandGetErrorString(status), "",
                  status == CURAND_STATUS_ALLOCATION_FAILED,
                  CurrentDeviceForMessage(), file, line);
}

void LogCudaError(cudaError_t status, const char* call, const char* file,
                  int line) noexcept {
  cudaGetLastError();
  LOG(ERROR) << DescribeFailedCall("CUDA", call, cudaGetErrorName(status),
                                   cudaGetErrorString(status), file, line)
             << " (ignored: it happened while releasing memory or handles)";
}

}  // namespace internal

const char* curandGetErrorString(curandStatus_t error) {
  switch (error) {
    case CURAND_STATUS_SUCCESS:
      return "CURAND_STATUS_SUCCESS";
    case CURAND_STATUS_VERSION_MISMATCH:
      return "CURAND_STATUS_VERSION_MISMATCH";
    case CURAND_STATUS_NOT_INITIALIZED:
      return "CURAND_STATUS_NOT_INITIALIZED";
    case CURAND_STATUS_ALLOCATION_FAILED:
      return "CURAND_STATUS_ALLOCATION_FAILED";
    case CURAND_STATUS_TYPE_ERROR:
      return "CURAND_STATUS_TYPE_ERROR";
    case CURAND_STATUS_OUT_OF_RANGE:
      return "CURAND_STATUS_OUT_OF_RANGE";
    case CURAND_STATUS_LENGTH_NOT_MULTIPLE:
      return "CURAND_STATUS_LENGTH_NOT_MULTIPLE";
    case CURAND_STATUS_DOUBLE_PRECISION_REQUIRED:
      return "CURAND_STATUS_DOUBLE_PRECISION_REQUIRED";
    case CURAND_STATUS_LAUNCH_FAILURE:
      return "CURAND_STATUS_LAUNCH_FAILURE";
    case CURAND_STATUS_PREEXISTING_FAILURE:
      return "CURAND_STATUS_PREEXISTING_FAILURE";
    case CURAND_STATUS_INITIALIZATION_FAILED:
      return "CURAND_STATUS_INITIALIZATION_FAILED";
    case CURAND_STATUS_ARCH_MISMATCH:
      return "CURAND_STATUS_ARCH_MISMATCH";
    case CURAND_STATUS_INTERNAL_ERROR:
      return "CURAND_STATUS_INTERNAL_ERROR";
  }
  return "unknown cuRAND status";
}

}  // namespace caffe

#endif  // !CPU_ONLY

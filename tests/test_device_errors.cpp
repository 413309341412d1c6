// The CUDA, cuBLAS and cuRAND status checks throw instead of aborting. The
// failing calls are chosen to fail with or without a GPU present.
#ifndef CPU_ONLY

#include <gtest/gtest.h>

#include <string>

#include "caffe/common.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {

namespace {

#define EXPECT_HAS(haystack, needle) \
  EXPECT_NE(std::string(haystack).find(needle), std::string::npos) << haystack

}  // namespace

TEST(DeviceErrorsTest, CudaCheckThrowsNamingTheCall) {
  try {
    CUDA_CHECK(cudaSetDevice(-1));
    FAIL() << "expected caffe::DeviceError";
  } catch (const DeviceError& error) {
    EXPECT_EQ(error.library(), "CUDA");
    EXPECT_EQ(error.call(), "cudaSetDevice(-1)");
    EXPECT_NE(error.status(), static_cast<int>(cudaSuccess));
    EXPECT_EQ(error.status_name().compare(0, 9, "cudaError"), 0)
        << error.status_name();
    EXPECT_EQ(error.source_file(), "tests/test_device_errors.cpp");
    EXPECT_HAS(error.what(), "CUDA call cudaSetDevice(-1) failed with cudaError");
    EXPECT_HAS(error.what(), "at tests/test_device_errors.cpp:");
  }
  // The failure was cleared, so the next check does not report it again
  // (without a device, the runtime's own failure to start may stay).
  if (GpuAvailable()) {
    EXPECT_EQ(cudaPeekAtLastError(), cudaSuccess);
  }
}

TEST(DeviceErrorsTest, CublasCheckThrowsNamingTheCall) {
  try {
    CUBLAS_CHECK(cublasSetStream(nullptr, nullptr));
    FAIL() << "expected caffe::DeviceError";
  } catch (const DeviceError& error) {
    EXPECT_EQ(error.library(), "cuBLAS");
    EXPECT_EQ(error.status_name(), "CUBLAS_STATUS_NOT_INITIALIZED");
    EXPECT_HAS(error.what(), "cuBLAS call cublasSetStream(nullptr, nullptr)");
  }
}

TEST(DeviceErrorsTest, NoexceptCheckOnlyLogs) {
  CUDA_CHECK_NOEXCEPT(cudaSetDevice(-1));
  if (GpuAvailable()) {
    EXPECT_EQ(cudaPeekAtLastError(), cudaSuccess);
  }
}

}  // namespace caffe

#endif  // !CPU_ONLY

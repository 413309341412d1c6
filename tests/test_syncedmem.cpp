#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "caffe/syncedmem.hpp"
#include "caffe/util/math_functions.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {

TEST(SyncedMemoryTest, StartsUninitialised) {
  SyncedMemory mem(10);
  EXPECT_EQ(mem.head(), SyncedMemory::UNINITIALIZED);
  EXPECT_EQ(mem.size(), 10u);
  SyncedMemory empty;
  EXPECT_EQ(empty.size(), 0u);
}

TEST(SyncedMemoryTest, HostMemoryIsZeroedAndAligned) {
  SyncedMemory mem(100);
  const unsigned char* data = static_cast<const unsigned char*>(mem.cpu_data());
  EXPECT_EQ(mem.head(), SyncedMemory::HEAD_AT_CPU);
  EXPECT_EQ(reinterpret_cast<std::uintptr_t>(data) % 64, 0u);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(data[i], 0);
}

TEST(SyncedMemoryTest, WritesPersist) {
  SyncedMemory mem(10);
  memset(mem.mutable_cpu_data(), 7, 10);
  const char* data = static_cast<const char*>(mem.cpu_data());
  for (int i = 0; i < 10; ++i) EXPECT_EQ(data[i], 7);
  EXPECT_EQ(mem.mutable_cpu_data(), mem.cpu_data());
}

TEST(SyncedMemoryTest, CallerOwnedHostData) {
  std::vector<float> buffer(4, 2.5f);
  {
    SyncedMemory mem(4 * sizeof(float));
    mem.set_cpu_data(buffer.data());
    EXPECT_EQ(mem.cpu_data(), buffer.data());
    EXPECT_EQ(mem.head(), SyncedMemory::HEAD_AT_CPU);
    static_cast<float*>(mem.mutable_cpu_data())[1] = 4;
  }
  // The memory outlives the SyncedMemory and keeps what was written.
  EXPECT_EQ(buffer[1], 4);
  EXPECT_EQ(buffer[0], 2.5f);
}

// More than any address space holds, so that every allocator refuses it.
constexpr size_t kAbsurdSize = size_t(1) << 62;

TEST(SyncedMemoryTest, RefusedHostAllocationThrowsOutOfMemory) {
  SyncedMemory mem(kAbsurdSize);
  try {
    mem.mutable_cpu_data();
    FAIL() << "expected caffe::OutOfMemoryError";
  } catch (const OutOfMemoryError& error) {
    EXPECT_EQ(error.bytes(), kAbsurdSize);
    EXPECT_TRUE(error.on_host());
    EXPECT_EQ(error.buffer(), &mem);
    EXPECT_NE(std::string(error.what()).find("4611686018427387904 bytes"),
              std::string::npos)
        << error.what();
    EXPECT_NE(std::string(error.what()).find("on the host"), std::string::npos)
        << error.what();
  }
  // Nothing was half-done: the memory is still unallocated, and asks again.
  EXPECT_EQ(mem.head(), SyncedMemory::UNINITIALIZED);
  EXPECT_THROW(mem.cpu_data(), OutOfMemoryError);
}

TEST(SyncedMemoryTest, CaffeMallocHostThrowsOutOfMemory) {
  void* ptr = nullptr;
  bool use_cuda = false;
  EXPECT_THROW(CaffeMallocHost(&ptr, kAbsurdSize, &use_cuda),
               OutOfMemoryError);
  EXPECT_EQ(ptr, nullptr);
}

class SyncedMemoryGPUTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!GpuAvailable()) GTEST_SKIP() << "no GPU in this build or machine";
  }
};

#ifndef CPU_ONLY
TEST_F(SyncedMemoryGPUTest, RoundTripsThroughTheDevice) {
  SyncedMemory mem(10);
  memset(mem.mutable_cpu_data(), 1, 10);
  const void* gpu = mem.gpu_data();
  EXPECT_EQ(mem.head(), SyncedMemory::SYNCED);
  caffe_gpu_memset(10, 3, mem.mutable_gpu_data());
  EXPECT_EQ(mem.gpu_data(), gpu);
  EXPECT_EQ(mem.head(), SyncedMemory::HEAD_AT_GPU);
  const char* cpu = static_cast<const char*>(mem.cpu_data());
  EXPECT_EQ(mem.head(), SyncedMemory::SYNCED);
  for (int i = 0; i < 10; ++i) EXPECT_EQ(cpu[i], 3);
}

TEST_F(SyncedMemoryGPUTest, RefusedDeviceAllocationThrowsOutOfMemory) {
  SyncedMemory mem(kAbsurdSize);
  int device = -1;
  CUDA_CHECK(cudaGetDevice(&device));
  try {
    mem.mutable_gpu_data();
    FAIL() << "expected caffe::OutOfMemoryError";
  } catch (const OutOfMemoryError& error) {
    EXPECT_EQ(error.bytes(), kAbsurdSize);
    EXPECT_EQ(error.device(), device);
    EXPECT_EQ(error.buffer(), &mem);
    EXPECT_NE(std::string(error.what()).find("4611686018427387904 bytes"),
              std::string::npos)
        << error.what();
  }
  // The refusal is not left behind as CUDA's last error: the device works.
  SyncedMemory small(16);
  caffe_gpu_memset(16, 5, small.mutable_gpu_data());
  CUDA_POST_KERNEL_CHECK;
  EXPECT_EQ(static_cast<const char*>(small.cpu_data())[15], 5);
}

TEST_F(SyncedMemoryGPUTest, DeviceMemoryStartsZeroed) {
  SyncedMemory mem(16);
  mem.gpu_data();
  EXPECT_EQ(mem.head(), SyncedMemory::HEAD_AT_GPU);
  const char* cpu = static_cast<const char*>(mem.cpu_data());
  for (int i = 0; i < 16; ++i) EXPECT_EQ(cpu[i], 0);
}
#endif

}  // namespace caffe

#include <gtest/gtest.h>

#include <string>

#include "caffe/error.hpp"

namespace caffe {

namespace {

#define EXPECT_HAS(haystack, needle) \
  EXPECT_NE(std::string(haystack).find(needle), std::string::npos) << haystack

}  // namespace

TEST(ErrorTest, DetailAloneIsTheMessage) {
  const Error error("bad things");
  EXPECT_STREQ(error.what(), "bad things");
  EXPECT_EQ(error.detail(), "bad things");
  EXPECT_FALSE(error.has_file());
  EXPECT_FALSE(error.has_layer());
  EXPECT_FALSE(error.has_blob());
  EXPECT_EQ(error.line(), 0);
  EXPECT_EQ(error.column(), 0);
}

TEST(ErrorTest, FieldsComposeTheMessageInOneOrder) {
  Error error("out of range");
  error.set_bottoms("\"data\" 2 3 (6)")
      .set_blob("conv1")
      .set_layer("conv1", "Convolution")
      .set_file("net.prototxt", 4, 7);
  EXPECT_STREQ(error.what(),
               "net.prototxt:4:7: layer \"conv1\" (Convolution): blob "
               "\"conv1\": out of range [bottoms: \"data\" 2 3 (6)]");
  EXPECT_EQ(error.detail(), "out of range");
  EXPECT_EQ(error.file(), "net.prototxt");
  EXPECT_EQ(error.line(), 4);
  EXPECT_EQ(error.column(), 7);
  EXPECT_EQ(error.layer(), "conv1");
  EXPECT_EQ(error.layer_type(), "Convolution");
  EXPECT_EQ(error.blob(), "conv1");
  EXPECT_EQ(error.bottoms(), "\"data\" 2 3 (6)");
}

TEST(ErrorTest, PartialLocationsAndLayerWithoutType) {
  EXPECT_STREQ(Error("x").set_file("a.prototxt").what(), "a.prototxt: x");
  EXPECT_STREQ(Error("x").set_file("a.prototxt", 3).what(),
               "a.prototxt:3: x");
  EXPECT_STREQ(Error("x").set_layer("fc8").what(), "layer \"fc8\": x");
}

TEST(ErrorTest, TheFirstValueSetIsKept) {
  Error error("fails");
  error.set_layer("inner", "InnerProduct");
  error.set_layer("outer", "Convolution");
  error.set_file("first.prototxt", 1, 2);
  error.set_file("second.prototxt", 3, 4);
  error.set_blob("a");
  error.set_blob("b");
  EXPECT_EQ(error.layer(), "inner");
  EXPECT_EQ(error.layer_type(), "InnerProduct");
  EXPECT_EQ(error.file(), "first.prototxt");
  EXPECT_EQ(error.line(), 1);
  EXPECT_EQ(error.blob(), "a");
  EXPECT_STREQ(error.what(),
               "first.prototxt:1:2: layer \"inner\" (InnerProduct): blob "
               "\"a\": fails");
}

TEST(ErrorTest, ContextsNestOutermostFirst) {
  Error error("too few values");
  error.add_context("weight blob 0").add_context("cannot load \"w\"");
  error.set_layer("conv1");
  EXPECT_EQ(error.detail(), "cannot load \"w\": weight blob 0: too few values");
  EXPECT_STREQ(error.what(),
               "layer \"conv1\": cannot load \"w\": weight blob 0: too few "
               "values");
}

TEST(ErrorTest, RethrownErrorKeepsItsTypeAndGainsContext) {
  try {
    try {
      throw OutOfMemoryError(100, OutOfMemoryError::kHost);
    } catch (Error& error) {
      error.set_layer("ip1", "InnerProduct");
      throw;
    }
  } catch (const OutOfMemoryError& error) {
    EXPECT_EQ(error.bytes(), 100u);
    EXPECT_EQ(error.layer(), "ip1");
    EXPECT_HAS(error.what(), "layer \"ip1\" (InnerProduct): out of memory");
    return;
  }
  FAIL() << "the OutOfMemoryError was lost";
}

TEST(ErrorTest, RequireAndThrowStillStreamTheDetail) {
  try {
    CAFFE_REQUIRE(1 + 1 == 3) << "arithmetic says " << 2;
    FAIL() << "expected caffe::Error";
  } catch (const Error& error) {
    EXPECT_STREQ(error.what(), "arithmetic says 2");
    EXPECT_EQ(error.detail(), "arithmetic says 2");
  }
  EXPECT_THROW(CAFFE_THROW() << "always", Error);
  EXPECT_THROW(CAFFE_THROW() << "always", std::runtime_error);
  CAFFE_REQUIRE(true) << "never thrown";
}

TEST(OutOfMemoryErrorTest, NamesTheBytesAndTheDevice) {
  const OutOfMemoryError host(std::size_t(1) << 32, OutOfMemoryError::kHost,
                              "posix_memalign: Cannot allocate memory");
  EXPECT_STREQ(host.what(),
               "out of memory: cannot allocate 4294967296 bytes (4.0 GiB) on "
               "the host: posix_memalign: Cannot allocate memory");
  EXPECT_TRUE(host.on_host());
  EXPECT_EQ(host.device(), OutOfMemoryError::kHost);
  EXPECT_EQ(host.bytes(), std::size_t(1) << 32);

  const OutOfMemoryError gpu(512, 1);
  EXPECT_STREQ(gpu.what(), "out of memory: cannot allocate 512 bytes on GPU 1");
  EXPECT_FALSE(gpu.on_host());

  const OutOfMemoryError unknown_size(0, 0, "cuBLAS workspace");
  EXPECT_STREQ(unknown_size.what(), "out of memory on GPU 0: cuBLAS workspace");
}

TEST(OutOfMemoryErrorTest, BufferIsKeptOnceSet) {
  OutOfMemoryError error(1, OutOfMemoryError::kHost);
  EXPECT_EQ(error.buffer(), nullptr);
  int first = 0, second = 0;
  error.set_buffer(&first);
  error.set_buffer(&second);
  EXPECT_EQ(error.buffer(), &first);
}

TEST(DeviceErrorTest, NamesTheCallStatusAndSourceLine) {
  const DeviceError error("CUDA", "cudaMemcpy(dst, src, n, kind)", 1,
                          "cudaErrorInvalidValue", "invalid argument",
                          "/home/someone/crema/src/caffe/syncedmem.cpp", 42);
  EXPECT_STREQ(error.what(),
               "CUDA call cudaMemcpy(dst, src, n, kind) failed with "
               "cudaErrorInvalidValue (invalid argument) at "
               "src/caffe/syncedmem.cpp:42");
  EXPECT_EQ(error.library(), "CUDA");
  EXPECT_EQ(error.call(), "cudaMemcpy(dst, src, n, kind)");
  EXPECT_EQ(error.status(), 1);
  EXPECT_EQ(error.status_name(), "cudaErrorInvalidValue");
  EXPECT_EQ(error.source_file(), "src/caffe/syncedmem.cpp");
  EXPECT_EQ(error.source_line(), 42);
  // A library that names its statuses only says the name once.
  const DeviceError curand("cuRAND", "curandCreateGenerator(&g, t)", 201,
                           "CURAND_STATUS_ALLOCATION_FAILED",
                           "CURAND_STATUS_ALLOCATION_FAILED", "x.cpp", 7);
  EXPECT_STREQ(curand.what(),
               "cuRAND call curandCreateGenerator(&g, t) failed with "
               "CURAND_STATUS_ALLOCATION_FAILED at x.cpp:7");
}

}  // namespace caffe

#ifndef CAFFE_TESTS_SUPPORT_TEST_CAFFE_MAIN_HPP_
#define CAFFE_TESTS_SUPPORT_TEST_CAFFE_MAIN_HPP_

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "caffe/common.hpp"

namespace caffe {

// Paths of the source tree, the shared data beside it, and the programs
// built from tools/. Defined in one file so that the build directory's path
// reaches only that object (other test objects stay cacheable across trees).
std::string SourcePath(const std::string& relative);
std::string SharedPath(const std::string& relative);
std::string ToolPath(const std::string& tool_name);

// Skips the running test, naming the expected path, when the shared data
// file `relative` is absent (a clone made away from the shared/ folder).
#define CAFFE_SKIP_WITHOUT_SHARED_DATA(relative)                              \
  do {                                                                        \
    const std::string shared_path = ::caffe::SharedPath(relative);            \
    if (!std::filesystem::exists(shared_path)) {                              \
      GTEST_SKIP() << "shared data " << shared_path                           \
                   << " is missing (the shared/ folder beside the checkout)"; \
    }                                                                         \
  } while (0)

// A fresh, empty directory for one test's files; removed at destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }
  std::string file(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// Whether this build and machine can run GPU code.
bool GpuAvailable();

// Typed tests run over every (dtype, device) pair; GPU cases skip with a
// reason where no GPU is present.
template <typename TypeParam>
class MultiDeviceTest : public ::testing::Test {
 public:
  typedef typename TypeParam::Dtype Dtype;

 protected:
  void SetUp() override {
    if (TypeParam::device == Caffe::GPU && !GpuAvailable()) {
      GTEST_SKIP() << "no GPU in this build or on this machine";
    }
    Caffe::set_mode(TypeParam::device);
    Caffe::set_random_seed(1701);
  }
  void TearDown() override { Caffe::set_mode(Caffe::CPU); }
};

template <typename TypeParam>
struct CPUDevice {
  typedef TypeParam Dtype;
  static const Caffe::Brew device = Caffe::CPU;
};

template <typename TypeParam>
struct GPUDevice {
  typedef TypeParam Dtype;
  static const Caffe::Brew device = Caffe::GPU;
};

typedef ::testing::Types<float, double> TestDtypes;

typedef ::testing::Types<CPUDevice<float>, CPUDevice<double>,
                         GPUDevice<float>, GPUDevice<double> >
    TestDtypesAndDevices;

}  // namespace caffe

#endif  // CAFFE_TESTS_SUPPORT_TEST_CAFFE_MAIN_HPP_

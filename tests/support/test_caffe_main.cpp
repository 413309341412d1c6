#include "support/test_caffe_main.hpp"

#include <stdlib.h>

#include <filesystem>

namespace caffe {

std::string SourcePath(const std::string& relative) {
  return std::string(CAFFE_SOURCE_DIR) + "/" + relative;
}

std::string SharedPath(const std::string& relative) {
  return std::string(CAFFE_SOURCE_DIR) + "/../shared/" + relative;
}

std::string ToolPath(const std::string& tool_name) {
  return std::string(CAFFE_BINARY_DIR) + "/tools/" + tool_name;
}

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "crema_test_XXXXXX").string();
  CHECK(mkdtemp(&pattern[0])) << "mkdtemp failed";
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

bool GpuAvailable() {
#ifdef CPU_ONLY
  return false;
#else
  int count = 0;
  if (cudaGetDeviceCount(&count) != cudaSuccess) {
    cudaGetLastError();
    return false;
  }
  return count > 0;
#endif
}

}  // namespace caffe

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  google::InitGoogleLogging(argv[0]);
  FLAGS_logtostderr = true;
  FLAGS_minloglevel = 1;  // Tests print warnings and errors only.
  caffe::Caffe::set_random_seed(1701);
  return RUN_ALL_TESTS();
}

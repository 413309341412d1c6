#include "fuzz_support.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>

#include "caffe/common.hpp"
#include "caffe/util/io.hpp"
#include "caffe/util/thread_config.hpp"

namespace caffe {
namespace fuzz {

void InitForFuzzing() {
  FLAGS_minloglevel = google::GLOG_FATAL;
  FLAGS_logtostderr = true;
  SetThreadCount(1);
  Caffe::set_mode(Caffe::CPU);
  Caffe::set_random_seed(1701);
}

namespace {

// One file per suffix, named after the process so that fuzzers running side
// by side (-jobs, -workers) do not share it; removed when the process exits.
class TempFiles {
 public:
  ~TempFiles() {
    for (const auto& entry : paths_) std::remove(entry.second.c_str());
  }
  const std::string& PathFor(const std::string& suffix) {
    auto found = paths_.find(suffix);
    if (found == paths_.end()) {
      const std::filesystem::path path =
          std::filesystem::temp_directory_path() /
          ("crema_fuzz_" + std::to_string(getpid()) + suffix);
      found = paths_.emplace(suffix, path.string()).first;
    }
    return found->second;
  }

 private:
  std::map<std::string, std::string> paths_;
};

TempFiles& Files() {
  static TempFiles files;
  return files;
}

}  // namespace

const std::string& WriteTempFile(const uint8_t* data, size_t size,
                                 const std::string& suffix) {
  const std::string& path = Files().PathFor(suffix);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(data),
            static_cast<std::streamsize>(size));
  out.close();
  if (!out) {
    // The fuzzer cannot run without its file; stop loudly, not silently.
    std::perror(path.c_str());
    std::abort();
  }
  return path;
}

NetParameter SmallNet() {
  NetParameter param;
  ReadProtoFromTextString(R"(
    name: "fuzz_small"
    layer { name: "data" type: "DummyData" top: "data" top: "target"
      dummy_data_param {
        shape { dim: 2 dim: 1 dim: 6 dim: 6 } shape { dim: 2 dim: 3 }
        data_filler { type: "gaussian" std: 1 } } }
    layer { name: "conv" type: "Convolution" bottom: "data" top: "conv"
      convolution_param { num_output: 2 kernel_size: 3
                          weight_filler { type: "xavier" } } }
    layer { name: "bn" type: "BatchNorm" bottom: "conv" top: "conv" }
    layer { name: "scale" type: "Scale" bottom: "conv" top: "conv"
      scale_param { bias_term: true } }
    layer { name: "prelu" type: "PReLU" bottom: "conv" top: "conv" }
    layer { name: "ip" type: "InnerProduct" bottom: "conv" top: "ip"
      inner_product_param { num_output: 3 weight_filler { type: "xavier" } } }
    layer { name: "loss" type: "EuclideanLoss" bottom: "ip" bottom: "target"
      top: "loss" }
  )", &param, "SmallNet");
  return param;
}

const char* const kSolverTypes[] = {"SGD",     "Nesterov", "AdaGrad",
                                    "RMSProp", "AdaDelta", "Adam"};
const int kNumSolverTypes = sizeof(kSolverTypes) / sizeof(kSolverTypes[0]);

SolverParameter SmallSolver(const std::string& type) {
  SolverParameter param;
  *param.mutable_net_param() = SmallNet();
  param.set_type(type);
  param.set_base_lr(0.01f);
  param.set_lr_policy("multistep");
  param.add_stepvalue(2);
  param.add_stepvalue(4);
  param.set_gamma(0.5f);
  param.set_max_iter(8);
  param.set_weight_decay(0.001f);
  // AdaGrad and RMSProp take no momentum; the others need one.
  const bool takes_momentum = type != "AdaGrad" && type != "RMSProp";
  param.set_momentum(takes_momentum ? 0.9f : 0.0f);
  param.set_random_seed(1701);
  return param;
}

}  // namespace fuzz
}  // namespace caffe

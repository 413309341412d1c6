// Built against an installed Caffe by tests/install_consumer/run.cmake: runs
// a two-layer net given as text and checks its output and the build options
// its headers saw. Exits non-zero on any mismatch.
#include <cmath>
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "caffe/caffe.hpp"

namespace {

// The option macros as this program sees them after Caffe's headers.
std::string OptionsSeen() {
  std::string seen;
#ifdef CPU_ONLY
  seen += " CPU_ONLY";
#endif
#ifdef USE_CUDNN
  seen += " USE_CUDNN";
#endif
#ifdef USE_NCCL
  seen += " USE_NCCL";
#endif
#ifdef USE_OPENCV
  seen += " USE_OPENCV";
#endif
#ifdef USE_LMDB
  seen += " USE_LMDB";
#endif
#ifdef USE_LEVELDB
  seen += " USE_LEVELDB";
#endif
#ifdef USE_HDF5
  seen += " USE_HDF5";
#endif
  return seen;
}

// y = 2 * (x0 + x1 + x2) + 0.5, then ReLU.
const char kNet[] = R"(
  name: "consumer"
  layer { name: "x" type: "Input" top: "x"
          input_param { shape { dim: 1 dim: 3 } } }
  layer { name: "fc" type: "InnerProduct" bottom: "x" top: "y"
          inner_product_param {
            num_output: 1
            weight_filler { type: "constant" value: 2 }
            bias_filler { type: "constant" value: 0.5 } } }
  layer { name: "relu" type: "ReLU" bottom: "y" top: "y" }
)";

}  // namespace

int main() {
  if (OptionsSeen() != CAFFE_EXPECTED_OPTIONS) {
    std::cerr << "options seen: '" << OptionsSeen() << "', library built with '"
              << CAFFE_EXPECTED_OPTIONS << "'\n";
    return 1;
  }
  try {
    caffe::Caffe::set_mode(caffe::Caffe::CPU);
    caffe::NetParameter param;
    caffe::ReadProtoFromTextString(kNet, &param, "consumer net");
    param.mutable_state()->set_phase(caffe::TEST);
    caffe::Net<float> net(param);
    float* x = net.blob_by_name("x")->mutable_cpu_data();
    x[0] = 1.0f;
    x[1] = -2.0f;
    x[2] = 4.0f;
    const std::vector<caffe::Blob<float>*>& out = net.Forward();
    const float y = out[0]->cpu_data()[0];
    const float expected = 2.0f * (1.0f - 2.0f + 4.0f) + 0.5f;
    if (out[0]->count() != 1 || std::fabs(y - expected) > 1e-6f) {
      std::cerr << "y = " << y << " (count " << out[0]->count()
                << "), expected " << expected << "\n";
      return 1;
    }
    std::cout << "consumer: y = " << y << ", options:" << OptionsSeen()
              << "\n";
  } catch (const std::exception& error) {
    std::cerr << "consumer: " << error.what() << "\n";
    return 1;
  }
  return 0;
}

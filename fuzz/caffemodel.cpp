// .caffemodel bytes -> Net::CopyTrainedLayersFrom into the fixed small net
// (fuzz_support.hpp), then a forward and backward pass with the weights
// that were accepted.

#include <cstddef>
#include <cstdint>
#include <string>

#include "caffe/net.hpp"
#include "fuzz_support.hpp"

namespace {

const caffe::NetParameter& SmallNetParam() {
  static const caffe::NetParameter param = caffe::fuzz::SmallNet();
  return param;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  caffe::fuzz::InitForFuzzing();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string& path =
      caffe::fuzz::WriteTempFile(data, size, ".caffemodel");
  // A fresh net each time: a copy that fails half-way must not leak into
  // the next input.
  caffe::Net<float> net(SmallNetParam());
  try {
    net.CopyTrainedLayersFrom(path);
  } catch (const caffe::Error&) {
    return 0;
  }
  net.ForwardBackward();
  return 0;
}

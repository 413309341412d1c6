// Prototxt text -> Net<float> in TRAIN and in TEST, as `caffe train` and
// `caffe test` build it (legacy definitions upgraded first).

#include <cstddef>
#include <cstdint>
#include <string>

#include "caffe/net.hpp"
#include "caffe/util/io.hpp"
#include "caffe/util/upgrade_proto.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  caffe::fuzz::InitForFuzzing();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  caffe::NetParameter param;
  try {
    caffe::ReadProtoFromTextString(text, &param, "fuzz.prototxt");
    caffe::UpgradeNetAsNeeded("fuzz.prototxt", &param);
  } catch (const caffe::Error&) {
    return 0;
  }
  for (const caffe::Phase phase : {caffe::TRAIN, caffe::TEST}) {
    param.mutable_state()->set_phase(phase);
    try {
      caffe::Net<float> net(param);
    } catch (const caffe::Error&) {
      // Rejecting the definition with an Error is the correct outcome.
    }
  }
  return 0;
}

// Prototxt text -> the legacy-format upgrades (V0 and V1 layers, net
// inputs, data transformation fields, BatchNorm) and, when the upgrade
// succeeds on a legacy net, building the upgraded net.

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
  } catch (const caffe::Error&) {
    return 0;
  }
  try {
    const bool legacy = caffe::NetNeedsUpgrade(param);
    if (!caffe::UpgradeNetAsNeeded("fuzz.prototxt", &param) || !legacy) {
      return 0;
    }
    // The upgraded definition must not need another upgrade.
    if (caffe::NetNeedsUpgrade(param)) __builtin_trap();
    param.mutable_state()->set_phase(caffe::TEST);
    caffe::Net<float> net(param);
  } catch (const caffe::Error&) {
  }
  return 0;
}

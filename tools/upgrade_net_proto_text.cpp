// Upgrades a net prototxt (V0/V1 layers, input_dim, old transformation fields) to the current format.
#include <cstdio>

#include "caffe/common.hpp"
#include "caffe/util/upgrade_proto.hpp"

int main(int argc, char** argv) {
  FLAGS_alsologtostderr = 1;
  gflags::SetUsageMessage(
      "upgrades a net prototxt (V0/V1 layers, input_dim, old transformation fields).\n"
      "Usage:\n"
      "    upgrade_net_proto_text net_in.prototxt net_out.prototxt");
  caffe::GlobalInit(&argc, &argv);
  if (argc != 3) {
    gflags::ShowUsageWithFlagsRestrict(argv[0], "tools/upgrade_net_proto_text");
    return 1;
  }
  try {
    caffe::UpgradeNetFile(argv[1], argv[2], false);
  } catch (const caffe::Error& error) {
    fprintf(stderr, "upgrade_net_proto_text: error: %s\n", error.what());
    return 1;
  }
  return 0;
}

// Upgrades a binary net such as a .caffemodel saved in the V0/V1 format to the current format.
#include <cstdio>

#include "caffe/common.hpp"
#include "caffe/util/upgrade_proto.hpp"

int main(int argc, char** argv) {
  FLAGS_alsologtostderr = 1;
  gflags::SetUsageMessage(
      "upgrades a binary net such as a .caffemodel saved in the V0/V1 format.\n"
      "Usage:\n"
      "    upgrade_net_proto_binary net_in.caffemodel net_out.caffemodel");
  caffe::GlobalInit(&argc, &argv);
  if (argc != 3) {
    gflags::ShowUsageWithFlagsRestrict(argv[0], "tools/upgrade_net_proto_binary");
    return 1;
  }
  try {
    caffe::UpgradeNetFile(argv[1], argv[2], true);
  } catch (const caffe::Error& error) {
    fprintf(stderr, "upgrade_net_proto_binary: error: %s\n", error.what());
    return 1;
  }
  return 0;
}

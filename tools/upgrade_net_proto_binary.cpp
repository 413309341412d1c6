// Upgrades a binary net such as a .caffemodel saved in the V0/V1 format to the
// current format.
#include "caffe/util/tool_main.hpp"
#include "caffe/util/upgrade_proto.hpp"

int main(int argc, char** argv) {
  FLAGS_alsologtostderr = 1;  // Progress and warnings reach the terminal.
  return caffe::RunTool(
      argc, argv, "upgrade_net_proto_binary",
      "upgrades a binary net such as a .caffemodel saved in the V0/V1 format.\n"
      "Usage:\n"
      "    upgrade_net_proto_binary net_in.caffemodel net_out.caffemodel",
      2, 2, [](const std::vector<std::string>& args) {
        caffe::UpgradeNetFile(args[0], args[1], true);
      });
}

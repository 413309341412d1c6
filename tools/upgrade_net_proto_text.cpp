// Upgrades a net prototxt (V0/V1 layers, input_dim, old transformation fields)
// to the current format.
#include "caffe/util/tool_main.hpp"
#include "caffe/util/upgrade_proto.hpp"

int main(int argc, char** argv) {
  FLAGS_alsologtostderr = 1;  // Progress and warnings reach the terminal.
  return caffe::RunTool(
      argc, argv, "upgrade_net_proto_text",
      "upgrades a net prototxt (V0/V1 layers, input_dim, old transformation "
      "fields).\n"
      "Usage:\n"
      "    upgrade_net_proto_text net_in.prototxt net_out.prototxt",
      2, 2, [](const std::vector<std::string>& args) {
        caffe::UpgradeNetFile(args[0], args[1], false);
      });
}

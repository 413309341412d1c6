// Upgrades a solver prototxt (the solver_type enum becomes the type string) to
// the current format.
#include "caffe/util/tool_main.hpp"
#include "caffe/util/upgrade_proto.hpp"

int main(int argc, char** argv) {
  FLAGS_alsologtostderr = 1;  // Progress and warnings reach the terminal.
  return caffe::RunTool(
      argc, argv, "upgrade_solver_proto_text",
      "upgrades a solver prototxt (the solver_type enum becomes the type "
      "string).\n"
      "Usage:\n"
      "    upgrade_solver_proto_text solver_in.prototxt solver_out.prototxt",
      2, 2, [](const std::vector<std::string>& args) {
        caffe::UpgradeSolverFile(args[0], args[1]);
      });
}

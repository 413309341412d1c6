// Upgrades a solver prototxt (the solver_type enum becomes the type string) to the current format.
#include <cstdio>

#include "caffe/common.hpp"
#include "caffe/util/upgrade_proto.hpp"

int main(int argc, char** argv) {
  FLAGS_alsologtostderr = 1;
  gflags::SetUsageMessage(
      "upgrades a solver prototxt (the solver_type enum becomes the type string).\n"
      "Usage:\n"
      "    upgrade_solver_proto_text solver_in.prototxt solver_out.prototxt");
  caffe::GlobalInit(&argc, &argv);
  if (argc != 3) {
    gflags::ShowUsageWithFlagsRestrict(argv[0], "tools/upgrade_solver_proto_text");
    return 1;
  }
  try {
    caffe::UpgradeSolverFile(argv[1], argv[2]);
  } catch (const caffe::Error& error) {
    fprintf(stderr, "upgrade_solver_proto_text: error: %s\n", error.what());
    return 1;
  }
  return 0;
}

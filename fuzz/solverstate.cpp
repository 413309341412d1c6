// .solverstate bytes -> Solver::Restore into a fixed solver over the small
// net (fuzz_support.hpp), then one training step from the restored
// iteration, step and history. The first byte picks the solver type.
//
// A state may name its weights file (learned_net); a fuzzed path would read
// whatever file it names, so the target points it at weights of the small
// net written once at start-up.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "caffe/solver.hpp"
#include "caffe/util/io.hpp"
#include "fuzz_support.hpp"

namespace {

std::string& WeightsPath() {
  static std::string path;
  return path;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  caffe::fuzz::InitForFuzzing();
  caffe::Net<float> net(caffe::fuzz::SmallNet());
  caffe::NetParameter weights;
  net.ToProto(&weights);
  const std::string bytes = weights.SerializeAsString();
  WeightsPath() = caffe::fuzz::WriteTempFile(
      reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(),
      ".caffemodel");
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const std::string type =
      caffe::fuzz::kSolverTypes[data[0] % caffe::fuzz::kNumSolverTypes];
  caffe::SolverState state;
  std::string state_bytes(reinterpret_cast<const char*>(data + 1), size - 1);
  if (state.ParseFromString(state_bytes) && state.has_learned_net()) {
    state.set_learned_net(WeightsPath());
    state_bytes = state.SerializeAsString();
  }
  const std::string& path = caffe::fuzz::WriteTempFile(
      reinterpret_cast<const uint8_t*>(state_bytes.data()), state_bytes.size(),
      ".solverstate");
  std::unique_ptr<caffe::Solver<float> > solver(
      caffe::SolverRegistry<float>::CreateSolver(
          caffe::fuzz::SmallSolver(type)));
  try {
    solver->Restore(path.c_str());
    solver->Step(1);
  } catch (const caffe::Error&) {
  }
  return 0;
}

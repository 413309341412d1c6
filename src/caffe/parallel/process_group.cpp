#include "caffe/parallel/process_group.hpp"

#include <cstdlib>
#include <map>
#include <utility>

#include "caffe/error.hpp"

namespace caffe {

namespace {

// A non-negative count or index from the environment; -1 when unset or not
// a number.
int EnvNumber(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') return -1;
  char* end = nullptr;
  const long parsed = std::strtol(value, &end, 10);  // NOLINT(runtime/int)
  if (*end != '\0' || parsed < 0 || parsed >= (1L << 24)) return -1;
  return static_cast<int>(parsed);
}

std::map<std::string, ProcessGroupFactory>& Backends() {
  static std::map<std::string, ProcessGroupFactory> backends;
  return backends;
}

}  // namespace

LaunchedWorld LaunchedWorldFromEnvironment() {
  // Each launcher names them its own way. Slurm's job-wide SLURM_NTASKS is
  // also set in a batch script that is not an srun step, so the step's own
  // count is the one read.
  const struct {
    const char* size;
    const char* rank;
    const char* launcher;
  } kLaunchers[] = {
      {"OMPI_COMM_WORLD_SIZE", "OMPI_COMM_WORLD_RANK", "Open MPI's mpirun"},
      {"PMI_SIZE", "PMI_RANK", "an MPI launcher (PMI)"},
      {"SLURM_STEP_NUM_TASKS", "SLURM_PROCID", "Slurm's srun"},
  };
  LaunchedWorld world;
  for (const auto& launcher : kLaunchers) {
    const int size = EnvNumber(launcher.size);
    const int rank = EnvNumber(launcher.rank);
    if (size < 1 || rank < 0 || rank >= size) continue;
    world.size = size;
    world.rank = rank;
    world.launcher = launcher.launcher;
    break;
  }
  return world;
}

void RegisterProcessGroupBackend(const std::string& name,
                                 ProcessGroupFactory factory) {
  Backends()[name] = std::move(factory);
}

std::unique_ptr<ProcessGroup> JoinLaunchedProcessGroup() {
  const LaunchedWorld world = LaunchedWorldFromEnvironment();
  if (world.size == 1) return nullptr;
  CAFFE_REQUIRE(!Backends().empty())
      << "this process was started by " << world.launcher << " as rank "
      << world.rank << " of " << world.size
      << ", but this build of Crema has no MPI backend; rebuild it with "
         "Open MPI installed (libopenmpi-dev, -DUSE_MPI=ON) or start a "
         "single process";
  return Backends().begin()->second(world);
}

}  // namespace caffe

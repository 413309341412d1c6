#include <cstdlib>
#include <string>

#include "caffe/parallel/process_group.hpp"
#include "gtest/gtest.h"

namespace caffe {
namespace {

// Sets the launcher variables for one test and removes them afterwards.
class LaunchedWorldTest : public ::testing::Test {
 protected:
  void TearDown() override {
    for (const char* name :
         {"OMPI_COMM_WORLD_SIZE", "OMPI_COMM_WORLD_RANK", "PMI_SIZE",
          "PMI_RANK", "SLURM_STEP_NUM_TASKS", "SLURM_PROCID", "SLURM_NTASKS"}) {
      unsetenv(name);
    }
  }
  void Set(const char* name, const char* value) { setenv(name, value, 1); }
};

TEST_F(LaunchedWorldTest, AloneWithoutALauncher) {
  TearDown();
  const LaunchedWorld world = LaunchedWorldFromEnvironment();
  EXPECT_EQ(world.size, 1);
  EXPECT_EQ(world.rank, 0);
  EXPECT_EQ(JoinLaunchedProcessGroup(), nullptr);
}

TEST_F(LaunchedWorldTest, OpenMpi) {
  Set("OMPI_COMM_WORLD_SIZE", "4");
  Set("OMPI_COMM_WORLD_RANK", "3");
  const LaunchedWorld world = LaunchedWorldFromEnvironment();
  EXPECT_EQ(world.size, 4);
  EXPECT_EQ(world.rank, 3);
  EXPECT_EQ(world.launcher, "Open MPI's mpirun");
}

TEST_F(LaunchedWorldTest, PmiAndSrunSteps) {
  Set("PMI_SIZE", "2");
  Set("PMI_RANK", "1");
  EXPECT_EQ(LaunchedWorldFromEnvironment().rank, 1);
  TearDown();
  Set("SLURM_STEP_NUM_TASKS", "8");
  Set("SLURM_PROCID", "5");
  EXPECT_EQ(LaunchedWorldFromEnvironment().size, 8);
  EXPECT_EQ(LaunchedWorldFromEnvironment().rank, 5);
}

TEST_F(LaunchedWorldTest, SlurmBatchScriptIsNotAStep) {
  // sbatch sets the job's task count for the script itself, which is one
  // process.
  Set("SLURM_NTASKS", "8");
  Set("SLURM_PROCID", "0");
  EXPECT_EQ(LaunchedWorldFromEnvironment().size, 1);
}

TEST_F(LaunchedWorldTest, NonsenseValuesMeanAlone) {
  Set("OMPI_COMM_WORLD_SIZE", "2x");
  Set("OMPI_COMM_WORLD_RANK", "0");
  EXPECT_EQ(LaunchedWorldFromEnvironment().size, 1);
  Set("OMPI_COMM_WORLD_SIZE", "2");
  Set("OMPI_COMM_WORLD_RANK", "2");  // rank out of range
  EXPECT_EQ(LaunchedWorldFromEnvironment().size, 1);
}

}  // namespace
}  // namespace caffe

#include <google/protobuf/text_format.h>
#include <gtest/gtest.h>
#include <omp.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "caffe/net.hpp"
#include "caffe/util/thread_config.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {

namespace {

// Sets an environment variable for one scope, restoring what was there.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_.reset(new string(old));
    if (value) {
      setenv(name, value, 1);
    } else {
      unsetenv(name);
    }
  }
  ~ScopedEnv() {
    if (old_) {
      setenv(name_, old_->c_str(), 1);
    } else {
      unsetenv(name_);
    }
  }

 private:
  const char* name_;
  std::unique_ptr<string> old_;
};

}  // namespace

TEST(ThreadConfigTest, DefaultSharesTheCoresBetweenTheNodesProcesses) {
  const ScopedEnv no_omp("OMP_NUM_THREADS", nullptr);
  const ScopedEnv no_mpich("MPI_LOCALNRANKS", nullptr);
  const ScopedEnv no_slurm("SLURM_NTASKS_PER_NODE", nullptr);
  const int cores = [] {
    const ScopedEnv alone("OMPI_COMM_WORLD_LOCAL_SIZE", nullptr);
    return DefaultThreadCount();
  }();
  EXPECT_GE(cores, 1);
  {
    const ScopedEnv two("OMPI_COMM_WORLD_LOCAL_SIZE", "2");
    EXPECT_EQ(DefaultThreadCount(), std::max(1, cores / 2));
  }
  {
    const ScopedEnv many("OMPI_COMM_WORLD_LOCAL_SIZE", "100000");
    EXPECT_EQ(DefaultThreadCount(), 1);
  }
  {
    const ScopedEnv asked("OMP_NUM_THREADS", "3");
    const ScopedEnv two("OMPI_COMM_WORLD_LOCAL_SIZE", "2");
    EXPECT_EQ(DefaultThreadCount(), 3);
  }
}

TEST(ThreadConfigTest, ThreadOverrideStaysInItsThread) {
  SetThreadCount(2);
  EXPECT_EQ(ThreadCount(), 2);
  SetThreadCountForThisThread(1);
  EXPECT_EQ(ThreadCount(), 1);
  int other_thread_count = 0;
  std::thread([&] { other_thread_count = ThreadCount(); }).join();
  EXPECT_EQ(other_thread_count, 2);
  ApplyThreadCount();
  EXPECT_EQ(omp_get_max_threads(), 1);
  SetThreadCountForThisThread(0);
  ApplyThreadCount();
  EXPECT_EQ(omp_get_max_threads(), 2);
  SetThreadCount(0);
}

namespace {

// Large enough for every parallel driver (im2col, pooling, elementwise,
// GEMM) to split its work.
const char kConvNet[] = R"(
  name: "threads"
  force_backward: true
  layer { name: "data" type: "Input" top: "data"
          input_param { shape { dim: 2 dim: 8 dim: 64 dim: 64 } } }
  layer { name: "conv" type: "Convolution" bottom: "data" top: "conv"
          convolution_param { num_output: 16 kernel_size: 3 pad: 1
                              weight_filler { type: "gaussian" std: 0.1 } } }
  layer { name: "relu" type: "ReLU" bottom: "conv" top: "conv" }
  layer { name: "pool" type: "Pooling" bottom: "conv" top: "pool"
          pooling_param { pool: MAX kernel_size: 2 stride: 2 } }
  layer { name: "ip" type: "InnerProduct" bottom: "pool" top: "ip"
          inner_product_param { num_output: 10
                                weight_filler { type: "gaussian" std: 0.01 } } }
)";

// The output and the first weights' gradient after one forward-backward
// pass on fixed data, computed with the given number of threads.
struct PassResult {
  vector<float> output, weight_diff;
};

NetParameter ConvNetParam() {
  NetParameter param;
  CHECK(google::protobuf::TextFormat::ParseFromString(kConvNet, &param));
  return param;
}

PassResult RunPass(int threads, const NetParameter& weights) {
  SetThreadCountForThisThread(threads);
  Net<float> net(ConvNetParam());
  net.CopyTrainedLayersFrom(weights);
  Blob<float>* data = net.input_blobs()[0];
  for (int i = 0; i < data->count(); ++i) {
    data->mutable_cpu_data()[i] = std::sin(0.01f * i);
  }
  net.Forward();
  Blob<float>* ip = net.blob_by_name("ip").get();
  for (int i = 0; i < ip->count(); ++i) ip->mutable_cpu_diff()[i] = 1;
  net.Backward();
  PassResult result;
  result.output.assign(ip->cpu_data(), ip->cpu_data() + ip->count());
  const Blob<float>& weight = *net.layer_by_name("conv")->blobs()[0];
  result.weight_diff.assign(weight.cpu_diff(), weight.cpu_diff() + weight.count());
  SetThreadCountForThisThread(0);
  return result;
}

}  // namespace

TEST(ThreadConfigTest, NetsInTwoThreadsWithTheirOwnCountsMatchRunsAlone) {
  Caffe::set_random_seed(1701);
  NetParameter weights;
  Net<float>(ConvNetParam()).ToProto(&weights);
  const PassResult one_alone = RunPass(1, weights);
  const PassResult two_alone = RunPass(2, weights);
  PassResult one_beside, two_beside;
  std::thread first([&] {
    for (int i = 0; i < 3; ++i) one_beside = RunPass(1, weights);
  });
  std::thread second([&] {
    for (int i = 0; i < 3; ++i) two_beside = RunPass(2, weights);
  });
  first.join();
  second.join();
  EXPECT_EQ(one_beside.output, one_alone.output);
  EXPECT_EQ(one_beside.weight_diff, one_alone.weight_diff);
  EXPECT_EQ(two_beside.output, two_alone.output);
  EXPECT_EQ(two_beside.weight_diff, two_alone.weight_diff);
  EXPECT_FALSE(one_alone.output.empty());
}

TEST(GlobalInitTest, RunsTheProgramOnceWithItsEditedArguments) {
  TempDir dir;
  const string log = dir.file("runs.txt");
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    // What used to make GlobalInit restart the program.
    unsetenv("OMP_WAIT_POLICY");
    unsetenv("GOMP_SPINCOUNT");
    std::ofstream(log, std::ios::app) << "started\n";
    // Edited before GlobalInit. Were the program restarted, this test
    // binary would run again with the gtest filter and match nothing.
    char name[] = "edited_name";
    char undefok[] = "--undefok=gtest_filter";
    char filter[] = "--gtest_filter=-*";
    char kept[] = "kept_argument";
    char* args[] = {name, undefok, filter, kept, nullptr};
    int argc = 4;
    char** argv = args;
    GlobalInit(&argc, &argv);
    std::ofstream(log, std::ios::app)
        << "initialised " << argc << " " << argv[0] << " " << argv[1] << "\n";
    _exit(0);
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  std::ifstream in(log);
  std::stringstream runs;
  runs << in.rdbuf();
  EXPECT_EQ(runs.str(), "started\ninitialised 2 edited_name kept_argument\n");
}

}  // namespace caffe

// caffe train killed with SIGKILL at random moments, again and again, each
// run resuming from the newest solver state: every snapshot on disk must
// load, the next run must clear the temporary files the kills left, and the
// final weights must be bit for bit those of a run never interrupted.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "caffe/net.hpp"
#include "caffe/proto/caffe.pb.h"
#include "caffe/util/io.hpp"
#include "support/child_process.hpp"
#include "support/script_runner.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {

namespace {

namespace fs = std::filesystem;

// Each run starts (about half a second), waits for its first snapshot and
// is killed within a few more iterations, so that kKills runs leave most of
// kMaxIter to the final one.
const int kMaxIter = 400;
const int kKills = 15;

// DummyData with constant fillers feeds the same batch on every iteration,
// also after a resume (a random filler would draw from an RNG that solver
// states do not save).
const char kNet[] = R"(name: "kill_test"
layer {
  name: "data" type: "DummyData" top: "data" top: "label"
  dummy_data_param {
    shape { dim: 8 dim: 16 } shape { dim: 8 }
    data_filler { type: "constant" value: 0.5 }
    data_filler { type: "constant" value: 1 }
  }
}
layer {
  name: "hidden" type: "InnerProduct" bottom: "data" top: "hidden"
  inner_product_param { num_output: 16 weight_filler { type: "xavier" } }
}
layer { name: "relu" type: "ReLU" bottom: "hidden" top: "hidden" }
layer {
  name: "out" type: "InnerProduct" bottom: "hidden" top: "out"
  inner_product_param { num_output: 3 weight_filler { type: "xavier" } }
}
layer { name: "loss" type: "SoftmaxWithLoss" bottom: "out" bottom: "label" }
)";

// The iteration of "<prefix>_iter_<N><extension>", or -1 for other names.
int IterationOf(const string& name, const string& prefix,
                const string& extension) {
  const string head = prefix + "_iter_";
  if (name.size() <= head.size() + extension.size() ||
      name.compare(0, head.size(), head) != 0 ||
      name.compare(name.size() - extension.size(), extension.size(),
                   extension) != 0) {
    return -1;
  }
  const string digits =
      name.substr(head.size(), name.size() - head.size() - extension.size());
  if (digits.find_first_not_of("0123456789") != string::npos) return -1;
  return std::stoi(digits);
}

}  // namespace

class SnapshotKillTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::exists(kCaffe)) FAIL() << kCaffe << " is missing";
    net_file_ = temp_dir_.file("net.prototxt");
    WriteWholeFile(net_file_, kNet);
    fs::create_directory(temp_dir_.file("killed"));
    fs::create_directory(temp_dir_.file("reference"));
  }

  // A solver writing to <folder>/net_iter_N; snapshot 0 snapshots only at
  // the end.
  string WriteSolver(const string& folder, int snapshot) {
    const string path = temp_dir_.file(folder + ".prototxt");
    WriteWholeFile(
        path, StrCat("net: \"", net_file_, "\"\n",
                     "base_lr: 0.01\nlr_policy: \"fixed\"\n",
                     "momentum: 0.9\nweight_decay: 0.001\n", "max_iter: ",
                     kMaxIter, "\ndisplay: 0\n", "snapshot: ", snapshot, "\n",
                     "snapshot_prefix: \"", temp_dir_.file(folder + "/net"),
                     "\"\n", "solver_mode: CPU\nrandom_seed: 1701\n"));
    return path;
  }

  std::vector<string> TrainArgs(const string& solver, const string& state) {
    std::vector<string> args = {kCaffe, "train", "--solver=" + solver};
    if (!state.empty()) args.push_back("--snapshot=" + state);
    return args;
  }

  // Runs caffe train to the end; fails the test unless it exits 0.
  void TrainToEnd(const string& solver, const string& state,
                  const string& log) {
    ChildProcess run(TrainArgs(solver, state), log);
    ASSERT_TRUE(run.started());
    const ChildProcess::Exit exit = run.Wait();
    ASSERT_FALSE(exit.signaled) << "signal " << exit.signal << "\n"
                                << ReadWholeFile(log);
    ASSERT_EQ(0, exit.code) << ReadWholeFile(log);
  }

  // The newest <folder>/net_iter_N.solverstate, "" when there is none.
  string LatestState(const string& folder) {
    int latest = -1;
    for (const fs::directory_entry& entry :
         fs::directory_iterator(temp_dir_.file(folder))) {
      const string name = entry.path().filename().string();
      latest = std::max(latest, IterationOf(name, "net", ".solverstate"));
    }
    return latest < 0 ? ""
                      : temp_dir_.file(StrCat(folder, "/net_iter_", latest,
                                              ".solverstate"));
  }

  // Parses and loads every snapshot in folder not checked before.
  void CheckNewSnapshotsLoad(const string& folder, Net<float>* net) {
    for (const fs::directory_entry& entry :
         fs::directory_iterator(temp_dir_.file(folder))) {
      const string path = entry.path().string();
      const string name = entry.path().filename().string();
      if (checked_.count(path)) continue;
      if (IterationOf(name, "net", ".caffemodel") >= 0) {
        EXPECT_NO_THROW(net->CopyTrainedLayersFrom(path)) << path;
      } else if (IterationOf(name, "net", ".solverstate") >= 0) {
        SolverState state;
        EXPECT_NO_THROW(ReadProtoFromBinaryFileOrDie(path, &state)) << path;
        EXPECT_EQ(IterationOf(name, "net", ".solverstate"), state.iter());
        EXPECT_EQ(4, state.history_size()) << path;
        EXPECT_TRUE(fs::exists(state.learned_net())) << path;
      } else {
        continue;
      }
      checked_.insert(path);
    }
  }

  // Hidden temporary snapshot files in folder.
  std::vector<string> Leftovers(const string& folder) {
    std::vector<string> leftovers;
    for (const fs::directory_entry& entry :
         fs::directory_iterator(temp_dir_.file(folder))) {
      const string name = entry.path().filename().string();
      if (name.rfind(".net_iter_", 0) == 0) leftovers.push_back(name);
    }
    return leftovers;
  }

  const string kCaffe = ToolPath("caffe");
  TempDir temp_dir_;
  string net_file_;
  std::set<string> checked_;
};

TEST_F(SnapshotKillTest, KilledRunsResumeToTheUninterruptedWeights) {
  TrainToEnd(WriteSolver("reference", 0), "", temp_dir_.file("reference.log"));
  const string solver = WriteSolver("killed", 1);
  Net<float> net(net_file_, TRAIN);
  std::mt19937 random(1701);
  std::uniform_int_distribution<int> delay_ms(0, 40);
  int kills = 0;
  for (int attempt = 0; attempt < kKills; ++attempt) {
    const string log = temp_dir_.file(StrCat("killed_", attempt, ".log"));
    ChildProcess run(TrainArgs(solver, LatestState("killed")), log);
    ASSERT_TRUE(run.started());
    // Killing it before it trains would test nothing.
    while (run.Running() &&
           ReadWholeFile(log).find("Snapshotting") == string::npos) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms(random)));
    if (run.Running()) {
      run.Kill(SIGKILL);
      ++kills;
    }
    const ChildProcess::Exit exit = run.Wait();
    ASSERT_TRUE(exit.signaled ? exit.signal == SIGKILL : exit.code == 0)
        << ReadWholeFile(log);
    CheckNewSnapshotsLoad("killed", &net);
  }
  EXPECT_GE(kills, kKills / 2) << "training ended before most kills";
  ASSERT_FALSE(LatestState("killed").empty()) << "no run got to a snapshot";

  // What a kill during a write would leave, in case none of them did.
  const string planted =
      temp_dir_.file("killed/.net_iter_7.caffemodel.tmpAb12Cd");
  WriteWholeFile(planted, "partial");
  const string final_log = temp_dir_.file("final.log");
  TrainToEnd(solver, LatestState("killed"), final_log);
  EXPECT_NE(string::npos, ReadWholeFile(final_log).find("Removed " + planted))
      << ReadWholeFile(final_log);
  EXPECT_EQ(std::vector<string>(), Leftovers("killed"));
  CheckNewSnapshotsLoad("killed", &net);

  NetParameter expected, resumed;
  const string final_name = StrCat("/net_iter_", kMaxIter, ".caffemodel");
  ReadProtoFromBinaryFileOrDie(temp_dir_.file("reference" + final_name),
                               &expected);
  ReadProtoFromBinaryFileOrDie(temp_dir_.file("killed" + final_name), &resumed);
  ASSERT_EQ(expected.layer_size(), resumed.layer_size());
  for (int i = 0; i < expected.layer_size(); ++i) {
    const LayerParameter& want = expected.layer(i);
    const LayerParameter& got = resumed.layer(i);
    ASSERT_EQ(want.blobs_size(), got.blobs_size()) << want.name();
    for (int b = 0; b < want.blobs_size(); ++b) {
      ASSERT_EQ(want.blobs(b).data_size(), got.blobs(b).data_size());
      EXPECT_EQ(0, std::memcmp(want.blobs(b).data().data(),
                               got.blobs(b).data().data(),
                               sizeof(float) * want.blobs(b).data_size()))
          << "layer " << want.name() << " blob " << b << " differs";
    }
  }
}

}  // namespace caffe

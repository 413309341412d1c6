#include <glog/logging.h>
#include <google/protobuf/text_format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <regex>
#include <string>
#include <vector>

#include "caffe/sgd_solvers.hpp"
#include "caffe/solver.hpp"
#include "caffe/solver_factory.hpp"
#include "caffe/solver_validation.hpp"
#include "caffe/util/io.hpp"
#include "support/least_squares_problem.hpp"
#include "support/log_capture.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {

namespace {

namespace fs = std::filesystem;

std::string ErrorMessage(const std::function<void()>& action) {
  try {
    action();
  } catch (const Error& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected caffe::Error";
  return "";
}

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// Records each iteration's callbacks and the loss seen by on_gradients_ready.
template <typename Dtype>
class RecordingCallback : public Solver<Dtype>::Callback {
 public:
  explicit RecordingCallback(Net<Dtype>* net) : net_(net) {}
  int starts = 0;
  std::vector<double> losses;

 protected:
  void on_start() override { ++starts; }
  void on_gradients_ready() override {
    losses.push_back(net_->blob_by_name("loss")->cpu_data()[0]);
  }

 private:
  Net<Dtype>* net_;
};

}  // namespace

template <typename TypeParam>
class SolverTest : public MultiDeviceTest<TypeParam> {
  typedef typename TypeParam::Dtype Dtype;

 protected:
  SolverTest() : problem_(4, 3) {}

  // SGD with momentum on the shared least-squares net; `extra` (prototxt)
  // is merged last.
  SolverParameter Param(const std::string& extra = "") const {
    SolverParameter param;
    param.set_base_lr(0.1);
    param.set_lr_policy("fixed");
    param.set_momentum(0.9);
    param.set_max_iter(4);
    param.set_random_seed(1701);
    param.set_snapshot_after_train(false);
    *param.mutable_net_param() = problem_.NetParam();
    CHECK(google::protobuf::TextFormat::MergeFromString(extra, &param));
    return param;
  }

  // A solver with the problem's inputs fed to every net.
  std::unique_ptr<Solver<Dtype> > MakeSolver(const SolverParameter& param) {
    std::unique_ptr<Solver<Dtype> > solver(
        SolverRegistry<Dtype>::CreateSolver(param));
    problem_.Feed(solver->net().get());
    for (const auto& test_net : solver->test_nets()) {
      problem_.Feed(test_net.get());
    }
    return solver;
  }

  std::string Prefix() const {
    return "snapshot_prefix: '" + dir_.file("ls") + "' ";
  }

  // The trained weights and the momentum history.
  std::vector<std::vector<double> > State(Solver<Dtype>* solver) {
    std::vector<std::vector<double> > state;
    for (Blob<Dtype>* blob : solver->net()->learnable_params()) {
      state.push_back(BlobValues(*blob));
    }
    SGDSolver<Dtype>* sgd = dynamic_cast<SGDSolver<Dtype>*>(solver);
    CHECK(sgd);
    for (const auto& blob : sgd->history()) state.push_back(BlobValues(*blob));
    return state;
  }

  std::vector<double> Weights(Solver<Dtype>* solver) {
    return BlobValues(*solver->net()->learnable_params()[0]);
  }
  double Bias(Solver<Dtype>* solver) {
    return solver->net()->learnable_params()[1]->cpu_data()[0];
  }

  std::vector<std::string> DirectoryListing() const {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(dir_.path())) {
      names.push_back(entry.path().filename().string());
    }
    std::sort(names.begin(), names.end());
    return names;
  }

  // Trains 6 iterations straight, and 3 + snapshot + resume + 3, and
  // expects the same weights and history (bit for bit on the CPU).
  void CheckResumeMatchesStraightRun(const std::string& format,
                                     const std::string& state_name) {
    const std::string schedule =
        "lr_policy: 'multistep' gamma: 0.5 stepvalue: 2 stepvalue: 4 "
        "weight_decay: 0.01 snapshot_format: " +
        format + " ";
    auto straight = MakeSolver(Param(schedule + "max_iter: 6"));
    straight->Solve();

    auto first = MakeSolver(
        Param(schedule + Prefix() + "max_iter: 3 snapshot_after_train: true"));
    first->Solve();

    // Different initial weights prove they come from the snapshot.
    auto resumed = MakeSolver(Param(schedule + "max_iter: 6 random_seed: 99"));
    const std::string state_file = dir_.file(state_name);
    LogCapture log;
    resumed->Solve(state_file);
    EXPECT_TRUE(log.Has("Restoring previous solver status from " + state_file))
        << log.All();
    EXPECT_EQ(6, resumed->iter());

    const auto expected = State(straight.get());
    const auto actual = State(resumed.get());
    ASSERT_EQ(expected.size(), actual.size());
    for (size_t p = 0; p < expected.size(); ++p) {
      for (size_t i = 0; i < expected[p].size(); ++i) {
        if (TypeParam::device == Caffe::CPU) {
          EXPECT_EQ(expected[p][i], actual[p][i])
              << "blob " << p << " at " << i;
        } else {
          EXPECT_NEAR(expected[p][i], actual[p][i], 1e-5);
        }
      }
    }
  }

  // After one iteration saved in `format` (file names ending in `suffix`),
  // expects Restore to refuse the saved model and a file that is no state,
  // naming the file and leaving the solver untouched; and a solver of a wider
  // net to refuse the saved state, naming it and every fragment of
  // `mismatch`.
  void CheckRestoreRefusesForeignFiles(
      const std::string& format, const std::string& suffix,
      const std::vector<std::string>& mismatch) {
    auto first = MakeSolver(Param(Prefix() +
                                  "max_iter: 1 snapshot_after_train: true "
                                  "snapshot_format: " +
                                  format));
    first->Solve();
    const std::string model = dir_.file("ls_iter_1.caffemodel" + suffix);
    const std::string state = dir_.file("ls_iter_1.solverstate" + suffix);
    const std::string garbage = dir_.file("garbage.solverstate" + suffix);
    std::ofstream(garbage) << "not a solver state\n";

    auto solver = MakeSolver(Param());
    const auto before = State(solver.get());
    for (const std::string& file : {model, garbage}) {
      const std::string message =
          ErrorMessage([&] { solver->Restore(file.c_str()); });
      EXPECT_TRUE(Contains(message, file)) << message;
    }
    const LeastSquaresProblem wider(4, 5);
    SolverParameter param = Param();
    *param.mutable_net_param() = wider.NetParam();
    std::unique_ptr<Solver<Dtype> > other(
        SolverRegistry<Dtype>::CreateSolver(param));
    const std::string message =
        ErrorMessage([&] { other->Restore(state.c_str()); });
    EXPECT_TRUE(Contains(message, state)) << message;
    for (const std::string& fragment : mismatch) {
      EXPECT_TRUE(Contains(message, fragment)) << message;
    }
    EXPECT_EQ(0, other->iter());
    // Nothing was half-restored.
    EXPECT_EQ(before, State(solver.get()));
    EXPECT_EQ(0, solver->iter());
  }

  LeastSquaresProblem problem_;
  TempDir dir_;
};

TYPED_TEST_SUITE(SolverTest, TestDtypesAndDevices);

// ---- Construction ----------------------------------------------------

TYPED_TEST(SolverTest, TestInitTrainAndTestNets) {
  auto solver = this->MakeSolver(
      this->Param("test_iter: 2 test_iter: 3 test_interval: 5"));
  EXPECT_EQ(TRAIN, solver->net()->phase());
  ASSERT_EQ(2u, solver->test_nets().size());
  for (const auto& test_net : solver->test_nets()) {
    EXPECT_EQ(TEST, test_net->phase());
    EXPECT_EQ("LeastSquares", test_net->name());
  }
  EXPECT_EQ(0, solver->iter());
}

TYPED_TEST(SolverTest, TestTrainStateAndTestState) {
  // A second loss exists only in stage 'two'.
  SolverParameter param = this->Param(
      "test_iter: 1 test_iter: 1 test_interval: 1 "
      "test_state { stage: 'two' } test_state { } "
      "train_state { stage: 'two' }");
  LayerParameter* extra = param.mutable_net_param()->add_layer();
  CHECK(google::protobuf::TextFormat::ParseFromString(
      "name: 'loss2' type: 'EuclideanLoss' bottom: 'ip' bottom: 'targets' "
      "top: 'loss2' include { stage: 'two' }",
      extra));
  auto solver = this->MakeSolver(param);
  EXPECT_TRUE(solver->net()->has_layer("loss2"));
  EXPECT_TRUE(solver->test_nets()[0]->has_layer("loss2"));
  EXPECT_FALSE(solver->test_nets()[1]->has_layer("loss2"));
}

TYPED_TEST(SolverTest, TestExplicitTestNetParam) {
  SolverParameter param = this->Param("test_iter: 1 test_interval: 2");
  *param.mutable_train_net_param() = param.net_param();
  *param.add_test_net_param() = param.net_param();
  param.clear_net_param();
  auto solver = this->MakeSolver(param);
  ASSERT_EQ(1u, solver->test_nets().size());
  EXPECT_EQ(TEST, solver->test_nets()[0]->phase());
}

TYPED_TEST(SolverTest, TestNetAndSolverFromFiles) {
  typedef typename TypeParam::Dtype Dtype;
  std::string net_text;
  google::protobuf::TextFormat::PrintToString(this->problem_.NetParam(),
                                              &net_text);
  const std::string net_file = this->dir_.file("net.prototxt");
  std::ofstream(net_file) << net_text;
  const std::string solver_file = this->dir_.file("solver.prototxt");
  std::ofstream(solver_file)
      << "net: '" << net_file << "'\nbase_lr: 0.1\nlr_policy: 'fixed'\n"
      << "max_iter: 2\nrandom_seed: 3\n";
  SGDSolver<Dtype> solver(solver_file);
  EXPECT_EQ("LeastSquares", solver.net()->name());
  EXPECT_EQ(2, solver.param().max_iter());
}

TYPED_TEST(SolverTest, TestWeightsListLoadsEachFileIntoEveryNet) {
  // Two weight files that differ: nets filled from different seeds.
  std::vector<std::string> files;
  std::vector<std::vector<double> > weights;
  for (const std::string seed : {"1", "2"}) {
    auto source = this->MakeSolver(this->Param("random_seed: " + seed));
    NetParameter trained;
    source->net()->ToProto(&trained);
    files.push_back(this->dir_.file("seed" + seed + ".caffemodel"));
    WriteProtoToBinaryFile(trained, files.back());
    weights.push_back(this->Weights(source.get()));
  }
  ASSERT_NE(weights[0], weights[1]);

  LogCapture log;
  auto solver = this->MakeSolver(
      this->Param("test_iter: 1 test_interval: 1 weights: '" + files[0] +
                  ",," + files[1] + ",'"));
  // The later file overrides the earlier one in the train and the test net.
  EXPECT_EQ(weights[1], this->Weights(solver.get()));
  ASSERT_EQ(1u, solver->test_nets().size());
  EXPECT_EQ(weights[1],
            BlobValues(*solver->test_nets()[0]->learnable_params()[0]));
  // Each file is loaded once into each net; the empty items are skipped.
  for (const std::string& file : files) {
    EXPECT_EQ(2, log.Count("Finetuning from " + file)) << log.All();
  }
  EXPECT_FALSE(log.Has("Finetuning from ")) << log.All();
}

TYPED_TEST(SolverTest, TestNoNet) {
  SolverParameter param = this->Param();
  param.clear_net_param();
  const std::string message = ErrorMessage([&] { this->MakeSolver(param); });
  EXPECT_TRUE(Contains(message, "no net")) << message;
  EXPECT_TRUE(Contains(message, "train_net_param")) << message;
}

TYPED_TEST(SolverTest, TestTwoTrainNets) {
  SolverParameter param = this->Param();
  *param.mutable_train_net_param() = param.net_param();
  const std::string message = ErrorMessage([&] { this->MakeSolver(param); });
  EXPECT_TRUE(Contains(message, "more than one")) << message;
}

TYPED_TEST(SolverTest, TestTestIterCountMustMatch) {
  SolverParameter param =
      this->Param("test_iter: 1 test_iter: 1 test_interval: 1");
  *param.mutable_train_net_param() = param.net_param();
  *param.add_test_net_param() = param.net_param();
  param.clear_net_param();
  const std::string message = ErrorMessage([&] { this->MakeSolver(param); });
  EXPECT_TRUE(Contains(message, "test_iter")) << message;
}

TYPED_TEST(SolverTest, TestTestNetsNeedTestInterval) {
  const std::string message =
      ErrorMessage([&] { this->MakeSolver(this->Param("test_iter: 1")); });
  EXPECT_TRUE(Contains(message, "test_interval")) << message;
}

TYPED_TEST(SolverTest, TestTestStateCountMustMatch) {
  const std::string message = ErrorMessage([&] {
    this->MakeSolver(this->Param(
        "test_iter: 1 test_interval: 1 test_state { } test_state { }"));
  });
  EXPECT_TRUE(Contains(message, "test_state")) << message;
}

TYPED_TEST(SolverTest, TestBadValues) {
  for (const std::string& bad : std::vector<std::string>{
           "average_loss: 0", "iter_size: 0", "max_iter: -1", "display: -1",
           "snapshot: -2"}) {
    const std::string field = bad.substr(0, bad.find(':'));
    const std::string message =
        ErrorMessage([&] { this->MakeSolver(this->Param(bad)); });
    EXPECT_TRUE(Contains(message, field)) << message;
  }
}

TYPED_TEST(SolverTest, TestUnknownSolverType) {
  typedef typename TypeParam::Dtype Dtype;
  const std::string message = ErrorMessage([&] {
    SolverRegistry<Dtype>::CreateSolver(this->Param("type: 'Quantum'"));
  });
  EXPECT_TRUE(Contains(message, "Quantum")) << message;
  EXPECT_TRUE(Contains(message, "SGD")) << message;
  const std::vector<std::string> types =
      SolverRegistry<Dtype>::SolverTypeList();
  EXPECT_NE(types.end(), std::find(types.begin(), types.end(), "SGD"));
}

// ---- Stepping --------------------------------------------------------

TYPED_TEST(SolverTest, TestSmoothedLossAndCallbacks) {
  typedef typename TypeParam::Dtype Dtype;
  auto solver = this->MakeSolver(this->Param("average_loss: 3"));
  RecordingCallback<Dtype> callback(solver->net().get());
  solver->add_callback(&callback);
  solver->Step(5);
  EXPECT_EQ(5, solver->iter());
  EXPECT_EQ(5, callback.starts);
  ASSERT_EQ(5u, callback.losses.size());
  const double expected =
      (callback.losses[2] + callback.losses[3] + callback.losses[4]) / 3;
  EXPECT_NEAR(expected, solver->smoothed_loss(), 1e-5 * expected);
  // Training reduces the loss.
  EXPECT_LT(callback.losses[4], callback.losses[0]);
}

TYPED_TEST(SolverTest, TestSolveRunsToMaxIter) {
  auto solver = this->MakeSolver(this->Param("max_iter: 6"));
  solver->Solve();
  EXPECT_EQ(6, solver->iter());
}

TYPED_TEST(SolverTest, TestActionStop) {
  auto solver = this->MakeSolver(
      this->Param(this->Prefix() + "max_iter: 10 snapshot_after_train: true"));
  int polls = 0;
  solver->SetActionFunction([&polls] {
    return ++polls == 3 ? SolverAction::STOP : SolverAction::NONE;
  });
  solver->Solve();
  EXPECT_EQ(3, solver->iter());
  // Stopping still snapshots, so the run can be resumed.
  EXPECT_TRUE(fs::exists(this->dir_.file("ls_iter_3.caffemodel")));
  EXPECT_TRUE(fs::exists(this->dir_.file("ls_iter_3.solverstate")));
}

TYPED_TEST(SolverTest, TestActionSnapshot) {
  auto solver = this->MakeSolver(this->Param(this->Prefix() + "max_iter: 4"));
  int polls = 0;
  solver->SetActionFunction([&polls] {
    return ++polls == 2 ? SolverAction::SNAPSHOT : SolverAction::NONE;
  });
  solver->Solve();
  EXPECT_EQ(4, solver->iter());
  EXPECT_EQ((std::vector<std::string>{"ls_iter_2.caffemodel",
                                      "ls_iter_2.solverstate"}),
            this->DirectoryListing());
}

// ---- Logging ---------------------------------------------------------

TYPED_TEST(SolverTest, TestLogLines) {
  const std::string prefix = this->dir_.file("ls");
  auto solver = this->MakeSolver(this->Param(
      this->Prefix() +
      "max_iter: 2 display: 1 snapshot: 2 test_iter: 2 test_interval: 2 "
      "test_initialization: false"));
  LogCapture log;
  solver->Solve();
  const std::string all = log.All();
  EXPECT_TRUE(log.Has("Solving LeastSquares")) << all;
  EXPECT_TRUE(log.Has("Learning Rate Policy: fixed")) << all;
  EXPECT_TRUE(log.Has("Iteration 0, lr = 0.1")) << all;
  EXPECT_TRUE(log.Has("Iteration 1, lr = 0.1")) << all;
  std::smatch match;
  EXPECT_NE("",
            log.Match(R"(Iteration 1 \(\S+ iter/s, \S+s/1 iters\), loss = \S+)",
                      &match))
      << all;
  EXPECT_NE(
      "", log.Match(
              R"(    Train net output #0: loss = (\S+) \(\* 1 = (\S+) loss\))",
              &match))
      << all;
  EXPECT_EQ(match[1], match[2]);
  EXPECT_TRUE(log.Has("Snapshotting to binary proto file " + prefix +
                      "_iter_2.caffemodel"))
      << all;
  EXPECT_TRUE(log.Has("Snapshotting solver state to binary proto file " +
                      prefix + "_iter_2.solverstate"))
      << all;
  EXPECT_NE("", log.Match(R"(Iteration 2, loss = \S+)", &match)) << all;
  EXPECT_TRUE(log.Has("Iteration 2, Testing net (#0)")) << all;
  // The test loss is the mean over test_iter batches of the closed form.
  ASSERT_NE(
      "",
      log.Match(R"(    Test net output #0: loss = (\S+) \(\* 1 = (\S+) loss\))",
                &match))
      << all;
  const double expected = this->problem_.Loss(this->Weights(solver.get()),
                                              this->Bias(solver.get()));
  EXPECT_NEAR(expected, std::stod(match[1]), 1e-5 * expected);
  EXPECT_TRUE(log.Has("Optimization Done.")) << all;
  // test_initialization: false skips the test before the first update.
  EXPECT_FALSE(log.Has("Iteration 0, Testing net (#0)")) << all;
}

TYPED_TEST(SolverTest, TestLossWeightInTestOutput) {
  SolverParameter param =
      this->Param("max_iter: 1 test_iter: 1 test_interval: 1");
  param.mutable_net_param()->mutable_layer(2)->add_loss_weight(2);
  auto solver = this->MakeSolver(param);
  LogCapture log;
  solver->Solve();
  std::smatch match;
  ASSERT_NE(
      "",
      log.Match(R"(    Test net output #0: loss = (\S+) \(\* 2 = (\S+) loss\))",
                &match))
      << log.All();
  EXPECT_NEAR(2 * std::stod(match[1]), std::stod(match[2]),
              1e-5 * std::stod(match[2]));
}

TEST(LossWeightNoteTest, WritesCaffesLogText) {
  EXPECT_EQ(" (* 1 = 0.25 loss)", LossWeightNote(1.0f, 0.25f));
  EXPECT_EQ(" (* 0.5 = 1.5 loss)", LossWeightNote(0.5, 3.0));
  EXPECT_EQ("", LossWeightNote(0.0f, 0.25f));
}

// ---- Snapshots -------------------------------------------------------

TYPED_TEST(SolverTest, TestSnapshotFiles) {
  auto solver = this->MakeSolver(this->Param(
      this->Prefix() + "max_iter: 5 snapshot: 2 snapshot_after_train: true"));
  solver->Solve();
  // Every `snapshot` iterations and at the end; no probe or temporary file
  // is left behind.
  EXPECT_EQ((std::vector<std::string>{
                "ls_iter_2.caffemodel", "ls_iter_2.solverstate",
                "ls_iter_4.caffemodel", "ls_iter_4.solverstate",
                "ls_iter_5.caffemodel", "ls_iter_5.solverstate"}),
            this->DirectoryListing());
  SolverState state;
  NetParameter model;
  ReadProtoFromBinaryFileOrDie(this->dir_.file("ls_iter_4.solverstate"),
                               &state);
  EXPECT_EQ(4, state.iter());
  EXPECT_EQ(this->dir_.file("ls_iter_4.caffemodel"), state.learned_net());
  EXPECT_EQ(2, state.history_size());
  ReadProtoFromBinaryFileOrDie(this->dir_.file("ls_iter_5.caffemodel"), &model);
  EXPECT_EQ("LeastSquares", model.name());
}

TYPED_TEST(SolverTest, TestResumeMatchesStraightRun) {
  this->CheckResumeMatchesStraightRun("BINARYPROTO", "ls_iter_3.solverstate");
}

TYPED_TEST(SolverTest, TestResumeAfterMovingSnapshots) {
  auto first = this->MakeSolver(
      this->Param(this->Prefix() + "max_iter: 2 snapshot_after_train: true"));
  first->Solve();
  const auto trained = this->State(first.get());
  TempDir moved;
  for (const std::string& name : std::vector<std::string>{
           "ls_iter_2.caffemodel", "ls_iter_2.solverstate"}) {
    fs::copy_file(this->dir_.file(name), moved.file(name));
    fs::remove(this->dir_.file(name));
  }
  auto resumed = this->MakeSolver(this->Param("random_seed: 99"));
  resumed->Restore(moved.file("ls_iter_2.solverstate").c_str());
  EXPECT_EQ(2, resumed->iter());
  EXPECT_EQ(trained, this->State(resumed.get()));
}

TYPED_TEST(SolverTest, TestRestoreMissingState) {
  auto solver = this->MakeSolver(this->Param());
  const std::string missing = this->dir_.file("none_iter_7.solverstate");
  const std::string message =
      ErrorMessage([&] { solver->Restore(missing.c_str()); });
  EXPECT_TRUE(Contains(message, missing)) << message;
}

TYPED_TEST(SolverTest, TestRestoreForeignState) {
  this->CheckRestoreRefusesForeignFiles("BINARYPROTO", "", {});
}

TYPED_TEST(SolverTest, TestSnapshotPrefixNotWritable) {
  const std::string message = ErrorMessage([&] {
    this->MakeSolver(this->Param("snapshot: 1 snapshot_prefix: '" +
                                 this->dir_.file("missing/ls") + "'"));
  });
  EXPECT_TRUE(Contains(message, this->dir_.file("missing/ls"))) << message;
}

TYPED_TEST(SolverTest, TestSnapshotWithoutPrefix) {
  const std::string message =
      ErrorMessage([&] { this->MakeSolver(this->Param("snapshot: 1")); });
  EXPECT_TRUE(Contains(message, "snapshot_prefix")) << message;
}

// ---- Values outside their meaning ------------------------------------

TYPED_TEST(SolverTest, TestBadValueIsASolverParameterError) {
  try {
    this->MakeSolver(this->Param("base_lr: -0.1"));
    FAIL() << "expected a SolverParameterError for base_lr: -0.1";
  } catch (const SolverParameterError& e) {
    EXPECT_EQ("base_lr", e.field());
    EXPECT_FALSE(e.has_file()) << e.what();
  }
}

TYPED_TEST(SolverTest, TestBadValueNamesTheSolverFile) {
  typedef typename TypeParam::Dtype Dtype;
  std::string text;
  ASSERT_TRUE(google::protobuf::TextFormat::PrintToString(
      this->Param("momentum: 1.5"), &text));
  const std::string solver_file = this->dir_.file("solver.prototxt");
  std::ofstream(solver_file) << text;
  const std::string message =
      ErrorMessage([&] { SGDSolver<Dtype> solver(solver_file); });
  EXPECT_EQ(0u, message.find(solver_file + ": SGD's momentum")) << message;
}

TYPED_TEST(SolverTest, TestNegativeIterationInStateIsRefused) {
  typedef typename TypeParam::Dtype Dtype;
  auto solver = this->MakeSolver(this->Param());
  SolverState state;
  state.set_iter(-4);
  SGDSolver<Dtype>* sgd = dynamic_cast<SGDSolver<Dtype>*>(solver.get());
  ASSERT_TRUE(sgd);
  for (const auto& history : sgd->history()) {
    history->ToProto(state.add_history());
  }
  const std::string state_file = this->dir_.file("bad.solverstate");
  WriteProtoToBinaryFile(state, state_file);
  const std::string message =
      ErrorMessage([&] { solver->Restore(state_file.c_str()); });
  EXPECT_EQ(0u, message.find(state_file + ": cannot resume from a negative "
                                          "iteration: the solver state's "
                                          "iter is -4"))
      << message;
  EXPECT_EQ(0, solver->iter());
}

TYPED_TEST(SolverTest, TestSolveWithoutMaxIterIsAnError) {
  auto solver = this->MakeSolver(this->Param("max_iter: 0"));
  // Stepping needs no max_iter; Solve does.
  solver->Step(1);
  try {
    solver->Solve();
    FAIL() << "expected a SolverParameterError for max_iter: 0";
  } catch (const SolverParameterError& e) {
    EXPECT_EQ("max_iter", e.field());
  }
  EXPECT_EQ(1, solver->iter());
}

TYPED_TEST(SolverTest, TestResumingAtMaxIterWarns) {
  auto first = this->MakeSolver(
      this->Param(this->Prefix() + "max_iter: 3 snapshot_after_train: true"));
  first->Solve();
  auto resumed = this->MakeSolver(this->Param("max_iter: 2"));
  LogCapture log;
  resumed->Solve(this->dir_.file("ls_iter_3.solverstate"));
  EXPECT_TRUE(log.Has("max_iter: 2 is not above the resumed iteration 3, so "
                      "training will do nothing"))
      << log.All();
  EXPECT_EQ(3, resumed->iter());
}

TYPED_TEST(SolverTest, TestUnknownLrPolicyStopsTheFirstStep) {
  auto solver = this->MakeSolver(this->Param("lr_policy: 'cosine'"));
  try {
    solver->Solve();
    FAIL() << "expected a SolverParameterError for lr_policy: 'cosine'";
  } catch (const SolverParameterError& e) {
    EXPECT_EQ("lr_policy", e.field());
    EXPECT_TRUE(Contains(e.what(), "\"cosine\"; known policies: fixed"))
        << e.what();
  }
  EXPECT_EQ(0, solver->iter());
}

#ifdef USE_HDF5

TYPED_TEST(SolverTest, TestHDF5SnapshotFiles) {
  auto solver =
      this->MakeSolver(this->Param(
          this->Prefix() + "max_iter: 3 snapshot: 2 snapshot_after_train: true "
                           "snapshot_format: HDF5"));
  solver->Solve();
  EXPECT_EQ((std::vector<std::string>{
                "ls_iter_2.caffemodel.h5", "ls_iter_2.solverstate.h5",
                "ls_iter_3.caffemodel.h5", "ls_iter_3.solverstate.h5"}),
            this->DirectoryListing());
}

TYPED_TEST(SolverTest, TestHDF5ResumeMatchesStraightRun) {
  this->CheckResumeMatchesStraightRun("HDF5", "ls_iter_3.solverstate.h5");
}

TYPED_TEST(SolverTest, TestRestoreForeignHDF5State) {
  this->CheckRestoreRefusesForeignFiles("HDF5", ".h5", {"1 5"});
}

#else  // USE_HDF5

TYPED_TEST(SolverTest, TestHDF5SnapshotFormatRejected) {
  const std::string message = ErrorMessage([&] {
    this->MakeSolver(
        this->Param(this->Prefix() + "snapshot: 1 snapshot_format: HDF5"));
  });
  EXPECT_TRUE(Contains(message, "HDF5")) << message;
}

#endif  // USE_HDF5

}  // namespace caffe

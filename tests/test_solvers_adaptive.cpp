// Nesterov, AdaGrad, RMSProp, AdaDelta and Adam on the least-squares
// problem: every step against each rule computed here in double, resuming
// from a snapshot against a straight run, registry names and parameter
// errors.

#include <google/protobuf/text_format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "caffe/sgd_solvers.hpp"
#include "caffe/solver_validation.hpp"
#include "caffe/util/upgrade_proto.hpp"
#include "support/least_squares_problem.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {

namespace {

typedef std::vector<std::vector<double> > Values;

// One step of the named solver in double, from the weights and history
// (Caffe's layout: one set, or two for AdaDelta and Adam) before it: clip
// the global gradient norm, add weight decay, then the solver's rule with
// lr = rate * lr_mult. iter is the iteration the step is taken at. Returns
// whether clipping rescaled the gradient.
bool ReferenceStep(const std::string& type, const LeastSquaresProblem& problem,
                   const SolverParameter& param, const double lr_mult[2],
                   double rate, int iter, Values* values, Values* history) {
  bool clipped = false;
  Values grads =
      problem.ClippedGradients(*values, param.clip_gradients(), &clipped);
  const double momentum = param.momentum(), delta = param.delta();
  const bool l1 = param.regularization_type() == "L1";
  for (int p = 0; p < 2; ++p) {
    const double lr = rate * lr_mult[p];
    for (size_t i = 0; i < grads[p].size(); ++i) {
      double& w = (*values)[p][i];
      const double sign = (w > 0) - (w < 0);
      const double g = grads[p][i] + param.weight_decay() * (l1 ? sign : w);
      double& h = (*history)[p][i];
      double step;
      if (type == "Nesterov") {
        const double previous = h;
        h = momentum * h + lr * g;
        step = h + momentum * (h - previous);
      } else if (type == "AdaGrad") {
        h += g * g;
        step = lr * g / (std::sqrt(h) + delta);
      } else if (type == "RMSProp") {
        const double decay = param.rms_decay();
        h = decay * h + (1 - decay) * g * g;
        step = lr * g / (std::sqrt(h) + delta);
      } else if (type == "AdaDelta") {
        double& d = (*history)[p + 2][i];
        h = momentum * h + (1 - momentum) * g * g;
        const double s = g * std::sqrt((d + delta) / (h + delta));
        d = momentum * d + (1 - momentum) * s * s;
        step = lr * s;
      } else {  // Adam
        const double beta1 = momentum, beta2 = param.momentum2();
        double& v = (*history)[p + 2][i];
        h = beta1 * h + (1 - beta1) * g;
        v = beta2 * v + (1 - beta2) * g * g;
        const int t = iter + 1;
        const double correction =
            std::sqrt(1 - std::pow(beta2, t)) / (1 - std::pow(beta1, t));
        step = lr * correction * h / (std::sqrt(v) + delta);
      }
      w -= step;
    }
  }
  return clipped;
}

// AdaDelta and Adam keep a second history set after the first.
bool HasTwoHistories(const std::string& type) {
  return type == "AdaDelta" || type == "Adam";
}

}  // namespace

template <typename TypeParam>
class AdaptiveSolverTest : public MultiDeviceTest<TypeParam> {
  typedef typename TypeParam::Dtype Dtype;

 protected:
  AdaptiveSolverTest() : problem_(6, 3) {}

  // type plus fixed learning rate 0.05, seeded weights, lr_mult 1 for the
  // weights and 2 for the bias; `extra` (prototxt) is merged last.
  SolverParameter Param(const std::string& type,
                        const std::string& extra = "") const {
    SolverParameter param;
    param.set_type(type);
    param.set_base_lr(0.05);
    param.set_lr_policy("fixed");
    param.set_max_iter(100);
    param.set_random_seed(1701);
    param.set_snapshot_after_train(false);
    if (type == "Nesterov") param.set_momentum(0.9);
    if (type == "AdaDelta") {
      param.set_momentum(0.95);
      param.set_delta(1e-6);
      param.set_base_lr(0.5);
    }
    if (type == "Adam") param.set_momentum(0.9);
    CHECK(google::protobuf::TextFormat::MergeFromString(extra, &param));
    *param.mutable_net_param() =
        problem_.NetParam("param { lr_mult: 1 } param { lr_mult: 2 } ");
    return param;
  }

  std::unique_ptr<SGDSolver<Dtype> > MakeSolver(const SolverParameter& param) {
    std::unique_ptr<Solver<Dtype> > solver(
        SolverRegistry<Dtype>::CreateSolver(param));
    problem_.Feed(solver->net().get());
    SGDSolver<Dtype>* sgd = dynamic_cast<SGDSolver<Dtype>*>(solver.get());
    CHECK(sgd);
    solver.release();
    return std::unique_ptr<SGDSolver<Dtype> >(sgd);
  }

  // Steps one iteration at a time and checks every weight and history value
  // against ReferenceStep from the values before the step. Returns how many
  // steps were clipped.
  int CheckUpdates(const std::string& type, const std::string& extra,
                   int steps = 4) {
    const SolverParameter param = Param(type, extra);
    auto solver = MakeSolver(param);
    const vector<Blob<Dtype>*>& params = solver->net()->learnable_params();
    const size_t num_history = HasTwoHistories(type) ? 4 : 2;
    EXPECT_EQ(num_history, solver->history().size());
    const double tolerance = sizeof(Dtype) == 4 ? 1e-4 : 1e-10;
    const double lr_mult[2] = {1, 2};
    int clipped = 0;
    for (int step = 0; step < steps; ++step) {
      Values values = {BlobValues(*params[0]), BlobValues(*params[1])};
      Values history;
      for (const auto& blob : solver->history()) {
        history.push_back(BlobValues(*blob));
      }
      clipped += ReferenceStep(type, problem_, param, lr_mult, param.base_lr(),
                               solver->iter(), &values, &history);
      solver->Step(1);
      Values actual = {BlobValues(*params[0]), BlobValues(*params[1])};
      for (const auto& blob : solver->history()) {
        actual.push_back(BlobValues(*blob));
      }
      values.insert(values.end(), history.begin(), history.end());
      for (size_t b = 0; b < values.size(); ++b) {
        for (size_t i = 0; i < values[b].size(); ++i) {
          EXPECT_NEAR(values[b][i], actual[b][i],
                      tolerance * std::max(1.0, std::fabs(values[b][i])))
              << type << " " << extra << ": step " << step << ", blob " << b
              << " (weights, bias, then history)"
              << ", element " << i;
        }
      }
    }
    return clipped;
  }

  // Every blob the solver's state holds: weights, then history.
  Values State(SGDSolver<Dtype>* solver) {
    Values state;
    for (Blob<Dtype>* blob : solver->net()->learnable_params()) {
      state.push_back(BlobValues(*blob));
    }
    for (const auto& blob : solver->history()) {
      state.push_back(BlobValues(*blob));
    }
    return state;
  }

  // Trains 6 iterations straight, and 3 + snapshot + resume + 3, and
  // expects the same weights and history (bit for bit on the CPU).
  void CheckResume(const std::string& type, const std::string& format) {
    const std::string common =
        "weight_decay: 0.01 lr_policy: 'step' gamma: 0.5 stepsize: 2 "
        "snapshot_format: " +
        format + " ";
    auto straight = MakeSolver(Param(type, common + "max_iter: 6"));
    straight->Solve();
    auto first = MakeSolver(Param(type, common +
                                            "max_iter: 3 snapshot_after_train: "
                                            "true snapshot_prefix: '" +
                                            dir_.file("s") + "'"));
    first->Solve();
    // Different initial weights prove they come from the snapshot.
    auto resumed =
        MakeSolver(Param(type, common + "max_iter: 6 random_seed: 99"));
    const std::string state = dir_.file(
        format == "HDF5" ? "s_iter_3.solverstate.h5" : "s_iter_3.solverstate");
    resumed->Solve(state);
    EXPECT_EQ(6, resumed->iter());
    const Values expected = State(straight.get());
    const Values actual = State(resumed.get());
    ASSERT_EQ(expected.size(), actual.size());
    for (size_t p = 0; p < expected.size(); ++p) {
      for (size_t i = 0; i < expected[p].size(); ++i) {
        if (TypeParam::device == Caffe::CPU) {
          EXPECT_EQ(expected[p][i], actual[p][i])
              << type << " " << format << ": blob " << p << " at " << i;
        } else {
          EXPECT_NEAR(expected[p][i], actual[p][i], 1e-5)
              << type << " " << format << ": blob " << p << " at " << i;
        }
      }
    }
  }

  // Expects construction to throw a caffe::Error mentioning each word.
  void ExpectRejected(const std::string& type, const std::string& extra,
                      const std::vector<std::string>& words) {
    try {
      MakeSolver(Param(type, extra));
      ADD_FAILURE() << "expected caffe::Error for " << type << " " << extra;
    } catch (const Error& e) {
      const std::string message = e.what();
      for (const std::string& word : words) {
        EXPECT_NE(message.find(word), std::string::npos)
            << "'" << word << "' missing from: " << message;
      }
    }
  }

  static std::vector<std::string> Types() {
    return {"Nesterov", "AdaGrad", "RMSProp", "AdaDelta", "Adam"};
  }

  LeastSquaresProblem problem_;
  TempDir dir_;
};

TYPED_TEST_SUITE(AdaptiveSolverTest, TestDtypesAndDevices);

TYPED_TEST(AdaptiveSolverTest, TestUpdates) {
  for (const std::string& type : this->Types()) this->CheckUpdates(type, "");
}

TYPED_TEST(AdaptiveSolverTest, TestUpdatesWithOwnParameters) {
  this->CheckUpdates("Nesterov", "momentum: 0.5");
  this->CheckUpdates("AdaGrad", "delta: 0.1");
  this->CheckUpdates("RMSProp", "rms_decay: 0.5 delta: 0.01");
  this->CheckUpdates("AdaDelta", "momentum: 0.5 delta: 0.01");
  this->CheckUpdates("Adam", "momentum: 0.5 momentum2: 0.9 delta: 0.01", 6);
}

TYPED_TEST(AdaptiveSolverTest, TestUpdatesWithIterSize) {
  // The batch is the same on both passes, so the averaged accumulation
  // equals one pass.
  for (const std::string& type : this->Types()) {
    this->CheckUpdates(type, "iter_size: 3", 3);
  }
}

TYPED_TEST(AdaptiveSolverTest, TestUpdatesWithL2WeightDecay) {
  for (const std::string& type : this->Types()) {
    this->CheckUpdates(type, "weight_decay: 0.5", 3);
  }
}

TYPED_TEST(AdaptiveSolverTest, TestUpdatesWithL1WeightDecay) {
  for (const std::string& type : this->Types()) {
    this->CheckUpdates(type, "weight_decay: 0.25 regularization_type: 'L1'", 3);
  }
}

TYPED_TEST(AdaptiveSolverTest, TestUpdatesWithClipGradients) {
  for (const std::string& type : this->Types()) {
    const int clipped =
        this->CheckUpdates(type, "clip_gradients: 0.05 weight_decay: 0.1", 3);
    EXPECT_GT(clipped, 0) << type << ": the threshold never took effect";
  }
}

TYPED_TEST(AdaptiveSolverTest, TestResumeMatchesStraightRun) {
  for (const std::string& type : this->Types()) {
    this->CheckResume(type, "BINARYPROTO");
  }
}

#ifdef USE_HDF5
TYPED_TEST(AdaptiveSolverTest, TestResumeMatchesStraightRunHDF5) {
  for (const std::string& type : this->Types()) this->CheckResume(type, "HDF5");
}
#endif

TYPED_TEST(AdaptiveSolverTest, TestStateOfOneHistorySetRejectedByTwo) {
  auto sgd = this->MakeSolver(this->Param(
      "Nesterov", "snapshot_prefix: '" + this->dir_.file("n") + "'"));
  sgd->Step(1);
  sgd->Snapshot();
  auto adam = this->MakeSolver(this->Param("Adam"));
  const std::string state = this->dir_.file("n_iter_1.solverstate");
  try {
    adam->Restore(state.c_str());
    ADD_FAILURE() << "Adam accepted a Nesterov state";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("history"), std::string::npos)
        << e.what();
  }
}

TYPED_TEST(AdaptiveSolverTest, TestRegisteredByType) {
  typedef typename TypeParam::Dtype Dtype;
  for (const std::string& type : this->Types()) {
    auto solver = this->MakeSolver(this->Param(type));
    EXPECT_EQ(type, solver->type());
  }
  auto nesterov = this->MakeSolver(this->Param("Nesterov"));
  EXPECT_NE(nullptr, dynamic_cast<NesterovSolver<Dtype>*>(nesterov.get()));
  auto adam = this->MakeSolver(this->Param("Adam"));
  EXPECT_NE(nullptr, dynamic_cast<AdamSolver<Dtype>*>(adam.get()));
}

TYPED_TEST(AdaptiveSolverTest, TestLegacySolverTypeInFile) {
  typedef typename TypeParam::Dtype Dtype;
  const std::vector<std::pair<std::string, std::string> > legacy = {
      {"NESTEROV", "Nesterov"},
      {"ADAGRAD", "AdaGrad"},
      {"RMSPROP", "RMSProp"},
      {"ADADELTA", "AdaDelta"},
      {"ADAM", "Adam"}};
  for (const auto& names : legacy) {
    SolverParameter param = this->Param(names.second);
    param.clear_type();
    std::string text;
    ASSERT_TRUE(google::protobuf::TextFormat::PrintToString(param, &text));
    const std::string file = this->dir_.file(names.second + ".prototxt");
    std::ofstream(file) << text << "solver_type: " << names.first << "\n";
    SolverParameter read;
    ReadSolverParamsFromTextFileOrDie(file, &read);
    auto solver = this->MakeSolver(read);
    EXPECT_EQ(names.second, solver->type());
  }
  // The file-name constructors read the same way.
  const std::string file = this->dir_.file("Adam.prototxt");
  AdamSolver<Dtype> adam(file);
  EXPECT_EQ(4u, adam.history().size());
  AdaDeltaSolver<Dtype> adadelta(this->dir_.file("AdaDelta.prototxt"));
  EXPECT_EQ(4u, adadelta.history().size());
}

TYPED_TEST(AdaptiveSolverTest, TestMomentumRejected) {
  this->ExpectRejected("AdaGrad", "momentum: 0.9", {"Momentum", "AdaGrad"});
  this->ExpectRejected("RMSProp", "momentum: 0.9", {"Momentum", "RMSProp"});
}

TYPED_TEST(AdaptiveSolverTest, TestMomentumOutOfRange) {
  this->ExpectRejected("AdaDelta", "momentum: 1", {"AdaDelta", "momentum"});
  this->ExpectRejected("AdaDelta", "momentum: -0.5", {"momentum", "-0.5"});
  this->ExpectRejected("Adam", "momentum: 1.5", {"Adam", "momentum", "1.5"});
  this->ExpectRejected("Adam", "momentum2: 1", {"Adam", "momentum2"});
  this->ExpectRejected("Adam", "momentum2: -0.1", {"momentum2"});
}

TYPED_TEST(AdaptiveSolverTest, TestRmsDecayOutOfRange) {
  this->ExpectRejected("RMSProp", "rms_decay: 1", {"rms_decay", "[0, 1)"});
  this->ExpectRejected("RMSProp", "rms_decay: -0.2", {"rms_decay", "-0.2"});
}

TYPED_TEST(AdaptiveSolverTest, TestNegativeDelta) {
  for (const std::string type : {"AdaGrad", "RMSProp", "AdaDelta", "Adam"}) {
    this->ExpectRejected(type, "delta: -1", {type, "delta"});
  }
}

TYPED_TEST(AdaptiveSolverTest, TestSGDChecksStillApply) {
  this->ExpectRejected("Adam", "lr_policy: 'step' gamma: 0.5", {"stepsize"});
  this->ExpectRejected("RMSProp", "base_lr: -0.05", {"base_lr", "-0.05"});
}

TYPED_TEST(AdaptiveSolverTest, TestZeroDeltaRejected) {
  // 0 / (0 + delta) is NaN for a parameter whose gradient is still 0.
  for (const std::string type : {"AdaGrad", "RMSProp", "AdaDelta", "Adam"}) {
    this->ExpectRejected(type, "delta: 0", {type, "positive delta"});
  }
}

TYPED_TEST(AdaptiveSolverTest, TestBuiltDirectlyChecksItsOwnRule) {
  typedef typename TypeParam::Dtype Dtype;
  // Init checks the rule of param.type(), here SGD's, which allows delta 0;
  // the AdaGrad constructor checks AdaGrad's.
  SolverParameter param = this->Param("AdaGrad", "delta: 0");
  param.clear_type();
  try {
    AdaGradSolver<Dtype> solver(param);
    FAIL() << "expected a SolverParameterError for AdaGrad with delta 0";
  } catch (const SolverParameterError& e) {
    EXPECT_EQ("delta", e.field());
    EXPECT_NE(std::string(e.what()).find("AdaGrad"), std::string::npos)
        << e.what();
  }
}

}  // namespace caffe

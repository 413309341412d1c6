#include <google/protobuf/text_format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "caffe/sgd_solvers.hpp"
#include "caffe/solver_validation.hpp"
#include "support/least_squares_problem.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {

namespace {

// Per-parameter multipliers of the InnerProduct weights and bias.
struct Multipliers {
  double lr_weight = 1, lr_bias = 1, decay_weight = 1, decay_bias = 1;

  std::string ParamSpecs() const {
    return "param { lr_mult: " + std::to_string(lr_weight) +
           " decay_mult: " + std::to_string(decay_weight) +
           " } param { lr_mult: " + std::to_string(lr_bias) +
           " decay_mult: " + std::to_string(decay_bias) + " } ";
  }
};

// Applies one SGD step in double to values = {weights, {bias}} and their
// history, following Caffe's order: clip the global gradient norm, add weight
// decay, then history = rate * lr_mult * g + momentum * history and
// value -= history. Returns whether clipping rescaled the gradient.
bool ExpectedStep(const LeastSquaresProblem& problem,
                  const SolverParameter& param, const Multipliers& mults,
                  double rate, std::vector<std::vector<double> >* values,
                  std::vector<std::vector<double> >* history) {
  bool clipped = false;
  std::vector<std::vector<double> > grads =
      problem.ClippedGradients(*values, param.clip_gradients(), &clipped);
  const double lr_mult[2] = {mults.lr_weight, mults.lr_bias};
  const double decay_mult[2] = {mults.decay_weight, mults.decay_bias};
  const bool l1 = param.regularization_type() == "L1";
  for (int p = 0; p < 2; ++p) {
    for (size_t i = 0; i < grads[p].size(); ++i) {
      const double value = (*values)[p][i];
      const double decay = param.weight_decay() * decay_mult[p];
      const double sign = (value > 0) - (value < 0);
      const double g = grads[p][i] + decay * (l1 ? sign : value);
      double& h = (*history)[p][i];
      h = rate * lr_mult[p] * g + param.momentum() * h;
      (*values)[p][i] = value - h;
    }
  }
  return clipped;
}

// Exposes the iteration counter so that each schedule can be sampled.
template <typename Dtype>
class LearningRateProbe : public SGDSolver<Dtype> {
 public:
  explicit LearningRateProbe(const SolverParameter& param)
      : SGDSolver<Dtype>(param) {}
  double RateAt(int iter) {
    this->iter_ = iter;
    return this->GetLearningRate();
  }
};

}  // namespace

template <typename TypeParam>
class SGDSolverTest : public MultiDeviceTest<TypeParam> {
  typedef typename TypeParam::Dtype Dtype;

 protected:
  SGDSolverTest() : problem_(6, 3) {}

  // Fixed learning rate 0.1, seeded weights, no display or snapshots;
  // `extra` (prototxt) is merged last.
  SolverParameter Param(const std::string& extra = "",
                        const Multipliers& mults = Multipliers(),
                        const LeastSquaresProblem* problem = nullptr) const {
    SolverParameter param;
    param.set_base_lr(0.1);
    param.set_lr_policy("fixed");
    param.set_max_iter(100);
    param.set_random_seed(1701);
    param.set_snapshot_after_train(false);
    CHECK(google::protobuf::TextFormat::MergeFromString(extra, &param));
    *param.mutable_net_param() =
        (problem ? *problem : problem_).NetParam(mults.ParamSpecs());
    return param;
  }

  double Tolerance() const { return sizeof(Dtype) == 4 ? 2e-5 : 1e-10; }

  // Steps one iteration at a time and checks every weight and history
  // value against ExpectedStep from the values before the step. Returns how
  // many steps were clipped.
  int CheckUpdates(const std::string& extra, const Multipliers& mults,
                   const std::function<double(int)>& rate, int steps) {
    const SolverParameter param = Param(extra, mults);
    SGDSolver<Dtype> solver(param);
    problem_.Feed(solver.net().get());
    const vector<Blob<Dtype>*>& params = solver.net()->learnable_params();
    EXPECT_EQ(2u, params.size());
    int clipped = 0;
    for (int step = 0; step < steps; ++step) {
      std::vector<std::vector<double> > values = {BlobValues(*params[0]),
                                                  BlobValues(*params[1])};
      std::vector<std::vector<double> > history = {
          BlobValues(*solver.history()[0]), BlobValues(*solver.history()[1])};
      clipped += ExpectedStep(problem_, param, mults, rate(solver.iter()),
                              &values, &history);
      solver.Step(1);
      for (int p = 0; p < 2; ++p) {
        const std::vector<double> actual = BlobValues(*params[p]);
        const std::vector<double> actual_history =
            BlobValues(*solver.history()[p]);
        for (size_t i = 0; i < actual.size(); ++i) {
          const double scale = std::max(1.0, std::fabs(values[p][i]));
          EXPECT_NEAR(values[p][i], actual[i], Tolerance() * scale)
              << "step " << step << ", param " << p << ", element " << i;
          EXPECT_NEAR(history[p][i], actual_history[i], Tolerance() * scale)
              << "history at step " << step << ", param " << p << ", element "
              << i;
        }
      }
    }
    return clipped;
  }

  // base_lr is a float field, so the expected rates start from floats too.
  static std::function<double(int)> Fixed(float rate) {
    return [rate](int) { return double(rate); };
  }

  LeastSquaresProblem problem_;
};

TYPED_TEST_SUITE(SGDSolverTest, TestDtypesAndDevices);

TYPED_TEST(SGDSolverTest, TestLeastSquaresUpdate) {
  this->CheckUpdates("", Multipliers(), this->Fixed(0.1), 4);
}

TYPED_TEST(SGDSolverTest, TestLeastSquaresUpdateLROneHundredth) {
  this->CheckUpdates("base_lr: 0.01", Multipliers(), this->Fixed(0.01), 3);
}

TYPED_TEST(SGDSolverTest, TestLeastSquaresUpdateWithMomentum) {
  this->CheckUpdates("momentum: 0.9", Multipliers(), this->Fixed(0.1), 5);
}

TYPED_TEST(SGDSolverTest, TestLeastSquaresUpdateWithLrMult) {
  Multipliers mults;
  mults.lr_weight = 0.5;
  mults.lr_bias = 2;
  this->CheckUpdates("momentum: 0.5", mults, this->Fixed(0.1), 3);
}

TYPED_TEST(SGDSolverTest, TestLeastSquaresUpdateWithL2WeightDecay) {
  Multipliers mults;
  mults.decay_bias = 0;
  this->CheckUpdates("weight_decay: 0.5", mults, this->Fixed(0.1), 3);
}

TYPED_TEST(SGDSolverTest, TestLeastSquaresUpdateWithL1WeightDecay) {
  Multipliers mults;
  mults.decay_weight = 2;
  this->CheckUpdates("weight_decay: 0.25 regularization_type: 'L1'", mults,
                     this->Fixed(0.1), 3);
}

TYPED_TEST(SGDSolverTest, TestLeastSquaresUpdateWithEverything) {
  Multipliers mults;
  mults.lr_bias = 2;
  mults.decay_bias = 0;
  const double base_lr = 0.1f, gamma = 0.5, power = 0.75;
  this->CheckUpdates(
      "momentum: 0.9 weight_decay: 0.1 lr_policy: 'inv' gamma: 0.5 "
      "power: 0.75",
      mults,
      [=](int iter) { return base_lr * std::pow(1 + gamma * iter, -power); },
      4);
}

TYPED_TEST(SGDSolverTest, TestLeastSquaresUpdateWithClipGradients) {
  const int clipped = this->CheckUpdates("momentum: 0.9 clip_gradients: 0.05",
                                         Multipliers(), this->Fixed(0.1), 3);
  EXPECT_GT(clipped, 0) << "the threshold never took effect";
}

TYPED_TEST(SGDSolverTest, TestLeastSquaresUpdateIterSize) {
  // The batch is the same on both passes, so the averaged accumulation
  // equals one pass.
  this->CheckUpdates("iter_size: 2 momentum: 0.9", Multipliers(),
                     this->Fixed(0.1), 3);
}

TYPED_TEST(SGDSolverTest, TestIterSizeMatchesDoubledBatch) {
  typedef typename TypeParam::Dtype Dtype;
  const LeastSquaresProblem doubled = this->problem_.Repeated(2);
  const std::string extra = "momentum: 0.9 weight_decay: 0.01";
  SGDSolver<Dtype> accumulating(
      this->Param(extra + " iter_size: 2", Multipliers(), &this->problem_));
  this->problem_.Feed(accumulating.net().get());
  SGDSolver<Dtype> batched(this->Param(extra, Multipliers(), &doubled));
  doubled.Feed(batched.net().get());
  accumulating.Step(4);
  batched.Step(4);
  EXPECT_EQ(4, accumulating.iter());
  EXPECT_NEAR(batched.smoothed_loss(), accumulating.smoothed_loss(),
              this->Tolerance());
  for (int p = 0; p < 2; ++p) {
    const std::vector<double> expected =
        BlobValues(*batched.net()->learnable_params()[p]);
    const std::vector<double> actual =
        BlobValues(*accumulating.net()->learnable_params()[p]);
    for (size_t i = 0; i < expected.size(); ++i) {
      EXPECT_NEAR(expected[i], actual[i], this->Tolerance());
    }
  }
}

TYPED_TEST(SGDSolverTest, TestRegisteredAsSGD) {
  typedef typename TypeParam::Dtype Dtype;
  std::unique_ptr<Solver<Dtype> > solver(
      SolverRegistry<Dtype>::CreateSolver(this->Param("type: 'SGD'")));
  EXPECT_STREQ("SGD", solver->type());
  EXPECT_NE(nullptr, dynamic_cast<SGDSolver<Dtype>*>(solver.get()));
}

TYPED_TEST(SGDSolverTest, TestHistoryShapes) {
  typedef typename TypeParam::Dtype Dtype;
  SGDSolver<Dtype> solver(this->Param());
  ASSERT_EQ(2u, solver.history().size());
  EXPECT_EQ((vector<int>{1, 3}), solver.history()[0]->shape());
  EXPECT_EQ((vector<int>{1}), solver.history()[1]->shape());
  EXPECT_EQ(0, solver.history()[0]->asum_data());
}

// ---- Learning-rate schedules ------------------------------------------

template <typename TypeParam>
class SGDLearningRateTest : public SGDSolverTest<TypeParam> {
  typedef typename TypeParam::Dtype Dtype;

 protected:
  // Checks the rate at each (iteration, expected rate) pair, in order.
  void CheckRates(const std::string& extra,
                  const std::vector<std::pair<int, double> >& expected) {
    LearningRateProbe<Dtype> probe(this->Param(extra));
    for (const auto& point : expected) {
      EXPECT_NEAR(point.second, probe.RateAt(point.first),
                  1e-6 * std::max(1e-3, point.second))
          << extra << " at iteration " << point.first;
    }
  }
};

TYPED_TEST_SUITE(SGDLearningRateTest, TestDtypesAndDevices);

TYPED_TEST(SGDLearningRateTest, TestFixed) {
  this->CheckRates("base_lr: 0.01 lr_policy: 'fixed'",
                   {{0, 0.01}, {100, 0.01}, {100000, 0.01}});
}

TYPED_TEST(SGDLearningRateTest, TestStep) {
  this->CheckRates(
      "base_lr: 0.01 lr_policy: 'step' gamma: 0.1 stepsize: 10",
      {{0, 0.01}, {9, 0.01}, {10, 0.001}, {19, 0.001}, {25, 0.0001}});
}

TYPED_TEST(SGDLearningRateTest, TestExp) {
  this->CheckRates("base_lr: 0.01 lr_policy: 'exp' gamma: 0.5",
                   {{0, 0.01}, {1, 0.005}, {3, 0.00125}});
}

TYPED_TEST(SGDLearningRateTest, TestInv) {
  // 0.01 * (1 + 1e-4 * it)^-0.75
  this->CheckRates(
      "base_lr: 0.01 lr_policy: 'inv' gamma: 0.0001 power: 0.75",
      {{0, 0.01}, {10000, 0.0059460355750136}, {30000, 0.0035355339059327}});
}

TYPED_TEST(SGDLearningRateTest, TestMultistep) {
  std::vector<std::pair<int, double> > expected;
  for (int iter = 0; iter <= 12; ++iter) {
    expected.push_back({iter, iter < 5 ? 0.01 : iter < 8 ? 0.001 : 0.0001});
  }
  this->CheckRates(
      "base_lr: 0.01 lr_policy: 'multistep' gamma: 0.1 stepvalue: 5 "
      "stepvalue: 8",
      expected);
}

TYPED_TEST(SGDLearningRateTest, TestPoly) {
  this->CheckRates("base_lr: 0.01 lr_policy: 'poly' power: 2 max_iter: 100",
                   {{0, 0.01}, {50, 0.0025}, {90, 0.0001}, {100, 0}});
}

TYPED_TEST(SGDLearningRateTest, TestSigmoid) {
  // 0.01 / (1 + exp(0.1 * (it - 20)))
  this->CheckRates(
      "base_lr: 0.01 lr_policy: 'sigmoid' gamma: -0.1 stepsize: 20",
      {{0, 0.0088079707797788}, {20, 0.005}, {40, 0.0011920292202212}});
}

// ---- Invalid parameters ----------------------------------------------

template <typename TypeParam>
class SGDSolverParamTest : public SGDSolverTest<TypeParam> {
  typedef typename TypeParam::Dtype Dtype;

 protected:
  // Expects construction to throw a caffe::Error mentioning each word.
  void ExpectRejected(const std::string& extra,
                      const std::vector<std::string>& words) {
    try {
      SGDSolver<Dtype> solver(this->Param(extra));
      FAIL() << "expected caffe::Error for " << extra;
    } catch (const Error& e) {
      const std::string message = e.what();
      for (const std::string& word : words) {
        EXPECT_NE(message.find(word), std::string::npos)
            << "'" << word << "' missing from: " << message;
      }
    }
  }
};

TYPED_TEST_SUITE(SGDSolverParamTest, TestDtypesAndDevices);

// As in Caffe, the policy is checked when the first rate is computed, not
// when the solver is built.
TYPED_TEST(SGDSolverParamTest, TestUnknownLrPolicy) {
  LearningRateProbe<typename TypeParam::Dtype> probe(
      this->Param("lr_policy: 'cosine'"));
  try {
    probe.RateAt(0);
    FAIL() << "expected a SolverParameterError for lr_policy 'cosine'";
  } catch (const SolverParameterError& e) {
    EXPECT_EQ("lr_policy", e.field());
    EXPECT_EQ(std::string("Unknown learning rate policy: \"cosine\"; known "
                          "policies: fixed, step, exp, inv, multistep, poly, "
                          "sigmoid"),
              e.what());
  }
}

TYPED_TEST(SGDSolverParamTest, TestMissingLrPolicy) {
  SolverParameter param = this->Param();
  param.clear_lr_policy();
  SGDSolver<typename TypeParam::Dtype> solver(param);
  try {
    solver.Step(1);
    FAIL() << "expected a SolverParameterError for a missing lr_policy";
  } catch (const SolverParameterError& e) {
    EXPECT_EQ("lr_policy", e.field());
    EXPECT_NE(std::string(e.what()).find("policy: \"\"; known"),
              std::string::npos)
        << e.what();
  }
  EXPECT_EQ(0, solver.iter());
}

TYPED_TEST(SGDSolverParamTest, TestStepWithoutStepsize) {
  this->ExpectRejected("lr_policy: 'step' gamma: 0.1", {"stepsize"});
}

TYPED_TEST(SGDSolverParamTest, TestPolyWithoutMaxIter) {
  this->ExpectRejected("lr_policy: 'poly' power: 1 max_iter: 0", {"max_iter"});
}

TYPED_TEST(SGDSolverParamTest, TestUnknownRegularization) {
  this->ExpectRejected("weight_decay: 0.1 regularization_type: 'L3'",
                       {"L3", "regularization"});
}

}  // namespace caffe

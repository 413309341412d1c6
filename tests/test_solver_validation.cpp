// The SolverParameter checks on their own (no nets built): each value
// outside its meaning is a SolverParameterError naming the field and, when
// given, the solver file; Caffe's working values pass.
#include <glog/logging.h>
#include <google/protobuf/text_format.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "caffe/solver_validation.hpp"

namespace caffe {
namespace {

const char kSolverFile[] = "models/x/solver.prototxt";

// A plain SGD solver that passes every check; `extra` (prototxt) is merged
// last.
SolverParameter Param(const std::string& extra) {
  SolverParameter param;
  CHECK(google::protobuf::TextFormat::ParseFromString(
      "base_lr: 0.01 lr_policy: 'fixed' momentum: 0.9 weight_decay: 0.0005 "
      "max_iter: 100",
      &param));
  CHECK(google::protobuf::TextFormat::MergeFromString(extra, &param));
  return param;
}

// The error the checks raise for `extra`; fails the test when they pass.
SolverParameterError Rejection(const std::string& extra) {
  try {
    ValidateSolverParameter(Param(extra), kSolverFile);
  } catch (const SolverParameterError& error) {
    return error;
  }
  ADD_FAILURE() << "accepted: " << extra;
  return SolverParameterError("", "");
}

struct BadValue {
  std::string prototxt;
  std::string field;
  std::string words;  // A part of the message that says what is wrong.
};

TEST(SolverValidationTest, ValuesOutsideTheirMeaningAreRejected) {
  const std::vector<BadValue> bad = {
      {"base_lr: -0.1", "base_lr", "-0.1"},
      {"weight_decay: -0.0005", "weight_decay", "negative"},
      {"momentum: 1", "momentum", "[0, 1)"},
      {"momentum: -0.5", "momentum", "-0.5"},
      {"type: 'Nesterov' momentum: 1.2", "momentum", "Nesterov"},
      {"max_iter: -5", "max_iter", "-5"},
      {"lr_policy: 'step' gamma: 0.1 stepsize: 0", "stepsize", "step"},
      {"lr_policy: 'step' gamma: 0.1 stepsize: -10", "stepsize", "-10"},
      {"lr_policy: 'step' stepsize: 10", "gamma", "positive gamma"},
      {"lr_policy: 'exp' gamma: -0.5", "gamma", "exp"},
      {"lr_policy: 'inv' gamma: 0 power: 0.75", "gamma", "inv"},
      {"lr_policy: 'multistep' gamma: 0 stepvalue: 10", "gamma", "multistep"},
      {"lr_policy: 'multistep' gamma: 0.1 stepvalue: 10 stepvalue: 10",
       "stepvalue", "strictly increasing"},
      {"lr_policy: 'multistep' gamma: 0.1 stepvalue: 10 stepvalue: 30 "
       "stepvalue: 20",
       "stepvalue", "stepvalue #2 (20)"},
      {"lr_policy: 'poly' power: 1 max_iter: 0", "max_iter", "poly"},
      {"weight_decay: 0.1 regularization_type: 'L3'", "regularization_type",
       "L3"},
      {"average_loss: 0", "average_loss", "at least 1"},
      {"iter_size: 0", "iter_size", "at least 1"},
      {"type: 'AdaGrad' momentum: 0.9", "momentum", "AdaGrad"},
      {"type: 'AdaGrad' momentum: 0 delta: 0", "delta", "AdaGrad"},
      {"type: 'RMSProp' momentum: 0 rms_decay: 1", "rms_decay", "[0, 1)"},
      {"type: 'RMSProp' momentum: 0 delta: -1", "delta", "RMSProp"},
      {"type: 'AdaDelta' momentum: 0.95 delta: 0", "delta", "AdaDelta"},
      {"type: 'Adam' momentum2: 1", "momentum2", "Adam"},
      {"type: 'Adam' momentum2: -0.1", "momentum2", "-0.1"},
      {"type: 'Adam' delta: 0", "delta", "Adam"},
  };
  for (const BadValue& value : bad) {
    const SolverParameterError error = Rejection(value.prototxt);
    const std::string message = error.what();
    EXPECT_EQ(value.field, error.field()) << value.prototxt;
    EXPECT_EQ(kSolverFile, error.file()) << value.prototxt;
    EXPECT_EQ(0u, message.find(std::string(kSolverFile) + ": ")) << message;
    EXPECT_NE(std::string::npos, message.find(value.field)) << message;
    EXPECT_NE(std::string::npos, message.find(value.words)) << message;
  }
}

TEST(SolverValidationTest, CaffesWorkingValuesPass) {
  for (const std::string extra : {
           "",
           "base_lr: 0 momentum: 0 weight_decay: 0",
           "lr_policy: 'step' gamma: 0.1 stepsize: 100000",
           "lr_policy: 'step' gamma: 2 stepsize: 10",
           "lr_policy: 'exp' gamma: 0.999",
           "lr_policy: 'inv' gamma: 0.0001 power: 0.75",
           "lr_policy: 'multistep' gamma: 0.1 stepvalue: 10 stepvalue: 20",
           "lr_policy: 'multistep' gamma: 0.1",
           "lr_policy: 'poly' power: 0.5",
           "lr_policy: 'sigmoid' gamma: -0.1 stepsize: 20",
           "weight_decay: 0.1 regularization_type: 'L1'",
           "type: 'Nesterov' momentum: 0.95",
           "type: 'AdaGrad' momentum: 0",
           "type: 'RMSProp' momentum: 0 rms_decay: 0.98",
           "type: 'AdaDelta' momentum: 0.95 delta: 1e-6",
           "type: 'Adam' momentum: 0.9 momentum2: 0.999 delta: 1e-8",
           "type: 'SomeoneElsesSolver' momentum: 7",
       }) {
    EXPECT_NO_THROW(ValidateSolverParameter(Param(extra), kSolverFile))
        << extra;
  }
}

TEST(SolverValidationTest, UnknownFileLeavesTheFileOut) {
  try {
    ValidateSolverParameter(Param("base_lr: -1"), "");
    FAIL() << "accepted base_lr: -1";
  } catch (const SolverParameterError& error) {
    EXPECT_FALSE(error.has_file());
    EXPECT_EQ(0u, std::string(error.what()).find("base_lr")) << error.what();
  }
}

// lr_policy is GetLearningRate's to reject, the first time it computes a
// rate, as Caffe does.
TEST(SolverValidationTest, LearningRatePolicyIsLeftToGetLearningRate) {
  EXPECT_NO_THROW(ValidateSolverParameter(Param("lr_policy: 'cosine'"), ""));
  EXPECT_NO_THROW(ValidateSolverParameter(Param("lr_policy: ''"), ""));
  const SolverParameterError error =
      UnknownLearningRatePolicyError("cosine", kSolverFile);
  EXPECT_EQ("lr_policy", error.field());
  EXPECT_EQ(std::string(kSolverFile) +
                ": Unknown learning rate policy: \"cosine\"; known policies: "
                "fixed, step, exp, inv, multistep, poly, sigmoid",
            error.what());
}

TEST(SolverValidationTest, UpdateRuleOfTheSolverBuilt) {
  // A solver built directly (not through the registry) checks its own rule
  // whatever param.type() says.
  SolverParameter param = Param("momentum: 0.9");
  EXPECT_NO_THROW(ValidateUpdateRuleParameter(param, "SGD", ""));
  EXPECT_THROW(ValidateUpdateRuleParameter(param, "RMSProp", ""),
               SolverParameterError);
}

TEST(SolverValidationTest, MaxIterMustLeaveSomethingToTrain) {
  SolverParameter param = Param("");
  param.clear_max_iter();
  try {
    ValidateIterationsToTrain(param, 0, kSolverFile);
    FAIL() << "accepted a missing max_iter";
  } catch (const SolverParameterError& error) {
    EXPECT_EQ("max_iter", error.field());
    EXPECT_EQ(std::string(kSolverFile) +
                  ": max_iter is 0 (the field is missing), so training would "
                  "run no iteration; set max_iter to the iteration to train "
                  "to",
              error.what());
  }
  param.set_max_iter(0);
  EXPECT_THROW(ValidateIterationsToTrain(param, 0, ""), SolverParameterError);
  param.set_max_iter(100);
  EXPECT_NO_THROW(ValidateIterationsToTrain(param, 0, ""));
  // Resuming at or past max_iter warns (see test_solver.cpp) but goes on.
  EXPECT_NO_THROW(ValidateIterationsToTrain(param, 100, ""));
}

TEST(SolverValidationTest, NegativeRestoredCountersNameTheStateFile) {
  EXPECT_NO_THROW(ValidateRestoredCounters(0, 0, "s.solverstate"));
  EXPECT_NO_THROW(ValidateRestoredCounters(5000, 2, "s.solverstate"));
  try {
    ValidateRestoredCounters(-3, 0, "s.solverstate");
    FAIL() << "accepted iter -3";
  } catch (const Error& error) {
    EXPECT_EQ("s.solverstate", error.file());
    EXPECT_NE(std::string::npos, std::string(error.what()).find("iter is -3"))
        << error.what();
  }
  try {
    ValidateRestoredCounters(10, -1, "s.solverstate.h5");
    FAIL() << "accepted current_step -1";
  } catch (const Error& error) {
    EXPECT_EQ("s.solverstate.h5", error.file());
    EXPECT_NE(std::string::npos,
              std::string(error.what()).find("current_step is -1"))
        << error.what();
  }
}

}  // namespace
}  // namespace caffe

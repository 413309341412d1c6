#include "caffe/solver_validation.hpp"

#include <glog/logging.h>

#include <string>

namespace caffe {

namespace {

// Throws the error for one field, naming the solver file when it is known.
class FieldChecker {
 public:
  explicit FieldChecker(const std::string& solver_file)
      : solver_file_(solver_file) {}

  void Require(bool ok, const char* field, const std::string& detail) const {
    if (!ok) throw Failure(field, detail);
  }

  SolverParameterError Failure(const std::string& field,
                               const std::string& detail) const {
    SolverParameterError error(field, detail);
    if (!solver_file_.empty()) error.set_file(solver_file_);
    return error;
  }

 private:
  const std::string& solver_file_;
};

// False for NaN too, so that a NaN read from a prototxt is rejected.
bool InUnitInterval(float value) { return value >= 0 && value < 1; }

void ValidateCounts(const SolverParameter& param, const FieldChecker& check) {
  check.Require(
      param.average_loss() >= 1, "average_loss",
      StrCat("average_loss must be at least 1, got ", param.average_loss()));
  check.Require(
      param.iter_size() >= 1, "iter_size",
      StrCat("iter_size must be at least 1, got ", param.iter_size()));
  check.Require(
      param.max_iter() >= 0, "max_iter",
      StrCat("max_iter must not be negative, got ", param.max_iter()));
  check.Require(param.display() >= 0, "display",
                StrCat("display must not be negative, got ", param.display()));
  check.Require(
      param.snapshot() >= 0, "snapshot",
      StrCat("snapshot must not be negative, got ", param.snapshot()));
  check.Require(param.test_interval() >= 0, "test_interval",
                StrCat("test_interval must not be negative, got ",
                       param.test_interval()));
  for (int i = 0; i < param.test_iter_size(); ++i) {
    check.Require(param.test_iter(i) >= 0, "test_iter",
                  StrCat("test_iter must not be negative, got ",
                         param.test_iter(i), " for test net #", i));
  }
#ifndef USE_HDF5
  const bool writes_snapshots =
      param.snapshot() > 0 || param.snapshot_after_train();
  check.Require(
      !writes_snapshots || param.snapshot_format() != SolverParameter::HDF5,
      "snapshot_format",
      "snapshot_format: HDF5 needs a build with USE_HDF5; use "
      "snapshot_format: BINARYPROTO");
#endif
}

void ValidateRegularization(const SolverParameter& param,
                            const FieldChecker& check) {
  check.Require(param.weight_decay() >= 0, "weight_decay",
                StrCat("weight_decay must not be negative (it would push the "
                       "weights away from 0), got ",
                       param.weight_decay()));
  const std::string& regularization = param.regularization_type();
  check.Require(regularization == "L1" || regularization == "L2",
                "regularization_type",
                StrCat("Unknown regularization type: \"", regularization,
                       "\" (regularization_type); known types: L1, L2"));
}

// The fields each lr_policy reads; the policy name is GetLearningRate's to
// check.
void ValidateSchedule(const SolverParameter& param, const FieldChecker& check) {
  check.Require(param.base_lr() >= 0, "base_lr",
                StrCat("base_lr must not be negative (it would climb the "
                       "loss), got ",
                       param.base_lr()));
  const std::string& policy = param.lr_policy();
  const bool powers_of_gamma = policy == "step" || policy == "exp" ||
                               policy == "inv" || policy == "multistep";
  check.Require(!powers_of_gamma || param.gamma() > 0, "gamma",
                StrCat("lr_policy \"", policy,
                       "\" needs a positive gamma, got ", param.gamma()));
  check.Require(policy != "step" || param.stepsize() > 0, "stepsize",
                StrCat("lr_policy \"step\" needs a positive stepsize, got ",
                       param.stepsize()));
  check.Require(policy != "poly" || param.max_iter() > 0, "max_iter",
                StrCat("lr_policy \"poly\" needs a positive max_iter, got ",
                       param.max_iter()));
  if (policy != "multistep") return;
  // GetLearningRate advances one step at a time in the listed order; a value
  // not above the one before would never be reached on time.
  for (int i = 1; i < param.stepvalue_size(); ++i) {
    check.Require(
        param.stepvalue(i) > param.stepvalue(i - 1), "stepvalue",
        StrCat("lr_policy \"multistep\" needs strictly increasing "
               "stepvalues, but stepvalue #",
               i, " (", param.stepvalue(i), ") is not above the one before (",
               param.stepvalue(i - 1), ")"));
  }
}

void RequireMomentumInUnitInterval(const SolverParameter& param,
                                   const std::string& solver_type,
                                   const char* meaning,
                                   const FieldChecker& check) {
  check.Require(InUnitInterval(param.momentum()), "momentum",
                StrCat(solver_type, "'s momentum", meaning,
                       " must lie in [0, 1), got ", param.momentum()));
}

void RequireNoMomentum(const SolverParameter& param,
                       const std::string& solver_type,
                       const FieldChecker& check) {
  check.Require(param.momentum() == 0, "momentum",
                StrCat("Momentum cannot be used with ", solver_type,
                       ": set momentum: 0, got ", param.momentum()));
}

void RequirePositiveDelta(const SolverParameter& param,
                          const std::string& solver_type,
                          const FieldChecker& check) {
  check.Require(param.delta() > 0, "delta",
                StrCat(solver_type,
                       " needs a positive delta (it divides by "
                       "delta where a gradient's history is 0), got ",
                       param.delta()));
}

}  // namespace

SolverParameterError::SolverParameterError(const std::string& field,
                                           const std::string& detail)
    : Error(detail), field_(field) {}

void ValidateSolverParameter(const SolverParameter& param,
                             const std::string& solver_file) {
  const FieldChecker check(solver_file);
  ValidateCounts(param, check);
  ValidateSchedule(param, check);
  ValidateRegularization(param, check);
  ValidateUpdateRuleParameter(param, param.type(), solver_file);
}

void ValidateUpdateRuleParameter(const SolverParameter& param,
                                 const std::string& solver_type,
                                 const std::string& solver_file) {
  const FieldChecker check(solver_file);
  if (solver_type == "SGD" || solver_type == "Nesterov") {
    RequireMomentumInUnitInterval(param, solver_type, "", check);
  } else if (solver_type == "AdaGrad") {
    RequireNoMomentum(param, solver_type, check);
    RequirePositiveDelta(param, solver_type, check);
  } else if (solver_type == "RMSProp") {
    RequireNoMomentum(param, solver_type, check);
    check.Require(InUnitInterval(param.rms_decay()), "rms_decay",
                  StrCat("RMSProp's rms_decay must lie in [0, 1), got ",
                         param.rms_decay()));
    RequirePositiveDelta(param, solver_type, check);
  } else if (solver_type == "AdaDelta") {
    RequireMomentumInUnitInterval(param, solver_type, " (the decay rate)",
                                  check);
    RequirePositiveDelta(param, solver_type, check);
  } else if (solver_type == "Adam") {
    RequireMomentumInUnitInterval(param, solver_type, " (beta1)", check);
    check.Require(InUnitInterval(param.momentum2()), "momentum2",
                  StrCat("Adam's momentum2 (beta2) must lie in [0, 1), got ",
                         param.momentum2()));
    RequirePositiveDelta(param, solver_type, check);
  }
}

const std::string& KnownLearningRatePolicies() {
  static const std::string policies =
      "fixed, step, exp, inv, multistep, poly, sigmoid";
  return policies;
}

SolverParameterError UnknownLearningRatePolicyError(
    const std::string& policy, const std::string& solver_file) {
  return FieldChecker(solver_file)
      .Failure("lr_policy",
               StrCat("Unknown learning rate policy: \"", policy,
                      "\"; known policies: ", KnownLearningRatePolicies()));
}

void ValidateRestoredCounters(int iter, int current_step,
                              const std::string& state_file) {
  std::string problem;
  if (iter < 0) {
    problem = StrCat(
        "cannot resume from a negative iteration: the solver "
        "state's iter is ",
        iter, " (is the file corrupt?)");
  } else if (current_step < 0) {
    problem = StrCat(
        "cannot resume at a negative learning rate step: the "
        "solver state's current_step is ",
        current_step, " (is the file corrupt?)");
  }
  if (problem.empty()) return;
  Error error(problem);
  error.set_file(state_file);
  throw error;
}

void ValidateIterationsToTrain(const SolverParameter& param, int iter,
                               const std::string& solver_file) {
  const FieldChecker check(solver_file);
  check.Require(param.max_iter() > 0, "max_iter",
                StrCat("max_iter is ", param.max_iter(),
                       param.has_max_iter() ? "" : " (the field is missing)",
                       ", so training would run no iteration; set max_iter "
                       "to the iteration to train to"));
  LOG_IF(WARNING, iter >= param.max_iter())
      << (solver_file.empty() ? "" : solver_file + ": ")
      << "max_iter: " << param.max_iter()
      << " is not above the resumed iteration " << iter
      << ", so training will do nothing";
}

}  // namespace caffe

#ifndef CAFFE_SOLVER_VALIDATION_HPP_
#define CAFFE_SOLVER_VALIDATION_HPP_

// The checks a SolverParameter passes before training: values outside their
// meaning (a negative learning rate, a momentum of 1, a schedule that never
// steps) are caffe::Errors raised when the solver is built, before its nets
// load any data, rather than a run that diverges or silently does nothing.

#include <string>

#include "caffe/error.hpp"
#include "caffe/proto/caffe.pb.h"

namespace caffe {

// A SolverParameter field whose value the solver cannot use. field() is the
// field's name as the prototxt spells it ("base_lr"); the file, when the
// code that read the prototxt is known, is the solver file.
class SolverParameterError : public Error {
 public:
  SolverParameterError(const std::string& field, const std::string& detail);

  const std::string& field() const { return field_; }

 private:
  std::string field_;
};

// Checks the fields every solver reads: learning rate and its schedule,
// weight decay, the iteration counts, display, snapshot and test settings,
// and, when param.type() names a built-in solver, that solver's update rule
// fields (see ValidateUpdateRuleParameter). solver_file is set on the error
// when it is not empty. lr_policy itself is left to GetLearningRate, which
// rejects an unknown policy the first time it computes a rate, as Caffe does.
void ValidateSolverParameter(const SolverParameter& param,
                             const std::string& solver_file);

// Checks the fields the update rule of solver_type reads: momentum (in
// [0, 1) for SGD, Nesterov, AdaDelta and Adam; 0 for AdaGrad and RMSProp),
// momentum2 (Adam, [0, 1)), rms_decay (RMSProp, [0, 1)) and delta (positive
// for the adaptive solvers, which divide by it when a gradient is 0). A type
// this unit does not know has nothing checked.
void ValidateUpdateRuleParameter(const SolverParameter& param,
                                 const std::string& solver_type,
                                 const std::string& solver_file);

// "fixed, step, exp, inv, multistep, poly, sigmoid": the lr_policy values
// SGDSolver::GetLearningRate computes.
const std::string& KnownLearningRatePolicies();

// The error for an lr_policy GetLearningRate does not know (empty included).
SolverParameterError UnknownLearningRatePolicyError(
    const std::string& policy, const std::string& solver_file);

// Refuses a solver state whose iteration count or learning rate step is
// negative (a corrupt or hand-edited file), naming state_file; a negative
// step would index stepvalue out of range.
void ValidateRestoredCounters(int iter, int current_step,
                              const std::string& state_file);

// Before training from iteration iter to max_iter: max_iter <= 0 is an error
// (the field is missing or 0, so training would do nothing), and max_iter at
// or below a resumed iteration is a warning that it will do nothing.
void ValidateIterationsToTrain(const SolverParameter& param, int iter,
                               const std::string& solver_file);

}  // namespace caffe

#endif  // CAFFE_SOLVER_VALIDATION_HPP_

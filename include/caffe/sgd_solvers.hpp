#ifndef CAFFE_SGD_SOLVERS_HPP_
#define CAFFE_SGD_SOLVERS_HPP_

#include <string>
#include <vector>

#include "caffe/solver.hpp"

namespace caffe {

// Stochastic gradient descent with momentum:
//   V <- momentum * V + lr * lr_mult * (grad + decay)
//   W <- W - V
// The other first-order solvers (Nesterov, AdaGrad, RMSProp, AdaDelta, Adam)
// derive from it and override ComputeUpdateValue.
template <typename Dtype>
class SGDSolver : public Solver<Dtype> {
 public:
  explicit SGDSolver(const SolverParameter& param) : Solver<Dtype>(param) {
    PreSolve();
  }
  explicit SGDSolver(const string& param_file) : Solver<Dtype>(param_file) {
    PreSolve();
  }
  virtual inline const char* type() const { return "SGD"; }

  const vector<shared_ptr<Blob<Dtype> > >& history() { return history_; }

  // The learning rate at the current iteration under lr_policy.
  Dtype GetLearningRate();

  void ApplyUpdate() override;

 protected:
  void PreSolve();
  // Divides the gradients by iter_size.
  virtual void Normalize(int param_id);
  // Adds the weight-decay term (L1 or L2) to the gradient.
  virtual void Regularize(int param_id);
  virtual void ComputeUpdateValue(int param_id, Dtype rate);
  // Rescales all gradients when their global L2 norm exceeds
  // clip_gradients.
  virtual void ClipGradients();
  virtual void SnapshotSolverState(const string& model_filename);
  virtual void SnapshotSolverStateToBinaryProto(const string& model_filename);
  virtual void SnapshotSolverStateToHDF5(const string& model_filename);
  virtual void RestoreSolverStateFromHDF5(const string& state_file);
  virtual void RestoreSolverStateFromBinaryProto(const string& state_file);

  // history_ keeps the update state (momentum); update_ and temp_ are
  // scratch space for the update rules.
  vector<shared_ptr<Blob<Dtype> > > history_, update_, temp_;

  DISABLE_COPY_AND_ASSIGN(SGDSolver);
};

// The solvers below compute their update per element on host memory; in
// GPU mode SyncedMemory moves the blobs there and back, so GPU mode runs the
// same code (no CUDA kernels for these yet). g is the gradient after iter_size
// normalisation, clipping and weight decay; lr = learning rate * lr_mult;
// Net::Update then applies W <- W - update.

// Nesterov's accelerated gradient, in Caffe's form:
//   V' = momentum * V + lr * g
//   update = (1 + momentum) * V' - momentum * V
template <typename Dtype>
class NesterovSolver : public SGDSolver<Dtype> {
 public:
  explicit NesterovSolver(const SolverParameter& param)
      : SGDSolver<Dtype>(param) {}
  explicit NesterovSolver(const string& param_file)
      : SGDSolver<Dtype>(param_file) {}
  virtual inline const char* type() const { return "Nesterov"; }

 protected:
  virtual void ComputeUpdateValue(int param_id, Dtype rate);

  DISABLE_COPY_AND_ASSIGN(NesterovSolver);
};

// AdaGrad (Duchi et al.), history H holds the sum of squared gradients:
//   H' = H + g^2
//   update = lr * g / (sqrt(H') + delta)
// momentum must be 0; delta is positive.
template <typename Dtype>
class AdaGradSolver : public SGDSolver<Dtype> {
 public:
  explicit AdaGradSolver(const SolverParameter& param)
      : SGDSolver<Dtype>(param) {
    CheckParameter();
  }
  explicit AdaGradSolver(const string& param_file)
      : SGDSolver<Dtype>(param_file) {
    CheckParameter();
  }
  virtual inline const char* type() const { return "AdaGrad"; }

 protected:
  virtual void ComputeUpdateValue(int param_id, Dtype rate);
  void CheckParameter();

  DISABLE_COPY_AND_ASSIGN(AdaGradSolver);
};

// RMSProp (Tieleman and Hinton), history H a running mean of g^2:
//   H' = rms_decay * H + (1 - rms_decay) * g^2
//   update = lr * g / (sqrt(H') + delta)
// rms_decay lies in [0, 1); momentum must be 0; delta is positive.
template <typename Dtype>
class RMSPropSolver : public SGDSolver<Dtype> {
 public:
  explicit RMSPropSolver(const SolverParameter& param)
      : SGDSolver<Dtype>(param) {
    CheckParameter();
  }
  explicit RMSPropSolver(const string& param_file)
      : SGDSolver<Dtype>(param_file) {
    CheckParameter();
  }
  virtual inline const char* type() const { return "RMSProp"; }

 protected:
  virtual void ComputeUpdateValue(int param_id, Dtype rate);
  void CheckParameter();

  DISABLE_COPY_AND_ASSIGN(RMSPropSolver);
};

// AdaDelta (Zeiler), with decay rho = momentum and two histories per
// parameter: G (squared gradients) in history_[i] and D (squared steps) in
// history_[i + number of parameters], Caffe's .solverstate layout.
//   G' = rho * G + (1 - rho) * g^2
//   s = g * sqrt((D + delta) / (G' + delta))
//   D' = rho * D + (1 - rho) * s^2
//   update = lr * s
// momentum lies in [0, 1); delta is positive.
template <typename Dtype>
class AdaDeltaSolver : public SGDSolver<Dtype> {
 public:
  explicit AdaDeltaSolver(const SolverParameter& param)
      : SGDSolver<Dtype>(param) {
    AdaDeltaPreSolve();
  }
  explicit AdaDeltaSolver(const string& param_file)
      : SGDSolver<Dtype>(param_file) {
    AdaDeltaPreSolve();
  }
  virtual inline const char* type() const { return "AdaDelta"; }

 protected:
  // Checks the parameters and appends the second history set.
  void AdaDeltaPreSolve();
  virtual void ComputeUpdateValue(int param_id, Dtype rate);

  DISABLE_COPY_AND_ASSIGN(AdaDeltaSolver);
};

// Adam (Kingma and Ba), with beta1 = momentum, beta2 = momentum2, epsilon =
// delta, t = iter + 1, and moments M in history_[i], V in
// history_[i + number of parameters] (Caffe's .solverstate layout):
//   M' = beta1 * M + (1 - beta1) * g
//   V' = beta2 * V + (1 - beta2) * g^2
//   update = lr * sqrt(1 - beta2^t) / (1 - beta1^t) * M' / (sqrt(V') + delta)
// momentum and momentum2 lie in [0, 1); delta is positive.
template <typename Dtype>
class AdamSolver : public SGDSolver<Dtype> {
 public:
  explicit AdamSolver(const SolverParameter& param) : SGDSolver<Dtype>(param) {
    AdamPreSolve();
  }
  explicit AdamSolver(const string& param_file) : SGDSolver<Dtype>(param_file) {
    AdamPreSolve();
  }
  virtual inline const char* type() const { return "Adam"; }

 protected:
  // Checks the parameters and appends the second-moment history set.
  void AdamPreSolve();
  virtual void ComputeUpdateValue(int param_id, Dtype rate);

  DISABLE_COPY_AND_ASSIGN(AdamSolver);
};

}  // namespace caffe

#endif  // CAFFE_SGD_SOLVERS_HPP_

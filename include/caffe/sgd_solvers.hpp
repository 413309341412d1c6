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

 protected:
  void PreSolve();
  virtual void ApplyUpdate();
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

}  // namespace caffe

#endif  // CAFFE_SGD_SOLVERS_HPP_

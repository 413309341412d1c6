#ifndef CAFFE_SOLVER_HPP_
#define CAFFE_SOLVER_HPP_

#include <functional>
#include <string>
#include <vector>

#include "caffe/net.hpp"
#include "caffe/solver_factory.hpp"
#include "caffe/util/benchmark.hpp"

namespace caffe {

// What a solver does when the process receives SIGINT or SIGHUP
// (--sigint_effect / --sighup_effect).
namespace SolverAction {
enum Enum {
  NONE = 0,     // Keep going.
  STOP = 1,     // Stop after the current iteration, snapshotting first.
  SNAPSHOT = 2  // Snapshot and keep going.
};
}

// Returns the action to take now; polled once per iteration.
typedef std::function<SolverAction::Enum()> ActionCallback;

// Runs the optimisation loop: owns the train net and the test nets, steps,
// tests, displays and snapshots. Subclasses implement ApplyUpdate (the
// update rule) and the history's snapshot format.
template <typename Dtype>
class Solver {
 public:
  explicit Solver(const SolverParameter& param);
  // Reads a solver prototxt (old fields upgraded).
  explicit Solver(const string& param_file);
  virtual ~Solver() = default;

  void Init(const SolverParameter& param);
  void InitTrainNet();
  void InitTestNets();

  void SetActionFunction(ActionCallback func);
  SolverAction::Enum GetRequestedAction();

  // Trains to max_iter, resuming from a .solverstate if one is given;
  // max_iter must be positive (a SolverParameterError otherwise).
  virtual void Solve(const char* resume_file = nullptr);
  inline void Solve(const string& resume_file) { Solve(resume_file.c_str()); }
  // Runs iters iterations.
  void Step(int iters);
  // Restores net weights and solver history from a .solverstate (binary
  // proto or HDF5). A missing or foreign file is a caffe::Error.
  void Restore(const char* resume_file);
  // Writes <prefix>_iter_N.caffemodel and .solverstate (snapshot_format
  // BINARYPROTO) or .caffemodel.h5 and .solverstate.h5 (HDF5) atomically:
  // written to a temporary name and renamed, so a kill mid-write loses
  // nothing.
  void Snapshot();

  inline const SolverParameter& param() const { return param_; }
  inline shared_ptr<Net<Dtype> > net() { return net_; }
  inline const vector<shared_ptr<Net<Dtype> > >& test_nets() {
    return test_nets_;
  }
  int iter() const { return iter_; }

  // Hooks called around each iteration (used by multi-GPU training).
  class Callback {
   protected:
    virtual void on_start() = 0;
    virtual void on_gradients_ready() = 0;
    // Crema's hooks for replicas training together
    // (caffe/parallel/data_parallel.hpp); the defaults are one solver's
    // behaviour. on_loss_ready may replace this replica's loss of the
    // iteration by the one every replica agrees on; on_action returns the
    // request every replica acts on (the root's), given this one's.
    virtual void on_loss_ready(Dtype* loss) {}
    virtual SolverAction::Enum on_action(SolverAction::Enum request) {
      return request;
    }

    template <typename T>
    friend class Solver;
  };
  const vector<Callback*>& callbacks() const { return callbacks_; }
  void add_callback(Callback* value) { callbacks_.push_back(value); }

  void CheckSnapshotWritePermissions();

  // The registry key ("SGD").
  virtual inline const char* type() const { return ""; }

  // Smoothed loss over the last average_loss iterations.
  Dtype smoothed_loss() const { return smoothed_loss_; }

  // By default a NaN or infinite loss, or parameter gradient, stops Step
  // with a NonFiniteError (caffe/solver_nonfinite.hpp), after a snapshot of
  // the still-finite weights when snapshot_prefix is set; allowing
  // non-finite values trains on regardless, as Caffe does.
  void set_allow_nonfinite(bool allow) { allow_nonfinite_ = allow; }
  bool allow_nonfinite() const { return allow_nonfinite_; }

  // Scales, regularises and applies the gradients for this iteration
  // (public, as pycaffe's apply_update calls it).
  virtual void ApplyUpdate() = 0;

 protected:
  // The request every replica acts on: the callbacks' say over request.
  SolverAction::Enum AgreedAction(SolverAction::Enum request);
  // The loss every replica agrees on, from this one's.
  Dtype AgreedLoss(Dtype loss);
  string SnapshotFilename(const string& extension);
  string SnapshotToBinaryProto();
  string SnapshotToHDF5();
  // Deletes the hidden temporary files of snapshots that an earlier run,
  // killed while writing one, left beside snapshot_prefix; logs each.
  void RemoveSnapshotLeftovers();
  // Copies the weights a solver state names (binary proto or .h5) into the
  // net. Snapshot directories get moved: when learned_net is missing, the
  // file of the same name beside state_file is used.
  void RestoreLearnedNet(const string& learned_net, const string& state_file);
  void TestAll();
  void Test(const int test_net_id = 0);
  virtual void SnapshotSolverState(const string& model_filename) = 0;
  virtual void RestoreSolverStateFromHDF5(const string& state_file) = 0;
  virtual void RestoreSolverStateFromBinaryProto(const string& state_file) = 0;
  // Logs each element of the train net's outputs, with its loss weight.
  void DisplayOutputBlobs();
  void UpdateSmoothedLoss(Dtype loss, int start_iter, int average_loss);
  // Throw a NonFiniteError naming iteration iter_ and the layer to blame
  // when the loss of a pass, or a gradient about to be applied, is not
  // finite. The normal path costs one comparison, and one L1 norm of the
  // gradient.
  void CheckLossIsFinite(Dtype loss);
  void CheckGradientsAreFinite();
  // Snapshots the current weights unless they are not finite or there is no
  // snapshot_prefix; returns what a NonFiniteError adds about them.
  string KeepLastFiniteWeights();

  SolverParameter param_;
  // The prototxt param_ was read from; "" when built from a SolverParameter.
  string param_file_;
  int iter_ = 0;
  int current_step_ = 0;
  shared_ptr<Net<Dtype> > net_;
  vector<shared_ptr<Net<Dtype> > > test_nets_;
  vector<Callback*> callbacks_;
  vector<Dtype> losses_;
  Dtype smoothed_loss_ = 0;

  ActionCallback action_request_function_;
  // Set when a STOP was requested, so Solve skips its final test.
  bool requested_early_exit_ = false;
  bool allow_nonfinite_ = false;

  // Wall time of the iterations since the last display (iterations/s).
  Timer iteration_timer_;
  float iterations_last_ = 0;

  DISABLE_COPY_AND_ASSIGN(Solver);
};

// What Caffe's logs write after an output's value: " (* 0.5 = 0.3 loss)",
// the loss weight and its product with value; "" for a loss weight of 0.
template <typename Dtype>
string LossWeightNote(Dtype loss_weight, Dtype value);

// Finetuning: copies the trained layers of each file in weight_files, a
// comma-separated list (see SplitOnComma), into every net of nets, file
// after file, so that a later file overrides an earlier one. Logs
// "Finetuning from FILE" once per file. Serves a solver's `weights` field
// and the caffe tool's --weights.
template <typename Dtype>
void LoadNetWeights(const string& weight_files,
                    const vector<Net<Dtype>*>& nets);

}  // namespace caffe

#endif  // CAFFE_SOLVER_HPP_

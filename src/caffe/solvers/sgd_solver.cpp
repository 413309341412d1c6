#include <cmath>
#include <string>
#include <vector>

#include "caffe/sgd_solvers.hpp"
#include "caffe/solver_validation.hpp"
#include "caffe/util/io.hpp"
#include "caffe/util/math_functions.hpp"

namespace caffe {

template <typename Dtype>
void SGDSolver<Dtype>::PreSolve() {
  const vector<Blob<Dtype>*>& net_params = this->net_->learnable_params();
  history_.clear();
  update_.clear();
  temp_.clear();
  for (const Blob<Dtype>* net_param : net_params) {
    const vector<int>& shape = net_param->shape();
    history_.push_back(std::make_shared<Blob<Dtype> >(shape));
    update_.push_back(std::make_shared<Blob<Dtype> >(shape));
    temp_.push_back(std::make_shared<Blob<Dtype> >(shape));
  }
}

// Caffe's schedules, with it = iter_:
//   fixed:     base_lr
//   step:      base_lr * gamma ^ floor(it / stepsize)
//   exp:       base_lr * gamma ^ it
//   inv:       base_lr * (1 + gamma * it) ^ (-power)
//   multistep: base_lr * gamma ^ (number of stepvalues reached)
//   poly:      base_lr * (1 - it / max_iter) ^ power
//   sigmoid:   base_lr / (1 + exp(-gamma * (it - stepsize)))
template <typename Dtype>
Dtype SGDSolver<Dtype>::GetLearningRate() {
  const SolverParameter& param = this->param_;
  const string& lr_policy = param.lr_policy();
  const double base_lr = param.base_lr();
  const double gamma = param.gamma();
  const double iter = this->iter_;
  double rate;
  if (lr_policy == "fixed") {
    rate = base_lr;
  } else if (lr_policy == "step") {
    this->current_step_ = this->iter_ / param.stepsize();
    rate = base_lr * std::pow(gamma, this->current_step_);
  } else if (lr_policy == "exp") {
    rate = base_lr * std::pow(gamma, iter);
  } else if (lr_policy == "inv") {
    rate = base_lr * std::pow(1.0 + gamma * iter, -double(param.power()));
  } else if (lr_policy == "multistep") {
    // Advances at most one step per call, as Caffe does; resuming restores
    // current_step_ from the solver state.
    if (this->current_step_ < param.stepvalue_size() &&
        this->iter_ >= param.stepvalue(this->current_step_)) {
      ++this->current_step_;
      LOG(INFO) << "MultiStep Status: Iteration " << this->iter_
                << ", step = " << this->current_step_;
    }
    rate = base_lr * std::pow(gamma, this->current_step_);
  } else if (lr_policy == "poly") {
    rate = base_lr * std::pow(1.0 - iter / param.max_iter(), param.power());
  } else if (lr_policy == "sigmoid") {
    rate = base_lr / (1.0 + std::exp(-gamma * (iter - param.stepsize())));
  } else {
    throw UnknownLearningRatePolicyError(lr_policy, this->param_file_);
  }
  return static_cast<Dtype>(rate);
}

template <typename Dtype>
void SGDSolver<Dtype>::ApplyUpdate() {
  // The update runs where the net runs (its context's mode and threads),
  // whatever the calling thread was set to.
  ScopedExecution scope(this->net_->context());
  const Dtype rate = GetLearningRate();
  if (this->param_.display() && this->iter_ % this->param_.display() == 0) {
    LOG_IF(INFO, Caffe::root_solver())
        << "Iteration " << this->iter_ << ", lr = " << rate;
  }
  ClipGradients();
  const int num_params =
      static_cast<int>(this->net_->learnable_params().size());
  for (int param_id = 0; param_id < num_params; ++param_id) {
    Normalize(param_id);
    Regularize(param_id);
    ComputeUpdateValue(param_id, rate);
  }
  this->net_->Update();
}

template <typename Dtype>
void SGDSolver<Dtype>::Normalize(int param_id) {
  const int iter_size = this->param_.iter_size();
  if (iter_size == 1) return;
  Blob<Dtype>* net_param = this->net_->learnable_params()[param_id];
  const Dtype accum_normalization = Dtype(1) / iter_size;
  switch (this->net_->context().mode()) {
    case Caffe::CPU:
      caffe_scal(net_param->count(), accum_normalization,
                 net_param->mutable_cpu_diff());
      break;
    case Caffe::GPU:
#ifndef CPU_ONLY
      caffe_gpu_scal(net_param->count(), accum_normalization,
                     net_param->mutable_gpu_diff());
#else
      NO_GPU;
#endif
      break;
  }
}

template <typename Dtype>
void SGDSolver<Dtype>::Regularize(int param_id) {
  Blob<Dtype>* net_param = this->net_->learnable_params()[param_id];
  const Dtype local_decay =
      this->param_.weight_decay() * this->net_->params_weight_decay()[param_id];
  if (!local_decay) return;
  // PreSolve accepted only "L1" and "L2".
  const bool l1 = this->param_.regularization_type() == "L1";
  const int count = net_param->count();
  // L2 adds decay * w to the gradient, L1 adds decay * sign(w).
  switch (this->net_->context().mode()) {
    case Caffe::CPU: {
      const Dtype* term = net_param->cpu_data();
      if (l1) {
        caffe_cpu_sign(count, term, temp_[param_id]->mutable_cpu_data());
        term = temp_[param_id]->cpu_data();
      }
      caffe_axpy(count, local_decay, term, net_param->mutable_cpu_diff());
      break;
    }
    case Caffe::GPU: {
#ifndef CPU_ONLY
      const Dtype* term = net_param->gpu_data();
      if (l1) {
        caffe_gpu_sign(count, term, temp_[param_id]->mutable_gpu_data());
        term = temp_[param_id]->gpu_data();
      }
      caffe_gpu_axpy(count, local_decay, term, net_param->mutable_gpu_diff());
#else
      NO_GPU;
#endif
      break;
    }
  }
}

template <typename Dtype>
void SGDSolver<Dtype>::ComputeUpdateValue(int param_id, Dtype rate) {
  Blob<Dtype>* net_param = this->net_->learnable_params()[param_id];
  const Dtype momentum = this->param_.momentum();
  const Dtype local_rate = rate * this->net_->params_lr()[param_id];
  const int count = net_param->count();
  // history = local_rate * gradient + momentum * history; the update applied
  // by Net::Update (data -= diff) is the new history.
  switch (this->net_->context().mode()) {
    case Caffe::CPU:
      caffe_cpu_axpby(count, local_rate, net_param->cpu_diff(), momentum,
                      history_[param_id]->mutable_cpu_data());
      caffe_copy(count, history_[param_id]->cpu_data(),
                 net_param->mutable_cpu_diff());
      break;
    case Caffe::GPU:
#ifndef CPU_ONLY
      caffe_gpu_axpby(count, local_rate, net_param->gpu_diff(), momentum,
                      history_[param_id]->mutable_gpu_data());
      caffe_copy(count, history_[param_id]->gpu_data(),
                 net_param->mutable_gpu_diff());
#else
      NO_GPU;
#endif
      break;
  }
}

template <typename Dtype>
void SGDSolver<Dtype>::ClipGradients() {
  const Dtype clip_gradients = this->param_.clip_gradients();
  if (clip_gradients < 0) return;
  const vector<Blob<Dtype>*>& net_params = this->net_->learnable_params();
  Dtype sumsq_diff = 0;
  for (const Blob<Dtype>* net_param : net_params) {
    sumsq_diff += net_param->sumsq_diff();
  }
  const Dtype l2norm_diff = std::sqrt(sumsq_diff);
  if (l2norm_diff > clip_gradients) {
    const Dtype scale_factor = clip_gradients / l2norm_diff;
    LOG(INFO) << "Gradient clipping: scaling down gradients (L2 norm "
              << l2norm_diff << " > " << clip_gradients << ") by scale factor "
              << scale_factor;
    for (Blob<Dtype>* net_param : net_params) {
      net_param->scale_diff(scale_factor);
    }
  }
}

template <typename Dtype>
void SGDSolver<Dtype>::SnapshotSolverState(const string& model_filename) {
  switch (this->param_.snapshot_format()) {
    case SolverParameter::BINARYPROTO:
      SnapshotSolverStateToBinaryProto(model_filename);
      break;
    case SolverParameter::HDF5:
      SnapshotSolverStateToHDF5(model_filename);
      break;
  }
}

template <typename Dtype>
void SGDSolver<Dtype>::SnapshotSolverStateToBinaryProto(
    const string& model_filename) {
  SolverState state;
  state.set_iter(this->iter_);
  state.set_learned_net(model_filename);
  state.set_current_step(this->current_step_);
  for (const shared_ptr<Blob<Dtype> >& history : history_) {
    history->ToProto(state.add_history());
  }
  const string snapshot_filename = this->SnapshotFilename(".solverstate");
  LOG(INFO) << "Snapshotting solver state to binary proto file "
            << snapshot_filename;
  WriteProtoToBinaryFile(state, snapshot_filename);
}

template <typename Dtype>
void SGDSolver<Dtype>::RestoreSolverStateFromBinaryProto(
    const string& state_file) {
  SolverState state;
  ReadProtoFromBinaryFileOrDie(state_file, &state);
  // A .caffemodel parses as a SolverState without an iteration count.
  CAFFE_REQUIRE(state.has_iter())
      << state_file << " is not a solver state (it has no iteration count)";
  CAFFE_REQUIRE(state.history_size() == static_cast<int>(history_.size()))
      << "Solver state " << state_file << " holds " << state.history_size()
      << " history blobs but the net \"" << this->net_->name() << "\" has "
      << history_.size() << " learnable parameters; was it written for "
      << "another net or solver type?";
  ValidateRestoredCounters(state.iter(), state.current_step(), state_file);
  for (int i = 0; i < state.history_size(); ++i) {
    const vector<int> saved_shape = BlobProtoShape(state.history(i));
    if (saved_shape != history_[i]->shape()) {
      Blob<Dtype> saved(saved_shape);
      CAFFE_THROW() << "Solver state " << state_file << ": history blob " << i
                    << " has shape " << saved.shape_string()
                    << " but the net's parameter has shape "
                    << history_[i]->shape_string();
    }
  }
  if (state.has_learned_net()) {
    this->RestoreLearnedNet(state.learned_net(), state_file);
  }
  this->iter_ = state.iter();
  this->current_step_ = state.current_step();
  LOG(INFO) << "SGDSolver: restoring history";
  for (int i = 0; i < state.history_size(); ++i) {
    history_[i]->FromProto(state.history(i));
  }
}

INSTANTIATE_CLASS(SGDSolver);
REGISTER_SOLVER_CLASS(SGD);

}  // namespace caffe

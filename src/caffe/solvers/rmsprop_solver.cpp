#include <cmath>

#include "caffe/sgd_solvers.hpp"

namespace caffe {

template <typename Dtype>
void RMSPropSolver<Dtype>::CheckParameter() {
  const SolverParameter& param = this->param_;
  CAFFE_REQUIRE(param.momentum() == 0)
      << "Momentum cannot be used with RMSProp: set momentum: 0, got "
      << param.momentum();
  CAFFE_REQUIRE(param.rms_decay() >= 0 && param.rms_decay() < 1)
      << "RMSProp's rms_decay must lie in [0, 1), got " << param.rms_decay();
  CAFFE_REQUIRE(param.delta() >= 0)
      << "RMSProp needs a delta of at least 0, got " << param.delta();
}

template <typename Dtype>
void RMSPropSolver<Dtype>::ComputeUpdateValue(int param_id, Dtype rate) {
  Blob<Dtype>* net_param = this->net_->learnable_params()[param_id];
  const Dtype delta = this->param_.delta();
  const Dtype rms_decay = this->param_.rms_decay();
  const Dtype local_rate = rate * this->net_->params_lr()[param_id];
  const int count = net_param->count();
  Dtype* diff = net_param->mutable_cpu_diff();
  Dtype* history = this->history_[param_id]->mutable_cpu_data();
  for (int i = 0; i < count; ++i) {
    history[i] =
        (Dtype(1) - rms_decay) * (diff[i] * diff[i]) + rms_decay * history[i];
    // pow(., 0.5) rather than sqrt: Caffe's caffe_powx, bit for bit.
    diff[i] =
        local_rate * (diff[i] / (std::pow(history[i], Dtype(0.5)) + delta));
  }
}

INSTANTIATE_CLASS(RMSPropSolver);
REGISTER_SOLVER_CLASS(RMSProp);

}  // namespace caffe

#include <cmath>
#include <memory>
#include <vector>

#include "caffe/sgd_solvers.hpp"
#include "caffe/solver_validation.hpp"

namespace caffe {

template <typename Dtype>
void AdaDeltaSolver<Dtype>::AdaDeltaPreSolve() {
  // Init checked the rule of param.type(); a solver built directly with
  // another type still gets its own rule checked.
  ValidateUpdateRuleParameter(this->param_, type(), this->param_file_);
  // The squared-step histories follow the squared-gradient ones, so that a
  // Caffe .solverstate lists them in the same order.
  for (const Blob<Dtype>* net_param : this->net_->learnable_params()) {
    this->history_.push_back(
        std::make_shared<Blob<Dtype> >(net_param->shape()));
  }
}

template <typename Dtype>
void AdaDeltaSolver<Dtype>::ComputeUpdateValue(int param_id, Dtype rate) {
  const vector<Blob<Dtype>*>& net_params = this->net_->learnable_params();
  Blob<Dtype>* net_param = net_params[param_id];
  const Dtype delta = this->param_.delta();
  const Dtype momentum = this->param_.momentum();
  const Dtype local_rate = rate * this->net_->params_lr()[param_id];
  const int count = net_param->count();
  Dtype* diff = net_param->mutable_cpu_diff();
  Dtype* gradient_history = this->history_[param_id]->mutable_cpu_data();
  Dtype* step_history =
      this->history_[net_params.size() + param_id]->mutable_cpu_data();
  for (int i = 0; i < count; ++i) {
    gradient_history[i] = (Dtype(1) - momentum) * (diff[i] * diff[i]) +
                          momentum * gradient_history[i];
    // pow(., 0.5) rather than sqrt: Caffe's caffe_powx, bit for bit.
    const Dtype step = diff[i] * std::pow((step_history[i] + delta) /
                                              (gradient_history[i] + delta),
                                          Dtype(0.5));
    // The step history records the step before the learning rate.
    step_history[i] =
        (Dtype(1) - momentum) * (step * step) + momentum * step_history[i];
    diff[i] = local_rate * step;
  }
}

INSTANTIATE_CLASS(AdaDeltaSolver);
REGISTER_SOLVER_CLASS(AdaDelta);

}  // namespace caffe

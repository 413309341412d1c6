#include <cmath>
#include <memory>
#include <vector>

#include "caffe/sgd_solvers.hpp"
#include "caffe/solver_validation.hpp"

namespace caffe {

template <typename Dtype>
void AdamSolver<Dtype>::AdamPreSolve() {
  // Init checked the rule of param.type(); a solver built directly with
  // another type still gets its own rule checked.
  ValidateUpdateRuleParameter(this->param_, type(), this->param_file_);
  // The second moments follow the first ones, so that a Caffe .solverstate
  // lists them in the same order.
  for (const Blob<Dtype>* net_param : this->net_->learnable_params()) {
    this->history_.push_back(
        std::make_shared<Blob<Dtype> >(net_param->shape()));
  }
}

template <typename Dtype>
void AdamSolver<Dtype>::ComputeUpdateValue(int param_id, Dtype rate) {
  const vector<Blob<Dtype>*>& net_params = this->net_->learnable_params();
  Blob<Dtype>* net_param = net_params[param_id];
  const Dtype beta1 = this->param_.momentum();
  const Dtype beta2 = this->param_.momentum2();
  const Dtype epsilon = this->param_.delta();
  const Dtype local_rate = rate * this->net_->params_lr()[param_id];
  // Bias correction of both moments, folded into the rate; the powers are
  // taken in double as Caffe does.
  const int t = this->iter_ + 1;
  const Dtype correction = std::sqrt(Dtype(1) - std::pow(beta2, t)) /
                           (Dtype(1) - std::pow(beta1, t));
  const Dtype corrected_rate = local_rate * correction;
  const int count = net_param->count();
  Dtype* diff = net_param->mutable_cpu_diff();
  Dtype* m = this->history_[param_id]->mutable_cpu_data();
  Dtype* v = this->history_[net_params.size() + param_id]->mutable_cpu_data();
  for (int i = 0; i < count; ++i) {
    m[i] = (Dtype(1) - beta1) * diff[i] + beta1 * m[i];
    v[i] = (Dtype(1) - beta2) * (diff[i] * diff[i]) + beta2 * v[i];
    // pow(., 0.5) rather than sqrt: Caffe's caffe_powx, bit for bit.
    diff[i] = corrected_rate * (m[i] / (std::pow(v[i], Dtype(0.5)) + epsilon));
  }
}

INSTANTIATE_CLASS(AdamSolver);
REGISTER_SOLVER_CLASS(Adam);

}  // namespace caffe

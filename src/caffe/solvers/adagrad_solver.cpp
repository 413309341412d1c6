#include <cmath>

#include "caffe/sgd_solvers.hpp"
#include "caffe/solver_validation.hpp"

namespace caffe {

template <typename Dtype>
void AdaGradSolver<Dtype>::CheckParameter() {
  // Init checked the rule of param.type(); a solver built directly with
  // another type still gets its own rule checked.
  ValidateUpdateRuleParameter(this->param_, type(), this->param_file_);
}

template <typename Dtype>
void AdaGradSolver<Dtype>::ComputeUpdateValue(int param_id, Dtype rate) {
  Blob<Dtype>* net_param = this->net_->learnable_params()[param_id];
  const Dtype delta = this->param_.delta();
  const Dtype local_rate = rate * this->net_->params_lr()[param_id];
  const int count = net_param->count();
  Dtype* diff = net_param->mutable_cpu_diff();
  Dtype* history = this->history_[param_id]->mutable_cpu_data();
  for (int i = 0; i < count; ++i) {
    history[i] += diff[i] * diff[i];
    // pow(., 0.5) rather than sqrt: Caffe's caffe_powx, bit for bit.
    diff[i] =
        local_rate * (diff[i] / (std::pow(history[i], Dtype(0.5)) + delta));
  }
}

INSTANTIATE_CLASS(AdaGradSolver);
REGISTER_SOLVER_CLASS(AdaGrad);

}  // namespace caffe

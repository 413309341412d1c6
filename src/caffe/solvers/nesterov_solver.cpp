#include "caffe/sgd_solvers.hpp"

namespace caffe {

template <typename Dtype>
void NesterovSolver<Dtype>::ComputeUpdateValue(int param_id, Dtype rate) {
  Blob<Dtype>* net_param = this->net_->learnable_params()[param_id];
  const Dtype momentum = this->param_.momentum();
  const Dtype local_rate = rate * this->net_->params_lr()[param_id];
  const int count = net_param->count();
  Dtype* diff = net_param->mutable_cpu_diff();
  Dtype* history = this->history_[param_id]->mutable_cpu_data();
  for (int i = 0; i < count; ++i) {
    // The step taken is the new velocity's look-ahead minus the old one.
    const Dtype previous = history[i];
    history[i] = local_rate * diff[i] + momentum * previous;
    diff[i] = (Dtype(1) + momentum) * history[i] - momentum * previous;
  }
}

INSTANTIATE_CLASS(NesterovSolver);
REGISTER_SOLVER_CLASS(Nesterov);

}  // namespace caffe

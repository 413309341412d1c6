#include "caffe/layers/lstm_layer.hpp"

#include <vector>

#include "caffe/util/math_functions.hpp"

namespace caffe {

template <typename Dtype>
vector<typename RecurrentLayer<Dtype>::ParamSpec> LSTMLayer<Dtype>::ParamSpecs()
    const {
  const int G = 4 * this->H_;
  vector<typename RecurrentLayer<Dtype>::ParamSpec> specs{
      {"W_xc", {G, this->D_}, false}, {"b_c", {G}, true}};
  if (this->static_input_) {
    specs.push_back({"W_xc_x_static", {G, this->Ds_}, false});
  }
  specs.push_back({"W_hc", {G, this->H_}, false});
  return specs;
}

// States: 0 is h, 1 is c.
template <typename Dtype>
void LSTMLayer<Dtype>::StepForward(const int t, const Dtype* cont_t) {
  const Dtype* gates = this->gates_.cpu_data() + t * this->N_ * GateDim();
  LSTMCellForward(this->N_, this->H_, this->state_data(1, t), gates, cont_t,
                  this->state_data(1, t + 1), this->state_data(0, t + 1));
}

template <typename Dtype>
void LSTMLayer<Dtype>::StepBackward(const int t, const Dtype* cont_t) {
  const int offset = t * this->N_ * GateDim();
  LSTMCellBackward(this->N_, this->H_, this->state_data(1, t),
                   this->gates_.cpu_data() + offset, cont_t,
                   this->state_data(1, t + 1), this->state_diff(1, t + 1),
                   this->state_diff(0, t + 1),
                   this->gates_.mutable_cpu_diff() + offset,
                   this->state_diff(1, t));
}

template <typename Dtype>
void LSTMLayer<Dtype>::OutputForward(Blob<Dtype>* top) {
  caffe_copy(top->count(), this->state_data(0, 1), top->mutable_cpu_data());
}

template <typename Dtype>
void LSTMLayer<Dtype>::OutputBackward(Blob<Dtype>* top) {
  caffe_copy(top->count(), top->cpu_diff(), this->state_diff(0, 1));
}

INSTANTIATE_CLASS(LSTMLayer);
REGISTER_LAYER_CLASS(LSTM);

}  // namespace caffe

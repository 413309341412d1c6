#include "caffe/layers/rnn_layer.hpp"

#include <cmath>
#include <vector>

#include "caffe/util/math_functions.hpp"

namespace caffe {

template <typename Dtype>
vector<typename RecurrentLayer<Dtype>::ParamSpec> RNNLayer<Dtype>::ParamSpecs()
    const {
  const int H = this->H_;
  vector<typename RecurrentLayer<Dtype>::ParamSpec> specs{
      {"W_xh", {H, this->D_}, false}, {"b_h", {H}, true}};
  if (this->static_input_) {
    specs.push_back({"W_xh_x_static", {H, this->Ds_}, false});
  }
  specs.push_back({"W_hh", {H, H}, false});
  specs.push_back({"W_ho", {H, H}, false});
  specs.push_back({"b_o", {H}, true});
  return specs;
}

template <typename Dtype>
void RNNLayer<Dtype>::Reshape(const vector<Blob<Dtype>*>& bottom,
                              const vector<Blob<Dtype>*>& top) {
  RecurrentLayer<Dtype>::Reshape(bottom, top);
  output_diff_.ReshapeLike(*top[0]);
}

// cont acts only through W_hh, which the base applies.
template <typename Dtype>
void RNNLayer<Dtype>::StepForward(const int t, const Dtype* /*cont_t*/) {
  const int count = this->N_ * this->H_;
  const Dtype* gates = this->gates_.cpu_data() + t * count;
  Dtype* h = this->state_data(0, t + 1);
  for (int k = 0; k < count; ++k) h[k] = std::tanh(gates[k]);
}

template <typename Dtype>
void RNNLayer<Dtype>::StepBackward(const int t, const Dtype* /*cont_t*/) {
  const int count = this->N_ * this->H_;
  const Dtype* h = this->state_data(0, t + 1);
  const Dtype* h_diff = this->state_diff(0, t + 1);
  Dtype* gates_diff = this->gates_.mutable_cpu_diff() + t * count;
  for (int k = 0; k < count; ++k) gates_diff[k] = h_diff[k] * (1 - h[k] * h[k]);
}

template <typename Dtype>
void RNNLayer<Dtype>::OutputForward(Blob<Dtype>* top) {
  const int TN = this->T_ * this->N_;
  const int H = this->H_;
  const int W_ho = this->hidden_weight_index() + 1;
  Dtype* o = top->mutable_cpu_data();
  caffe_cpu_gemm<Dtype>(CblasNoTrans, CblasTrans, TN, H, H, Dtype(1),
                        this->state_data(0, 1), this->blobs_[W_ho]->cpu_data(),
                        Dtype(0), o);
  caffe_cpu_gemm<Dtype>(CblasNoTrans, CblasNoTrans, TN, H, 1, Dtype(1),
                        this->bias_multiplier_.cpu_data(),
                        this->blobs_[W_ho + 1]->cpu_data(), Dtype(1), o);
  for (int k = 0; k < TN * H; ++k) o[k] = std::tanh(o[k]);
}

template <typename Dtype>
void RNNLayer<Dtype>::OutputBackward(Blob<Dtype>* top) {
  const int TN = this->T_ * this->N_;
  const int H = this->H_;
  const int W_ho = this->hidden_weight_index() + 1;
  const Dtype* o = top->cpu_data();
  const Dtype* o_diff = top->cpu_diff();
  Dtype* pre_diff = output_diff_.mutable_cpu_diff();
  for (int k = 0; k < TN * H; ++k) pre_diff[k] = o_diff[k] * (1 - o[k] * o[k]);
  if (this->param_propagate_down(W_ho)) {
    caffe_cpu_gemm<Dtype>(CblasTrans, CblasNoTrans, H, H, TN, Dtype(1),
                          pre_diff, this->state_data(0, 1), Dtype(1),
                          this->blobs_[W_ho]->mutable_cpu_diff());
  }
  if (this->param_propagate_down(W_ho + 1)) {
    caffe_cpu_gemv<Dtype>(CblasTrans, TN, H, Dtype(1), pre_diff,
                          this->bias_multiplier_.cpu_data(), Dtype(1),
                          this->blobs_[W_ho + 1]->mutable_cpu_diff());
  }
  caffe_cpu_gemm<Dtype>(CblasNoTrans, CblasNoTrans, TN, H, H, Dtype(1),
                        pre_diff, this->blobs_[W_ho]->cpu_data(), Dtype(0),
                        this->state_diff(0, 1));
}

INSTANTIATE_CLASS(RNNLayer);
REGISTER_LAYER_CLASS(RNN);

}  // namespace caffe

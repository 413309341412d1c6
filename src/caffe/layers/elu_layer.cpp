#include "caffe/layers/elu_layer.hpp"

#include <vector>

#include "caffe/util/elementwise_extra.hpp"

namespace caffe {

template <typename Dtype>
void ELULayer<Dtype>::LayerSetUp(const vector<Blob<Dtype>*>& bottom,
                                 const vector<Blob<Dtype>*>& top) {
  alpha_ = this->layer_param_.elu_param().alpha();
  // Backward reads the bottom's sign, which in place is y's.
  CAFFE_REQUIRE(alpha_ >= 0 || top[0] != bottom[0])
      << "ELU with a negative elu_param alpha (" << alpha_
      << ") cannot run in place: its output does not keep the input's sign";
}

template <typename Dtype>
void ELULayer<Dtype>::Forward_cpu(const vector<Blob<Dtype>*>& bottom,
                                  const vector<Blob<Dtype>*>& top) {
  elementwise_cpu(bottom[0]->count(), ELUForward<Dtype>{alpha_},
                  bottom[0]->cpu_data(), top[0]->mutable_cpu_data());
}

template <typename Dtype>
void ELULayer<Dtype>::Backward_cpu(const vector<Blob<Dtype>*>& top,
                                   const vector<bool>& propagate_down,
                                   const vector<Blob<Dtype>*>& bottom) {
  if (!propagate_down[0]) return;
  elementwise_cpu(bottom[0]->count(), ELUBackward<Dtype>{alpha_},
                  top[0]->cpu_diff(), bottom[0]->cpu_data(), top[0]->cpu_data(),
                  bottom[0]->mutable_cpu_diff());
}

INSTANTIATE_CLASS(ELULayer);
REGISTER_LAYER_CLASS(ELU);

}  // namespace caffe

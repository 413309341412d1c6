#include "caffe/layers/power_layer.hpp"

#include <vector>

#include "caffe/util/elementwise_extra.hpp"

namespace caffe {

template <typename Dtype>
void PowerLayer<Dtype>::LayerSetUp(const vector<Blob<Dtype>*>& bottom,
                                   const vector<Blob<Dtype>*>& top) {
  const PowerParameter& param = this->layer_param_.power_param();
  power_ = param.power();
  scale_ = param.scale();
  shift_ = param.shift();
}

template <typename Dtype>
void PowerLayer<Dtype>::Forward_cpu(const vector<Blob<Dtype>*>& bottom,
                                    const vector<Blob<Dtype>*>& top) {
  input_.Save(*bottom[0], *top[0]);
  elementwise_cpu(bottom[0]->count(),
                  PowerForward<Dtype>{power_, scale_, shift_},
                  bottom[0]->cpu_data(), top[0]->mutable_cpu_data());
}

template <typename Dtype>
void PowerLayer<Dtype>::Backward_cpu(const vector<Blob<Dtype>*>& top,
                                     const vector<bool>& propagate_down,
                                     const vector<Blob<Dtype>*>& bottom) {
  if (!propagate_down[0]) return;
  // The derivative is taken from x alone, which stays finite at
  // shift + scale * x = 0 where power * y / x would be 0 / 0.
  const Blob<Dtype>& x = input_.Input(*bottom[0], *top[0]);
  elementwise_cpu(
      bottom[0]->count(), PowerBackward<Dtype>{power_, scale_, shift_},
      top[0]->cpu_diff(), x.cpu_data(), bottom[0]->mutable_cpu_diff());
}

INSTANTIATE_CLASS(PowerLayer);
REGISTER_LAYER_CLASS(Power);

}  // namespace caffe

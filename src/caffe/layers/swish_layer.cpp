#include "caffe/layers/swish_layer.hpp"

#include <vector>

#include "caffe/util/elementwise_extra.hpp"

namespace caffe {

template <typename Dtype>
void SwishLayer<Dtype>::Forward_cpu(const vector<Blob<Dtype>*>& bottom,
                                    const vector<Blob<Dtype>*>& top) {
  input_.Save(*bottom[0], *top[0]);
  const SwishForward<Dtype> swish{
      Dtype(this->layer_param_.swish_param().beta())};
  elementwise_cpu(bottom[0]->count(), swish, bottom[0]->cpu_data(),
                  top[0]->mutable_cpu_data());
}

template <typename Dtype>
void SwishLayer<Dtype>::Backward_cpu(const vector<Blob<Dtype>*>& top,
                                     const vector<bool>& propagate_down,
                                     const vector<Blob<Dtype>*>& bottom) {
  if (!propagate_down[0]) return;
  const SwishBackward<Dtype> swish_grad{
      Dtype(this->layer_param_.swish_param().beta())};
  const Blob<Dtype>& x = input_.Input(*bottom[0], *top[0]);
  elementwise_cpu(bottom[0]->count(), swish_grad, top[0]->cpu_diff(),
                  x.cpu_data(), bottom[0]->mutable_cpu_diff());
}

INSTANTIATE_CLASS(SwishLayer);
REGISTER_LAYER_CLASS(Swish);

}  // namespace caffe

#include "caffe/layers/tanh_layer.hpp"

#include <vector>

#include "caffe/util/elementwise.hpp"

namespace caffe {

template <typename Dtype>
void TanHLayer<Dtype>::Forward_cpu(const vector<Blob<Dtype>*>& bottom,
                                   const vector<Blob<Dtype>*>& top) {
  elementwise_cpu(bottom[0]->count(), TanHForward<Dtype>(),
                  bottom[0]->cpu_data(), top[0]->mutable_cpu_data());
}

template <typename Dtype>
void TanHLayer<Dtype>::Backward_cpu(const vector<Blob<Dtype>*>& top,
                                    const vector<bool>& propagate_down,
                                    const vector<Blob<Dtype>*>& bottom) {
  if (!propagate_down[0]) return;
  elementwise_cpu(bottom[0]->count(), TanHBackward<Dtype>(), top[0]->cpu_diff(),
                  top[0]->cpu_data(), bottom[0]->mutable_cpu_diff());
}

INSTANTIATE_CLASS(TanHLayer);
REGISTER_LAYER_CLASS(TanH);

}  // namespace caffe

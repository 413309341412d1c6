#include "caffe/layers/sigmoid_layer.hpp"

#include <vector>

#include "caffe/util/elementwise.hpp"

namespace caffe {

template <typename Dtype>
void SigmoidLayer<Dtype>::Forward_cpu(const vector<Blob<Dtype>*>& bottom,
                                      const vector<Blob<Dtype>*>& top) {
  elementwise_cpu(bottom[0]->count(), SigmoidForward<Dtype>(),
                  bottom[0]->cpu_data(), top[0]->mutable_cpu_data());
}

template <typename Dtype>
void SigmoidLayer<Dtype>::Backward_cpu(const vector<Blob<Dtype>*>& top,
                                       const vector<bool>& propagate_down,
                                       const vector<Blob<Dtype>*>& bottom) {
  if (!propagate_down[0]) return;
  elementwise_cpu(bottom[0]->count(), SigmoidBackward<Dtype>(),
                  top[0]->cpu_diff(), top[0]->cpu_data(),
                  bottom[0]->mutable_cpu_diff());
}

INSTANTIATE_CLASS(SigmoidLayer);
REGISTER_LAYER_CLASS(Sigmoid);

}  // namespace caffe

#include "caffe/layers/relu_layer.hpp"

#include <vector>

#include "caffe/util/elementwise.hpp"

namespace caffe {

template <typename Dtype>
void ReLULayer<Dtype>::Forward_cpu(const vector<Blob<Dtype>*>& bottom,
                                   const vector<Blob<Dtype>*>& top) {
  const ReLUForward<Dtype> relu{
      Dtype(this->layer_param_.relu_param().negative_slope())};
  elementwise_cpu(bottom[0]->count(), relu, bottom[0]->cpu_data(),
                  top[0]->mutable_cpu_data());
}

template <typename Dtype>
void ReLULayer<Dtype>::Backward_cpu(const vector<Blob<Dtype>*>& top,
                                    const vector<bool>& propagate_down,
                                    const vector<Blob<Dtype>*>& bottom) {
  if (!propagate_down[0]) return;
  // In place, bottom data holds y, which has x's sign for the usual
  // non-negative slopes, so the derivative is still read correctly.
  const ReLUBackward<Dtype> relu_grad{
      Dtype(this->layer_param_.relu_param().negative_slope())};
  elementwise_cpu(bottom[0]->count(), relu_grad, top[0]->cpu_diff(),
                  bottom[0]->cpu_data(), bottom[0]->mutable_cpu_diff());
}

INSTANTIATE_CLASS(ReLULayer);
REGISTER_LAYER_CLASS(ReLU);

}  // namespace caffe

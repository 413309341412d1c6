#include <vector>

#include "caffe/layers/relu_layer.hpp"
#include "caffe/util/elementwise.cuh"
#include "caffe/util/elementwise.hpp"

namespace caffe {

template <typename Dtype>
void ReLULayer<Dtype>::Forward_gpu(const vector<Blob<Dtype>*>& bottom,
                                   const vector<Blob<Dtype>*>& top) {
  const ReLUForward<Dtype> relu{
      Dtype(this->layer_param_.relu_param().negative_slope())};
  elementwise_gpu(bottom[0]->count(), relu, bottom[0]->gpu_data(),
                  top[0]->mutable_gpu_data());
}

template <typename Dtype>
void ReLULayer<Dtype>::Backward_gpu(const vector<Blob<Dtype>*>& top,
                                    const vector<bool>& propagate_down,
                                    const vector<Blob<Dtype>*>& bottom) {
  if (!propagate_down[0]) return;
  // As on the CPU: in place, bottom data holds y, whose sign is x's.
  const ReLUBackward<Dtype> relu_grad{
      Dtype(this->layer_param_.relu_param().negative_slope())};
  elementwise_gpu(bottom[0]->count(), relu_grad, top[0]->gpu_diff(),
                  bottom[0]->gpu_data(), bottom[0]->mutable_gpu_diff());
}

INSTANTIATE_LAYER_GPU_FUNCS(ReLULayer);

}  // namespace caffe

#include <vector>

#include "caffe/layers/sigmoid_layer.hpp"
#include "caffe/util/elementwise.cuh"
#include "caffe/util/elementwise.hpp"

namespace caffe {

template <typename Dtype>
void SigmoidLayer<Dtype>::Forward_gpu(const vector<Blob<Dtype>*>& bottom,
                                      const vector<Blob<Dtype>*>& top) {
  elementwise_gpu(bottom[0]->count(), SigmoidForward<Dtype>(),
                  bottom[0]->gpu_data(), top[0]->mutable_gpu_data());
}

template <typename Dtype>
void SigmoidLayer<Dtype>::Backward_gpu(const vector<Blob<Dtype>*>& top,
                                       const vector<bool>& propagate_down,
                                       const vector<Blob<Dtype>*>& bottom) {
  if (!propagate_down[0]) return;
  // The derivative is in the output y, which in-place use leaves intact.
  elementwise_gpu(bottom[0]->count(), SigmoidBackward<Dtype>(),
                  top[0]->gpu_diff(), top[0]->gpu_data(),
                  bottom[0]->mutable_gpu_diff());
}

INSTANTIATE_LAYER_GPU_FUNCS(SigmoidLayer);

}  // namespace caffe

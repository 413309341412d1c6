#include "caffe/layers/bnll_layer.hpp"

#include <vector>

#include "caffe/util/elementwise_extra.hpp"

namespace caffe {

template <typename Dtype>
void BNLLLayer<Dtype>::Forward_cpu(const vector<Blob<Dtype>*>& bottom,
                                   const vector<Blob<Dtype>*>& top) {
  elementwise_cpu(bottom[0]->count(), BNLLForward<Dtype>(),
                  bottom[0]->cpu_data(), top[0]->mutable_cpu_data());
}

template <typename Dtype>
void BNLLLayer<Dtype>::Backward_cpu(const vector<Blob<Dtype>*>& top,
                                    const vector<bool>& propagate_down,
                                    const vector<Blob<Dtype>*>& bottom) {
  if (!propagate_down[0]) return;
  elementwise_cpu(bottom[0]->count(), BNLLBackward<Dtype>(), top[0]->cpu_diff(),
                  top[0]->cpu_data(), bottom[0]->mutable_cpu_diff());
}

INSTANTIATE_CLASS(BNLLLayer);
REGISTER_LAYER_CLASS(BNLL);

}  // namespace caffe

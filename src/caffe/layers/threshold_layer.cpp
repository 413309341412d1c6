#include "caffe/layers/threshold_layer.hpp"

#include <vector>

#include "caffe/util/elementwise_extra.hpp"

namespace caffe {

template <typename Dtype>
void ThresholdLayer<Dtype>::Forward_cpu(const vector<Blob<Dtype>*>& bottom,
                                        const vector<Blob<Dtype>*>& top) {
  const ThresholdForward<Dtype> step{
      Dtype(this->layer_param_.threshold_param().threshold())};
  elementwise_cpu(bottom[0]->count(), step, bottom[0]->cpu_data(),
                  top[0]->mutable_cpu_data());
}

template <typename Dtype>
void ThresholdLayer<Dtype>::Backward_cpu(const vector<Blob<Dtype>*>& top,
                                         const vector<bool>& propagate_down,
                                         const vector<Blob<Dtype>*>& bottom) {
  CAFFE_REQUIRE(!propagate_down[0])
      << "Threshold has no gradient; it cannot back-propagate to its bottom";
}

INSTANTIATE_CLASS(ThresholdLayer);
REGISTER_LAYER_CLASS(Threshold);

}  // namespace caffe

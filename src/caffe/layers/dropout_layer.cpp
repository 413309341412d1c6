#include "caffe/layers/dropout_layer.hpp"

#include <vector>

#include "caffe/util/math_functions.hpp"

namespace caffe {

template <typename Dtype>
void DropoutLayer<Dtype>::LayerSetUp(const vector<Blob<Dtype>*>& bottom,
                                     const vector<Blob<Dtype>*>& top) {
  threshold_ = this->layer_param_.dropout_param().dropout_ratio();
  CAFFE_REQUIRE(threshold_ >= 0 && threshold_ < 1)
      << "dropout_ratio must be in [0, 1), got " << threshold_;
  scale_ = Dtype(1) / (Dtype(1) - threshold_);
}

template <typename Dtype>
void DropoutLayer<Dtype>::Reshape(const vector<Blob<Dtype>*>& bottom,
                                  const vector<Blob<Dtype>*>& top) {
  NeuronLayer<Dtype>::Reshape(bottom, top);
  rand_vec_.Reshape(bottom[0]->count());
}

template <typename Dtype>
void DropoutLayer<Dtype>::Forward_cpu(const vector<Blob<Dtype>*>& bottom,
                                      const vector<Blob<Dtype>*>& top) {
  const int count = bottom[0]->count();
  const Dtype* bottom_data = bottom[0]->cpu_data();
  Dtype* top_data = top[0]->mutable_cpu_data();
  if (this->phase_ != TRAIN) {
    caffe_copy(count, bottom_data, top_data);
    return;
  }
  unsigned int* mask = rand_vec_.mutable_cpu_data();
  caffe_rng_bernoulli(count, Dtype(1) - threshold_, mask);
  for (int i = 0; i < count; ++i) {
    top_data[i] = bottom_data[i] * (mask[i] * scale_);
  }
}

template <typename Dtype>
void DropoutLayer<Dtype>::Backward_cpu(const vector<Blob<Dtype>*>& top,
                                       const vector<bool>& propagate_down,
                                       const vector<Blob<Dtype>*>& bottom) {
  if (!propagate_down[0]) return;
  const int count = bottom[0]->count();
  const Dtype* top_diff = top[0]->cpu_diff();
  Dtype* bottom_diff = bottom[0]->mutable_cpu_diff();
  if (this->phase_ != TRAIN) {
    caffe_copy(count, top_diff, bottom_diff);
    return;
  }
  const unsigned int* mask = rand_vec_.cpu_data();
  for (int i = 0; i < count; ++i) {
    bottom_diff[i] = top_diff[i] * (mask[i] * scale_);
  }
}

INSTANTIATE_CLASS(DropoutLayer);
REGISTER_LAYER_CLASS(Dropout);

}  // namespace caffe

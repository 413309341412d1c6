#include "caffe/layers/softmax_layer.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace caffe {

template <typename Dtype>
void SoftmaxLayer<Dtype>::Reshape(const vector<Blob<Dtype>*>& bottom,
                                  const vector<Blob<Dtype>*>& top) {
  softmax_axis_ =
      bottom[0]->CanonicalAxisIndex(this->layer_param_.softmax_param().axis());
  top[0]->ReshapeLike(*bottom[0]);
  outer_num_ = bottom[0]->count(0, softmax_axis_);
  inner_num_ = bottom[0]->count(softmax_axis_ + 1);
  scale_.Reshape(vector<int>(1, inner_num_));
}

// The loops run over channels outside and inner positions inside, so that
// memory is read contiguously; scale_ holds one value per inner position.
template <typename Dtype>
void SoftmaxLayer<Dtype>::Forward_cpu(const vector<Blob<Dtype>*>& bottom,
                                      const vector<Blob<Dtype>*>& top) {
  const int channels = bottom[0]->shape(softmax_axis_);
  const int dim = channels * inner_num_;
  const Dtype* bottom_data = bottom[0]->cpu_data();
  Dtype* top_data = top[0]->mutable_cpu_data();
  Dtype* scale = scale_.mutable_cpu_data();
  for (int i = 0; i < outer_num_; ++i) {
    const Dtype* x = bottom_data + i * dim;
    Dtype* y = top_data + i * dim;
    caffe_copy(inner_num_, x, scale);
    for (int c = 1; c < channels; ++c) {
      for (int j = 0; j < inner_num_; ++j) {
        scale[j] = std::max(scale[j], x[c * inner_num_ + j]);
      }
    }
    for (int c = 0; c < channels; ++c) {
      for (int j = 0; j < inner_num_; ++j) {
        y[c * inner_num_ + j] = std::exp(x[c * inner_num_ + j] - scale[j]);
      }
    }
    caffe_set(inner_num_, Dtype(0), scale);
    for (int c = 0; c < channels; ++c) {
      for (int j = 0; j < inner_num_; ++j) scale[j] += y[c * inner_num_ + j];
    }
    for (int c = 0; c < channels; ++c) {
      for (int j = 0; j < inner_num_; ++j) y[c * inner_num_ + j] /= scale[j];
    }
  }
}

template <typename Dtype>
void SoftmaxLayer<Dtype>::Backward_cpu(const vector<Blob<Dtype>*>& top,
                                       const vector<bool>& propagate_down,
                                       const vector<Blob<Dtype>*>& bottom) {
  if (!propagate_down[0]) return;
  const int channels = top[0]->shape(softmax_axis_);
  const int dim = channels * inner_num_;
  const Dtype* top_data = top[0]->cpu_data();
  const Dtype* top_diff = top[0]->cpu_diff();
  Dtype* bottom_diff = bottom[0]->mutable_cpu_diff();
  Dtype* dot = scale_.mutable_cpu_data();
  for (int i = 0; i < outer_num_; ++i) {
    const Dtype* y = top_data + i * dim;
    const Dtype* dy = top_diff + i * dim;
    Dtype* dx = bottom_diff + i * dim;
    // All dot products are taken before dx is written: in place, dx is dy.
    caffe_set(inner_num_, Dtype(0), dot);
    for (int c = 0; c < channels; ++c) {
      for (int j = 0; j < inner_num_; ++j) {
        dot[j] += dy[c * inner_num_ + j] * y[c * inner_num_ + j];
      }
    }
    for (int c = 0; c < channels; ++c) {
      for (int j = 0; j < inner_num_; ++j) {
        const int k = c * inner_num_ + j;
        dx[k] = (dy[k] - dot[j]) * y[k];
      }
    }
  }
}

INSTANTIATE_CLASS(SoftmaxLayer);
REGISTER_LAYER_CLASS(Softmax);

}  // namespace caffe

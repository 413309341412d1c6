#include "caffe/layers/softmax_loss_layer.hpp"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <vector>

#include "caffe/util/class_labels.hpp"

namespace caffe {

template <typename Dtype>
void SoftmaxWithLossLayer<Dtype>::LayerSetUp(const vector<Blob<Dtype>*>& bottom,
                                             const vector<Blob<Dtype>*>& top) {
  LossLayer<Dtype>::LayerSetUp(bottom, top);
  softmax_layer_ = SetUpLossSoftmax(
      this->layer_param_, this->layer_param_.softmax_param().axis(), bottom[0],
      &prob_, &softmax_bottom_vec_, &softmax_top_vec_);

  const LossParameter& loss_param = this->layer_param_.loss_param();
  has_ignore_label_ = loss_param.has_ignore_label();
  ignore_label_ = loss_param.ignore_label();
  normalization_ = NormalizationMode(loss_param);
}

template <typename Dtype>
void SoftmaxWithLossLayer<Dtype>::Reshape(const vector<Blob<Dtype>*>& bottom,
                                          const vector<Blob<Dtype>*>& top) {
  LossLayer<Dtype>::Reshape(bottom, top);
  softmax_layer_->Reshape(softmax_bottom_vec_, softmax_top_vec_);
  softmax_axis_ =
      bottom[0]->CanonicalAxisIndex(this->layer_param_.softmax_param().axis());
  outer_num_ = bottom[0]->count(0, softmax_axis_);
  inner_num_ = bottom[0]->count(softmax_axis_ + 1);
  CheckLabelCount(*bottom[0], softmax_axis_, *bottom[1]);
  if (top.size() >= 2) top[1]->ReshapeLike(*bottom[0]);
}

template <typename Dtype>
Dtype SoftmaxWithLossLayer<Dtype>::get_normalizer(
    LossParameter_NormalizationMode normalization_mode, int valid_count) {
  return this->GetNormalizer(normalization_mode, outer_num_, inner_num_,
                             valid_count);
}

template <typename Dtype>
void SoftmaxWithLossLayer<Dtype>::Forward_cpu(
    const vector<Blob<Dtype>*>& bottom, const vector<Blob<Dtype>*>& top) {
  softmax_layer_->Forward(softmax_bottom_vec_, softmax_top_vec_);
  const Dtype* prob_data = prob_.cpu_data();
  const Dtype* label = bottom[1]->cpu_data();
  const int num_classes = bottom[0]->shape(softmax_axis_);
  const int dim = prob_.count(softmax_axis_);
  int valid_count = 0;
  Dtype loss = 0;
  for (int i = 0; i < outer_num_; ++i) {
    for (int j = 0; j < inner_num_; ++j) {
      const int c = ClassIndex(label[i * inner_num_ + j], num_classes,
                               has_ignore_label_, ignore_label_);
      if (c < 0) continue;
      const Dtype p = prob_data[i * dim + c * inner_num_ + j];
      loss -= std::log(std::max(p, Dtype(FLT_MIN)));
      ++valid_count;
    }
  }
  top[0]->mutable_cpu_data()[0] =
      loss / get_normalizer(normalization_, valid_count);
  if (top.size() == 2) top[1]->ShareData(prob_);
}

template <typename Dtype>
void SoftmaxWithLossLayer<Dtype>::Backward_cpu(
    const vector<Blob<Dtype>*>& top, const vector<bool>& propagate_down,
    const vector<Blob<Dtype>*>& bottom) {
  CAFFE_REQUIRE(!propagate_down[1])
      << "cannot backpropagate to the labels (bottom[1])";
  if (!propagate_down[0]) return;
  Dtype* bottom_diff = bottom[0]->mutable_cpu_diff();
  caffe_copy(prob_.count(), prob_.cpu_data(), bottom_diff);
  const Dtype* label = bottom[1]->cpu_data();
  const int num_classes = bottom[0]->shape(softmax_axis_);
  const int dim = prob_.count(softmax_axis_);
  int valid_count = 0;
  for (int i = 0; i < outer_num_; ++i) {
    for (int j = 0; j < inner_num_; ++j) {
      const int label_class = ClassIndex(label[i * inner_num_ + j], num_classes,
                                         has_ignore_label_, ignore_label_);
      if (label_class < 0) {
        for (int c = 0; c < num_classes; ++c) {
          bottom_diff[i * dim + c * inner_num_ + j] = 0;
        }
        continue;
      }
      bottom_diff[i * dim + label_class * inner_num_ + j] -= 1;
      ++valid_count;
    }
  }
  const Dtype scale =
      top[0]->cpu_diff()[0] / get_normalizer(normalization_, valid_count);
  caffe_scal(prob_.count(), scale, bottom_diff);
}

INSTANTIATE_CLASS(SoftmaxWithLossLayer);
REGISTER_LAYER_CLASS(SoftmaxWithLoss);

}  // namespace caffe

#include "caffe/layers/sigmoid_cross_entropy_loss_layer.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "caffe/layer_factory.hpp"
#include "caffe/util/math_functions.hpp"

namespace caffe {

template <typename Dtype>
void SigmoidCrossEntropyLossLayer<Dtype>::LayerSetUp(
    const vector<Blob<Dtype>*>& bottom, const vector<Blob<Dtype>*>& top) {
  LossLayer<Dtype>::LayerSetUp(bottom, top);
  LayerParameter sigmoid_param(this->layer_param_);
  sigmoid_param.set_type("Sigmoid");
  // The internal layer's output is not a loss.
  sigmoid_param.clear_loss_weight();
  sigmoid_layer_ = LayerRegistry<Dtype>::CreateLayer(sigmoid_param);
  sigmoid_output_.reset(new Blob<Dtype>());
  sigmoid_bottom_vec_.assign(1, bottom[0]);
  sigmoid_top_vec_.assign(1, sigmoid_output_.get());
  sigmoid_layer_->SetUp(sigmoid_bottom_vec_, sigmoid_top_vec_);

  const LossParameter& loss_param = this->layer_param_.loss_param();
  has_ignore_label_ = loss_param.has_ignore_label();
  ignore_label_ = loss_param.ignore_label();
  // Unlike the other losses, Caffe defaults to BATCH_SIZE here.
  normalization_ = loss_param.has_normalization() || loss_param.has_normalize()
                       ? NormalizationMode(loss_param)
                       : LossParameter_NormalizationMode_BATCH_SIZE;
}

template <typename Dtype>
void SigmoidCrossEntropyLossLayer<Dtype>::Reshape(
    const vector<Blob<Dtype>*>& bottom, const vector<Blob<Dtype>*>& top) {
  LossLayer<Dtype>::Reshape(bottom, top);
  outer_num_ = bottom[0]->shape(0);
  inner_num_ = bottom[0]->count(1);
  CAFFE_REQUIRE(bottom[0]->count() == bottom[1]->count())
      << "scores and targets must have the same count: bottom[0] has shape "
      << bottom[0]->shape_string() << " and bottom[1] has shape "
      << bottom[1]->shape_string();
  sigmoid_layer_->Reshape(sigmoid_bottom_vec_, sigmoid_top_vec_);
}

template <typename Dtype>
Dtype SigmoidCrossEntropyLossLayer<Dtype>::get_normalizer(
    LossParameter_NormalizationMode normalization_mode, int valid_count) {
  return this->GetNormalizer(normalization_mode, outer_num_, inner_num_,
                             valid_count);
}

template <typename Dtype>
void SigmoidCrossEntropyLossLayer<Dtype>::Forward_cpu(
    const vector<Blob<Dtype>*>& bottom, const vector<Blob<Dtype>*>& top) {
  sigmoid_layer_->Forward(sigmoid_bottom_vec_, sigmoid_top_vec_);
  const int count = bottom[0]->count();
  const Dtype* x = bottom[0]->cpu_data();
  const Dtype* target = bottom[1]->cpu_data();
  int valid_count = 0;
  Dtype loss = 0;
  for (int i = 0; i < count; ++i) {
    if (Ignored(target[i])) continue;
    // exp of a non-positive argument only, so nothing overflows.
    loss += std::max(x[i], Dtype(0)) - x[i] * target[i] +
            std::log1p(std::exp(-std::fabs(x[i])));
    ++valid_count;
  }
  top[0]->mutable_cpu_data()[0] =
      loss / get_normalizer(normalization_, valid_count);
}

template <typename Dtype>
void SigmoidCrossEntropyLossLayer<Dtype>::Backward_cpu(
    const vector<Blob<Dtype>*>& top, const vector<bool>& propagate_down,
    const vector<Blob<Dtype>*>& bottom) {
  CAFFE_REQUIRE(!propagate_down[1])
      << "cannot backpropagate to the targets (bottom[1])";
  if (!propagate_down[0]) return;
  const int count = bottom[0]->count();
  const Dtype* p = sigmoid_output_->cpu_data();
  const Dtype* target = bottom[1]->cpu_data();
  Dtype* diff = bottom[0]->mutable_cpu_diff();
  int valid_count = 0;
  for (int i = 0; i < count; ++i) {
    if (Ignored(target[i])) {
      diff[i] = 0;
    } else {
      diff[i] = p[i] - target[i];
      ++valid_count;
    }
  }
  caffe_scal(
      count,
      top[0]->cpu_diff()[0] / get_normalizer(normalization_, valid_count),
      diff);
}

INSTANTIATE_CLASS(SigmoidCrossEntropyLossLayer);
REGISTER_LAYER_CLASS(SigmoidCrossEntropyLoss);

}  // namespace caffe

#include "caffe/layers/infogain_loss_layer.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "caffe/util/class_labels.hpp"
#include "caffe/util/io.hpp"
#include "caffe/util/math_functions.hpp"

namespace caffe {

template <typename Dtype>
void InfogainLossLayer<Dtype>::LayerSetUp(const vector<Blob<Dtype>*>& bottom,
                                          const vector<Blob<Dtype>*>& top) {
  LossLayer<Dtype>::LayerSetUp(bottom, top);
  const InfogainLossParameter& param = this->layer_param_.infogain_loss_param();
  softmax_layer_ =
      SetUpLossSoftmax(this->layer_param_, param.axis(), bottom[0], &prob_,
                       &softmax_bottom_vec_, &softmax_top_vec_);

  const LossParameter& loss_param = this->layer_param_.loss_param();
  has_ignore_label_ = loss_param.has_ignore_label();
  ignore_label_ = loss_param.ignore_label();
  normalization_ = NormalizationMode(loss_param);

  if (bottom.size() < 3) {
    CAFFE_REQUIRE(param.has_source())
        << "the infogain matrix needs infogain_loss_param.source or a third "
        << "bottom";
    CheckFileReadable(param.source(), "infogain matrix");
    BlobProto blob_proto;
    ReadProtoFromBinaryFileOrDie(param.source(), &blob_proto);
    infogain_.FromProto(blob_proto);
  }
}

template <typename Dtype>
void InfogainLossLayer<Dtype>::Reshape(const vector<Blob<Dtype>*>& bottom,
                                       const vector<Blob<Dtype>*>& top) {
  LossLayer<Dtype>::Reshape(bottom, top);
  softmax_layer_->Reshape(softmax_bottom_vec_, softmax_top_vec_);
  infogain_axis_ = bottom[0]->CanonicalAxisIndex(
      this->layer_param_.infogain_loss_param().axis());
  outer_num_ = bottom[0]->count(0, infogain_axis_);
  inner_num_ = bottom[0]->count(infogain_axis_ + 1);
  num_labels_ = bottom[0]->shape(infogain_axis_);
  CheckLabelCount(*bottom[0], infogain_axis_, *bottom[1]);
  const Blob<Dtype>& h = H(bottom);
  CAFFE_REQUIRE(h.count() == num_labels_ * num_labels_)
      << "the infogain matrix " << (bottom.size() > 2 ? "(bottom[2])" : "")
      << " has shape " << h.shape_string() << " but " << num_labels_
      << " classes need " << num_labels_ << " x " << num_labels_ << " = "
      << num_labels_ * num_labels_ << " entries";
  sum_rows_H_.Reshape(vector<int>{num_labels_});
  // A fixed H is summed once here; a bottom H may change every pass.
  if (bottom.size() < 3) sum_rows_of_H(&infogain_);
  if (top.size() >= 2) top[1]->ReshapeLike(*bottom[0]);
}

template <typename Dtype>
Dtype InfogainLossLayer<Dtype>::get_normalizer(
    LossParameter_NormalizationMode normalization_mode, int valid_count) {
  return this->GetNormalizer(normalization_mode, outer_num_, inner_num_,
                             valid_count);
}

template <typename Dtype>
void InfogainLossLayer<Dtype>::sum_rows_of_H(const Blob<Dtype>* H) {
  const Dtype* h = H->cpu_data();
  Dtype* sums = sum_rows_H_.mutable_cpu_data();
  for (int row = 0; row < num_labels_; ++row) {
    sums[row] = 0;
    for (int col = 0; col < num_labels_; ++col) {
      sums[row] += h[row * num_labels_ + col];
    }
  }
}

template <typename Dtype>
int InfogainLossLayer<Dtype>::LabelAt(const Blob<Dtype>& labels, const int i,
                                      const int j) const {
  return ClassIndex(labels.cpu_data()[i * inner_num_ + j], num_labels_,
                    has_ignore_label_, ignore_label_);
}

template <typename Dtype>
void InfogainLossLayer<Dtype>::Forward_cpu(const vector<Blob<Dtype>*>& bottom,
                                           const vector<Blob<Dtype>*>& top) {
  softmax_layer_->Forward(softmax_bottom_vec_, softmax_top_vec_);
  const Dtype* prob = prob_.cpu_data();
  const Dtype* h = H(bottom).cpu_data();
  const int dim = num_labels_ * inner_num_;
  int valid_count = 0;
  Dtype loss = 0;
  for (int i = 0; i < outer_num_; ++i) {
    for (int j = 0; j < inner_num_; ++j) {
      const int label = LabelAt(*bottom[1], i, j);
      if (label < 0) continue;
      for (int k = 0; k < num_labels_; ++k) {
        const Dtype p = prob[i * dim + k * inner_num_ + j];
        loss -= h[label * num_labels_ + k] *
                std::log(std::max(p, Dtype(kLOG_THRESHOLD)));
      }
      ++valid_count;
    }
  }
  top[0]->mutable_cpu_data()[0] =
      loss / get_normalizer(normalization_, valid_count);
  if (top.size() == 2) top[1]->ShareData(prob_);
}

template <typename Dtype>
void InfogainLossLayer<Dtype>::Backward_cpu(
    const vector<Blob<Dtype>*>& top, const vector<bool>& propagate_down,
    const vector<Blob<Dtype>*>& bottom) {
  CAFFE_REQUIRE(!propagate_down[1])
      << "cannot backpropagate to the labels (bottom[1])";
  CAFFE_REQUIRE(propagate_down.size() < 3 || !propagate_down[2])
      << "cannot backpropagate to the infogain matrix (bottom[2])";
  if (!propagate_down[0]) return;
  if (bottom.size() > 2) sum_rows_of_H(bottom[2]);
  const Dtype* prob = prob_.cpu_data();
  const Dtype* h = H(bottom).cpu_data();
  const Dtype* row_sums = sum_rows_H_.cpu_data();
  Dtype* diff = bottom[0]->mutable_cpu_diff();
  const int dim = num_labels_ * inner_num_;
  int valid_count = 0;
  for (int i = 0; i < outer_num_; ++i) {
    for (int j = 0; j < inner_num_; ++j) {
      const int label = LabelAt(*bottom[1], i, j);
      for (int k = 0; k < num_labels_; ++k) {
        const int index = i * dim + k * inner_num_ + j;
        diff[index] = label < 0 ? Dtype(0)
                                : prob[index] * row_sums[label] -
                                      h[label * num_labels_ + k];
      }
      if (label >= 0) ++valid_count;
    }
  }
  caffe_scal(
      bottom[0]->count(),
      top[0]->cpu_diff()[0] / get_normalizer(normalization_, valid_count),
      diff);
}

INSTANTIATE_CLASS(InfogainLossLayer);
REGISTER_LAYER_CLASS(InfogainLoss);

}  // namespace caffe

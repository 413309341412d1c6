#include "caffe/layers/accuracy_layer.hpp"

#include <vector>

#include "caffe/util/class_labels.hpp"

namespace caffe {

template <typename Dtype>
void AccuracyLayer<Dtype>::LayerSetUp(const vector<Blob<Dtype>*>& bottom,
                                      const vector<Blob<Dtype>*>& top) {
  const AccuracyParameter& param = this->layer_param_.accuracy_param();
  top_k_ = static_cast<int>(param.top_k());
  CAFFE_REQUIRE(param.top_k() >= 1 && top_k_ >= 1)
      << "accuracy_param.top_k must be at least 1, got " << param.top_k();
  has_ignore_label_ = param.has_ignore_label();
  ignore_label_ = param.ignore_label();
}

template <typename Dtype>
void AccuracyLayer<Dtype>::Reshape(const vector<Blob<Dtype>*>& bottom,
                                   const vector<Blob<Dtype>*>& top) {
  label_axis_ =
      bottom[0]->CanonicalAxisIndex(this->layer_param_.accuracy_param().axis());
  const int num_classes = bottom[0]->shape(label_axis_);
  CAFFE_REQUIRE(top_k_ <= num_classes)
      << "accuracy_param.top_k (" << top_k_
      << ") must not exceed the number of classes (" << num_classes << ", axis "
      << label_axis_ << " of shape " << bottom[0]->shape_string() << ")";
  outer_num_ = bottom[0]->count(0, label_axis_);
  inner_num_ = bottom[0]->count(label_axis_ + 1);
  CheckLabelCount(*bottom[0], label_axis_, *bottom[1]);
  top[0]->Reshape(vector<int>());
  if (top.size() > 1) {
    top[1]->Reshape(vector<int>(1, num_classes));
    nums_buffer_.Reshape(vector<int>(1, num_classes));
  }
}

template <typename Dtype>
void AccuracyLayer<Dtype>::Forward_cpu(const vector<Blob<Dtype>*>& bottom,
                                       const vector<Blob<Dtype>*>& top) {
  const Dtype* scores = bottom[0]->cpu_data();
  const Dtype* labels = bottom[1]->cpu_data();
  const int num_classes = bottom[0]->shape(label_axis_);
  const int dim = bottom[0]->count(label_axis_);
  const bool per_class = top.size() > 1;
  Dtype* class_right = per_class ? top[1]->mutable_cpu_data() : nullptr;
  Dtype* class_seen = per_class ? nums_buffer_.mutable_cpu_data() : nullptr;
  if (per_class) {
    caffe_set(num_classes, Dtype(0), class_right);
    caffe_set(num_classes, Dtype(0), class_seen);
  }
  int right = 0;
  int seen = 0;
  for (int i = 0; i < outer_num_; ++i) {
    for (int j = 0; j < inner_num_; ++j) {
      const int label = ClassIndex(labels[i * inner_num_ + j], num_classes,
                                   has_ignore_label_, ignore_label_);
      if (label < 0) continue;
      const Dtype* position = scores + i * dim + j;
      const Dtype label_score = position[label * inner_num_];
      // Classes other than the label scoring at least as high.
      int rivals = 0;
      for (int c = 0; c < num_classes && rivals < top_k_; ++c) {
        if (c != label && position[c * inner_num_] >= label_score) ++rivals;
      }
      const bool is_right = rivals < top_k_;
      right += is_right;
      ++seen;
      if (per_class) {
        class_seen[label] += 1;
        class_right[label] += is_right;
      }
    }
  }
  top[0]->mutable_cpu_data()[0] = seen == 0 ? Dtype(0) : Dtype(right) / seen;
  if (per_class) {
    for (int c = 0; c < num_classes; ++c) {
      class_right[c] =
          class_seen[c] == 0 ? Dtype(0) : class_right[c] / class_seen[c];
    }
  }
}

template <typename Dtype>
void AccuracyLayer<Dtype>::Backward_cpu(const vector<Blob<Dtype>*>& top,
                                        const vector<bool>& propagate_down,
                                        const vector<Blob<Dtype>*>& bottom) {
  for (size_t i = 0; i < propagate_down.size(); ++i) {
    CAFFE_REQUIRE(!propagate_down[i])
        << "Accuracy has no gradient; cannot backpropagate to bottom[" << i
        << "]";
  }
}

INSTANTIATE_CLASS(AccuracyLayer);
REGISTER_LAYER_CLASS(Accuracy);

}  // namespace caffe

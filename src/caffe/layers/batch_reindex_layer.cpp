#include "caffe/layers/batch_reindex_layer.hpp"

#include <vector>

#include "caffe/util/math_functions.hpp"

namespace caffe {

template <typename Dtype>
void BatchReindexLayer<Dtype>::Reshape(const vector<Blob<Dtype>*>& bottom,
                                       const vector<Blob<Dtype>*>& top) {
  CAFFE_REQUIRE(bottom[1]->num_axes() == 1)
      << "the index blob bottom[1] must be 1-D; got shape "
      << bottom[1]->shape_string();
  CAFFE_REQUIRE(bottom[0]->num_axes() >= 1)
      << "bottom[0] needs a batch axis; got shape "
      << bottom[0]->shape_string();
  vector<int> top_shape = bottom[0]->shape();
  top_shape[0] = bottom[1]->shape(0);
  top[0]->Reshape(top_shape);
}

template <typename Dtype>
void BatchReindexLayer<Dtype>::ReadIndices(const vector<Blob<Dtype>*>& bottom) {
  const int batch = bottom[0]->shape(0);
  const Dtype* values = bottom[1]->cpu_data();
  indices_.resize(bottom[1]->count());
  for (int j = 0; j < bottom[1]->count(); ++j) {
    const int index = static_cast<int>(values[j]);
    CAFFE_REQUIRE(values[j] >= 0 && values[j] < batch &&
                  Dtype(index) == values[j])
        << "index " << j << " of bottom[1] is " << values[j]
        << "; BatchReindex indices must be integers in [0, " << batch
        << ") for bottom[0] shape " << bottom[0]->shape_string();
    indices_[j] = index;
  }
}

template <typename Dtype>
void BatchReindexLayer<Dtype>::Forward_cpu(const vector<Blob<Dtype>*>& bottom,
                                           const vector<Blob<Dtype>*>& top) {
  ReadIndices(bottom);
  const int inner = bottom[0]->count(1);
  const Dtype* x = bottom[0]->cpu_data();
  Dtype* y = top[0]->mutable_cpu_data();
  for (size_t j = 0; j < indices_.size(); ++j) {
    caffe_copy(inner, x + indices_[j] * inner, y + j * inner);
  }
}

template <typename Dtype>
void BatchReindexLayer<Dtype>::Backward_cpu(
    const vector<Blob<Dtype>*>& top, const vector<bool>& propagate_down,
    const vector<Blob<Dtype>*>& bottom) {
  CAFFE_REQUIRE(!propagate_down[1])
      << "BatchReindex cannot backpropagate to its indices (bottom[1])";
  if (!propagate_down[0]) return;
  const int inner = bottom[0]->count(1);
  const Dtype* top_diff = top[0]->cpu_diff();
  Dtype* bottom_diff = bottom[0]->mutable_cpu_diff();
  caffe_set(bottom[0]->count(), Dtype(0), bottom_diff);
  for (size_t j = 0; j < indices_.size(); ++j) {
    caffe_axpy(inner, Dtype(1), top_diff + j * inner,
               bottom_diff + indices_[j] * inner);
  }
}

INSTANTIATE_CLASS(BatchReindexLayer);
REGISTER_LAYER_CLASS(BatchReindex);

}  // namespace caffe

#include "caffe/layers/filter_layer.hpp"

#include <vector>

#include "caffe/util/math_functions.hpp"

namespace caffe {

template <typename Dtype>
void FilterLayer<Dtype>::LayerSetUp(const vector<Blob<Dtype>*>& bottom,
                                    const vector<Blob<Dtype>*>& top) {
  CAFFE_REQUIRE(top.size() + 1 == bottom.size())
      << "Filter needs one top per filtered bottom (all bottoms but the "
      << "last, the selector): " << bottom.size() << " bottoms, " << top.size()
      << " tops";
}

template <typename Dtype>
void FilterLayer<Dtype>::Reshape(const vector<Blob<Dtype>*>& bottom,
                                 const vector<Blob<Dtype>*>& top) {
  const Blob<Dtype>& selector = *bottom.back();
  bool singleton = selector.num_axes() >= 1;
  for (int i = 1; singleton && i < selector.num_axes(); ++i) {
    singleton = selector.shape(i) == 1;
  }
  CAFFE_REQUIRE(singleton)
      << "the selector (last bottom) must have shape (N) or (N, 1, ...); "
      << "got " << selector.shape_string();
  const int num = selector.shape(0);
  for (size_t k = 0; k + 1 < bottom.size(); ++k) {
    CAFFE_REQUIRE(bottom[k]->num_axes() >= 1 && bottom[k]->shape(0) == num)
        << "bottom[" << k << "] shape " << bottom[k]->shape_string()
        << " must have the selector's " << num << " items (selector shape "
        << selector.shape_string() << ")";
  }
  const Dtype* selected = selector.cpu_data();
  indices_to_forward_.clear();
  for (int n = 0; n < num; ++n) {
    if (selected[n] != 0) indices_to_forward_.push_back(n);
  }
  // At set-up the selector holds no real values yet: size the tops for the
  // whole batch.
  const int kept =
      first_reshape_ ? num : static_cast<int>(indices_to_forward_.size());
  first_reshape_ = false;
  for (size_t k = 0; k < top.size(); ++k) {
    vector<int> shape = bottom[k]->shape();
    shape[0] = kept;
    top[k]->Reshape(shape);
  }
}

template <typename Dtype>
void FilterLayer<Dtype>::Forward_cpu(const vector<Blob<Dtype>*>& bottom,
                                     const vector<Blob<Dtype>*>& top) {
  for (size_t k = 0; k < top.size(); ++k) {
    const int dim = bottom[k]->count(1);
    const Dtype* x = bottom[k]->cpu_data();
    Dtype* y = top[k]->mutable_cpu_data();
    for (size_t j = 0; j < indices_to_forward_.size(); ++j) {
      caffe_copy(dim, x + indices_to_forward_[j] * dim, y + j * dim);
    }
  }
}

template <typename Dtype>
void FilterLayer<Dtype>::Backward_cpu(const vector<Blob<Dtype>*>& top,
                                      const vector<bool>& propagate_down,
                                      const vector<Blob<Dtype>*>& bottom) {
  CAFFE_REQUIRE(!propagate_down.back())
      << "Filter cannot backpropagate to its selector (bottom["
      << bottom.size() - 1 << "])";
  for (size_t k = 0; k < top.size(); ++k) {
    if (!propagate_down[k]) continue;
    const int dim = bottom[k]->count(1);
    const Dtype* top_diff = top[k]->cpu_diff();
    Dtype* bottom_diff = bottom[k]->mutable_cpu_diff();
    caffe_set(bottom[k]->count(), Dtype(0), bottom_diff);
    for (size_t j = 0; j < indices_to_forward_.size(); ++j) {
      caffe_copy(dim, top_diff + j * dim,
                 bottom_diff + indices_to_forward_[j] * dim);
    }
  }
}

INSTANTIATE_CLASS(FilterLayer);
REGISTER_LAYER_CLASS(Filter);

}  // namespace caffe

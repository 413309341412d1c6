#include "caffe/layers/split_layer.hpp"

#include <vector>

#include "caffe/util/math_functions.hpp"

namespace caffe {

template <typename Dtype>
void SplitLayer<Dtype>::Reshape(const vector<Blob<Dtype>*>& bottom,
                                const vector<Blob<Dtype>*>& top) {
  for (size_t i = 0; i < top.size(); ++i) {
    // In place, the tops' diffs would overwrite each other before summing.
    CAFFE_REQUIRE(top[i] != bottom[0])
        << "Split does not allow in-place computation (top " << i
        << " is its bottom)";
    // A blob nothing has shaped yet (an Input top without a shape) counts
    // 0 elements, but its empty shape would give the tops 1.
    CAFFE_REQUIRE(bottom[0]->num_axes() > 0 || bottom[0]->count() == 1)
        << "the bottom has no shape yet (an Input layer without "
           "input_param { shape }?), so it cannot be split";
    top[i]->ReshapeLike(*bottom[0]);
    CHECK_EQ(top[i]->count(), bottom[0]->count());
  }
}

template <typename Dtype>
void SplitLayer<Dtype>::Forward_cpu(const vector<Blob<Dtype>*>& bottom,
                                    const vector<Blob<Dtype>*>& top) {
  for (Blob<Dtype>* blob : top) blob->ShareData(*bottom[0]);
}

template <typename Dtype>
void SplitLayer<Dtype>::Backward_cpu(const vector<Blob<Dtype>*>& top,
                                     const vector<bool>& propagate_down,
                                     const vector<Blob<Dtype>*>& bottom) {
  if (!propagate_down[0]) return;
  const int count = bottom[0]->count();
  Dtype* bottom_diff = bottom[0]->mutable_cpu_diff();
  caffe_copy(count, top[0]->cpu_diff(), bottom_diff);
  for (size_t i = 1; i < top.size(); ++i) {
    caffe_axpy(count, Dtype(1), top[i]->cpu_diff(), bottom_diff);
  }
}

INSTANTIATE_CLASS(SplitLayer);
REGISTER_LAYER_CLASS(Split);

}  // namespace caffe

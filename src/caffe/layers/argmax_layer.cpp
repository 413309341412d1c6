#include "caffe/layers/argmax_layer.hpp"

#include <algorithm>
#include <functional>
#include <utility>
#include <vector>

namespace caffe {

template <typename Dtype>
void ArgMaxLayer<Dtype>::LayerSetUp(const vector<Blob<Dtype>*>& bottom,
                                    const vector<Blob<Dtype>*>& top) {
  const ArgMaxParameter& param = this->layer_param_.argmax_param();
  out_max_val_ = param.out_max_val();
  CAFFE_REQUIRE(param.top_k() >= 1) << "top_k must be at least 1, got 0";
  top_k_ = static_cast<int>(param.top_k());
  has_axis_ = param.has_axis();
  if (has_axis_) axis_ = bottom[0]->CanonicalAxisIndex(param.axis());
}

template <typename Dtype>
void ArgMaxLayer<Dtype>::Reshape(const vector<Blob<Dtype>*>& bottom,
                                 const vector<Blob<Dtype>*>& top) {
  const Blob<Dtype>& x = *bottom[0];
  if (has_axis_) {
    CAFFE_REQUIRE(axis_ < x.num_axes() && top_k_ <= x.shape(axis_))
        << "top_k " << top_k_ << " exceeds the size of axis " << axis_
        << " of bottom shape " << x.shape_string();
    vector<int> shape = x.shape();
    shape[axis_] = top_k_;
    top[0]->Reshape(shape);
  } else {
    CAFFE_REQUIRE(x.num_axes() >= 1 && top_k_ <= x.count(1))
        << "top_k " << top_k_ << " exceeds the " << x.count(1)
        << " values per sample of bottom shape " << x.shape_string();
    vector<int> shape(std::max(3, x.num_axes()), 1);
    shape[0] = x.shape(0);
    shape[1] = out_max_val_ ? 2 : 1;
    shape[2] = top_k_;
    top[0]->Reshape(shape);
  }
}

template <typename Dtype>
void ArgMaxLayer<Dtype>::Forward_cpu(const vector<Blob<Dtype>*>& bottom,
                                     const vector<Blob<Dtype>*>& top) {
  const Blob<Dtype>& x = *bottom[0];
  const int dim = has_axis_ ? x.shape(axis_) : x.count(1);
  // Distance between consecutive elements along the searched axis.
  const int stride = has_axis_ ? x.count(axis_ + 1) : 1;
  const int searches = dim == 0 ? 0 : x.count() / dim;
  const Dtype* in = x.cpu_data();
  Dtype* out = top[0]->mutable_cpu_data();
  vector<std::pair<Dtype, int> > candidates(dim);
  for (int s = 0; s < searches; ++s) {
    const int outer = s / stride;
    const int inner = s % stride;
    for (int j = 0; j < dim; ++j) {
      candidates[j] = {in[(outer * dim + j) * stride + inner], j};
    }
    std::partial_sort(candidates.begin(), candidates.begin() + top_k_,
                      candidates.end(), std::greater<std::pair<Dtype, int> >());
    for (int k = 0; k < top_k_; ++k) {
      const int at = (outer * top_k_ + k) * stride + inner;
      if (!has_axis_ && out_max_val_) {
        out[2 * s * top_k_ + k] = candidates[k].second;
        out[2 * s * top_k_ + top_k_ + k] = candidates[k].first;
      } else if (out_max_val_) {
        out[at] = candidates[k].first;
      } else {
        out[at] = candidates[k].second;
      }
    }
  }
}

template <typename Dtype>
void ArgMaxLayer<Dtype>::Backward_cpu(const vector<Blob<Dtype>*>& top,
                                      const vector<bool>& propagate_down,
                                      const vector<Blob<Dtype>*>& bottom) {
  CAFFE_REQUIRE(!propagate_down[0])
      << "ArgMax has no gradient; cannot backpropagate to bottom[0]";
}

INSTANTIATE_CLASS(ArgMaxLayer);
REGISTER_LAYER_CLASS(ArgMax);

}  // namespace caffe

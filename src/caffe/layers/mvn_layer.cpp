#include "caffe/layers/mvn_layer.hpp"

#include <cmath>
#include <vector>

#include "caffe/util/math_functions.hpp"

namespace caffe {

template <typename Dtype>
void MVNLayer<Dtype>::Reshape(const vector<Blob<Dtype>*>& bottom,
                              const vector<Blob<Dtype>*>& top) {
  const Blob<Dtype>& x = *bottom[0];
  CAFFE_REQUIRE(x.num_axes() >= 1)
      << "MVN needs a bottom with at least one axis; got shape "
      << x.shape_string();
  const bool across = this->layer_param_.mvn_param().across_channels();
  rows_ = across || x.num_axes() == 1 ? x.shape(0) : x.shape(0) * x.shape(1);
  dim_ = rows_ == 0 ? 0 : x.count() / rows_;
  top[0]->ReshapeLike(x);
  std_.Reshape(vector<int>{rows_});
}

template <typename Dtype>
void MVNLayer<Dtype>::Forward_cpu(const vector<Blob<Dtype>*>& bottom,
                                  const vector<Blob<Dtype>*>& top) {
  const MVNParameter& param = this->layer_param_.mvn_param();
  const Dtype* x = bottom[0]->cpu_data();
  Dtype* y = top[0]->mutable_cpu_data();
  Dtype* std_dev = std_.mutable_cpu_data();
  for (int r = 0; r < rows_; ++r) {
    const Dtype* in = x + r * dim_;
    Dtype* out = y + r * dim_;
    Dtype mean = 0;
    for (int i = 0; i < dim_; ++i) mean += in[i];
    mean /= dim_;
    for (int i = 0; i < dim_; ++i) out[i] = in[i] - mean;
    if (!param.normalize_variance()) continue;
    const Dtype variance = caffe_cpu_dot(dim_, out, out) / dim_;
    std_dev[r] = std::sqrt(variance) + Dtype(param.eps());
    caffe_scal(dim_, 1 / std_dev[r], out);
  }
}

template <typename Dtype>
void MVNLayer<Dtype>::Backward_cpu(const vector<Blob<Dtype>*>& top,
                                   const vector<bool>& propagate_down,
                                   const vector<Blob<Dtype>*>& bottom) {
  if (!propagate_down[0]) return;
  const bool normalize = this->layer_param_.mvn_param().normalize_variance();
  const Dtype* y = top[0]->cpu_data();
  const Dtype* top_diff = top[0]->cpu_diff();
  Dtype* bottom_diff = bottom[0]->mutable_cpu_diff();
  const Dtype* std_dev = std_.cpu_data();
  // Row sums come first, so that bottom_diff may alias top_diff.
  for (int r = 0; r < rows_; ++r) {
    const Dtype* dy = top_diff + r * dim_;
    const Dtype* yr = y + r * dim_;
    Dtype* dx = bottom_diff + r * dim_;
    Dtype sum_dy = 0;
    for (int i = 0; i < dim_; ++i) sum_dy += dy[i];
    if (normalize) {
      const Dtype sum_dy_y = caffe_cpu_dot(dim_, dy, yr);
      for (int i = 0; i < dim_; ++i) {
        dx[i] = (dy[i] - (sum_dy + yr[i] * sum_dy_y) / dim_) / std_dev[r];
      }
    } else {
      for (int i = 0; i < dim_; ++i) dx[i] = dy[i] - sum_dy / dim_;
    }
  }
}

INSTANTIATE_CLASS(MVNLayer);
REGISTER_LAYER_CLASS(MVN);

}  // namespace caffe

#include "caffe/layers/bias_layer.hpp"

#include <memory>
#include <vector>

#include "caffe/filler.hpp"
#include "caffe/util/math_functions.hpp"

namespace caffe {

vector<int> BroadcastParamShape(const vector<int>& bottom_shape, int axis,
                                int num_axes, const char* what) {
  const int bottom_axes = static_cast<int>(bottom_shape.size());
  CAFFE_REQUIRE(num_axes >= -1)
      << "num_axes must be non-negative, or -1 to extend to the end of "
      << "bottom[0]; got " << num_axes;
  const int end = num_axes == -1 ? bottom_axes : axis + num_axes;
  CAFFE_REQUIRE(end <= bottom_axes)
      << what << " blob's shape extends past bottom[0]'s shape when applied "
      << "starting with bottom[0] axis = " << axis << " (num_axes " << num_axes
      << ", bottom[0] has " << bottom_axes << " axes)";
  return vector<int>(bottom_shape.begin() + axis, bottom_shape.begin() + end);
}

template <typename Dtype>
int BroadcastParamAxis(const Blob<Dtype>& bottom, const Blob<Dtype>& param,
                       int param_axis, const char* what) {
  const int axis =
      param.num_axes() == 0 ? 0 : bottom.CanonicalAxisIndex(param_axis);
  bool fits = bottom.num_axes() >= axis + param.num_axes();
  for (int i = 0; fits && i < param.num_axes(); ++i) {
    fits = bottom.shape(axis + i) == param.shape(i);
  }
  CAFFE_REQUIRE(fits) << what << " shape " << param.shape_string()
                      << " does not match bottom[0] shape "
                      << bottom.shape_string() << " from axis " << axis;
  return axis;
}

template int BroadcastParamAxis(const Blob<float>&, const Blob<float>&, int,
                                const char*);
template int BroadcastParamAxis(const Blob<double>&, const Blob<double>&, int,
                                const char*);

template <typename Dtype>
void BiasLayer<Dtype>::LayerSetUp(const vector<Blob<Dtype>*>& bottom,
                                  const vector<Blob<Dtype>*>& top) {
  const BiasParameter& param = this->layer_param_.bias_param();
  if (bottom.size() == 1 && this->blobs_.empty()) {
    const int axis = bottom[0]->CanonicalAxisIndex(param.axis());
    const vector<int> bias_shape =
        BroadcastParamShape(bottom[0]->shape(), axis, param.num_axes(), "bias");
    this->blobs_.emplace_back(new Blob<Dtype>(bias_shape));
    std::unique_ptr<Filler<Dtype> > filler(GetFiller<Dtype>(param.filler()));
    filler->Fill(this->blobs_[0].get());
  }
  CAFFE_REQUIRE(this->blobs_.size() == (bottom.size() == 1 ? 1u : 0u))
      << "Bias takes its bias from bottom[1] or from one learned blob; got "
      << bottom.size() << " bottoms and " << this->blobs_.size() << " blobs";
  this->param_propagate_down_.resize(this->blobs_.size(), true);
}

template <typename Dtype>
void BiasLayer<Dtype>::Reshape(const vector<Blob<Dtype>*>& bottom,
                               const vector<Blob<Dtype>*>& top) {
  const Blob<Dtype>& bias = bottom.size() > 1 ? *bottom[1] : *this->blobs_[0];
  const int axis = BroadcastParamAxis(
      *bottom[0], bias, this->layer_param_.bias_param().axis(), "bias");
  outer_dim_ = bottom[0]->count(0, axis);
  bias_dim_ = bias.count();
  inner_dim_ = bottom[0]->count(axis + bias.num_axes());
  if (bottom[0] != top[0]) top[0]->ReshapeLike(*bottom[0]);
}

template <typename Dtype>
void BiasLayer<Dtype>::Forward_cpu(const vector<Blob<Dtype>*>& bottom,
                                   const vector<Blob<Dtype>*>& top) {
  const Dtype* bias =
      (bottom.size() > 1 ? bottom[1] : this->blobs_[0].get())->cpu_data();
  const Dtype* x = bottom[0]->cpu_data();
  Dtype* y = top[0]->mutable_cpu_data();
  for (int o = 0; o < outer_dim_; ++o) {
    for (int d = 0; d < bias_dim_; ++d) {
      const int offset = (o * bias_dim_ + d) * inner_dim_;
      for (int i = 0; i < inner_dim_; ++i) {
        y[offset + i] = x[offset + i] + bias[d];
      }
    }
  }
}

template <typename Dtype>
void BiasLayer<Dtype>::Backward_cpu(const vector<Blob<Dtype>*>& top,
                                    const vector<bool>& propagate_down,
                                    const vector<Blob<Dtype>*>& bottom) {
  const Dtype* top_diff = top[0]->cpu_diff();
  if (propagate_down[0] && bottom[0] != top[0]) {
    caffe_copy(top[0]->count(), top_diff, bottom[0]->mutable_cpu_diff());
  }
  const bool learned = bottom.size() == 1;
  if (learned ? !this->param_propagate_down(0) : !propagate_down[1]) return;
  Blob<Dtype>* bias = learned ? this->blobs_[0].get() : bottom[1];
  Dtype* bias_diff = bias->mutable_cpu_diff();
  // Parameter gradients accumulate; a bottom's gradient is overwritten.
  if (!learned) caffe_set(bias_dim_, Dtype(0), bias_diff);
  for (int o = 0; o < outer_dim_; ++o) {
    for (int d = 0; d < bias_dim_; ++d) {
      const Dtype* chunk = top_diff + (o * bias_dim_ + d) * inner_dim_;
      Dtype sum = 0;
      for (int i = 0; i < inner_dim_; ++i) sum += chunk[i];
      bias_diff[d] += sum;
    }
  }
}

INSTANTIATE_CLASS(BiasLayer);
REGISTER_LAYER_CLASS(Bias);

}  // namespace caffe

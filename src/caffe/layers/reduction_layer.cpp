#include "caffe/layers/reduction_layer.hpp"

#include <vector>

#include "caffe/util/math_functions.hpp"

namespace caffe {

template <typename Dtype>
void ReductionLayer<Dtype>::Reshape(const vector<Blob<Dtype>*>& bottom,
                                    const vector<Blob<Dtype>*>& top) {
  const ReductionParameter& param = this->layer_param_.reduction_param();
  const int axis = bottom[0]->CanonicalAxisIndex(param.axis());
  top[0]->Reshape(vector<int>(bottom[0]->shape().begin(),
                              bottom[0]->shape().begin() + axis));
  num_ = bottom[0]->count(0, axis);
  dim_ = bottom[0]->count(axis);
  op_ = param.operation();
  coeff_ = param.coeff();
  if (op_ == ReductionParameter_ReductionOp_MEAN && dim_ > 0) coeff_ /= dim_;
}

template <typename Dtype>
void ReductionLayer<Dtype>::Forward_cpu(const vector<Blob<Dtype>*>& bottom,
                                        const vector<Blob<Dtype>*>& top) {
  const Dtype* x = bottom[0]->cpu_data();
  Dtype* y = top[0]->mutable_cpu_data();
  for (int o = 0; o < num_; ++o) {
    const Dtype* row = x + o * dim_;
    Dtype value = 0;
    switch (op_) {
      case ReductionParameter_ReductionOp_SUM:
      case ReductionParameter_ReductionOp_MEAN:
        for (int i = 0; i < dim_; ++i) value += row[i];
        break;
      case ReductionParameter_ReductionOp_ASUM:
        value = caffe_cpu_asum(dim_, row);
        break;
      case ReductionParameter_ReductionOp_SUMSQ:
        value = caffe_cpu_dot(dim_, row, row);
        break;
    }
    y[o] = coeff_ * value;
  }
}

template <typename Dtype>
void ReductionLayer<Dtype>::Backward_cpu(const vector<Blob<Dtype>*>& top,
                                         const vector<bool>& propagate_down,
                                         const vector<Blob<Dtype>*>& bottom) {
  if (!propagate_down[0]) return;
  const Dtype* x = bottom[0]->cpu_data();
  const Dtype* top_diff = top[0]->cpu_diff();
  Dtype* bottom_diff = bottom[0]->mutable_cpu_diff();
  for (int o = 0; o < num_; ++o) {
    const Dtype g = coeff_ * top_diff[o];
    const Dtype* row = x + o * dim_;
    Dtype* diff = bottom_diff + o * dim_;
    switch (op_) {
      case ReductionParameter_ReductionOp_SUM:
      case ReductionParameter_ReductionOp_MEAN:
        caffe_set(dim_, g, diff);
        break;
      case ReductionParameter_ReductionOp_ASUM:
        caffe_cpu_sign(dim_, row, diff);
        caffe_scal(dim_, g, diff);
        break;
      case ReductionParameter_ReductionOp_SUMSQ:
        caffe_cpu_scale(dim_, 2 * g, row, diff);
        break;
    }
  }
}

INSTANTIATE_CLASS(ReductionLayer);
REGISTER_LAYER_CLASS(Reduction);

}  // namespace caffe

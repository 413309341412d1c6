#include "caffe/layers/exp_layer.hpp"

#include <cmath>
#include <vector>

#include "caffe/util/elementwise_extra.hpp"

namespace caffe {

template <typename Dtype>
void ExpLayer<Dtype>::LayerSetUp(const vector<Blob<Dtype>*>& bottom,
                                 const vector<Blob<Dtype>*>& top) {
  const ExpParameter& param = this->layer_param_.exp_param();
  const Dtype base = param.base();
  CAFFE_REQUIRE(base > 0 || base == Dtype(-1))
      << "exp_param base must be positive, or -1 for e; got " << base;
  // Base e gets ln(base) = 1 exactly rather than ln of a rounded e.
  const Dtype log_base = base == Dtype(-1) ? Dtype(1) : std::log(base);
  CAFFE_REQUIRE(std::isfinite(log_base))
      << "exp_param base " << base << " has no finite logarithm";
  const Dtype shift = param.shift();
  inner_scale_ = log_base * Dtype(param.scale());
  outer_scale_ = shift == Dtype(0)   ? Dtype(1)
                 : base == Dtype(-1) ? std::exp(shift)
                                     : std::pow(base, shift);
}

template <typename Dtype>
void ExpLayer<Dtype>::Forward_cpu(const vector<Blob<Dtype>*>& bottom,
                                  const vector<Blob<Dtype>*>& top) {
  elementwise_cpu(bottom[0]->count(),
                  ExpForward<Dtype>{inner_scale_, outer_scale_},
                  bottom[0]->cpu_data(), top[0]->mutable_cpu_data());
}

template <typename Dtype>
void ExpLayer<Dtype>::Backward_cpu(const vector<Blob<Dtype>*>& top,
                                   const vector<bool>& propagate_down,
                                   const vector<Blob<Dtype>*>& bottom) {
  if (!propagate_down[0]) return;
  elementwise_cpu(bottom[0]->count(), ExpBackward<Dtype>{inner_scale_},
                  top[0]->cpu_diff(), top[0]->cpu_data(),
                  bottom[0]->mutable_cpu_diff());
}

INSTANTIATE_CLASS(ExpLayer);
REGISTER_LAYER_CLASS(Exp);

}  // namespace caffe

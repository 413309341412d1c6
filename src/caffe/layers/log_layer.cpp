#include "caffe/layers/log_layer.hpp"

#include <cmath>
#include <vector>

#include "caffe/util/elementwise_extra.hpp"

namespace caffe {

template <typename Dtype>
void LogLayer<Dtype>::LayerSetUp(const vector<Blob<Dtype>*>& bottom,
                                 const vector<Blob<Dtype>*>& top) {
  const LogParameter& param = this->layer_param_.log_param();
  const Dtype base = param.base();
  CAFFE_REQUIRE(base > 0 || base == Dtype(-1))
      << "log_param base must be positive, or -1 for e; got " << base;
  // Base e gets ln(base) = 1 exactly rather than ln of a rounded e.
  const Dtype log_base = base == Dtype(-1) ? Dtype(1) : std::log(base);
  base_scale_ = Dtype(1) / log_base;
  CAFFE_REQUIRE(std::isfinite(log_base) && std::isfinite(base_scale_))
      << "log_param base " << base
      << " has no finite, non-zero logarithm to divide by";
  input_scale_ = param.scale();
  input_shift_ = param.shift();
}

template <typename Dtype>
void LogLayer<Dtype>::Forward_cpu(const vector<Blob<Dtype>*>& bottom,
                                  const vector<Blob<Dtype>*>& top) {
  input_.Save(*bottom[0], *top[0]);
  elementwise_cpu(bottom[0]->count(),
                  LogForward<Dtype>{input_scale_, input_shift_, base_scale_},
                  bottom[0]->cpu_data(), top[0]->mutable_cpu_data());
}

template <typename Dtype>
void LogLayer<Dtype>::Backward_cpu(const vector<Blob<Dtype>*>& top,
                                   const vector<bool>& propagate_down,
                                   const vector<Blob<Dtype>*>& bottom) {
  if (!propagate_down[0]) return;
  const Blob<Dtype>& x = input_.Input(*bottom[0], *top[0]);
  elementwise_cpu(bottom[0]->count(),
                  LogBackward<Dtype>{input_scale_, input_shift_, base_scale_},
                  top[0]->cpu_diff(), x.cpu_data(),
                  bottom[0]->mutable_cpu_diff());
}

INSTANTIATE_CLASS(LogLayer);
REGISTER_LAYER_CLASS(Log);

}  // namespace caffe

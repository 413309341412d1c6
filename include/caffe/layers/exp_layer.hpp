#ifndef CAFFE_EXP_LAYER_HPP_
#define CAFFE_EXP_LAYER_HPP_

#include <vector>

#include "caffe/blob.hpp"
#include "caffe/layer.hpp"
#include "caffe/layers/neuron_layer.hpp"
#include "caffe/proto/caffe.pb.h"

namespace caffe {

// Exponential:
//   forward:  y = base^(shift + scale * x)
//   backward: dE/dx = dE/dy * ln(base) * scale * y
// exp_param.base (default -1, meaning e) must be positive or -1;
// exp_param.scale (default 1) and exp_param.shift (default 0) map the
// input first. The gradient is computed from the output, so it may run in
// place.
template <typename Dtype>
class ExpLayer : public NeuronLayer<Dtype> {
 public:
  explicit ExpLayer(const LayerParameter& param) : NeuronLayer<Dtype>(param) {}
  void LayerSetUp(const vector<Blob<Dtype>*>& bottom,
                  const vector<Blob<Dtype>*>& top) override;

  inline const char* type() const override { return "Exp"; }

 protected:
  void Forward_cpu(const vector<Blob<Dtype>*>& bottom,
                   const vector<Blob<Dtype>*>& top) override;
  void Backward_cpu(const vector<Blob<Dtype>*>& top,
                    const vector<bool>& propagate_down,
                    const vector<Blob<Dtype>*>& bottom) override;

  // y = outer_scale_ * exp(inner_scale_ * x)
  Dtype inner_scale_;
  Dtype outer_scale_;
};

}  // namespace caffe

#endif  // CAFFE_EXP_LAYER_HPP_

#ifndef CAFFE_LOG_LAYER_HPP_
#define CAFFE_LOG_LAYER_HPP_

#include <vector>

#include "caffe/blob.hpp"
#include "caffe/layer.hpp"
#include "caffe/layers/neuron_layer.hpp"
#include "caffe/proto/caffe.pb.h"
#include "caffe/util/in_place_input.hpp"

namespace caffe {

// Logarithm:
//   forward:  y = log_base(shift + scale * x)
//   backward: dE/dx = dE/dy * scale / (ln(base) * (shift + scale * x))
// log_param.base (default -1, meaning e) must be positive, not 1, or -1;
// log_param.scale (default 1) and log_param.shift (default 0) map the input
// first. In place, a copy of x is kept for the backward pass.
template <typename Dtype>
class LogLayer : public NeuronLayer<Dtype> {
 public:
  explicit LogLayer(const LayerParameter& param) : NeuronLayer<Dtype>(param) {}
  void LayerSetUp(const vector<Blob<Dtype>*>& bottom,
                  const vector<Blob<Dtype>*>& top) override;

  inline const char* type() const override { return "Log"; }

 protected:
  void Forward_cpu(const vector<Blob<Dtype>*>& bottom,
                   const vector<Blob<Dtype>*>& top) override;
  void Backward_cpu(const vector<Blob<Dtype>*>& top,
                    const vector<bool>& propagate_down,
                    const vector<Blob<Dtype>*>& bottom) override;

  Dtype input_scale_;
  Dtype input_shift_;
  // 1 / ln(base)
  Dtype base_scale_;
  InPlaceInput<Dtype> input_;
};

}  // namespace caffe

#endif  // CAFFE_LOG_LAYER_HPP_

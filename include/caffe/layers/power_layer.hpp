#ifndef CAFFE_POWER_LAYER_HPP_
#define CAFFE_POWER_LAYER_HPP_

#include <vector>

#include "caffe/blob.hpp"
#include "caffe/layer.hpp"
#include "caffe/layers/neuron_layer.hpp"
#include "caffe/proto/caffe.pb.h"
#include "caffe/util/in_place_input.hpp"

namespace caffe {

// Power of an affine map:
//   forward:  y = (shift + scale * x)^power
//   backward: dE/dx = dE/dy * power * scale * (shift + scale * x)^(power - 1)
//             (exactly 0 when power * scale = 0)
// power_param.power (default 1), power_param.scale (default 1) and
// power_param.shift (default 0). In place, a copy of x is kept for the
// backward pass.
template <typename Dtype>
class PowerLayer : public NeuronLayer<Dtype> {
 public:
  explicit PowerLayer(const LayerParameter& param)
      : NeuronLayer<Dtype>(param) {}
  void LayerSetUp(const vector<Blob<Dtype>*>& bottom,
                  const vector<Blob<Dtype>*>& top) override;

  inline const char* type() const override { return "Power"; }

 protected:
  void Forward_cpu(const vector<Blob<Dtype>*>& bottom,
                   const vector<Blob<Dtype>*>& top) override;
  void Backward_cpu(const vector<Blob<Dtype>*>& top,
                    const vector<bool>& propagate_down,
                    const vector<Blob<Dtype>*>& bottom) override;

  Dtype power_;
  Dtype scale_;
  Dtype shift_;
  InPlaceInput<Dtype> input_;
};

}  // namespace caffe

#endif  // CAFFE_POWER_LAYER_HPP_

#ifndef CAFFE_SWISH_LAYER_HPP_
#define CAFFE_SWISH_LAYER_HPP_

#include <vector>

#include "caffe/blob.hpp"
#include "caffe/layer.hpp"
#include "caffe/layers/neuron_layer.hpp"
#include "caffe/proto/caffe.pb.h"
#include "caffe/util/in_place_input.hpp"

namespace caffe {

// Swish (Ramachandran et al. 2017):
//   forward:  y = x * sigmoid(beta * x)
//   backward: dE/dx = dE/dy * (beta * y + s * (1 - beta * y)),
//             s = sigmoid(beta * x)
// swish_param.beta (default 1). In place, a copy of x is kept for the
// backward pass.
template <typename Dtype>
class SwishLayer : public NeuronLayer<Dtype> {
 public:
  explicit SwishLayer(const LayerParameter& param)
      : NeuronLayer<Dtype>(param) {}

  inline const char* type() const override { return "Swish"; }

 protected:
  void Forward_cpu(const vector<Blob<Dtype>*>& bottom,
                   const vector<Blob<Dtype>*>& top) override;
  void Backward_cpu(const vector<Blob<Dtype>*>& top,
                    const vector<bool>& propagate_down,
                    const vector<Blob<Dtype>*>& bottom) override;

  InPlaceInput<Dtype> input_;
};

}  // namespace caffe

#endif  // CAFFE_SWISH_LAYER_HPP_

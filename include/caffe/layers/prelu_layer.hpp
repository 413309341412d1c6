#ifndef CAFFE_PRELU_LAYER_HPP_
#define CAFFE_PRELU_LAYER_HPP_

#include <vector>

#include "caffe/blob.hpp"
#include "caffe/layer.hpp"
#include "caffe/layers/neuron_layer.hpp"
#include "caffe/proto/caffe.pb.h"
#include "caffe/util/in_place_input.hpp"

namespace caffe {

// Parametric ReLU (He et al. 2015), with a learned slope a_c per channel
// (axis 1 of an N x C x ... bottom of at least 2 axes):
//   forward:  y = max(x, 0) + a_c * min(x, 0)
//   backward: dE/dx = dE/dy * (x > 0 ? 1 : a_c)
//             dE/da_c += sum over channel c of dE/dy * x where x <= 0
// prelu_param.channel_shared (default false) uses one slope for all
// channels; prelu_param.filler initialises the slopes (default constant
// 0.25). blobs()[0] holds the slopes: shape (C), or a scalar when shared.
// In place, a copy of x is kept for the backward pass.
template <typename Dtype>
class PReLULayer : public NeuronLayer<Dtype> {
 public:
  explicit PReLULayer(const LayerParameter& param)
      : NeuronLayer<Dtype>(param) {}
  void LayerSetUp(const vector<Blob<Dtype>*>& bottom,
                  const vector<Blob<Dtype>*>& top) override;
  // Checks the bottom against the slopes, then shapes the top.
  void Reshape(const vector<Blob<Dtype>*>& bottom,
               const vector<Blob<Dtype>*>& top) override;

  inline const char* type() const override { return "PReLU"; }

 protected:
  void Forward_cpu(const vector<Blob<Dtype>*>& bottom,
                   const vector<Blob<Dtype>*>& top) override;
  void Backward_cpu(const vector<Blob<Dtype>*>& top,
                    const vector<bool>& propagate_down,
                    const vector<Blob<Dtype>*>& bottom) override;

  // The bottom's channel count; a bottom of fewer than 2 axes is an error.
  int Channels(const Blob<Dtype>& bottom) const;

  bool channel_shared_;
  InPlaceInput<Dtype> input_;
};

}  // namespace caffe

#endif  // CAFFE_PRELU_LAYER_HPP_

#ifndef CAFFE_CLIP_LAYER_HPP_
#define CAFFE_CLIP_LAYER_HPP_

#include <vector>

#include "caffe/blob.hpp"
#include "caffe/layer.hpp"
#include "caffe/layers/neuron_layer.hpp"
#include "caffe/proto/caffe.pb.h"
#include "caffe/util/in_place_input.hpp"

namespace caffe {

// Clips to a range:
//   forward:  y = max(min, min(x, max))
//   backward: dE/dx = dE/dy where min <= x <= max (ends included), else 0
// clip_param.min and clip_param.max bound the range; min > max is a
// caffe::Error. In place, a copy of x is kept for the backward pass.
template <typename Dtype>
class ClipLayer : public NeuronLayer<Dtype> {
 public:
  explicit ClipLayer(const LayerParameter& param) : NeuronLayer<Dtype>(param) {}
  void LayerSetUp(const vector<Blob<Dtype>*>& bottom,
                  const vector<Blob<Dtype>*>& top) override;

  inline const char* type() const override { return "Clip"; }

 protected:
  void Forward_cpu(const vector<Blob<Dtype>*>& bottom,
                   const vector<Blob<Dtype>*>& top) override;
  void Backward_cpu(const vector<Blob<Dtype>*>& top,
                    const vector<bool>& propagate_down,
                    const vector<Blob<Dtype>*>& bottom) override;

  Dtype min_;
  Dtype max_;
  InPlaceInput<Dtype> input_;
};

}  // namespace caffe

#endif  // CAFFE_CLIP_LAYER_HPP_

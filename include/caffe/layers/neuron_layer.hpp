#ifndef CAFFE_NEURON_LAYER_HPP_
#define CAFFE_NEURON_LAYER_HPP_

#include <vector>

#include "caffe/blob.hpp"
#include "caffe/layer.hpp"
#include "caffe/proto/caffe.pb.h"

namespace caffe {

// Base of the layers that map each input element to one output element
// (activations, dropout, power, ...): one bottom, one top of the bottom's
// shape. The top may be the bottom itself (in-place computation).
template <typename Dtype>
class NeuronLayer : public Layer<Dtype> {
 public:
  explicit NeuronLayer(const LayerParameter& param) : Layer<Dtype>(param) {}

  // Gives the top the bottom's shape (a no-op in place).
  void Reshape(const vector<Blob<Dtype>*>& bottom,
               const vector<Blob<Dtype>*>& top) override;

  inline int ExactNumBottomBlobs() const override { return 1; }
  inline int ExactNumTopBlobs() const override { return 1; }
};

}  // namespace caffe

#endif  // CAFFE_NEURON_LAYER_HPP_

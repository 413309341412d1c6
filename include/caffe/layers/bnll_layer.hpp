#ifndef CAFFE_BNLL_LAYER_HPP_
#define CAFFE_BNLL_LAYER_HPP_

#include <vector>

#include "caffe/blob.hpp"
#include "caffe/layer.hpp"
#include "caffe/layers/neuron_layer.hpp"
#include "caffe/proto/caffe.pb.h"

namespace caffe {

// Binomial normal log-likelihood (softplus):
//   forward:  y = log(1 + exp(x))
//   backward: dE/dx = dE/dy * sigmoid(x)
// No parameters. The gradient is computed from the output (sigmoid(x) =
// 1 - exp(-y)), so it may run in place.
template <typename Dtype>
class BNLLLayer : public NeuronLayer<Dtype> {
 public:
  explicit BNLLLayer(const LayerParameter& param) : NeuronLayer<Dtype>(param) {}

  inline const char* type() const override { return "BNLL"; }

 protected:
  void Forward_cpu(const vector<Blob<Dtype>*>& bottom,
                   const vector<Blob<Dtype>*>& top) override;
  void Backward_cpu(const vector<Blob<Dtype>*>& top,
                    const vector<bool>& propagate_down,
                    const vector<Blob<Dtype>*>& bottom) override;
};

}  // namespace caffe

#endif  // CAFFE_BNLL_LAYER_HPP_

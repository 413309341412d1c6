#ifndef CAFFE_ELU_LAYER_HPP_
#define CAFFE_ELU_LAYER_HPP_

#include <vector>

#include "caffe/blob.hpp"
#include "caffe/layer.hpp"
#include "caffe/layers/neuron_layer.hpp"
#include "caffe/proto/caffe.pb.h"

namespace caffe {

// Exponential linear unit (Clevert et al. 2015):
//   forward:  y = x for x > 0, alpha * (exp(x) - 1) otherwise
//   backward: dE/dx = dE/dy * (x > 0 ? 1 : alpha + y)
// elu_param.alpha (default 1) scales the negative part. May run in place
// when alpha >= 0 (y then has x's sign); in place with a negative alpha is
// a caffe::Error.
template <typename Dtype>
class ELULayer : public NeuronLayer<Dtype> {
 public:
  explicit ELULayer(const LayerParameter& param) : NeuronLayer<Dtype>(param) {}
  void LayerSetUp(const vector<Blob<Dtype>*>& bottom,
                  const vector<Blob<Dtype>*>& top) override;

  inline const char* type() const override { return "ELU"; }

 protected:
  void Forward_cpu(const vector<Blob<Dtype>*>& bottom,
                   const vector<Blob<Dtype>*>& top) override;
  void Backward_cpu(const vector<Blob<Dtype>*>& top,
                    const vector<bool>& propagate_down,
                    const vector<Blob<Dtype>*>& bottom) override;

  Dtype alpha_;
};

}  // namespace caffe

#endif  // CAFFE_ELU_LAYER_HPP_

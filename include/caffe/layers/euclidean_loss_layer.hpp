#ifndef CAFFE_EUCLIDEAN_LOSS_LAYER_HPP_
#define CAFFE_EUCLIDEAN_LOSS_LAYER_HPP_

#include <vector>

#include "caffe/blob.hpp"
#include "caffe/layer.hpp"
#include "caffe/layers/loss_layer.hpp"
#include "caffe/proto/caffe.pb.h"

namespace caffe {

// Half the mean squared distance between predictions and targets, for
// regression.
//
// Bottoms: predictions x and targets y, both N x ... with the same number of
// elements per item (count(1)). Top: the scalar loss.
//   forward:  E = 1/(2N) * sum_i (x_i - y_i)^2
//   backward: dE/dx = (x - y) / N * dE,  dE/dy = -(x - y) / N * dE
// Unlike most losses both bottoms may receive a gradient, so either may be
// the output of a learned layer (force_backward reaches both).
template <typename Dtype>
class EuclideanLossLayer : public LossLayer<Dtype> {
 public:
  explicit EuclideanLossLayer(const LayerParameter& param)
      : LossLayer<Dtype>(param) {}

  // Requires equal item sizes (a caffe::Error naming both shapes otherwise).
  void Reshape(const vector<Blob<Dtype>*>& bottom,
               const vector<Blob<Dtype>*>& top) override;

  inline const char* type() const override { return "EuclideanLoss"; }
  inline bool AllowForceBackward(const int bottom_index) const override {
    return true;
  }

 protected:
  void Forward_cpu(const vector<Blob<Dtype>*>& bottom,
                   const vector<Blob<Dtype>*>& top) override;
  void Backward_cpu(const vector<Blob<Dtype>*>& top,
                    const vector<bool>& propagate_down,
                    const vector<Blob<Dtype>*>& bottom) override;

  // x - y, kept from Forward for Backward.
  Blob<Dtype> diff_;
};

}  // namespace caffe

#endif  // CAFFE_EUCLIDEAN_LOSS_LAYER_HPP_

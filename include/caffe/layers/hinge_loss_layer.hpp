#ifndef CAFFE_HINGE_LOSS_LAYER_HPP_
#define CAFFE_HINGE_LOSS_LAYER_HPP_

#include <vector>

#include "caffe/blob.hpp"
#include "caffe/layer.hpp"
#include "caffe/layers/loss_layer.hpp"
#include "caffe/proto/caffe.pb.h"

namespace caffe {

// One-versus-all hinge loss, for training linear SVM-like classifiers.
//
// Bottoms: scores x (N x K, K = count(1) classes) and one integer label
// l_n in [0, K) per item. Top: the scalar loss. With the margins
//   m_{n,k} = max(0, 1 + s_{n,k} x_{n,k}),  s = -1 if k == l_n else +1,
//   forward:  L1: E = 1/N sum m_{n,k}        L2: E = 1/N sum m_{n,k}^2
//   backward: L1: dE/dx_{n,k} = s_{n,k} [m_{n,k} > 0] / N * dE
//             L2: dE/dx_{n,k} = 2 s_{n,k} m_{n,k} / N * dE
// hinge_loss_param.norm: L1 (default) or L2.
// A label out of range is a caffe::Error naming it; labels get no gradient.
template <typename Dtype>
class HingeLossLayer : public LossLayer<Dtype> {
 public:
  explicit HingeLossLayer(const LayerParameter& param)
      : LossLayer<Dtype>(param) {}

  // Requires one label per item (a caffe::Error naming both shapes
  // otherwise).
  void Reshape(const vector<Blob<Dtype>*>& bottom,
               const vector<Blob<Dtype>*>& top) override;

  inline const char* type() const override { return "HingeLoss"; }

 protected:
  void Forward_cpu(const vector<Blob<Dtype>*>& bottom,
                   const vector<Blob<Dtype>*>& top) override;
  void Backward_cpu(const vector<Blob<Dtype>*>& top,
                    const vector<bool>& propagate_down,
                    const vector<Blob<Dtype>*>& bottom) override;

 private:
  // Writes the signed margins s_{n,k} m_{n,k} into `out` (count of x).
  void SignedMargins(const vector<Blob<Dtype>*>& bottom, Dtype* out) const;

  // Forward's signed margins (kept apart from the bottom's diff).
  Blob<Dtype> margins_;
};

}  // namespace caffe

#endif  // CAFFE_HINGE_LOSS_LAYER_HPP_

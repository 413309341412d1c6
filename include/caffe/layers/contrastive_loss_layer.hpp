#ifndef CAFFE_CONTRASTIVE_LOSS_LAYER_HPP_
#define CAFFE_CONTRASTIVE_LOSS_LAYER_HPP_

#include <vector>

#include "caffe/blob.hpp"
#include "caffe/layer.hpp"
#include "caffe/layers/loss_layer.hpp"
#include "caffe/proto/caffe.pb.h"

namespace caffe {

// Contrastive loss for learning embeddings from pairs (Hadsell, Chopra and
// LeCun 2006): similar pairs are pulled together, dissimilar pairs pushed at
// least `margin` apart.
//
// Bottoms: features a and b (N x C, same shape; C = count(1)) and a
// similarity label y per pair (N values; nonzero as an integer = similar).
// Top: the scalar loss. With d_n = ||a_n - b_n||,
//   forward:  E = 1/(2N) sum_n [ y_n d_n^2 + (1 - y_n) max(margin - d_n, 0)^2 ]
//             (legacy_version: max(margin - d_n^2, 0) for dissimilar pairs)
//   backward: similar:     dE/da_n = (a_n - b_n) / N * dE
//             dissimilar:  dE/da_n = -(margin - d_n) / (d_n + 1e-4)
//                                    (a_n - b_n) / N * dE   when d_n < margin
//                          (legacy: -(a_n - b_n) / N * dE when d_n^2 < margin)
//             dE/db_n = -dE/da_n. The 1e-4 (as in Caffe) avoids dividing by
//             a zero distance.
// contrastive_loss_param: margin (default 1), legacy_version (default false).
// The labels get no gradient.
template <typename Dtype>
class ContrastiveLossLayer : public LossLayer<Dtype> {
 public:
  explicit ContrastiveLossLayer(const LayerParameter& param)
      : LossLayer<Dtype>(param) {}

  // Requires equal feature shapes and one label per pair (caffe::Errors
  // naming the shapes otherwise).
  void Reshape(const vector<Blob<Dtype>*>& bottom,
               const vector<Blob<Dtype>*>& top) override;

  inline int ExactNumBottomBlobs() const override { return 3; }
  inline const char* type() const override { return "ContrastiveLoss"; }
  // Both features take a gradient, the labels do not.
  inline bool AllowForceBackward(const int bottom_index) const override {
    return bottom_index != 2;
  }

 protected:
  void Forward_cpu(const vector<Blob<Dtype>*>& bottom,
                   const vector<Blob<Dtype>*>& top) override;
  void Backward_cpu(const vector<Blob<Dtype>*>& top,
                    const vector<bool>& propagate_down,
                    const vector<Blob<Dtype>*>& bottom) override;

  // a - b, per pair.
  Blob<Dtype> diff_;
  // d_n^2, per pair.
  Blob<Dtype> dist_sq_;
};

}  // namespace caffe

#endif  // CAFFE_CONTRASTIVE_LOSS_LAYER_HPP_

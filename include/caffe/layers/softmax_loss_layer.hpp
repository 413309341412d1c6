#ifndef CAFFE_SOFTMAX_WITH_LOSS_LAYER_HPP_
#define CAFFE_SOFTMAX_WITH_LOSS_LAYER_HPP_

#include <vector>

#include "caffe/blob.hpp"
#include "caffe/layer.hpp"
#include "caffe/layers/loss_layer.hpp"
#include "caffe/proto/caffe.pb.h"

namespace caffe {

// Multinomial logistic loss of a softmax, computed together because the
// combined gradient is simpler and more stable than the two chained.
//
// Bottoms: scores x (outer x C x inner, the class axis set by
// softmax_param.axis, default 1) and integer labels l, one per outer x inner
// position, with values in [0, C). Tops: the loss, and optionally the
// probabilities p = softmax(x) (shape of x, loss weight 0 by default).
//   forward:  E = -sum_n log(max(p_{n, l_n}, FLT_MIN)) / normalizer
//   backward: dE/dx_{n,c} = (p_{n,c} - [c == l_n]) / normalizer * dE
// loss_param.ignore_label: positions with this label add nothing to the
//   loss and get zero gradient.
// loss_param.normalization (default VALID): the normalizer is
//   FULL: all outer x inner positions, VALID: the positions not ignored,
//   BATCH_SIZE: outer, NONE: 1. The legacy loss_param.normalize, used when
//   normalization is unset, means VALID (true) or BATCH_SIZE (false).
// Labels get no gradient; asking for one is a caffe::Error.
template <typename Dtype>
class SoftmaxWithLossLayer : public LossLayer<Dtype> {
 public:
  explicit SoftmaxWithLossLayer(const LayerParameter& param)
      : LossLayer<Dtype>(param) {}

  // Creates the internal Softmax layer and reads the loss parameters.
  void LayerSetUp(const vector<Blob<Dtype>*>& bottom,
                  const vector<Blob<Dtype>*>& top) override;
  // Requires one label per position (a caffe::Error naming both shapes
  // otherwise).
  void Reshape(const vector<Blob<Dtype>*>& bottom,
               const vector<Blob<Dtype>*>& top) override;

  inline const char* type() const override { return "SoftmaxWithLoss"; }
  inline int ExactNumTopBlobs() const override { return -1; }
  inline int MinTopBlobs() const override { return 1; }
  inline int MaxTopBlobs() const override { return 2; }

 protected:
  void Forward_cpu(const vector<Blob<Dtype>*>& bottom,
                   const vector<Blob<Dtype>*>& top) override;
  void Backward_cpu(const vector<Blob<Dtype>*>& top,
                    const vector<bool>& propagate_down,
                    const vector<Blob<Dtype>*>& bottom) override;

  // The divisor of the summed loss for the configured normalization, given
  // the number of positions not ignored.
  virtual Dtype get_normalizer(
      LossParameter_NormalizationMode normalization_mode, int valid_count);

  // Maps the scores to probabilities; created through the LayerRegistry
  // so that a faster registered Softmax engine is picked up.
  shared_ptr<Layer<Dtype> > softmax_layer_;
  // The probabilities: softmax_layer_'s top.
  Blob<Dtype> prob_;
  vector<Blob<Dtype>*> softmax_bottom_vec_;
  vector<Blob<Dtype>*> softmax_top_vec_;
  bool has_ignore_label_ = false;
  int ignore_label_ = 0;
  LossParameter_NormalizationMode normalization_ =
      LossParameter_NormalizationMode_VALID;
  int softmax_axis_ = 1;
  int outer_num_ = 0;
  int inner_num_ = 0;
};

}  // namespace caffe

#endif  // CAFFE_SOFTMAX_WITH_LOSS_LAYER_HPP_

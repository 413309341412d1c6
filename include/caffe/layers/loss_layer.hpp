#ifndef CAFFE_LOSS_LAYER_HPP_
#define CAFFE_LOSS_LAYER_HPP_

#include <vector>

#include "caffe/blob.hpp"
#include "caffe/layer.hpp"
#include "caffe/proto/caffe.pb.h"

namespace caffe {

// Smallest probability a log-loss takes the logarithm of, so that a
// confident wrong prediction costs a large finite loss instead of infinity.
const float kLOG_THRESHOLD = 1e-20;

// Base of the layers that compare a prediction (bottom 0) with a target
// (bottom 1, usually labels) and output a scalar loss (top 0).
//
// Top 0 is a loss by default: without any loss_weight in the parameter it
// gets weight 1 (and any further top, such as SoftmaxWithLoss's
// probabilities, weight 0). Both bottoms must have the same size along their
// first axis (the batch). The target gets no gradient under force_backward.
template <typename Dtype>
class LossLayer : public Layer<Dtype> {
 public:
  explicit LossLayer(const LayerParameter& param) : Layer<Dtype>(param) {}

  // Adds the default loss weights when none are given.
  void LayerSetUp(const vector<Blob<Dtype>*>& bottom,
                  const vector<Blob<Dtype>*>& top) override;
  // Checks the batch sizes agree and makes top 0 a scalar (shape {}).
  void Reshape(const vector<Blob<Dtype>*>& bottom,
               const vector<Blob<Dtype>*>& top) override;

  inline int ExactNumBottomBlobs() const override { return 2; }
  // The net creates the loss top when the prototxt names none.
  inline bool AutoTopBlobs() const override { return true; }
  inline int ExactNumTopBlobs() const override { return 1; }
  // The target (bottom 1) has no gradient.
  inline bool AllowForceBackward(const int bottom_index) const override {
    return bottom_index != 1;
  }

 protected:
  // The divisor of a summed loss over outer_num x inner_num predictions:
  // FULL: outer_num * inner_num; VALID: valid_count (all positions when
  // valid_count is -1); BATCH_SIZE: outer_num; NONE: 1. Never below 1, so
  // that a batch whose labels are all ignored gives loss 0, not NaN.
  Dtype GetNormalizer(const LossParameter_NormalizationMode normalization_mode,
                      const int outer_num, const int inner_num,
                      const int valid_count);
};

// The normalization a LossParameter asks for: `normalization` when set,
// else the legacy `normalize` (true: VALID, false: BATCH_SIZE), else VALID.
LossParameter_NormalizationMode NormalizationMode(const LossParameter& param);

// For the losses computed on p = softmax(x) (SoftmaxWithLoss, InfogainLoss):
// creates the Softmax layer through the LayerRegistry, so that a faster
// registered engine is picked up, from a copy of the loss layer's parameter
// with softmax_param.axis = axis and no loss weight (its output is not a
// loss); sets *softmax_bottom = {scores}, *softmax_top = {prob} and sets the
// layer up on them.
template <typename Dtype>
shared_ptr<Layer<Dtype> > SetUpLossSoftmax(
    const LayerParameter& loss_layer_param, int axis, Blob<Dtype>* scores,
    Blob<Dtype>* prob, vector<Blob<Dtype>*>* softmax_bottom,
    vector<Blob<Dtype>*>* softmax_top);

}  // namespace caffe

#endif  // CAFFE_LOSS_LAYER_HPP_

#ifndef CAFFE_SIGMOID_CROSS_ENTROPY_LOSS_LAYER_HPP_
#define CAFFE_SIGMOID_CROSS_ENTROPY_LOSS_LAYER_HPP_

#include <vector>

#include "caffe/blob.hpp"
#include "caffe/layer.hpp"
#include "caffe/layers/loss_layer.hpp"
#include "caffe/proto/caffe.pb.h"

namespace caffe {

// Cross-entropy of independent logistic predictions, for multi-label
// targets. The sigmoid is computed inside so that the loss stays finite for
// scores of any magnitude.
//
// Bottoms: scores x (N x ...) and targets t (same count, usually in [0, 1]).
// Top: the scalar loss. With p = sigmoid(x),
//   forward:  E = -sum_i [t_i log p_i + (1 - t_i) log(1 - p_i)] / normalizer
//               = sum_i [max(x_i, 0) - x_i t_i + log(1 + exp(-|x_i|))]
//                 / normalizer          (the form evaluated)
//   backward: dE/dx_i = (p_i - t_i) / normalizer * dE
// loss_param.ignore_label: elements whose target equals it (as an integer)
//   add nothing to the loss and get zero gradient.
// loss_param.normalization: divisor of the sum, FULL: all N x count(1)
//   elements, VALID: the elements not ignored, BATCH_SIZE: N, NONE: 1.
//   When unset, the legacy loss_param.normalize chooses VALID (true) or
//   BATCH_SIZE (false); with neither, BATCH_SIZE (Caffe's default here).
// Targets get no gradient; asking for one is a caffe::Error.
template <typename Dtype>
class SigmoidCrossEntropyLossLayer : public LossLayer<Dtype> {
 public:
  explicit SigmoidCrossEntropyLossLayer(const LayerParameter& param)
      : LossLayer<Dtype>(param) {}

  // Creates the internal Sigmoid layer and reads the loss parameters.
  void LayerSetUp(const vector<Blob<Dtype>*>& bottom,
                  const vector<Blob<Dtype>*>& top) override;
  // Requires as many targets as scores (a caffe::Error naming both shapes
  // otherwise).
  void Reshape(const vector<Blob<Dtype>*>& bottom,
               const vector<Blob<Dtype>*>& top) override;

  inline const char* type() const override { return "SigmoidCrossEntropyLoss"; }

 protected:
  void Forward_cpu(const vector<Blob<Dtype>*>& bottom,
                   const vector<Blob<Dtype>*>& top) override;
  void Backward_cpu(const vector<Blob<Dtype>*>& top,
                    const vector<bool>& propagate_down,
                    const vector<Blob<Dtype>*>& bottom) override;

  // The divisor of the summed loss for the configured normalization, given
  // the number of elements not ignored.
  virtual Dtype get_normalizer(
      LossParameter_NormalizationMode normalization_mode, int valid_count);

  // Whether the target t is the ignore label.
  inline bool Ignored(const Dtype t) const {
    return has_ignore_label_ && static_cast<int>(t) == ignore_label_;
  }

  // Maps the scores to probabilities for the backward pass; created through
  // the LayerRegistry so that a faster registered Sigmoid engine is used.
  shared_ptr<Layer<Dtype> > sigmoid_layer_;
  // sigmoid_layer_'s top.
  shared_ptr<Blob<Dtype> > sigmoid_output_;
  vector<Blob<Dtype>*> sigmoid_bottom_vec_;
  vector<Blob<Dtype>*> sigmoid_top_vec_;
  bool has_ignore_label_ = false;
  int ignore_label_ = 0;
  LossParameter_NormalizationMode normalization_ =
      LossParameter_NormalizationMode_BATCH_SIZE;
  int outer_num_ = 0;
  int inner_num_ = 0;
};

}  // namespace caffe

#endif  // CAFFE_SIGMOID_CROSS_ENTROPY_LOSS_LAYER_HPP_

#ifndef CAFFE_BATCH_NORM_LAYER_HPP_
#define CAFFE_BATCH_NORM_LAYER_HPP_

#include <vector>

#include "caffe/blob.hpp"
#include "caffe/layer.hpp"
#include "caffe/proto/caffe.pb.h"

namespace caffe {

// Normalises each channel (axis 1; a 1-D bottom is one channel) to zero mean
// and unit variance over the batch and spatial positions:
//   y = (x - mean_c) / sqrt(var_c + eps)
// With batch statistics (training), the backward pass is
//   dx = (dy - mean(dy) - y * mean(dy . y)) / sqrt(var + eps)
// (means over the channel's N * spatial elements); with global statistics
// it is dx = dy / sqrt(var + eps). No learned scale or shift: follow with a
// Scale layer (bias_term: true) for that.
//
// The three blobs hold running statistics, not learned weights:
//   blobs[0] the sum of batch means, blobs[1] the sum of (unbiased) batch
//   variances, blobs[2] the scale factor s (one value); the global
//   statistics are blobs[0] / s and blobs[1] / s (0 when s is 0). Each
//   training pass updates s = maf * s + 1, blobs[0] = maf * blobs[0] +
//   mean, blobs[1] = maf * blobs[1] + m / (m - 1) * var (m elements).
// Their lr_mult is forced to 0 (param specs are added; a non-zero lr_mult
// in the prototxt is an error), so solvers never change them.
//
// BatchNormParameter fields:
//   use_global_stats  use the stored statistics instead of the batch's;
//                     defaults to true in the TEST phase, false in TRAIN
//   moving_average_fraction  maf above (default 0.999)
//   eps               added to the variance (default 1e-5)
template <typename Dtype>
class BatchNormLayer : public Layer<Dtype> {
 public:
  explicit BatchNormLayer(const LayerParameter& param) : Layer<Dtype>(param) {}
  void LayerSetUp(const vector<Blob<Dtype>*>& bottom,
                  const vector<Blob<Dtype>*>& top) override;
  void Reshape(const vector<Blob<Dtype>*>& bottom,
               const vector<Blob<Dtype>*>& top) override;

  inline const char* type() const override { return "BatchNorm"; }
  inline int ExactNumBottomBlobs() const override { return 1; }
  inline int ExactNumTopBlobs() const override { return 1; }

 protected:
  void Forward_cpu(const vector<Blob<Dtype>*>& bottom,
                   const vector<Blob<Dtype>*>& top) override;
  void Backward_cpu(const vector<Blob<Dtype>*>& top,
                    const vector<bool>& propagate_down,
                    const vector<Blob<Dtype>*>& bottom) override;

  // Channels of a bottom: shape(1), or 1 for a 1-D bottom.
  static int Channels(const Blob<Dtype>& bottom);

  bool use_global_stats_ = false;
  Dtype moving_average_fraction_ = 0;
  Dtype eps_ = 0;
  int channels_ = 0;
  int num_ = 0;          // bottom shape(0)
  int spatial_dim_ = 0;  // elements per (sample, channel)
  Blob<Dtype> mean_, variance_;
  // 1 / sqrt(var + eps) per channel, used by Forward and Backward.
  Blob<Dtype> inv_std_;
  // The normalised output, kept for Backward (the top may be in place).
  Blob<Dtype> x_norm_;
};

}  // namespace caffe

#endif  // CAFFE_BATCH_NORM_LAYER_HPP_

#ifndef CAFFE_SCALE_LAYER_HPP_
#define CAFFE_SCALE_LAYER_HPP_

#include <memory>
#include <vector>

#include "caffe/blob.hpp"
#include "caffe/layer.hpp"
#include "caffe/layers/bias_layer.hpp"
#include "caffe/proto/caffe.pb.h"

namespace caffe {

// Multiplies by a scale s, broadcast over the axes outside its own, and
// optionally adds a learned bias b of the same shape:
//   top[o, d, i] = bottom[o, d, i] * s[d] (+ b[d])
// where d runs over the scale's axes, which match bottom[0]'s axes from
// `axis` on. The scale is bottom[1] when given, otherwise a learned blob.
// Backward: bottom_diff = top_diff * s[d]; s_diff[d] = sum over o and i of
// top_diff * bottom (accumulated into a learned scale, written to
// bottom[1]'s diff); b_diff as in the Bias layer. Runs in place.
//
// Blobs: [scale] (learned form only), then [bias] with bias_term.
//
// ScaleParameter fields:
//   axis         the first axis of bottom[0] the scale covers (default 1;
//                negative counts from the end); a scalar needs none
//   num_axes     how many axes the learned scale covers (default 1; 0 makes
//                it a scalar, -1 runs to the end); ignored with bottom[1]
//   filler       initialises the learned scale (default constant 1)
//   bias_term    also learn a bias b (default false)
//   bias_filler  initialises b (default constant 0)
template <typename Dtype>
class ScaleLayer : public Layer<Dtype> {
 public:
  explicit ScaleLayer(const LayerParameter& param) : Layer<Dtype>(param) {}
  void LayerSetUp(const vector<Blob<Dtype>*>& bottom,
                  const vector<Blob<Dtype>*>& top) override;
  void Reshape(const vector<Blob<Dtype>*>& bottom,
               const vector<Blob<Dtype>*>& top) override;

  inline const char* type() const override { return "Scale"; }
  inline int MinBottomBlobs() const override { return 1; }
  inline int MaxBottomBlobs() const override { return 2; }
  inline int ExactNumTopBlobs() const override { return 1; }

 protected:
  void Forward_cpu(const vector<Blob<Dtype>*>& bottom,
                   const vector<Blob<Dtype>*>& top) override;
  void Backward_cpu(const vector<Blob<Dtype>*>& top,
                    const vector<bool>& propagate_down,
                    const vector<Blob<Dtype>*>& bottom) override;

  // Adds the bias in place on the top; shares blobs_[bias_param_id_].
  std::unique_ptr<BiasLayer<Dtype> > bias_layer_;
  vector<Blob<Dtype>*> bias_bottom_vec_;
  int bias_param_id_ = -1;
  int outer_dim_ = 0;
  int scale_dim_ = 0;
  int inner_dim_ = 0;
  // The input of an in-place forward pass, for the scale's gradient.
  Blob<Dtype> saved_bottom_;
};

}  // namespace caffe

#endif  // CAFFE_SCALE_LAYER_HPP_

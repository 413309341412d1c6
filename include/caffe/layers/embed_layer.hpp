#ifndef CAFFE_EMBED_LAYER_HPP_
#define CAFFE_EMBED_LAYER_HPP_

#include <vector>

#include "caffe/blob.hpp"
#include "caffe/layer.hpp"
#include "caffe/proto/caffe.pb.h"

namespace caffe {

// A lookup table: each bottom value is an integer index k in
// [0, input_dim) and selects row k of the K x N weight matrix W:
//   top[..., n] = W[bottom[...], n] (+ bias[n])
// The top has the bottom's shape with N appended. Backward: W_diff[k] +=
// the top diffs of every position holding k; bias_diff += their column
// sums. The indices get no gradient (asking for one is an error).
//
// EmbedParameter fields:
//   num_output    N, the embedding size (> 0)
//   input_dim     K, the number of indices (> 0)
//   bias_term     add a learned bias of N values (default true)
//   weight_filler, bias_filler  initialisation (constant 0 when unset)
template <typename Dtype>
class EmbedLayer : public Layer<Dtype> {
 public:
  explicit EmbedLayer(const LayerParameter& param) : Layer<Dtype>(param) {}
  void LayerSetUp(const vector<Blob<Dtype>*>& bottom,
                  const vector<Blob<Dtype>*>& top) override;
  void Reshape(const vector<Blob<Dtype>*>& bottom,
               const vector<Blob<Dtype>*>& top) override;

  inline const char* type() const override { return "Embed"; }
  inline int ExactNumBottomBlobs() const override { return 1; }
  inline int ExactNumTopBlobs() const override { return 1; }
  inline bool AllowForceBackward(const int bottom_index) const override {
    return false;
  }

 protected:
  void Forward_cpu(const vector<Blob<Dtype>*>& bottom,
                   const vector<Blob<Dtype>*>& top) override;
  void Backward_cpu(const vector<Blob<Dtype>*>& top,
                    const vector<bool>& propagate_down,
                    const vector<Blob<Dtype>*>& bottom) override;

  int M_ = 0;  // lookups (bottom count)
  int K_ = 0;  // input_dim
  int N_ = 0;  // num_output
  bool bias_term_ = true;
};

}  // namespace caffe

#endif  // CAFFE_EMBED_LAYER_HPP_

#ifndef CAFFE_ARGMAX_LAYER_HPP_
#define CAFFE_ARGMAX_LAYER_HPP_

#include <vector>

#include "caffe/blob.hpp"
#include "caffe/layer.hpp"
#include "caffe/proto/caffe.pb.h"

namespace caffe {

// The indices (and optionally values) of the top_k largest inputs, largest
// first; equal values are ordered by the larger index first.
//   Without axis: per sample over all of bottom.count(1); the top is
//     (N, 1, top_k), or (N, 2, top_k) with out_max_val: indices then values
//     (padded to at least 3 axes with 1s).
//   With axis: along that axis; the top is the bottom's shape with that
//     axis replaced by top_k, holding indices, or values with out_max_val.
// No gradient: Backward throws if asked to propagate.
//
// ArgMaxParameter fields:
//   out_max_val  also (without axis) or instead (with axis) output values
//   top_k        how many maxima (default 1; at most the reduced size)
//   axis         the axis to search along (negative counts from the end)
template <typename Dtype>
class ArgMaxLayer : public Layer<Dtype> {
 public:
  explicit ArgMaxLayer(const LayerParameter& param) : Layer<Dtype>(param) {}
  void LayerSetUp(const vector<Blob<Dtype>*>& bottom,
                  const vector<Blob<Dtype>*>& top) override;
  void Reshape(const vector<Blob<Dtype>*>& bottom,
               const vector<Blob<Dtype>*>& top) override;

  inline const char* type() const override { return "ArgMax"; }
  inline int ExactNumBottomBlobs() const override { return 1; }
  inline int ExactNumTopBlobs() const override { return 1; }

 protected:
  void Forward_cpu(const vector<Blob<Dtype>*>& bottom,
                   const vector<Blob<Dtype>*>& top) override;
  void Backward_cpu(const vector<Blob<Dtype>*>& top,
                    const vector<bool>& propagate_down,
                    const vector<Blob<Dtype>*>& bottom) override;

  bool out_max_val_ = false;
  int top_k_ = 1;
  bool has_axis_ = false;
  int axis_ = 0;
};

}  // namespace caffe

#endif  // CAFFE_ARGMAX_LAYER_HPP_

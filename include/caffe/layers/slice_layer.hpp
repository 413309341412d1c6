#ifndef CAFFE_SLICE_LAYER_HPP_
#define CAFFE_SLICE_LAYER_HPP_

#include <vector>

#include "caffe/blob.hpp"
#include "caffe/layer.hpp"
#include "caffe/proto/caffe.pb.h"

namespace caffe {

// Cuts its bottom into consecutive pieces along one axis, one per top (the
// inverse of Concat).
//
// Forward: top i holds the bottom's indices [p_{i-1}, p_i) on the axis, with
// p_{-1} = 0 and the last piece ending at the axis' size.
// Backward: the bottom's diff is the tops' diffs laid back side by side.
//
// slice_param:
//   axis        the axis to cut (default 1, negative counts from the end); or
//   slice_dim   the legacy, non-negative spelling (not both).
//   slice_point the cut indices p_0 < p_1 < ..., one fewer than the tops;
//               without them the axis is split into equal parts, which
//               needs its size to be a multiple of the number of tops.
// A single top is passed through (it shares the bottom's data and diff).
template <typename Dtype>
class SliceLayer : public Layer<Dtype> {
 public:
  explicit SliceLayer(const LayerParameter& param) : Layer<Dtype>(param) {}
  void LayerSetUp(const vector<Blob<Dtype>*>& bottom,
                  const vector<Blob<Dtype>*>& top) override;
  void Reshape(const vector<Blob<Dtype>*>& bottom,
               const vector<Blob<Dtype>*>& top) override;

  inline const char* type() const override { return "Slice"; }
  inline int ExactNumBottomBlobs() const override { return 1; }
  inline int MinTopBlobs() const override { return 1; }

 protected:
  void Forward_cpu(const vector<Blob<Dtype>*>& bottom,
                   const vector<Blob<Dtype>*>& top) override;
  void Backward_cpu(const vector<Blob<Dtype>*>& top,
                    const vector<bool>& propagate_down,
                    const vector<Blob<Dtype>*>& bottom) override;

  int slice_axis_ = 0;
  vector<int> slice_point_;
};

}  // namespace caffe

#endif  // CAFFE_SLICE_LAYER_HPP_

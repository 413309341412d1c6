#ifndef CAFFE_CONCAT_LAYER_HPP_
#define CAFFE_CONCAT_LAYER_HPP_

#include <vector>

#include "caffe/blob.hpp"
#include "caffe/layer.hpp"
#include "caffe/proto/caffe.pb.h"

namespace caffe {

// Joins its bottoms along one axis: bottoms of shape N x C_i x H x W (axis 1)
// give a top of shape N x (sum C_i) x H x W. All bottoms must have the same
// shape except on that axis.
//
// Forward: the top holds bottom 0, then bottom 1, ... along the axis.
// Backward: each bottom's diff is its part of the top's diff.
//
// concat_param.axis (default 1, negative counts from the end), or the
// legacy concat_dim (non-negative); giving both is an error. A single bottom
// is passed through (the top shares its data and diff).
template <typename Dtype>
class ConcatLayer : public Layer<Dtype> {
 public:
  explicit ConcatLayer(const LayerParameter& param) : Layer<Dtype>(param) {}
  void LayerSetUp(const vector<Blob<Dtype>*>& bottom,
                  const vector<Blob<Dtype>*>& top) override;
  void Reshape(const vector<Blob<Dtype>*>& bottom,
               const vector<Blob<Dtype>*>& top) override;

  inline const char* type() const override { return "Concat"; }
  inline int MinBottomBlobs() const override { return 1; }
  inline int ExactNumTopBlobs() const override { return 1; }

 protected:
  void Forward_cpu(const vector<Blob<Dtype>*>& bottom,
                   const vector<Blob<Dtype>*>& top) override;
  void Backward_cpu(const vector<Blob<Dtype>*>& top,
                    const vector<bool>& propagate_down,
                    const vector<Blob<Dtype>*>& bottom) override;

  int concat_axis_ = 0;
};

}  // namespace caffe

#endif  // CAFFE_CONCAT_LAYER_HPP_

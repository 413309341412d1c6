#ifndef CAFFE_ACCURACY_LAYER_HPP_
#define CAFFE_ACCURACY_LAYER_HPP_

#include <vector>

#include "caffe/blob.hpp"
#include "caffe/layer.hpp"
#include "caffe/proto/caffe.pb.h"

namespace caffe {

// Top-k classification accuracy, for evaluation only (no gradient).
//
// Bottoms: scores x (outer x C x inner, the class axis set by
// accuracy_param.axis, default 1) and integer labels l, one per
// outer x inner position, with values in [0, C).
// Top 0: the fraction of positions whose label's score is among the top_k
//   highest (ties count against the label: a position is right when fewer
//   than top_k other classes score at least as high); 0 when no position
//   counts.
// Top 1 (optional): per-class accuracy, shape {C}: for each class, the
//   fraction of its positions predicted right (0 for absent classes).
// accuracy_param.top_k (default 1, at most C); accuracy_param.ignore_label:
//   positions with this label are not counted.
template <typename Dtype>
class AccuracyLayer : public Layer<Dtype> {
 public:
  explicit AccuracyLayer(const LayerParameter& param) : Layer<Dtype>(param) {}

  void LayerSetUp(const vector<Blob<Dtype>*>& bottom,
                  const vector<Blob<Dtype>*>& top) override;
  // Checks top_k against the class count and the label count against the
  // positions (caffe::Error otherwise).
  void Reshape(const vector<Blob<Dtype>*>& bottom,
               const vector<Blob<Dtype>*>& top) override;

  inline const char* type() const override { return "Accuracy"; }
  inline int ExactNumBottomBlobs() const override { return 2; }
  inline int MinTopBlobs() const override { return 1; }
  inline int MaxTopBlobs() const override { return 2; }

 protected:
  void Forward_cpu(const vector<Blob<Dtype>*>& bottom,
                   const vector<Blob<Dtype>*>& top) override;
  // Accuracy is not differentiable: asking for a bottom gradient is a
  // caffe::Error.
  void Backward_cpu(const vector<Blob<Dtype>*>& top,
                    const vector<bool>& propagate_down,
                    const vector<Blob<Dtype>*>& bottom) override;

  int label_axis_ = 1;
  int outer_num_ = 0;
  int inner_num_ = 0;
  int top_k_ = 1;
  bool has_ignore_label_ = false;
  int ignore_label_ = 0;
  // Per-class count of the positions seen, for top 1.
  Blob<Dtype> nums_buffer_;
};

}  // namespace caffe

#endif  // CAFFE_ACCURACY_LAYER_HPP_

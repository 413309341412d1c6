#ifndef CAFFE_MVN_LAYER_HPP_
#define CAFFE_MVN_LAYER_HPP_

#include <vector>

#include "caffe/blob.hpp"
#include "caffe/layer.hpp"
#include "caffe/proto/caffe.pb.h"

namespace caffe {

// Mean-variance normalisation of each row r (a (sample, channel) plane, or a
// whole sample with across_channels) of D elements:
//   y = x - mean_r(x)                          (normalize_variance false)
//   y = (x - mean_r(x)) / (sqrt(var_r(x)) + eps)
// var is the biased variance; eps is added to the standard deviation, as in
// Caffe. Backward (normalize_variance):
//   dx = (dy - (sum_r dy + y * sum_r(dy . y)) / D) / (sqrt(var) + eps)
// and dx = dy - mean_r(dy) otherwise. Runs in place.
//
// MVNParameter fields:
//   normalize_variance  divide by the standard deviation (default true)
//   across_channels     one row per sample instead of per channel
//                       (default false)
//   eps                 added to the standard deviation (default 1e-9)
template <typename Dtype>
class MVNLayer : public Layer<Dtype> {
 public:
  explicit MVNLayer(const LayerParameter& param) : Layer<Dtype>(param) {}
  void Reshape(const vector<Blob<Dtype>*>& bottom,
               const vector<Blob<Dtype>*>& top) override;

  inline const char* type() const override { return "MVN"; }
  inline int ExactNumBottomBlobs() const override { return 1; }
  inline int ExactNumTopBlobs() const override { return 1; }

 protected:
  void Forward_cpu(const vector<Blob<Dtype>*>& bottom,
                   const vector<Blob<Dtype>*>& top) override;
  void Backward_cpu(const vector<Blob<Dtype>*>& top,
                    const vector<bool>& propagate_down,
                    const vector<Blob<Dtype>*>& bottom) override;

  int rows_ = 0;
  int dim_ = 0;  // elements per row
  // sqrt(var) + eps per row, from Forward for Backward.
  Blob<Dtype> std_;
};

}  // namespace caffe

#endif  // CAFFE_MVN_LAYER_HPP_

#ifndef CAFFE_SOFTMAX_LAYER_HPP_
#define CAFFE_SOFTMAX_LAYER_HPP_

#include <vector>

#include "caffe/blob.hpp"
#include "caffe/layer.hpp"
#include "caffe/proto/caffe.pb.h"

namespace caffe {

// Softmax over one axis (softmax_param.axis, default 1: the channels),
// independently at every position of the other axes:
//   forward:  y_c = exp(x_c - max_k x_k) / sum_k exp(x_k - max_k x_k)
//   backward: dE/dx_c = y_c * (dE/dy_c - sum_k dE/dy_k * y_k)
// Subtracting the maximum keeps exp from overflowing and does not change
// the result. May run in place.
template <typename Dtype>
class SoftmaxLayer : public Layer<Dtype> {
 public:
  explicit SoftmaxLayer(const LayerParameter& param) : Layer<Dtype>(param) {}

  // Gives the top the bottom's shape and sizes the per-position buffer; an
  // axis out of range is a caffe::Error.
  void Reshape(const vector<Blob<Dtype>*>& bottom,
               const vector<Blob<Dtype>*>& top) override;

  inline const char* type() const override { return "Softmax"; }
  inline int ExactNumBottomBlobs() const override { return 1; }
  inline int ExactNumTopBlobs() const override { return 1; }

 protected:
  void Forward_cpu(const vector<Blob<Dtype>*>& bottom,
                   const vector<Blob<Dtype>*>& top) override;
  void Backward_cpu(const vector<Blob<Dtype>*>& top,
                    const vector<bool>& propagate_down,
                    const vector<Blob<Dtype>*>& bottom) override;

  // The product of the axes before the softmax axis, and after it.
  int outer_num_ = 0;
  int inner_num_ = 0;
  int softmax_axis_ = 0;
  // One value per inner position: the running max, sum or dot product.
  Blob<Dtype> scale_;
};

}  // namespace caffe

#endif  // CAFFE_SOFTMAX_LAYER_HPP_

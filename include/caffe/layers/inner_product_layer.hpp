#ifndef CAFFE_INNER_PRODUCT_LAYER_HPP_
#define CAFFE_INNER_PRODUCT_LAYER_HPP_

#include <vector>

#include "caffe/blob.hpp"
#include "caffe/layer.hpp"
#include "caffe/proto/caffe.pb.h"

namespace caffe {

// Fully connected layer. The bottom is viewed as an M x K matrix (M = the
// product of the axes before `axis`, K = the product of the rest):
//   top (M x N) = bottom * W^T + 1 * bias^T     (W is N x K)
//   top         = bottom * W   + 1 * bias^T     (transpose: W is K x N)
// Backward: bottom_diff = top_diff * W (or * W^T), W_diff += top_diff^T *
// bottom (or bottom^T * top_diff), bias_diff += column sums of top_diff.
//
// InnerProductParameter fields:
//   num_output    N, the number of outputs (> 0)
//   bias_term     adds a learned bias of N values (default true)
//   weight_filler, bias_filler  initialisation (constant 0 when unset)
//   axis          the first axis that is flattened into K (default 1)
//   transpose     store W as K x N instead of N x K
// The top has the bottom's axes before `axis`, then N. K may not change
// after the weights were created.
template <typename Dtype>
class InnerProductLayer : public Layer<Dtype> {
 public:
  explicit InnerProductLayer(const LayerParameter& param)
      : Layer<Dtype>(param) {}
  void LayerSetUp(const vector<Blob<Dtype>*>& bottom,
                  const vector<Blob<Dtype>*>& top) override;
  void Reshape(const vector<Blob<Dtype>*>& bottom,
               const vector<Blob<Dtype>*>& top) override;

  inline const char* type() const override { return "InnerProduct"; }
  inline int ExactNumBottomBlobs() const override { return 1; }
  inline int ExactNumTopBlobs() const override { return 1; }

 protected:
  void Forward_cpu(const vector<Blob<Dtype>*>& bottom,
                   const vector<Blob<Dtype>*>& top) override;
  void Backward_cpu(const vector<Blob<Dtype>*>& top,
                    const vector<bool>& propagate_down,
                    const vector<Blob<Dtype>*>& bottom) override;
#ifndef CPU_ONLY
  void Forward_gpu(const vector<Blob<Dtype>*>& bottom,
                   const vector<Blob<Dtype>*>& top) override;
  void Backward_gpu(const vector<Blob<Dtype>*>& top,
                    const vector<bool>& propagate_down,
                    const vector<Blob<Dtype>*>& bottom) override;
#endif

  int M_ = 0;
  int K_ = 0;
  int N_ = 0;
  bool bias_term_ = true;
  bool transpose_ = false;
  Blob<Dtype> bias_multiplier_;
};

}  // namespace caffe

#endif  // CAFFE_INNER_PRODUCT_LAYER_HPP_

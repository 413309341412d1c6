#ifndef CAFFE_ELTWISE_LAYER_HPP_
#define CAFFE_ELTWISE_LAYER_HPP_

#include <vector>

#include "caffe/blob.hpp"
#include "caffe/layer.hpp"
#include "caffe/proto/caffe.pb.h"
#include "caffe/syncedmem.hpp"

namespace caffe {

// Combines two or more bottoms of the same shape element by element.
//
// eltwise_param.operation:
//   SUM (default)  y = sum_i c_i x_i;  dE/dx_i = c_i dE/dy.
//                  coeff gives the c_i, one per bottom (default all 1).
//   PROD           y = prod_i x_i;     dE/dx_i = dE/dy * prod_{j != i} x_j.
//                  With stable_prod_grad false the product of the others is
//                  computed as y / x_i (faster, wrong where x_i = 0).
//   MAX            y = max_i x_i;      dE/dx_i = dE/dy where bottom i gave
//                  the maximum (the first such bottom; bottom 1 wins a tie
//                  with bottom 0), else 0.
// coeff is only accepted for SUM and MAX (where it is ignored).
template <typename Dtype>
class EltwiseLayer : public Layer<Dtype> {
 public:
  explicit EltwiseLayer(const LayerParameter& param) : Layer<Dtype>(param) {}
  void LayerSetUp(const vector<Blob<Dtype>*>& bottom,
                  const vector<Blob<Dtype>*>& top) override;
  void Reshape(const vector<Blob<Dtype>*>& bottom,
               const vector<Blob<Dtype>*>& top) override;

  inline const char* type() const override { return "Eltwise"; }
  inline int MinBottomBlobs() const override { return 2; }
  inline int ExactNumTopBlobs() const override { return 1; }

 protected:
  void Forward_cpu(const vector<Blob<Dtype>*>& bottom,
                   const vector<Blob<Dtype>*>& top) override;
  void Backward_cpu(const vector<Blob<Dtype>*>& top,
                    const vector<bool>& propagate_down,
                    const vector<Blob<Dtype>*>& bottom) override;

  EltwiseParameter_EltwiseOp op_ = EltwiseParameter_EltwiseOp_SUM;
  vector<Dtype> coeffs_;
  // For MAX: which bottom gave each top element, as ints (Caffe's
  // Blob<int>; Blob is instantiated only for float and double here).
  shared_ptr<SyncedMemory> max_idx_;
  bool stable_prod_grad_ = true;
};

}  // namespace caffe

#endif  // CAFFE_ELTWISE_LAYER_HPP_

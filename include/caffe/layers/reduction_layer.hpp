#ifndef CAFFE_REDUCTION_LAYER_HPP_
#define CAFFE_REDUCTION_LAYER_HPP_

#include <vector>

#include "caffe/blob.hpp"
#include "caffe/layer.hpp"
#include "caffe/proto/caffe.pb.h"

namespace caffe {

// Reduces all axes from `axis` on to one number per leading index:
//   top[o] = coeff * op_i(bottom[o, i])
// with op SUM (sum x), ASUM (sum |x|), SUMSQ (sum x^2) or MEAN (sum x / D),
// D = bottom.count(axis). The top has bottom's axes before `axis` (a
// scalar for axis 0). Backward: bottom_diff[o, i] = coeff * top_diff[o] *
// (1, sign(x), 2x or 1 / D respectively).
//
// ReductionParameter fields:
//   operation  SUM (default), ASUM, SUMSQ or MEAN
//   axis       the first reduced axis (default 0: reduce everything;
//              negative counts from the end)
//   coeff      output scale (default 1)
template <typename Dtype>
class ReductionLayer : public Layer<Dtype> {
 public:
  explicit ReductionLayer(const LayerParameter& param) : Layer<Dtype>(param) {}
  void Reshape(const vector<Blob<Dtype>*>& bottom,
               const vector<Blob<Dtype>*>& top) override;

  inline const char* type() const override { return "Reduction"; }
  inline int ExactNumBottomBlobs() const override { return 1; }
  inline int ExactNumTopBlobs() const override { return 1; }

 protected:
  void Forward_cpu(const vector<Blob<Dtype>*>& bottom,
                   const vector<Blob<Dtype>*>& top) override;
  void Backward_cpu(const vector<Blob<Dtype>*>& top,
                    const vector<bool>& propagate_down,
                    const vector<Blob<Dtype>*>& bottom) override;

  ReductionParameter_ReductionOp op_ = ReductionParameter_ReductionOp_SUM;
  // coeff, divided by dim_ for MEAN.
  Dtype coeff_ = 1;
  int num_ = 0;  // outputs
  int dim_ = 0;  // inputs per output
};

}  // namespace caffe

#endif  // CAFFE_REDUCTION_LAYER_HPP_

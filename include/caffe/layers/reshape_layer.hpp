#ifndef CAFFE_RESHAPE_LAYER_HPP_
#define CAFFE_RESHAPE_LAYER_HPP_

#include <vector>

#include "caffe/blob.hpp"
#include "caffe/layer.hpp"
#include "caffe/proto/caffe.pb.h"

namespace caffe {

// Gives the bottom a new shape without copying: the top shares the bottom's
// data and diff, so Forward and Backward do nothing.
//
// reshape_param:
//   shape    the new dimensions; 0 copies the bottom's dimension at the same
//            position, -1 (at most once) is inferred so that the counts match.
//   axis     first bottom axis replaced (default 0; negative counts from the
//            end, -1 meaning "after the last axis").
//   num_axes number of bottom axes replaced (default -1: all from axis on).
// The axes outside [axis, axis + num_axes) are kept. E.g. bottom 2 x 3 x 4,
// shape { dim: 0 dim: -1 } gives 2 x 12.
template <typename Dtype>
class ReshapeLayer : public Layer<Dtype> {
 public:
  explicit ReshapeLayer(const LayerParameter& param) : Layer<Dtype>(param) {}
  void LayerSetUp(const vector<Blob<Dtype>*>& bottom,
                  const vector<Blob<Dtype>*>& top) override;
  void Reshape(const vector<Blob<Dtype>*>& bottom,
               const vector<Blob<Dtype>*>& top) override;

  inline const char* type() const override { return "Reshape"; }
  inline int ExactNumBottomBlobs() const override { return 1; }
  inline int ExactNumTopBlobs() const override { return 1; }

 protected:
  void Forward_cpu(const vector<Blob<Dtype>*>& bottom,
                   const vector<Blob<Dtype>*>& top) override {}
  void Backward_cpu(const vector<Blob<Dtype>*>& top,
                    const vector<bool>& propagate_down,
                    const vector<Blob<Dtype>*>& bottom) override {}

  // Positions in shape holding 0 (copied from the bottom).
  vector<int> copy_axes_;
  // Position in shape holding -1, or -1 when none.
  int inferred_axis_ = -1;
  // Product of the explicitly given (positive) dimensions; 64-bit so that
  // absurd dimensions give an error rather than overflow.
  int64_t constant_count_ = 1;
};

}  // namespace caffe

#endif  // CAFFE_RESHAPE_LAYER_HPP_

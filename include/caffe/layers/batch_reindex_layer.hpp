#ifndef CAFFE_BATCH_REINDEX_LAYER_HPP_
#define CAFFE_BATCH_REINDEX_LAYER_HPP_

#include <vector>

#include "caffe/blob.hpp"
#include "caffe/layer.hpp"
#include "caffe/proto/caffe.pb.h"

namespace caffe {

// Gathers items of the batch: bottom[1] is a 1-D list of indices into
// bottom[0]'s first axis (integers in [0, bottom[0].shape(0))), and
//   top[j, ...] = bottom[0][bottom[1][j], ...]
// The top has bottom[1].shape(0) items. Indices may repeat or be left out.
// Backward: bottom[0]'s diff for item i is the sum of the top diffs of the
// positions that selected i (0 if none); the indices get no gradient.
template <typename Dtype>
class BatchReindexLayer : public Layer<Dtype> {
 public:
  explicit BatchReindexLayer(const LayerParameter& param)
      : Layer<Dtype>(param) {}
  void Reshape(const vector<Blob<Dtype>*>& bottom,
               const vector<Blob<Dtype>*>& top) override;

  inline const char* type() const override { return "BatchReindex"; }
  inline int ExactNumBottomBlobs() const override { return 2; }
  inline int ExactNumTopBlobs() const override { return 1; }
  inline bool AllowForceBackward(const int bottom_index) const override {
    return bottom_index == 0;
  }

 protected:
  void Forward_cpu(const vector<Blob<Dtype>*>& bottom,
                   const vector<Blob<Dtype>*>& top) override;
  void Backward_cpu(const vector<Blob<Dtype>*>& top,
                    const vector<bool>& propagate_down,
                    const vector<Blob<Dtype>*>& bottom) override;

  // Reads bottom[1] into indices_; throws for an index out of range or not
  // an integer.
  void ReadIndices(const vector<Blob<Dtype>*>& bottom);

  vector<int> indices_;
};

}  // namespace caffe

#endif  // CAFFE_BATCH_REINDEX_LAYER_HPP_

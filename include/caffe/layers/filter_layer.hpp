#ifndef CAFFE_FILTER_LAYER_HPP_
#define CAFFE_FILTER_LAYER_HPP_

#include <vector>

#include "caffe/blob.hpp"
#include "caffe/layer.hpp"
#include "caffe/proto/caffe.pb.h"

namespace caffe {

// Keeps the batch items whose selector is non-zero. The last bottom is the
// selector, shaped (N) or (N, 1, ...); every other bottom k has N items and
// gives top k, holding its selected items in order:
//   top[k][j, ...] = bottom[k][s_j, ...]   (s_j the j-th selected item)
// Until the first Forward (when the selector's values are read) the tops
// have all N items. Backward: each bottom's diff is the top diff for the
// selected items and 0 for the others; the selector gets no gradient.
template <typename Dtype>
class FilterLayer : public Layer<Dtype> {
 public:
  explicit FilterLayer(const LayerParameter& param) : Layer<Dtype>(param) {}
  void LayerSetUp(const vector<Blob<Dtype>*>& bottom,
                  const vector<Blob<Dtype>*>& top) override;
  void Reshape(const vector<Blob<Dtype>*>& bottom,
               const vector<Blob<Dtype>*>& top) override;

  inline const char* type() const override { return "Filter"; }
  // The number of tops' rows is the number of non-zero selector values.
  inline bool ReshapeReadsMoreThanLayouts() const override { return true; }
  inline int MinBottomBlobs() const override { return 2; }
  inline int MinTopBlobs() const override { return 1; }
  inline bool AllowForceBackward(const int bottom_index) const override {
    return bottom_index + 1 <
           static_cast<int>(this->layer_param_.bottom_size());
  }

 protected:
  void Forward_cpu(const vector<Blob<Dtype>*>& bottom,
                   const vector<Blob<Dtype>*>& top) override;
  void Backward_cpu(const vector<Blob<Dtype>*>& top,
                    const vector<bool>& propagate_down,
                    const vector<Blob<Dtype>*>& bottom) override;

  bool first_reshape_ = true;
  // The selected items, ascending.
  vector<int> indices_to_forward_;
};

}  // namespace caffe

#endif  // CAFFE_FILTER_LAYER_HPP_

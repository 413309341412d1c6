#ifndef CAFFE_CROP_LAYER_HPP_
#define CAFFE_CROP_LAYER_HPP_

#include <vector>

#include "caffe/blob.hpp"
#include "caffe/layer.hpp"
#include "caffe/proto/caffe.pb.h"

namespace caffe {

// Crops bottom[0] to the shape of bottom[1] on the axes from `axis` on
// (earlier axes are kept whole):
//   top[i_0, ..., i_k] = bottom[0][i_0 + o_0, ..., i_k + o_k]
// with o = 0 before `axis`. Backward: bottom[0]'s diff is the top diff at
// the cropped window and 0 elsewhere; bottom[1] only gives the shape and
// gets no gradient.
//
// CropParameter fields:
//   axis    the first cropped axis (default 2; negative counts from the end)
//   offset  none: offset 0 everywhere; one value: that offset on every
//           cropped axis; otherwise one value per cropped axis
template <typename Dtype>
class CropLayer : public Layer<Dtype> {
 public:
  explicit CropLayer(const LayerParameter& param) : Layer<Dtype>(param) {}
  void LayerSetUp(const vector<Blob<Dtype>*>& bottom,
                  const vector<Blob<Dtype>*>& top) override;
  void Reshape(const vector<Blob<Dtype>*>& bottom,
               const vector<Blob<Dtype>*>& top) override;

  inline const char* type() const override { return "Crop"; }
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

  // Copies between the window of `big` at offsets_ and all of `small`, in
  // the direction given by to_small.
  void CopyWindow(const Blob<Dtype>& big, const Blob<Dtype>& small,
                  const Dtype* from, Dtype* to, bool to_small) const;

  int start_axis_ = 0;
  vector<int> offsets_;
};

}  // namespace caffe

#endif  // CAFFE_CROP_LAYER_HPP_

#ifndef CAFFE_LRN_LAYER_HPP_
#define CAFFE_LRN_LAYER_HPP_

#include <vector>

#include "caffe/blob.hpp"
#include "caffe/layer.hpp"
#include "caffe/proto/caffe.pb.h"

namespace caffe {

// Local response normalisation of a 4-D bottom (Krizhevsky et al.):
//   top = bottom * scale^-beta, with scale = shift + alpha / n * S, where S
//   sums bottom^2 over a window centred on each position (zero outside):
//   ACROSS_CHANNELS: the local_size channels around c; shift = k,
//                    n = local_size
//   WITHIN_CHANNEL:  the local_size x local_size positions around (h, w) in
//                    the same channel; shift = 1, n = local_size^2 (Caffe
//                    computes this mode with shift 1 and ignores k).
// Backward: bottom_diff = top_diff * scale^-beta
//           - 2 * alpha * beta / n * bottom * W(top_diff * top / scale),
// W(.) being the same window sum (the windows are symmetric).
//
// LRNParameter fields: local_size (odd, default 5), alpha (default 1),
// beta (default 0.75), k (default 1), norm_region.
template <typename Dtype>
class LRNLayer : public Layer<Dtype> {
 public:
  explicit LRNLayer(const LayerParameter& param) : Layer<Dtype>(param) {}
  void LayerSetUp(const vector<Blob<Dtype>*>& bottom,
                  const vector<Blob<Dtype>*>& top) override;
  void Reshape(const vector<Blob<Dtype>*>& bottom,
               const vector<Blob<Dtype>*>& top) override;

  inline const char* type() const override { return "LRN"; }
  inline int ExactNumBottomBlobs() const override { return 1; }
  inline int ExactNumTopBlobs() const override { return 1; }

 protected:
  void Forward_cpu(const vector<Blob<Dtype>*>& bottom,
                   const vector<Blob<Dtype>*>& top) override;
  void Backward_cpu(const vector<Blob<Dtype>*>& top,
                    const vector<bool>& propagate_down,
                    const vector<Blob<Dtype>*>& bottom) override;

  int size_ = 0;
  // Window positions before (and after) the centre: (local_size - 1) / 2.
  int pre_pad_ = 0;
  Dtype alpha_ = 0;
  Dtype beta_ = 0;
  Dtype k_ = 0;
  int num_ = 0;
  int channels_ = 0;
  int height_ = 0;
  int width_ = 0;
  // The scale of each element, kept from Forward for Backward.
  Blob<Dtype> scale_;

 private:
  // out = the window sum of values at every position.
  void WindowSum(const Dtype* values, Dtype* out) const;
  // Fills scale_ and top for ACROSS_CHANNELS.
  void ForwardAcrossChannels(const Dtype* bottom_data, Dtype* scale,
                             Dtype* top_data);
  bool across_channels() const;

  Blob<Dtype> product_buffer_;
  Blob<Dtype> sum_buffer_;
};

}  // namespace caffe

#endif  // CAFFE_LRN_LAYER_HPP_

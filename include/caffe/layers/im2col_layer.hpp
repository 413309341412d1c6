#ifndef CAFFE_IM2COL_LAYER_HPP_
#define CAFFE_IM2COL_LAYER_HPP_

#include <vector>

#include "caffe/blob.hpp"
#include "caffe/layer.hpp"
#include "caffe/proto/caffe.pb.h"
#include "caffe/util/synced_array.hpp"

namespace caffe {

// Rearranges every kernel-sized patch of the input into a column, as
// Convolution does internally (see caffe/util/im2col.hpp), per image:
//   top[n][(c * K + k)][p] = bottom[n][c][p * stride - pad + k * dilation]
// (0 outside the image), where k runs over the K kernel offsets and p over
// the output positions. The top has the bottom's leading axes, C * K
// channels and the convolution's output size on each spatial axis,
//   (in + 2 * pad - dilation * (kernel - 1) - 1) / stride + 1.
// Backward sums each column entry's diff back into the position it came
// from (col2im).
//
// Parameters (convolution_param, as for Convolution): kernel_size or
// kernel_h/kernel_w; stride, pad, dilation (one value or one per spatial
// axis, or *_h/*_w for 2-D; defaults 1, 0, 1); axis (the channel axis,
// default 1; the axes after it are spatial); force_nd_im2col.
template <typename Dtype>
class Im2colLayer : public Layer<Dtype> {
 public:
  explicit Im2colLayer(const LayerParameter& param) : Layer<Dtype>(param) {}
  // Reads the kernel geometry (caffe::Errors for missing or non-positive
  // sizes and inconsistent settings).
  void LayerSetUp(const vector<Blob<Dtype>*>& bottom,
                  const vector<Blob<Dtype>*>& top) override;
  // A caffe::Error when the bottom changes its number of axes or the
  // kernel does not fit the padded input.
  void Reshape(const vector<Blob<Dtype>*>& bottom,
               const vector<Blob<Dtype>*>& top) override;

  inline const char* type() const override { return "Im2col"; }
  inline int ExactNumBottomBlobs() const override { return 1; }
  inline int ExactNumTopBlobs() const override { return 1; }

 protected:
  void Forward_cpu(const vector<Blob<Dtype>*>& bottom,
                   const vector<Blob<Dtype>*>& top) override;
  void Backward_cpu(const vector<Blob<Dtype>*>& top,
                    const vector<bool>& propagate_down,
                    const vector<Blob<Dtype>*>& bottom) override;

  // Per spatial axis.
  SyncedArray<int> kernel_shape_;
  SyncedArray<int> stride_;
  SyncedArray<int> pad_;
  SyncedArray<int> dilation_;

  int num_spatial_axes_ = 0;
  int bottom_dim_ = 0;
  int top_dim_ = 0;
  int channel_axis_ = 0;
  int num_ = 0;
  int channels_ = 0;
  bool force_nd_im2col_ = false;

 private:
  // Whether the 2-D im2col routines apply.
  bool Use2d() const { return num_spatial_axes_ == 2 && !force_nd_im2col_; }
  // Every image of `from` (bottom data, or top diff) to `to` (top data, or
  // bottom diff), by im2col when to_columns, else by col2im.
  void Transfer(bool to_columns, const vector<Blob<Dtype>*>& bottom,
                const vector<Blob<Dtype>*>& top, const Dtype* from, Dtype* to);
};

}  // namespace caffe

#endif  // CAFFE_IM2COL_LAYER_HPP_

#ifndef CAFFE_POOLING_LAYER_HPP_
#define CAFFE_POOLING_LAYER_HPP_

#include <vector>

#include "caffe/blob.hpp"
#include "caffe/layer.hpp"
#include "caffe/proto/caffe.pb.h"
#include "caffe/util/synced_array.hpp"

namespace caffe {

// The sizes of one pooling plane (one image's channel), for the kernels.
struct PoolingPlaneGeometry {
  int height, width, pooled_height, pooled_width;
  int kernel_h, kernel_w, stride_h, stride_w, pad_h, pad_w;
};

// Pools each (num, channel) plane of a 4-D bottom over kernel_h x kernel_w
// windows. The window of output (ph, pw) starts at (ph * stride_h - pad_h,
// pw * stride_w - pad_w):
//   MAX:        top = max over the window's image positions; the optional
//               second top holds its index h * width + w in the plane.
//               Backward routes top_diff to that position.
//   AVE:        top = sum over the image positions / pool_size, where
//               pool_size counts the window's positions inside the padded
//               input (so zero padding is averaged in, as in Caffe).
//               Backward spreads top_diff / pool_size over the window.
//   STOCHASTIC: (no padding; inputs assumed >= 0) TRAIN picks one position
//               with probability value / window sum and outputs its value,
//               backward routes top_diff there; TEST outputs
//               sum(x^2) / sum(x), backward its derivative.
// Output size per axis: ceil((in + 2 * pad - kernel) / stride) + 1 (floor
// with round_mode FLOOR); with padding, a last window that would start
// outside the image is dropped.
//
// PoolingParameter fields: pool (MAX, AVE, STOCHASTIC); kernel_size or
// kernel_h and kernel_w; pad or pad_h and pad_w (each < its kernel size);
// stride or stride_h and stride_w (default 1); global_pooling (the window
// is the whole plane; no kernel, pad 0, stride 1); round_mode.
template <typename Dtype>
class PoolingLayer : public Layer<Dtype> {
 public:
  explicit PoolingLayer(const LayerParameter& param) : Layer<Dtype>(param) {}
  void LayerSetUp(const vector<Blob<Dtype>*>& bottom,
                  const vector<Blob<Dtype>*>& top) override;
  void Reshape(const vector<Blob<Dtype>*>& bottom,
               const vector<Blob<Dtype>*>& top) override;

  inline const char* type() const override { return "Pooling"; }
  inline int ExactNumBottomBlobs() const override { return 1; }
  inline int MinTopBlobs() const override { return 1; }
  // MAX pooling can also output the argmax mask.
  inline int MaxTopBlobs() const override {
    return (this->layer_param_.pooling_param().pool() ==
            PoolingParameter_PoolMethod_MAX)
               ? 2
               : 1;
  }

 protected:
  void Forward_cpu(const vector<Blob<Dtype>*>& bottom,
                   const vector<Blob<Dtype>*>& top) override;
  void Backward_cpu(const vector<Blob<Dtype>*>& top,
                    const vector<bool>& propagate_down,
                    const vector<Blob<Dtype>*>& bottom) override;

  int kernel_h_ = 0, kernel_w_ = 0;
  int stride_h_ = 1, stride_w_ = 1;
  int pad_h_ = 0, pad_w_ = 0;
  int channels_ = 0;
  int height_ = 0, width_ = 0;
  int pooled_height_ = 0, pooled_width_ = 0;
  bool global_pooling_ = false;
  PoolingParameter_RoundMode round_mode_ = PoolingParameter_RoundMode_CEIL;
  // STOCHASTIC/TRAIN: the chosen position of each output.
  Blob<Dtype> rand_idx_;
  // MAX: the argmax position of each output (-1 for an empty window).
  SyncedArray<int> max_idx_;

 private:
  struct Window;
  Window WindowAt(int ph, int pw) const;
  void ForwardStochastic(const Blob<Dtype>* bottom, Blob<Dtype>* top);
  // MAX: writes the maxima and fills max_idx_ with their positions.
  void ForwardMaxPositions(const Blob<Dtype>* bottom, Dtype* maxima);
  PoolingPlaneGeometry Geometry() const;

  // MAX with one top: Backward's scratch for the maxima found again.
  Blob<Dtype> max_values_;
  // MAX: whether the last Forward left its positions in max_idx_; it does
  // where a backward pass is expected (Layer::backward_expected) or a
  // second top asks for them.
  bool max_positions_current_ = false;
};

}  // namespace caffe

#endif  // CAFFE_POOLING_LAYER_HPP_

#ifndef CAFFE_SPP_LAYER_HPP_
#define CAFFE_SPP_LAYER_HPP_

#include <vector>

#include "caffe/blob.hpp"
#include "caffe/layer.hpp"
#include "caffe/proto/caffe.pb.h"

namespace caffe {

// Spatial pyramid pooling (He et al. 2014): pools a 4-D bottom (N x C x H x
// W) over a pyramid of grids, giving a fixed-length output whatever H and W.
//
// Level l (0 <= l < pyramid_height) pools into a grid of b = 2^l bins per
// side with a Pooling layer of
//   kernel = ceil(size / b),  pad = (kernel * b - size + 1) / 2,
//   stride = kernel
// for each of H and W (Pooling's rounding applies). The top holds, per item,
// every level's (C x bins x bins) output in level order: N x (C * sum of
// bins), or N x C x 1 x 1 when pyramid_height is 1. Backward sums the
// levels' Pooling gradients.
//
// SPPParameter fields: pyramid_height (>= 1), pool (MAX, AVE, STOCHASTIC).
// A level whose padding reaches its kernel (e.g. H = 5 at level 2) is a
// caffe::Error, as in Caffe.
template <typename Dtype>
class SPPLayer : public Layer<Dtype> {
 public:
  explicit SPPLayer(const LayerParameter& param) : Layer<Dtype>(param) {}
  // Reads the parameters (a caffe::Error for pyramid_height < 1).
  void LayerSetUp(const vector<Blob<Dtype>*>& bottom,
                  const vector<Blob<Dtype>*>& top) override;
  // Rebuilds the level Pooling layers when H or W change.
  void Reshape(const vector<Blob<Dtype>*>& bottom,
               const vector<Blob<Dtype>*>& top) override;

  inline const char* type() const override { return "SPP"; }
  inline int ExactNumBottomBlobs() const override { return 1; }
  inline int ExactNumTopBlobs() const override { return 1; }

 protected:
  void Forward_cpu(const vector<Blob<Dtype>*>& bottom,
                   const vector<Blob<Dtype>*>& top) override;
  void Backward_cpu(const vector<Blob<Dtype>*>& top,
                    const vector<bool>& propagate_down,
                    const vector<Blob<Dtype>*>& bottom) override;

  // The Pooling layer parameter of one pyramid level for a bottom_h x
  // bottom_w input.
  virtual LayerParameter GetPoolingParam(const int pyramid_level,
                                         const int bottom_h, const int bottom_w,
                                         const SPPParameter spp_param);

  int pyramid_height_ = 0;
  int bottom_h_ = 0, bottom_w_ = 0;
  int num_ = 0;
  int channels_ = 0;

 private:
  // Moves the data between the top and the level outputs, per item: level
  // l's C x bins x bins values sit at offset level_offsets_[l] of the item's
  // top row. to_top: level data into the top; else top diff into the levels.
  void CopyLevels(Blob<Dtype>* top, bool to_top);

  vector<shared_ptr<Layer<Dtype> > > pooling_layers_;
  // The bottom's data with a diff of its own, so that the levels' gradients
  // can be summed into the bottom's.
  Blob<Dtype> pooling_input_;
  vector<shared_ptr<Blob<Dtype> > > level_tops_;
  vector<int> level_offsets_;
  int top_dim_ = 0;
};

}  // namespace caffe

#endif  // CAFFE_SPP_LAYER_HPP_

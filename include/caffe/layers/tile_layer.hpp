#ifndef CAFFE_TILE_LAYER_HPP_
#define CAFFE_TILE_LAYER_HPP_

#include <vector>

#include "caffe/blob.hpp"
#include "caffe/layer.hpp"
#include "caffe/proto/caffe.pb.h"

namespace caffe {

// Repeats the bottom `tiles` times along `axis`: the block of axes from
// `axis` on is copied `tiles` times in a row, so that
//   top[o, t * D + i] = bottom[o, i]   (D = bottom.count(axis))
// and top.shape(axis) = tiles * bottom.shape(axis). Backward:
// bottom_diff[o, i] = sum over t of top_diff[o, t * D + i].
//
// TileParameter fields:
//   axis   the axis to repeat along (default 1; negative counts from the end)
//   tiles  the number of copies (required, > 0)
template <typename Dtype>
class TileLayer : public Layer<Dtype> {
 public:
  explicit TileLayer(const LayerParameter& param) : Layer<Dtype>(param) {}
  void Reshape(const vector<Blob<Dtype>*>& bottom,
               const vector<Blob<Dtype>*>& top) override;

  inline const char* type() const override { return "Tile"; }
  inline int ExactNumBottomBlobs() const override { return 1; }
  inline int ExactNumTopBlobs() const override { return 1; }

 protected:
  void Forward_cpu(const vector<Blob<Dtype>*>& bottom,
                   const vector<Blob<Dtype>*>& top) override;
  void Backward_cpu(const vector<Blob<Dtype>*>& top,
                    const vector<bool>& propagate_down,
                    const vector<Blob<Dtype>*>& bottom) override;

  int tiles_ = 0;
  int outer_dim_ = 0;
  int inner_dim_ = 0;
};

}  // namespace caffe

#endif  // CAFFE_TILE_LAYER_HPP_

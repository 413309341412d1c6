#include "caffe/layers/tile_layer.hpp"

#include <vector>

#include "caffe/util/math_functions.hpp"

namespace caffe {

template <typename Dtype>
void TileLayer<Dtype>::Reshape(const vector<Blob<Dtype>*>& bottom,
                               const vector<Blob<Dtype>*>& top) {
  const TileParameter& param = this->layer_param_.tile_param();
  const int axis = bottom[0]->CanonicalAxisIndex(param.axis());
  CAFFE_REQUIRE(param.has_tiles()) << "the number of tiles must be specified";
  tiles_ = param.tiles();
  CAFFE_REQUIRE(tiles_ > 0)
      << "the number of tiles must be positive, got " << tiles_;
  vector<int> top_shape = bottom[0]->shape();
  top_shape[axis] *= tiles_;
  top[0]->Reshape(top_shape);
  outer_dim_ = bottom[0]->count(0, axis);
  inner_dim_ = bottom[0]->count(axis);
}

template <typename Dtype>
void TileLayer<Dtype>::Forward_cpu(const vector<Blob<Dtype>*>& bottom,
                                   const vector<Blob<Dtype>*>& top) {
  const Dtype* x = bottom[0]->cpu_data();
  Dtype* y = top[0]->mutable_cpu_data();
  for (int o = 0; o < outer_dim_; ++o) {
    for (int t = 0; t < tiles_; ++t) {
      caffe_copy(inner_dim_, x + o * inner_dim_,
                 y + (o * tiles_ + t) * inner_dim_);
    }
  }
}

template <typename Dtype>
void TileLayer<Dtype>::Backward_cpu(const vector<Blob<Dtype>*>& top,
                                    const vector<bool>& propagate_down,
                                    const vector<Blob<Dtype>*>& bottom) {
  if (!propagate_down[0]) return;
  const Dtype* top_diff = top[0]->cpu_diff();
  Dtype* bottom_diff = bottom[0]->mutable_cpu_diff();
  for (int o = 0; o < outer_dim_; ++o) {
    Dtype* diff = bottom_diff + o * inner_dim_;
    const Dtype* tiles = top_diff + o * tiles_ * inner_dim_;
    caffe_copy(inner_dim_, tiles, diff);
    for (int t = 1; t < tiles_; ++t) {
      caffe_axpy(inner_dim_, Dtype(1), tiles + t * inner_dim_, diff);
    }
  }
}

INSTANTIATE_CLASS(TileLayer);
REGISTER_LAYER_CLASS(Tile);

}  // namespace caffe

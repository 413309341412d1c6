#include "caffe/layers/spp_layer.hpp"

#include <vector>

#include "caffe/layers/pooling_layer.hpp"
#include "caffe/util/math_functions.hpp"

namespace caffe {

template <typename Dtype>
LayerParameter SPPLayer<Dtype>::GetPoolingParam(const int pyramid_level,
                                                const int bottom_h,
                                                const int bottom_w,
                                                const SPPParameter spp_param) {
  LayerParameter pooling_param;
  pooling_param.set_phase(this->phase_);
  PoolingParameter* pool = pooling_param.mutable_pooling_param();
  const int bins = 1 << pyramid_level;
  // The smallest kernel whose `bins` windows cover the image; the excess
  // over the image is padded, half of it (rounded up) on each side as in
  // Caffe, and Pooling's output rounding drops a window left empty.
  const int kernel_h = (bottom_h + bins - 1) / bins;
  const int kernel_w = (bottom_w + bins - 1) / bins;
  pool->set_kernel_h(kernel_h);
  pool->set_kernel_w(kernel_w);
  pool->set_stride_h(kernel_h);
  pool->set_stride_w(kernel_w);
  pool->set_pad_h((kernel_h * bins - bottom_h + 1) / 2);
  pool->set_pad_w((kernel_w * bins - bottom_w + 1) / 2);
  switch (spp_param.pool()) {
    case SPPParameter_PoolMethod_MAX:
      pool->set_pool(PoolingParameter_PoolMethod_MAX);
      break;
    case SPPParameter_PoolMethod_AVE:
      pool->set_pool(PoolingParameter_PoolMethod_AVE);
      break;
    case SPPParameter_PoolMethod_STOCHASTIC:
      pool->set_pool(PoolingParameter_PoolMethod_STOCHASTIC);
      break;
  }
  return pooling_param;
}

template <typename Dtype>
void SPPLayer<Dtype>::LayerSetUp(const vector<Blob<Dtype>*>& bottom,
                                 const vector<Blob<Dtype>*>& top) {
  pyramid_height_ = this->layer_param_.spp_param().pyramid_height();
  CAFFE_REQUIRE(pyramid_height_ >= 1)
      << "spp_param.pyramid_height must be at least 1, got " << pyramid_height_;
  // Reshape builds the levels for the first input size.
  bottom_h_ = bottom_w_ = 0;
  pooling_layers_.clear();
}

template <typename Dtype>
void SPPLayer<Dtype>::Reshape(const vector<Blob<Dtype>*>& bottom,
                              const vector<Blob<Dtype>*>& top) {
  CAFFE_REQUIRE(bottom[0]->num_axes() == 4)
      << "the input must have 4 axes (num, channels, height, width), got "
      << bottom[0]->shape_string();
  num_ = bottom[0]->num();
  channels_ = bottom[0]->channels();
  pooling_input_.ReshapeLike(*bottom[0]);
  const vector<Blob<Dtype>*> pooling_bottom{&pooling_input_};
  const bool rebuild =
      bottom[0]->height() != bottom_h_ || bottom[0]->width() != bottom_w_ ||
      static_cast<int>(pooling_layers_.size()) != pyramid_height_;
  bottom_h_ = bottom[0]->height();
  bottom_w_ = bottom[0]->width();
  if (rebuild) {
    pooling_layers_.clear();
    level_tops_.clear();
  }
  level_offsets_.clear();
  top_dim_ = 0;
  for (int level = 0; level < pyramid_height_; ++level) {
    if (rebuild) {
      const LayerParameter param = GetPoolingParam(
          level, bottom_h_, bottom_w_, this->layer_param_.spp_param());
      const PoolingParameter& pool = param.pooling_param();
      CAFFE_REQUIRE(pool.pad_h() < pool.kernel_h() &&
                    pool.pad_w() < pool.kernel_w())
          << "pyramid level " << level << " (" << (1 << level)
          << " bins per side) does not fit the input "
          << bottom[0]->shape_string() << ": it needs kernel "
          << pool.kernel_h() << " x " << pool.kernel_w() << " with pad "
          << pool.pad_h() << " x " << pool.pad_w()
          << ", and the pad must be smaller than the kernel";
      pooling_layers_.emplace_back(new PoolingLayer<Dtype>(param));
      level_tops_.emplace_back(new Blob<Dtype>());
      pooling_layers_[level]->SetUp(pooling_bottom, {level_tops_[level].get()});
    } else {
      pooling_layers_[level]->Reshape(pooling_bottom,
                                      {level_tops_[level].get()});
    }
    level_offsets_.push_back(top_dim_);
    top_dim_ += level_tops_[level]->count(1);
  }
  if (pyramid_height_ == 1) {
    top[0]->ReshapeLike(*level_tops_[0]);
  } else {
    top[0]->Reshape(vector<int>{num_, top_dim_});
  }
}

template <typename Dtype>
void SPPLayer<Dtype>::CopyLevels(Blob<Dtype>* top, const bool to_top) {
  for (int level = 0; level < pyramid_height_; ++level) {
    Blob<Dtype>* level_top = level_tops_[level].get();
    const int level_dim = level_top->count(1);
    for (int n = 0; n < num_; ++n) {
      const int top_index = n * top_dim_ + level_offsets_[level];
      if (to_top) {
        caffe_copy(level_dim, level_top->cpu_data() + n * level_dim,
                   top->mutable_cpu_data() + top_index);
      } else {
        caffe_copy(level_dim, top->cpu_diff() + top_index,
                   level_top->mutable_cpu_diff() + n * level_dim);
      }
    }
  }
}

template <typename Dtype>
void SPPLayer<Dtype>::Forward_cpu(const vector<Blob<Dtype>*>& bottom,
                                  const vector<Blob<Dtype>*>& top) {
  pooling_input_.ShareData(*bottom[0]);
  const vector<Blob<Dtype>*> pooling_bottom{&pooling_input_};
  for (int level = 0; level < pyramid_height_; ++level) {
    pooling_layers_[level]->Forward(pooling_bottom, {level_tops_[level].get()});
  }
  CopyLevels(top[0], true);
}

template <typename Dtype>
void SPPLayer<Dtype>::Backward_cpu(const vector<Blob<Dtype>*>& top,
                                   const vector<bool>& propagate_down,
                                   const vector<Blob<Dtype>*>& bottom) {
  if (!propagate_down[0]) return;
  CopyLevels(top[0], false);
  pooling_input_.ShareData(*bottom[0]);
  const vector<Blob<Dtype>*> pooling_bottom{&pooling_input_};
  const int count = bottom[0]->count();
  Dtype* bottom_diff = bottom[0]->mutable_cpu_diff();
  caffe_set(count, Dtype(0), bottom_diff);
  for (int level = 0; level < pyramid_height_; ++level) {
    pooling_layers_[level]->Backward({level_tops_[level].get()}, {true},
                                     pooling_bottom);
    caffe_axpy(count, Dtype(1), pooling_input_.cpu_diff(), bottom_diff);
  }
}

INSTANTIATE_CLASS(SPPLayer);
REGISTER_LAYER_CLASS(SPP);

}  // namespace caffe

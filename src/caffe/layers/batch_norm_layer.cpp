#include "caffe/layers/batch_norm_layer.hpp"

#include <cmath>
#include <vector>

#include "caffe/util/math_functions.hpp"

namespace caffe {

template <typename Dtype>
int BatchNormLayer<Dtype>::Channels(const Blob<Dtype>& bottom) {
  CAFFE_REQUIRE(bottom.num_axes() >= 1)
      << "BatchNorm needs a bottom with at least one axis; got shape "
      << bottom.shape_string();
  return bottom.num_axes() == 1 ? 1 : bottom.shape(1);
}

template <typename Dtype>
void BatchNormLayer<Dtype>::LayerSetUp(const vector<Blob<Dtype>*>& bottom,
                                       const vector<Blob<Dtype>*>& top) {
  const BatchNormParameter& param = this->layer_param_.batch_norm_param();
  moving_average_fraction_ = param.moving_average_fraction();
  use_global_stats_ = param.has_use_global_stats() ? param.use_global_stats()
                                                   : this->phase_ == TEST;
  eps_ = param.eps();
  channels_ = Channels(*bottom[0]);
  const vector<int> stats_shape{channels_};
  if (this->blobs_.empty()) {
    this->blobs_.resize(3);
    this->blobs_[0].reset(new Blob<Dtype>(stats_shape));
    this->blobs_[1].reset(new Blob<Dtype>(stats_shape));
    this->blobs_[2].reset(new Blob<Dtype>(vector<int>{1}));
    for (auto& blob : this->blobs_) {
      caffe_set(blob->count(), Dtype(0), blob->mutable_cpu_data());
    }
  }
  CAFFE_REQUIRE(this->blobs_.size() == 3)
      << "BatchNorm has three blobs (mean, variance, scale factor); got "
      << this->blobs_.size();
  CAFFE_REQUIRE(this->blobs_[0]->count() == channels_ &&
                this->blobs_[1]->count() == channels_ &&
                this->blobs_[2]->count() == 1)
      << "BatchNorm blobs have shapes " << this->blobs_[0]->shape_string()
      << ", " << this->blobs_[1]->shape_string() << ", "
      << this->blobs_[2]->shape_string() << "; expected (" << channels_
      << "), (" << channels_ << "), (1) for bottom shape "
      << bottom[0]->shape_string();
  // The statistics are not learned: pin their learning rates to zero so
  // that solvers leave them alone (the Net reads these param specs).
  for (int i = 0; i < static_cast<int>(this->blobs_.size()); ++i) {
    if (this->layer_param_.param_size() == i) {
      this->layer_param_.add_param()->set_lr_mult(Dtype(0));
    } else {
      CAFFE_REQUIRE(this->layer_param_.param(i).lr_mult() == 0)
          << "BatchNorm statistics cannot be learned: param " << i
          << " has lr_mult " << this->layer_param_.param(i).lr_mult()
          << " (must be 0)";
    }
  }
  // Backward never computes gradients for the statistics.
  this->param_propagate_down_.assign(this->blobs_.size(), false);
}

template <typename Dtype>
void BatchNormLayer<Dtype>::Reshape(const vector<Blob<Dtype>*>& bottom,
                                    const vector<Blob<Dtype>*>& top) {
  CAFFE_REQUIRE(Channels(*bottom[0]) == channels_)
      << "bottom shape " << bottom[0]->shape_string() << " has "
      << Channels(*bottom[0]) << " channels; the layer was set up for "
      << channels_;
  num_ = bottom[0]->shape(0);
  spatial_dim_ = bottom[0]->count(std::min(2, bottom[0]->num_axes()));
  top[0]->ReshapeLike(*bottom[0]);
  x_norm_.ReshapeLike(*bottom[0]);
  const vector<int> stats_shape{channels_};
  mean_.Reshape(stats_shape);
  variance_.Reshape(stats_shape);
  inv_std_.Reshape(stats_shape);
}

template <typename Dtype>
void BatchNormLayer<Dtype>::Forward_cpu(const vector<Blob<Dtype>*>& bottom,
                                        const vector<Blob<Dtype>*>& top) {
  const Dtype* x = bottom[0]->cpu_data();
  Dtype* y = top[0]->mutable_cpu_data();
  Dtype* mean = mean_.mutable_cpu_data();
  Dtype* variance = variance_.mutable_cpu_data();
  const int S = spatial_dim_;
  const int C = channels_;
  if (use_global_stats_) {
    const Dtype stored_scale = this->blobs_[2]->cpu_data()[0];
    const Dtype factor = stored_scale == 0 ? Dtype(0) : 1 / stored_scale;
    caffe_cpu_scale(C, factor, this->blobs_[0]->cpu_data(), mean);
    caffe_cpu_scale(C, factor, this->blobs_[1]->cpu_data(), variance);
  } else {
    const Dtype m = Dtype(num_) * S;
    for (int c = 0; c < C; ++c) {
      Dtype sum = 0;
      for (int n = 0; n < num_; ++n) {
        const Dtype* plane = x + (n * C + c) * S;
        for (int s = 0; s < S; ++s) sum += plane[s];
      }
      mean[c] = sum / m;
      Dtype sum_sq = 0;
      for (int n = 0; n < num_; ++n) {
        const Dtype* plane = x + (n * C + c) * S;
        for (int s = 0; s < S; ++s) {
          const Dtype d = plane[s] - mean[c];
          sum_sq += d * d;
        }
      }
      variance[c] = sum_sq / m;
    }
    // Running sums; the stored variance is the unbiased estimate.
    Dtype* stored_scale = this->blobs_[2]->mutable_cpu_data();
    stored_scale[0] = stored_scale[0] * moving_average_fraction_ + 1;
    caffe_cpu_axpby(C, Dtype(1), mean, moving_average_fraction_,
                    this->blobs_[0]->mutable_cpu_data());
    const Dtype bias_correction = m > 1 ? m / (m - 1) : Dtype(1);
    caffe_cpu_axpby(C, bias_correction, variance, moving_average_fraction_,
                    this->blobs_[1]->mutable_cpu_data());
  }
  Dtype* inv_std = inv_std_.mutable_cpu_data();
  for (int c = 0; c < C; ++c) inv_std[c] = 1 / std::sqrt(variance[c] + eps_);
  // Works in place: each element is read before it is written.
  for (int n = 0; n < num_; ++n) {
    for (int c = 0; c < C; ++c) {
      const int offset = (n * C + c) * S;
      for (int s = 0; s < S; ++s) {
        y[offset + s] = (x[offset + s] - mean[c]) * inv_std[c];
      }
    }
  }
  caffe_copy(top[0]->count(), y, x_norm_.mutable_cpu_data());
}

template <typename Dtype>
void BatchNormLayer<Dtype>::Backward_cpu(const vector<Blob<Dtype>*>& top,
                                         const vector<bool>& propagate_down,
                                         const vector<Blob<Dtype>*>& bottom) {
  if (!propagate_down[0]) return;
  const Dtype* dy = top[0]->cpu_diff();
  Dtype* dx = bottom[0]->mutable_cpu_diff();
  const Dtype* y = x_norm_.cpu_data();
  const Dtype* inv_std = inv_std_.cpu_data();
  const int S = spatial_dim_;
  const int C = channels_;
  for (int c = 0; c < C; ++c) {
    Dtype mean_dy = 0;
    Dtype mean_dy_y = 0;
    if (!use_global_stats_) {
      for (int n = 0; n < num_; ++n) {
        const int offset = (n * C + c) * S;
        for (int s = 0; s < S; ++s) {
          mean_dy += dy[offset + s];
          mean_dy_y += dy[offset + s] * y[offset + s];
        }
      }
      const Dtype m = Dtype(num_) * S;
      mean_dy /= m;
      mean_dy_y /= m;
    }
    // In place dx aliases dy; each element is read before it is written.
    for (int n = 0; n < num_; ++n) {
      const int offset = (n * C + c) * S;
      for (int s = 0; s < S; ++s) {
        const int i = offset + s;
        dx[i] = (dy[i] - mean_dy - mean_dy_y * y[i]) * inv_std[c];
      }
    }
  }
}

INSTANTIATE_CLASS(BatchNormLayer);
REGISTER_LAYER_CLASS(BatchNorm);

}  // namespace caffe

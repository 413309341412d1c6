#include "caffe/layers/contrastive_loss_layer.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "caffe/util/math_functions.hpp"

namespace caffe {

template <typename Dtype>
void ContrastiveLossLayer<Dtype>::Reshape(const vector<Blob<Dtype>*>& bottom,
                                          const vector<Blob<Dtype>*>& top) {
  LossLayer<Dtype>::Reshape(bottom, top);
  CAFFE_REQUIRE(bottom[0]->shape() == bottom[1]->shape())
      << "the two feature blobs must have the same shape: bottom[0] has "
      << "shape " << bottom[0]->shape_string() << " and bottom[1] has shape "
      << bottom[1]->shape_string();
  const int num = bottom[0]->shape(0);
  CAFFE_REQUIRE(bottom[2]->num_axes() > 0 && bottom[2]->count() == num)
      << "expected one similarity label per pair: the features have shape "
      << bottom[0]->shape_string() << " but the labels (bottom[2]) have "
      << "shape " << bottom[2]->shape_string();
  diff_.ReshapeLike(*bottom[0]);
  dist_sq_.Reshape(vector<int>{num});
}

template <typename Dtype>
void ContrastiveLossLayer<Dtype>::Forward_cpu(
    const vector<Blob<Dtype>*>& bottom, const vector<Blob<Dtype>*>& top) {
  const int num = bottom[0]->shape(0);
  const int channels = bottom[0]->count(1);
  caffe_sub(bottom[0]->count(), bottom[0]->cpu_data(), bottom[1]->cpu_data(),
            diff_.mutable_cpu_data());
  const ContrastiveLossParameter& param =
      this->layer_param_.contrastive_loss_param();
  const Dtype margin = param.margin();
  const Dtype* diff = diff_.cpu_data();
  const Dtype* labels = bottom[2]->cpu_data();
  Dtype* dist_sq = dist_sq_.mutable_cpu_data();
  Dtype loss = 0;
  for (int n = 0; n < num; ++n) {
    dist_sq[n] =
        caffe_cpu_dot(channels, diff + n * channels, diff + n * channels);
    if (static_cast<int>(labels[n])) {
      loss += dist_sq[n];
    } else if (param.legacy_version()) {
      loss += std::max(margin - dist_sq[n], Dtype(0));
    } else {
      const Dtype gap = std::max(margin - std::sqrt(dist_sq[n]), Dtype(0));
      loss += gap * gap;
    }
  }
  top[0]->mutable_cpu_data()[0] = loss / num / 2;
}

template <typename Dtype>
void ContrastiveLossLayer<Dtype>::Backward_cpu(
    const vector<Blob<Dtype>*>& top, const vector<bool>& propagate_down,
    const vector<Blob<Dtype>*>& bottom) {
  CAFFE_REQUIRE(!propagate_down[2])
      << "cannot backpropagate to the similarity labels (bottom[2])";
  const int num = bottom[0]->shape(0);
  const int channels = bottom[0]->count(1);
  const ContrastiveLossParameter& param =
      this->layer_param_.contrastive_loss_param();
  const Dtype margin = param.margin();
  const Dtype* diff = diff_.cpu_data();
  const Dtype* labels = bottom[2]->cpu_data();
  const Dtype* dist_sq = dist_sq_.cpu_data();
  for (int i = 0; i < 2; ++i) {
    if (!propagate_down[i]) continue;
    const Dtype alpha = (i == 0 ? 1 : -1) * top[0]->cpu_diff()[0] / num;
    Dtype* bottom_diff = bottom[i]->mutable_cpu_diff();
    for (int n = 0; n < num; ++n) {
      // The gradient is scale * (a_n - b_n).
      Dtype scale = alpha;
      if (!static_cast<int>(labels[n])) {
        if (param.legacy_version()) {
          scale = margin - dist_sq[n] > 0 ? -alpha : Dtype(0);
        } else {
          const Dtype dist = std::sqrt(dist_sq[n]);
          const Dtype gap = margin - dist;
          scale = gap > 0 ? -alpha * gap / (dist + Dtype(1e-4)) : Dtype(0);
        }
      }
      caffe_cpu_scale(channels, scale, diff + n * channels,
                      bottom_diff + n * channels);
    }
  }
}

INSTANTIATE_CLASS(ContrastiveLossLayer);
REGISTER_LAYER_CLASS(ContrastiveLoss);

}  // namespace caffe

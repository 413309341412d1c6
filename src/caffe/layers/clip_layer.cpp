#include "caffe/layers/clip_layer.hpp"

#include <vector>

#include "caffe/util/elementwise_extra.hpp"

namespace caffe {

template <typename Dtype>
void ClipLayer<Dtype>::LayerSetUp(const vector<Blob<Dtype>*>& bottom,
                                  const vector<Blob<Dtype>*>& top) {
  const ClipParameter& param = this->layer_param_.clip_param();
  CAFFE_REQUIRE(param.min() <= param.max())
      << "clip_param min (" << param.min() << ") must not exceed max ("
      << param.max() << ")";
  min_ = param.min();
  max_ = param.max();
}

template <typename Dtype>
void ClipLayer<Dtype>::Forward_cpu(const vector<Blob<Dtype>*>& bottom,
                                   const vector<Blob<Dtype>*>& top) {
  input_.Save(*bottom[0], *top[0]);
  elementwise_cpu(bottom[0]->count(), ClipForward<Dtype>{min_, max_},
                  bottom[0]->cpu_data(), top[0]->mutable_cpu_data());
}

template <typename Dtype>
void ClipLayer<Dtype>::Backward_cpu(const vector<Blob<Dtype>*>& top,
                                    const vector<bool>& propagate_down,
                                    const vector<Blob<Dtype>*>& bottom) {
  if (!propagate_down[0]) return;
  // In place, y cannot tell a clipped value from one at an end of the
  // range, so the saved x is read.
  const Blob<Dtype>& x = input_.Input(*bottom[0], *top[0]);
  elementwise_cpu(bottom[0]->count(), ClipBackward<Dtype>{min_, max_},
                  top[0]->cpu_diff(), x.cpu_data(),
                  bottom[0]->mutable_cpu_diff());
}

INSTANTIATE_CLASS(ClipLayer);
REGISTER_LAYER_CLASS(Clip);

}  // namespace caffe

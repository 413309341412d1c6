#include "caffe/layers/hinge_loss_layer.hpp"

#include <algorithm>
#include <vector>

#include "caffe/util/math_functions.hpp"

namespace caffe {

template <typename Dtype>
void HingeLossLayer<Dtype>::Reshape(const vector<Blob<Dtype>*>& bottom,
                                    const vector<Blob<Dtype>*>& top) {
  LossLayer<Dtype>::Reshape(bottom, top);
  CAFFE_REQUIRE(bottom[1]->count() == bottom[1]->shape(0))
      << "expected one label per item: the scores have shape "
      << bottom[0]->shape_string() << " but the labels have shape "
      << bottom[1]->shape_string();
}

template <typename Dtype>
void HingeLossLayer<Dtype>::SignedMargins(const vector<Blob<Dtype>*>& bottom,
                                          Dtype* out) const {
  const Dtype* x = bottom[0]->cpu_data();
  const Dtype* labels = bottom[1]->cpu_data();
  const int num = bottom[0]->shape(0);
  const int dim = bottom[0]->count(1);
  for (int n = 0; n < num; ++n) {
    const int label = static_cast<int>(labels[n]);
    CAFFE_REQUIRE(label >= 0 && label < dim)
        << "label " << labels[n] << " of item " << n << " is out of range: "
        << "labels must lie in [0, " << dim << ")";
    for (int k = 0; k < dim; ++k) {
      const Dtype sign = k == label ? Dtype(-1) : Dtype(1);
      out[n * dim + k] = sign * std::max(Dtype(0), 1 + sign * x[n * dim + k]);
    }
  }
}

template <typename Dtype>
void HingeLossLayer<Dtype>::Forward_cpu(const vector<Blob<Dtype>*>& bottom,
                                        const vector<Blob<Dtype>*>& top) {
  const int count = bottom[0]->count();
  margins_.ReshapeLike(*bottom[0]);
  Dtype* margins = margins_.mutable_cpu_data();
  SignedMargins(bottom, margins);
  const Dtype sum =
      this->layer_param_.hinge_loss_param().norm() == HingeLossParameter_Norm_L2
          ? caffe_cpu_dot(count, margins, margins)
          : caffe_cpu_asum(count, margins);
  top[0]->mutable_cpu_data()[0] = sum / bottom[0]->shape(0);
}

template <typename Dtype>
void HingeLossLayer<Dtype>::Backward_cpu(const vector<Blob<Dtype>*>& top,
                                         const vector<bool>& propagate_down,
                                         const vector<Blob<Dtype>*>& bottom) {
  CAFFE_REQUIRE(!propagate_down[1])
      << "cannot backpropagate to the labels (bottom[1])";
  if (!propagate_down[0]) return;
  const int count = bottom[0]->count();
  Dtype* diff = bottom[0]->mutable_cpu_diff();
  SignedMargins(bottom, diff);
  const Dtype scale = top[0]->cpu_diff()[0] / bottom[0]->shape(0);
  if (this->layer_param_.hinge_loss_param().norm() ==
      HingeLossParameter_Norm_L2) {
    caffe_scal(count, 2 * scale, diff);
  } else {
    for (int i = 0; i < count; ++i) {
      diff[i] = diff[i] > 0 ? scale : (diff[i] < 0 ? -scale : Dtype(0));
    }
  }
}

INSTANTIATE_CLASS(HingeLossLayer);
REGISTER_LAYER_CLASS(HingeLoss);

}  // namespace caffe

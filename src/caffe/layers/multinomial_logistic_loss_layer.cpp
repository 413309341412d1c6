#include "caffe/layers/multinomial_logistic_loss_layer.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "caffe/util/math_functions.hpp"

namespace caffe {

template <typename Dtype>
void MultinomialLogisticLossLayer<Dtype>::Reshape(
    const vector<Blob<Dtype>*>& bottom, const vector<Blob<Dtype>*>& top) {
  LossLayer<Dtype>::Reshape(bottom, top);
  CAFFE_REQUIRE(bottom[1]->count() == bottom[1]->shape(0))
      << "expected one label per item: the probabilities have shape "
      << bottom[0]->shape_string() << " but the labels have shape "
      << bottom[1]->shape_string();
}

template <typename Dtype>
int MultinomialLogisticLossLayer<Dtype>::Label(const Blob<Dtype>& labels,
                                               const int n,
                                               const int dim) const {
  const Dtype value = labels.cpu_data()[n];
  const int label = static_cast<int>(value);
  CAFFE_REQUIRE(label >= 0 && label < dim)
      << "label " << value << " of item " << n << " is out of range: labels "
      << "must lie in [0, " << dim << ")";
  return label;
}

template <typename Dtype>
void MultinomialLogisticLossLayer<Dtype>::Forward_cpu(
    const vector<Blob<Dtype>*>& bottom, const vector<Blob<Dtype>*>& top) {
  const Dtype* prob = bottom[0]->cpu_data();
  const int num = bottom[0]->shape(0);
  const int dim = bottom[0]->count(1);
  Dtype loss = 0;
  for (int n = 0; n < num; ++n) {
    const int label = Label(*bottom[1], n, dim);
    loss -= std::log(std::max(prob[n * dim + label], Dtype(kLOG_THRESHOLD)));
  }
  top[0]->mutable_cpu_data()[0] = loss / num;
}

template <typename Dtype>
void MultinomialLogisticLossLayer<Dtype>::Backward_cpu(
    const vector<Blob<Dtype>*>& top, const vector<bool>& propagate_down,
    const vector<Blob<Dtype>*>& bottom) {
  CAFFE_REQUIRE(!propagate_down[1])
      << "cannot backpropagate to the labels (bottom[1])";
  if (!propagate_down[0]) return;
  const Dtype* prob = bottom[0]->cpu_data();
  Dtype* diff = bottom[0]->mutable_cpu_diff();
  const int num = bottom[0]->shape(0);
  const int dim = bottom[0]->count(1);
  caffe_set(bottom[0]->count(), Dtype(0), diff);
  const Dtype scale = -top[0]->cpu_diff()[0] / num;
  for (int n = 0; n < num; ++n) {
    const int i = n * dim + Label(*bottom[1], n, dim);
    diff[i] = scale / std::max(prob[i], Dtype(kLOG_THRESHOLD));
  }
}

INSTANTIATE_CLASS(MultinomialLogisticLossLayer);
REGISTER_LAYER_CLASS(MultinomialLogisticLoss);

}  // namespace caffe

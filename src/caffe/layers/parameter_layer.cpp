#include "caffe/layers/parameter_layer.hpp"

#include <vector>

#include "caffe/util/math_functions.hpp"

namespace caffe {

template <typename Dtype>
void ParameterLayer<Dtype>::LayerSetUp(const vector<Blob<Dtype>*>& bottom,
                                       const vector<Blob<Dtype>*>& top) {
  const BlobShape& shape = this->layer_param_.parameter_param().shape();
  Blob<Dtype> expected;
  expected.Reshape(shape);
  if (this->blobs_.empty()) {
    this->blobs_.emplace_back(new Blob<Dtype>(expected.shape()));
    caffe_set(this->blobs_[0]->count(), Dtype(0),
              this->blobs_[0]->mutable_cpu_data());
  }
  CAFFE_REQUIRE(this->blobs_.size() == 1 &&
                this->blobs_[0]->shape() == expected.shape())
      << "Parameter expects one blob of shape " << expected.shape_string()
      << "; got " << this->blobs_.size() << " blob(s), the first of shape "
      << this->blobs_[0]->shape_string();
  this->param_propagate_down_.resize(this->blobs_.size(), true);
}

template <typename Dtype>
void ParameterLayer<Dtype>::Reshape(const vector<Blob<Dtype>*>& bottom,
                                    const vector<Blob<Dtype>*>& top) {
  top[0]->ReshapeLike(*this->blobs_[0]);
}

template <typename Dtype>
void ParameterLayer<Dtype>::Forward_cpu(const vector<Blob<Dtype>*>& bottom,
                                        const vector<Blob<Dtype>*>& top) {
  top[0]->ShareData(*this->blobs_[0]);
  top[0]->ShareDiff(*this->blobs_[0]);
}

INSTANTIATE_CLASS(ParameterLayer);
REGISTER_LAYER_CLASS(Parameter);

}  // namespace caffe

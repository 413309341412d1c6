#include "caffe/layers/flatten_layer.hpp"

#include <vector>

namespace caffe {

template <typename Dtype>
void FlattenLayer<Dtype>::LayerSetUp(const vector<Blob<Dtype>*>& bottom,
                                     const vector<Blob<Dtype>*>& top) {
  // In place, the top would have to be a reshaped view of itself.
  CAFFE_REQUIRE(top[0] != bottom[0])
      << "Flatten does not allow in-place computation (top == bottom)";
}

template <typename Dtype>
void FlattenLayer<Dtype>::Reshape(const vector<Blob<Dtype>*>& bottom,
                                  const vector<Blob<Dtype>*>& top) {
  const FlattenParameter& param = this->layer_param_.flatten_param();
  const int start_axis = bottom[0]->CanonicalAxisIndex(param.axis());
  const int end_axis = bottom[0]->CanonicalAxisIndex(param.end_axis());
  CAFFE_REQUIRE(start_axis <= end_axis)
      << "flatten_param axis " << param.axis() << " comes after end_axis "
      << param.end_axis() << " for a bottom of shape "
      << bottom[0]->shape_string();
  const vector<int>& bottom_shape = bottom[0]->shape();
  vector<int> top_shape(bottom_shape.begin(),
                        bottom_shape.begin() + start_axis);
  top_shape.push_back(bottom[0]->count(start_axis, end_axis + 1));
  top_shape.insert(top_shape.end(), bottom_shape.begin() + end_axis + 1,
                   bottom_shape.end());
  top[0]->Reshape(top_shape);
  CHECK_EQ(top[0]->count(), bottom[0]->count());
}

template <typename Dtype>
void FlattenLayer<Dtype>::Forward_cpu(const vector<Blob<Dtype>*>& bottom,
                                      const vector<Blob<Dtype>*>& top) {
  top[0]->ShareData(*bottom[0]);
}

template <typename Dtype>
void FlattenLayer<Dtype>::Backward_cpu(const vector<Blob<Dtype>*>& top,
                                       const vector<bool>& propagate_down,
                                       const vector<Blob<Dtype>*>& bottom) {
  bottom[0]->ShareDiff(*top[0]);
}

INSTANTIATE_CLASS(FlattenLayer);
REGISTER_LAYER_CLASS(Flatten);

}  // namespace caffe

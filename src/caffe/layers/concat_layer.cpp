#include "caffe/layers/concat_layer.hpp"

#include <vector>

#include "caffe/util/axis_copy.hpp"

namespace caffe {

template <typename Dtype>
void ConcatLayer<Dtype>::LayerSetUp(const vector<Blob<Dtype>*>& bottom,
                                    const vector<Blob<Dtype>*>& top) {
  const ConcatParameter& param = this->layer_param_.concat_param();
  CAFFE_REQUIRE(!(param.has_axis() && param.has_concat_dim()))
      << "concat_param takes either axis or concat_dim, not both (axis "
      << param.axis() << ", concat_dim " << param.concat_dim() << ")";
}

template <typename Dtype>
void ConcatLayer<Dtype>::Reshape(const vector<Blob<Dtype>*>& bottom,
                                 const vector<Blob<Dtype>*>& top) {
  const ConcatParameter& param = this->layer_param_.concat_param();
  const int num_axes = bottom[0]->num_axes();
  if (param.has_concat_dim()) {
    CAFFE_REQUIRE(param.concat_dim() < static_cast<uint32_t>(num_axes))
        << "concat_dim " << param.concat_dim() << " out of range for a "
        << num_axes << "-D bottom of shape " << bottom[0]->shape_string();
    concat_axis_ = static_cast<int>(param.concat_dim());
  } else {
    concat_axis_ = bottom[0]->CanonicalAxisIndex(param.axis());
  }
  vector<int> top_shape = bottom[0]->shape();
  for (size_t i = 1; i < bottom.size(); ++i) {
    bool compatible = bottom[i]->num_axes() == num_axes;
    for (int j = 0; compatible && j < num_axes; ++j) {
      compatible = j == concat_axis_ || bottom[i]->shape(j) == top_shape[j];
    }
    CAFFE_REQUIRE(compatible)
        << "bottom[" << i << "] has shape " << bottom[i]->shape_string()
        << " but bottom[0] has shape " << bottom[0]->shape_string()
        << "; all bottoms must agree except on the concat axis "
        << concat_axis_;
    top_shape[concat_axis_] += bottom[i]->shape(concat_axis_);
  }
  top[0]->Reshape(top_shape);
  if (bottom.size() == 1) {
    top[0]->ShareData(*bottom[0]);
    top[0]->ShareDiff(*bottom[0]);
  }
}

template <typename Dtype>
void ConcatLayer<Dtype>::Forward_cpu(const vector<Blob<Dtype>*>& bottom,
                                     const vector<Blob<Dtype>*>& top) {
  if (bottom.size() == 1) return;
  CopyAlongAxis(AxisCopy::kJoin, BlobArray::kData, concat_axis_, bottom,
                top[0]);
}

template <typename Dtype>
void ConcatLayer<Dtype>::Backward_cpu(const vector<Blob<Dtype>*>& top,
                                      const vector<bool>& propagate_down,
                                      const vector<Blob<Dtype>*>& bottom) {
  if (bottom.size() == 1) return;
  CopyAlongAxis(AxisCopy::kSplit, BlobArray::kDiff, concat_axis_, bottom,
                top[0], propagate_down);
}

INSTANTIATE_CLASS(ConcatLayer);
REGISTER_LAYER_CLASS(Concat);

}  // namespace caffe

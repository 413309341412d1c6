#include "caffe/layers/slice_layer.hpp"

#include <vector>

#include "caffe/util/axis_copy.hpp"

namespace caffe {

template <typename Dtype>
void SliceLayer<Dtype>::LayerSetUp(const vector<Blob<Dtype>*>& bottom,
                                   const vector<Blob<Dtype>*>& top) {
  const SliceParameter& param = this->layer_param_.slice_param();
  CAFFE_REQUIRE(!(param.has_axis() && param.has_slice_dim()))
      << "slice_param takes either axis or slice_dim, not both (axis "
      << param.axis() << ", slice_dim " << param.slice_dim() << ")";
  slice_point_.assign(param.slice_point().begin(), param.slice_point().end());
}

template <typename Dtype>
void SliceLayer<Dtype>::Reshape(const vector<Blob<Dtype>*>& bottom,
                                const vector<Blob<Dtype>*>& top) {
  const SliceParameter& param = this->layer_param_.slice_param();
  const int num_axes = bottom[0]->num_axes();
  if (param.has_slice_dim()) {
    CAFFE_REQUIRE(param.slice_dim() < static_cast<uint32_t>(num_axes))
        << "slice_dim " << param.slice_dim() << " out of range for a "
        << num_axes << "-D bottom of shape " << bottom[0]->shape_string();
    slice_axis_ = static_cast<int>(param.slice_dim());
  } else {
    slice_axis_ = bottom[0]->CanonicalAxisIndex(param.axis());
  }
  const int axis_size = bottom[0]->shape(slice_axis_);
  const int num_tops = static_cast<int>(top.size());

  vector<int> extents;
  if (!slice_point_.empty()) {
    CAFFE_REQUIRE(static_cast<int>(slice_point_.size()) == num_tops - 1)
        << slice_point_.size() << " slice_point values given for " << num_tops
        << " tops; there must be one fewer than the tops";
    int previous = 0;
    for (int point : slice_point_) {
      // A point beyond INT_MAX wraps negative here and fails the same test.
      CAFFE_REQUIRE(point > previous && point <= axis_size)
          << "slice_point " << point << " must be greater than " << previous
          << " (points must increase from 1) and at most the size " << axis_size
          << " of axis " << slice_axis_ << " of the bottom (shape "
          << bottom[0]->shape_string() << ")";
      extents.push_back(point - previous);
      previous = point;
    }
    extents.push_back(axis_size - previous);
  } else {
    CAFFE_REQUIRE(axis_size % num_tops == 0)
        << num_tops << " tops cannot split axis " << slice_axis_ << " of size "
        << axis_size << " equally (bottom shape " << bottom[0]->shape_string()
        << "); give slice_point values";
    extents.assign(num_tops, axis_size / num_tops);
  }
  vector<int> top_shape = bottom[0]->shape();
  for (int i = 0; i < num_tops; ++i) {
    top_shape[slice_axis_] = extents[i];
    top[i]->Reshape(top_shape);
  }
  if (num_tops == 1) {
    top[0]->ShareData(*bottom[0]);
    top[0]->ShareDiff(*bottom[0]);
  }
}

template <typename Dtype>
void SliceLayer<Dtype>::Forward_cpu(const vector<Blob<Dtype>*>& bottom,
                                    const vector<Blob<Dtype>*>& top) {
  if (top.size() == 1) return;
  CopyAlongAxis(AxisCopy::kSplit, BlobArray::kData, slice_axis_, top,
                bottom[0]);
}

template <typename Dtype>
void SliceLayer<Dtype>::Backward_cpu(const vector<Blob<Dtype>*>& top,
                                     const vector<bool>& propagate_down,
                                     const vector<Blob<Dtype>*>& bottom) {
  if (!propagate_down[0] || top.size() == 1) return;
  CopyAlongAxis(AxisCopy::kJoin, BlobArray::kDiff, slice_axis_, top, bottom[0]);
}

INSTANTIATE_CLASS(SliceLayer);
REGISTER_LAYER_CLASS(Slice);

}  // namespace caffe

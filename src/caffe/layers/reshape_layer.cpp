#include "caffe/layers/reshape_layer.hpp"

#include <vector>

namespace caffe {

namespace {

// "2 -1 3 ": the dimensions of a shape still holding the -1 to infer, so
// without ShapeString's count.
string DimsString(const vector<int>& shape) {
  ostringstream stream;
  for (int dim : shape) stream << dim << " ";
  return stream.str();
}

}  // namespace

template <typename Dtype>
void ReshapeLayer<Dtype>::LayerSetUp(const vector<Blob<Dtype>*>& bottom,
                                     const vector<Blob<Dtype>*>& top) {
  // In place, the top would have to be a reshaped view of itself.
  CAFFE_REQUIRE(top[0] != bottom[0])
      << "Reshape does not allow in-place computation (top == bottom)";
  const BlobShape& shape = this->layer_param_.reshape_param().shape();
  copy_axes_.clear();
  inferred_axis_ = -1;
  constant_count_ = 1;
  for (int i = 0; i < shape.dim_size(); ++i) {
    const int64_t dim = shape.dim(i);
    if (dim == 0) {
      copy_axes_.push_back(i);
    } else if (dim == -1) {
      CAFFE_REQUIRE(inferred_axis_ == -1)
          << "reshape_param shape has -1 at dims " << inferred_axis_
          << " and " << i << "; at most one dimension may be inferred";
      inferred_axis_ = i;
    } else {
      CAFFE_REQUIRE(dim > 0)
          << "reshape_param shape dim " << i << " is " << dim
          << "; dimensions must be positive, 0 (copy) or -1 (infer)";
      CAFFE_REQUIRE(constant_count_ * dim <= INT_MAX)
          << "reshape_param shape has more than INT_MAX elements";
      constant_count_ *= dim;
    }
  }
}

template <typename Dtype>
void ReshapeLayer<Dtype>::Reshape(const vector<Blob<Dtype>*>& bottom,
                                  const vector<Blob<Dtype>*>& top) {
  const ReshapeParameter& param = this->layer_param_.reshape_param();
  const Blob<Dtype>& input = *bottom[0];
  const int bottom_axes = input.num_axes();
  // Unlike other axis parameters, -1 means "after the last axis", so that
  // new axes can be appended.
  const int start_axis =
      param.axis() >= 0 ? param.axis() : bottom_axes + param.axis() + 1;
  CAFFE_REQUIRE(start_axis >= 0 && start_axis <= bottom_axes)
      << "reshape_param axis " << param.axis() << " out of range for a bottom"
      << " of shape " << input.shape_string();
  CAFFE_REQUIRE(param.num_axes() >= -1)
      << "reshape_param num_axes is " << param.num_axes()
      << "; it must be -1 (all remaining axes) or non-negative";
  const int end_axis =
      param.num_axes() == -1 ? bottom_axes : start_axis + param.num_axes();
  CAFFE_REQUIRE(end_axis <= bottom_axes)
      << "reshape_param axis " << param.axis() << " with num_axes "
      << param.num_axes() << " reaches past the bottom's last axis (shape "
      << input.shape_string() << ")";

  const BlobShape& new_dims = param.shape();
  vector<int> top_shape(input.shape().begin(),
                        input.shape().begin() + start_axis);
  for (int i = 0; i < new_dims.dim_size(); ++i) {
    top_shape.push_back(static_cast<int>(new_dims.dim(i)));
  }
  top_shape.insert(top_shape.end(), input.shape().begin() + end_axis,
                   input.shape().end());

  for (int copy_axis : copy_axes_) {
    const int axis = start_axis + copy_axis;
    CAFFE_REQUIRE(axis < bottom_axes)
        << "reshape_param shape dim " << copy_axis << " is 0 (copy), but the"
        << " bottom has no axis " << axis << " (shape "
        << input.shape_string() << ")";
    top_shape[axis] = input.shape(axis);
  }
  if (inferred_axis_ >= 0) {
    int64_t explicit_count = constant_count_ * input.count(0, start_axis) *
                             input.count(end_axis);
    for (int copy_axis : copy_axes_) {
      explicit_count *= top_shape[start_axis + copy_axis];
    }
    CAFFE_REQUIRE(explicit_count != 0 && input.count() % explicit_count == 0)
        << "cannot infer the -1 dimension: bottom count " << input.count()
        << " (shape " << input.shape_string() << ") is not a multiple of "
        << explicit_count << ", the product of the other dimensions of "
        << DimsString(top_shape);
    top_shape[start_axis + inferred_axis_] =
        static_cast<int>(input.count() / explicit_count);
  }

  int64_t top_count = 1;
  for (int dim : top_shape) top_count *= dim;
  CAFFE_REQUIRE(top_count == input.count())
      << "reshape to " << ShapeString(top_shape, top_count)
      << " does not match the bottom's count: bottom shape "
      << input.shape_string();
  top[0]->Reshape(top_shape);
  top[0]->ShareData(input);
  top[0]->ShareDiff(input);
}

INSTANTIATE_CLASS(ReshapeLayer);
REGISTER_LAYER_CLASS(Reshape);

}  // namespace caffe

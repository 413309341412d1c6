#include "caffe/layers/im2col_layer.hpp"

#include <string>
#include <vector>

#include "caffe/util/im2col.hpp"

namespace caffe {

namespace {

// One value per spatial axis from a repeated setting (none: fallback; one:
// every axis; else one each) or, for 2-D, the name_h / name_w pair.
void ReadAxes(
    const std::string& name,
    const google::protobuf::RepeatedField<google::protobuf::uint32>& repeated,
    const bool has_hw, const int h, const int w, const int fallback,
    const int num_axes, SyncedArray<int>* out) {
  out->Reshape(num_axes);
  int* value = out->mutable_cpu_data();
  if (has_hw) {
    CAFFE_REQUIRE(num_axes == 2 && repeated.size() == 0)
        << name << "_h and " << name << "_w need a 2-D input and no " << name
        << " (the input has " << num_axes << " spatial axes, " << name
        << " is given " << repeated.size() << " times)";
    value[0] = h;
    value[1] = w;
    return;
  }
  const int given = repeated.size();
  CAFFE_REQUIRE(given <= 1 || given == num_axes)
      << name << " must be given once or once per spatial axis (" << num_axes
      << "), but was given " << given << " times";
  for (int i = 0; i < num_axes; ++i) {
    value[i] =
        given == 0 ? fallback : static_cast<int>(repeated[given == 1 ? 0 : i]);
  }
}

}  // namespace

template <typename Dtype>
void Im2colLayer<Dtype>::LayerSetUp(const vector<Blob<Dtype>*>& bottom,
                                    const vector<Blob<Dtype>*>& top) {
  const ConvolutionParameter& param = this->layer_param_.convolution_param();
  force_nd_im2col_ = param.force_nd_im2col();
  channel_axis_ = bottom[0]->CanonicalAxisIndex(param.axis());
  num_spatial_axes_ = bottom[0]->num_axes() - channel_axis_ - 1;
  CAFFE_REQUIRE(num_spatial_axes_ >= 1)
      << "the input " << bottom[0]->shape_string()
      << " has no spatial axis after the channel axis " << channel_axis_;
  const bool has_kernel_hw = param.has_kernel_h() || param.has_kernel_w();
  CAFFE_REQUIRE(param.kernel_size_size() > 0 || has_kernel_hw)
      << "kernel_size (or kernel_h and kernel_w) must be specified";
  CAFFE_REQUIRE(param.has_kernel_h() == param.has_kernel_w() &&
                param.has_stride_h() == param.has_stride_w() &&
                param.has_pad_h() == param.has_pad_w())
      << "the _h and _w forms of kernel, stride and pad must be given "
      << "together";
  ReadAxes("kernel", param.kernel_size(), has_kernel_hw, param.kernel_h(),
           param.kernel_w(), 0, num_spatial_axes_, &kernel_shape_);
  ReadAxes("stride", param.stride(), param.has_stride_h(), param.stride_h(),
           param.stride_w(), 1, num_spatial_axes_, &stride_);
  ReadAxes("pad", param.pad(), param.has_pad_h(), param.pad_h(), param.pad_w(),
           0, num_spatial_axes_, &pad_);
  ReadAxes("dilation", param.dilation(), false, 0, 0, 1, num_spatial_axes_,
           &dilation_);
  for (int i = 0; i < num_spatial_axes_; ++i) {
    CAFFE_REQUIRE(kernel_shape_.cpu_data()[i] > 0 &&
                  stride_.cpu_data()[i] > 0 && dilation_.cpu_data()[i] > 0)
        << "kernel size, stride and dilation must be positive; spatial axis "
        << i << " has " << kernel_shape_.cpu_data()[i] << ", "
        << stride_.cpu_data()[i] << ", " << dilation_.cpu_data()[i];
  }
}

template <typename Dtype>
void Im2colLayer<Dtype>::Reshape(const vector<Blob<Dtype>*>& bottom,
                                 const vector<Blob<Dtype>*>& top) {
  CAFFE_REQUIRE(bottom[0]->num_axes() == channel_axis_ + 1 + num_spatial_axes_)
      << "the input " << bottom[0]->shape_string() << " must keep its "
      << channel_axis_ + 1 + num_spatial_axes_ << " axes";
  const int* kernel = kernel_shape_.cpu_data();
  const int* stride = stride_.cpu_data();
  const int* pad = pad_.cpu_data();
  const int* dilation = dilation_.cpu_data();
  vector<int> top_shape = bottom[0]->shape();
  channels_ = bottom[0]->shape(channel_axis_);
  int kernel_count = 1;
  for (int i = 0; i < num_spatial_axes_; ++i) {
    kernel_count *= kernel[i];
    const int input_dim = bottom[0]->shape(channel_axis_ + 1 + i);
    const int extent = dilation[i] * (kernel[i] - 1) + 1;
    CAFFE_REQUIRE(input_dim + 2 * pad[i] >= extent)
        << "the kernel (extent " << extent << " on spatial axis " << i
        << ") does not fit the padded input " << bottom[0]->shape_string()
        << " (pad " << pad[i] << ")";
    top_shape[channel_axis_ + 1 + i] =
        (input_dim + 2 * pad[i] - extent) / stride[i] + 1;
  }
  top_shape[channel_axis_] = channels_ * kernel_count;
  top[0]->Reshape(top_shape);
  num_ = bottom[0]->count(0, channel_axis_);
  bottom_dim_ = bottom[0]->count(channel_axis_);
  top_dim_ = top[0]->count(channel_axis_);
}

template <typename Dtype>
void Im2colLayer<Dtype>::Forward_cpu(const vector<Blob<Dtype>*>& bottom,
                                     const vector<Blob<Dtype>*>& top) {
  const int* kernel = kernel_shape_.cpu_data();
  const int* stride = stride_.cpu_data();
  const int* pad = pad_.cpu_data();
  const int* dilation = dilation_.cpu_data();
  const int* im_shape = bottom[0]->shape().data() + channel_axis_;
  const int* col_shape = top[0]->shape().data() + channel_axis_;
  const Dtype* bottom_data = bottom[0]->cpu_data();
  Dtype* top_data = top[0]->mutable_cpu_data();
  for (int n = 0; n < num_; ++n) {
    const Dtype* im = bottom_data + n * bottom_dim_;
    Dtype* col = top_data + n * top_dim_;
    if (Use2d()) {
      im2col_cpu(im, channels_, im_shape[1], im_shape[2], kernel[0], kernel[1],
                 pad[0], pad[1], stride[0], stride[1], dilation[0], dilation[1],
                 col);
    } else {
      im2col_nd_cpu(im, num_spatial_axes_, im_shape, col_shape, kernel, pad,
                    stride, dilation, col);
    }
  }
}

template <typename Dtype>
void Im2colLayer<Dtype>::Backward_cpu(const vector<Blob<Dtype>*>& top,
                                      const vector<bool>& propagate_down,
                                      const vector<Blob<Dtype>*>& bottom) {
  if (!propagate_down[0]) return;
  const int* kernel = kernel_shape_.cpu_data();
  const int* stride = stride_.cpu_data();
  const int* pad = pad_.cpu_data();
  const int* dilation = dilation_.cpu_data();
  const int* im_shape = bottom[0]->shape().data() + channel_axis_;
  const int* col_shape = top[0]->shape().data() + channel_axis_;
  const Dtype* top_diff = top[0]->cpu_diff();
  Dtype* bottom_diff = bottom[0]->mutable_cpu_diff();
  for (int n = 0; n < num_; ++n) {
    const Dtype* col = top_diff + n * top_dim_;
    Dtype* im = bottom_diff + n * bottom_dim_;
    if (Use2d()) {
      col2im_cpu(col, channels_, im_shape[1], im_shape[2], kernel[0], kernel[1],
                 pad[0], pad[1], stride[0], stride[1], dilation[0], dilation[1],
                 im);
    } else {
      col2im_nd_cpu(col, num_spatial_axes_, im_shape, col_shape, kernel, pad,
                    stride, dilation, im);
    }
  }
}

INSTANTIATE_CLASS(Im2colLayer);
REGISTER_LAYER_CLASS(Im2col);

}  // namespace caffe

#include "caffe/layers/im2col_layer.hpp"

#include <cstdint>
#include <vector>

#include "caffe/util/conv_geometry.hpp"
#include "caffe/util/im2col.hpp"

namespace caffe {

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
  ReadConvGeometry(param, num_spatial_axes_, &kernel_shape_, &stride_, &pad_,
                   &dilation_);
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
    top_shape[channel_axis_ + 1 + i] = ConvOutputSize(
        bottom[0]->shape(channel_axis_ + 1 + i), kernel[i], pad[i], stride[i],
        dilation[i], i, bottom[0]->shape_string());
  }
  top_shape[channel_axis_] = channels_ * kernel_count;
  top[0]->Reshape(top_shape);
  num_ = bottom[0]->count(0, channel_axis_);
  bottom_dim_ = bottom[0]->count(channel_axis_);
  top_dim_ = top[0]->count(channel_axis_);
}

// im2col and col2im take their arguments in the same order (source first),
// so one loop over the images serves both directions.
template <typename Dtype>
void Im2colLayer<Dtype>::Transfer(const bool to_columns,
                                  const vector<Blob<Dtype>*>& bottom,
                                  const vector<Blob<Dtype>*>& top,
                                  const Dtype* from, Dtype* to) {
  const auto transfer_2d = to_columns ? &im2col_cpu<Dtype> : &col2im_cpu<Dtype>;
  const auto transfer_nd =
      to_columns ? &im2col_nd_cpu<Dtype> : &col2im_nd_cpu<Dtype>;
  const int from_dim = to_columns ? bottom_dim_ : top_dim_;
  const int to_dim = to_columns ? top_dim_ : bottom_dim_;
  const int* kernel = kernel_shape_.cpu_data();
  const int* stride = stride_.cpu_data();
  const int* pad = pad_.cpu_data();
  const int* dilation = dilation_.cpu_data();
  const int* im_shape = bottom[0]->shape().data() + channel_axis_;
  const int* col_shape = top[0]->shape().data() + channel_axis_;
  for (int n = 0; n < num_; ++n) {
    const Dtype* source = from + int64_t(n) * from_dim;
    Dtype* target = to + int64_t(n) * to_dim;
    if (Use2d()) {
      transfer_2d(source, channels_, im_shape[1], im_shape[2], kernel[0],
                  kernel[1], pad[0], pad[1], stride[0], stride[1], dilation[0],
                  dilation[1], target);
    } else {
      transfer_nd(source, num_spatial_axes_, im_shape, col_shape, kernel, pad,
                  stride, dilation, target);
    }
  }
}

template <typename Dtype>
void Im2colLayer<Dtype>::Forward_cpu(const vector<Blob<Dtype>*>& bottom,
                                     const vector<Blob<Dtype>*>& top) {
  Transfer(true, bottom, top, bottom[0]->cpu_data(),
           top[0]->mutable_cpu_data());
}

template <typename Dtype>
void Im2colLayer<Dtype>::Backward_cpu(const vector<Blob<Dtype>*>& top,
                                      const vector<bool>& propagate_down,
                                      const vector<Blob<Dtype>*>& bottom) {
  if (!propagate_down[0]) return;
  Transfer(false, bottom, top, top[0]->cpu_diff(),
           bottom[0]->mutable_cpu_diff());
}

INSTANTIATE_CLASS(Im2colLayer);
REGISTER_LAYER_CLASS(Im2col);

}  // namespace caffe

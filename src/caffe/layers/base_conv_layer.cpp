#include "caffe/layers/base_conv_layer.hpp"

#include <string>
#include <vector>

#include "caffe/filler.hpp"
#include "caffe/util/im2col.hpp"
#include "caffe/util/math_functions.hpp"

namespace caffe {

namespace {

// Fills `out` with one entry per spatial axis from a setting given as
// nothing (default_value), one value for every axis, one value per axis, or,
// for 2-D only, the separate name_h / name_w fields.
void ReadPerAxisSetting(
    const std::string& name,
    const google::protobuf::RepeatedField<google::protobuf::uint32>& values,
    const bool has_h, const bool has_w, const int h, const int w,
    const int default_value, const int num_spatial_axes,
    SyncedArray<int>* out) {
  out->Reshape(num_spatial_axes);
  int* data = out->mutable_cpu_data();
  if (has_h || has_w) {
    CAFFE_REQUIRE(num_spatial_axes == 2)
        << name << "_h and " << name << "_w apply to 2-D convolution only, "
        << "but the input has " << num_spatial_axes << " spatial axes";
    CAFFE_REQUIRE(values.size() == 0)
        << "either " << name << " or " << name << "_h and " << name
        << "_w may be given, not both";
    CAFFE_REQUIRE(has_h && has_w)
        << name << "_h and " << name << "_w must be given together";
    data[0] = h;
    data[1] = w;
    return;
  }
  const int num_values = values.size();
  CAFFE_REQUIRE(num_values == 0 || num_values == 1 ||
                num_values == num_spatial_axes)
      << name << " must be given once or once per spatial axis ("
      << num_spatial_axes << "), but was given " << num_values << " times";
  for (int i = 0; i < num_spatial_axes; ++i) {
    data[i] = num_values == 0
                  ? default_value
                  : static_cast<int>(values[num_values == 1 ? 0 : i]);
  }
}

}  // namespace

template <typename Dtype>
void BaseConvolutionLayer<Dtype>::ReadGeometry(
    const ConvolutionParameter& param) {
  CAFFE_REQUIRE(param.kernel_size_size() > 0 || param.has_kernel_h() ||
                param.has_kernel_w())
      << "kernel_size (or kernel_h and kernel_w) must be specified";
  ReadPerAxisSetting("kernel", param.kernel_size(), param.has_kernel_h(),
                     param.has_kernel_w(), param.kernel_h(), param.kernel_w(),
                     0, num_spatial_axes_, &kernel_shape_);
  ReadPerAxisSetting("stride", param.stride(), param.has_stride_h(),
                     param.has_stride_w(), param.stride_h(), param.stride_w(),
                     1, num_spatial_axes_, &stride_);
  ReadPerAxisSetting("pad", param.pad(), param.has_pad_h(), param.has_pad_w(),
                     param.pad_h(), param.pad_w(), 0, num_spatial_axes_, &pad_);
  ReadPerAxisSetting("dilation", param.dilation(), false, false, 0, 0, 1,
                     num_spatial_axes_, &dilation_);
  const int* kernel = kernel_shape_.cpu_data();
  const int* stride = stride_.cpu_data();
  const int* pad = pad_.cpu_data();
  const int* dilation = dilation_.cpu_data();
  is_1x1_ = true;
  for (int i = 0; i < num_spatial_axes_; ++i) {
    CAFFE_REQUIRE(kernel[i] > 0) << "kernel size must be positive, got "
                                 << kernel[i] << " for spatial axis " << i;
    CAFFE_REQUIRE(stride[i] > 0) << "stride must be positive, got " << stride[i]
                                 << " for spatial axis " << i;
    CAFFE_REQUIRE(dilation[i] > 0) << "dilation must be positive, got "
                                   << dilation[i] << " for spatial axis " << i;
    is_1x1_ = is_1x1_ && kernel[i] == 1 && stride[i] == 1 && pad[i] == 0;
  }
}

template <typename Dtype>
void BaseConvolutionLayer<Dtype>::CreateOrCheckWeights(
    const ConvolutionParameter& param) {
  vector<int> weight_shape{conv_out_channels_, conv_in_channels_ / group_};
  const int* kernel = kernel_shape_.cpu_data();
  weight_shape.insert(weight_shape.end(), kernel, kernel + num_spatial_axes_);
  const vector<int> bias_shape{num_output_};
  if (!this->blobs_.empty()) {
    CAFFE_REQUIRE(static_cast<int>(this->blobs_.size()) == 1 + bias_term_)
        << "expected " << 1 + bias_term_
        << " weight blob(s) (bias_term: " << std::boolalpha << bias_term_
        << "), got " << this->blobs_.size();
    Blob<Dtype> expected_weights(weight_shape);
    CAFFE_REQUIRE(this->blobs_[0]->shape() == weight_shape)
        << "weight shape " << this->blobs_[0]->shape_string()
        << " does not match the expected " << expected_weights.shape_string();
    if (bias_term_) {
      CAFFE_REQUIRE(this->blobs_[1]->shape() == bias_shape)
          << "bias shape " << this->blobs_[1]->shape_string()
          << " does not match the expected (" << num_output_ << ")";
    }
    return;
  }
  this->blobs_.resize(1 + bias_term_);
  this->blobs_[0].reset(new Blob<Dtype>(weight_shape));
  std::unique_ptr<Filler<Dtype> > weight_filler(
      GetFiller<Dtype>(param.weight_filler()));
  weight_filler->Fill(this->blobs_[0].get());
  if (bias_term_) {
    this->blobs_[1].reset(new Blob<Dtype>(bias_shape));
    std::unique_ptr<Filler<Dtype> > bias_filler(
        GetFiller<Dtype>(param.bias_filler()));
    bias_filler->Fill(this->blobs_[1].get());
  }
}

template <typename Dtype>
void BaseConvolutionLayer<Dtype>::LayerSetUp(const vector<Blob<Dtype>*>& bottom,
                                             const vector<Blob<Dtype>*>& top) {
  const ConvolutionParameter& param = this->layer_param_.convolution_param();
  force_nd_im2col_ = param.force_nd_im2col();
  channel_axis_ = bottom[0]->CanonicalAxisIndex(param.axis());
  num_spatial_axes_ = bottom[0]->num_axes() - channel_axis_ - 1;
  CAFFE_REQUIRE(num_spatial_axes_ >= 1)
      << "the input " << bottom[0]->shape_string()
      << " has no spatial axis after the channel axis " << channel_axis_;
  ReadGeometry(param);

  channels_ = bottom[0]->shape(channel_axis_);
  num_output_ = param.num_output();
  group_ = param.group();
  CAFFE_REQUIRE(num_output_ > 0)
      << "num_output must be positive, got " << num_output_;
  CAFFE_REQUIRE(group_ > 0) << "group must be positive, got " << group_;
  CAFFE_REQUIRE(channels_ % group_ == 0)
      << "the number of input channels (" << channels_
      << ") must be divisible by group (" << group_ << ")";
  CAFFE_REQUIRE(num_output_ % group_ == 0)
      << "num_output (" << num_output_ << ") must be divisible by group ("
      << group_ << ")";
  if (reverse_dimensions()) {
    conv_out_channels_ = channels_;
    conv_in_channels_ = num_output_;
  } else {
    conv_out_channels_ = num_output_;
    conv_in_channels_ = channels_;
  }
  bias_term_ = param.bias_term();
  CreateOrCheckWeights(param);
  kernel_dim_ = this->blobs_[0]->count(1);
  weight_offset_ = conv_out_channels_ * kernel_dim_ / group_;
  this->param_propagate_down_.resize(this->blobs_.size(), true);
}

template <typename Dtype>
void BaseConvolutionLayer<Dtype>::Reshape(const vector<Blob<Dtype>*>& bottom,
                                          const vector<Blob<Dtype>*>& top) {
  const int first_spatial_axis = channel_axis_ + 1;
  CAFFE_REQUIRE(bottom[0]->num_axes() == first_spatial_axis + num_spatial_axes_)
      << "the input " << bottom[0]->shape_string() << " must keep its "
      << first_spatial_axis + num_spatial_axes_ << " axes";
  CAFFE_REQUIRE(bottom[0]->shape(channel_axis_) == channels_)
      << "the input " << bottom[0]->shape_string() << " must keep its "
      << channels_ << " channels";
  for (size_t i = 1; i < bottom.size(); ++i) {
    CAFFE_REQUIRE(bottom[i]->shape() == bottom[0]->shape())
        << "all inputs must have the same shape; input " << i << " is "
        << bottom[i]->shape_string() << ", input 0 is "
        << bottom[0]->shape_string();
  }
  num_ = bottom[0]->count(0, channel_axis_);
  bottom_shape_ = &bottom[0]->shape();
  compute_output_shape();
  vector<int> top_shape(bottom[0]->shape().begin(),
                        bottom[0]->shape().begin() + channel_axis_);
  top_shape.push_back(num_output_);
  top_shape.insert(top_shape.end(), output_shape_.begin(), output_shape_.end());
  for (auto* top_blob : top) top_blob->Reshape(top_shape);

  conv_out_spatial_dim_ = reverse_dimensions()
                              ? bottom[0]->count(first_spatial_axis)
                              : top[0]->count(first_spatial_axis);
  col_offset_ = kernel_dim_ * conv_out_spatial_dim_;
  output_offset_ = conv_out_channels_ * conv_out_spatial_dim_ / group_;

  conv_input_shape_.Reshape(num_spatial_axes_ + 1);
  int* conv_input_shape = conv_input_shape_.mutable_cpu_data();
  for (int i = 0; i <= num_spatial_axes_; ++i) {
    conv_input_shape[i] = reverse_dimensions()
                              ? top[0]->shape(channel_axis_ + i)
                              : bottom[0]->shape(channel_axis_ + i);
  }
  col_buffer_shape_.assign(1, kernel_dim_ * group_);
  for (int i = 0; i < num_spatial_axes_; ++i) {
    col_buffer_shape_.push_back(reverse_dimensions() ? input_shape(i + 1)
                                                     : output_shape_[i]);
  }
  // A 1x1 kernel reads its input as the column matrix directly.
  col_buffer_.Reshape(is_1x1_ ? vector<int>{0} : col_buffer_shape_);

  bottom_dim_ = bottom[0]->count(channel_axis_);
  top_dim_ = top[0]->count(channel_axis_);
  num_kernels_im2col_ = conv_in_channels_ * conv_out_spatial_dim_;
  num_kernels_col2im_ = reverse_dimensions() ? top_dim_ : bottom_dim_;
  out_spatial_dim_ = top[0]->count(first_spatial_axis);
  if (bias_term_) {
    bias_multiplier_.Reshape(vector<int>{out_spatial_dim_});
    caffe_set(out_spatial_dim_, Dtype(1), bias_multiplier_.mutable_cpu_data());
  }
}

template <typename Dtype>
void BaseConvolutionLayer<Dtype>::conv_im2col_cpu(const Dtype* data,
                                                  Dtype* col_buff) {
  const int* kernel = kernel_shape_.cpu_data();
  const int* pad = pad_.cpu_data();
  const int* stride = stride_.cpu_data();
  const int* dilation = dilation_.cpu_data();
  const int* im_shape = conv_input_shape_.cpu_data();
  if (!force_nd_im2col_ && num_spatial_axes_ == 2) {
    im2col_cpu(data, conv_in_channels_, im_shape[1], im_shape[2], kernel[0],
               kernel[1], pad[0], pad[1], stride[0], stride[1], dilation[0],
               dilation[1], col_buff);
  } else {
    im2col_nd_cpu(data, num_spatial_axes_, im_shape, col_buffer_shape_.data(),
                  kernel, pad, stride, dilation, col_buff);
  }
}

template <typename Dtype>
void BaseConvolutionLayer<Dtype>::conv_col2im_cpu(const Dtype* col_buff,
                                                  Dtype* data) {
  const int* kernel = kernel_shape_.cpu_data();
  const int* pad = pad_.cpu_data();
  const int* stride = stride_.cpu_data();
  const int* dilation = dilation_.cpu_data();
  const int* im_shape = conv_input_shape_.cpu_data();
  if (!force_nd_im2col_ && num_spatial_axes_ == 2) {
    col2im_cpu(col_buff, conv_in_channels_, im_shape[1], im_shape[2], kernel[0],
               kernel[1], pad[0], pad[1], stride[0], stride[1], dilation[0],
               dilation[1], data);
  } else {
    col2im_nd_cpu(col_buff, num_spatial_axes_, im_shape,
                  col_buffer_shape_.data(), kernel, pad, stride, dilation,
                  data);
  }
}

template <typename Dtype>
void BaseConvolutionLayer<Dtype>::forward_cpu_gemm(const Dtype* input,
                                                   const Dtype* weights,
                                                   Dtype* output,
                                                   bool skip_im2col) {
  const Dtype* col_buff = input;
  if (!is_1x1_) {
    if (!skip_im2col) conv_im2col_cpu(input, col_buffer_.mutable_cpu_data());
    col_buff = col_buffer_.cpu_data();
  }
  for (int g = 0; g < group_; ++g) {
    caffe_cpu_gemm<Dtype>(CblasNoTrans, CblasNoTrans,
                          conv_out_channels_ / group_, conv_out_spatial_dim_,
                          kernel_dim_, Dtype(1), weights + weight_offset_ * g,
                          col_buff + col_offset_ * g, Dtype(0),
                          output + output_offset_ * g);
  }
}

template <typename Dtype>
void BaseConvolutionLayer<Dtype>::forward_cpu_bias(Dtype* output,
                                                   const Dtype* bias) {
  caffe_cpu_gemm<Dtype>(CblasNoTrans, CblasNoTrans, num_output_,
                        out_spatial_dim_, 1, Dtype(1), bias,
                        bias_multiplier_.cpu_data(), Dtype(1), output);
}

template <typename Dtype>
void BaseConvolutionLayer<Dtype>::backward_cpu_gemm(const Dtype* output,
                                                    const Dtype* weights,
                                                    Dtype* input) {
  Dtype* col_buff = is_1x1_ ? input : col_buffer_.mutable_cpu_data();
  for (int g = 0; g < group_; ++g) {
    caffe_cpu_gemm<Dtype>(
        CblasTrans, CblasNoTrans, kernel_dim_, conv_out_spatial_dim_,
        conv_out_channels_ / group_, Dtype(1), weights + weight_offset_ * g,
        output + output_offset_ * g, Dtype(0), col_buff + col_offset_ * g);
  }
  if (!is_1x1_) conv_col2im_cpu(col_buff, input);
}

template <typename Dtype>
void BaseConvolutionLayer<Dtype>::weight_cpu_gemm(const Dtype* input,
                                                  const Dtype* output,
                                                  Dtype* weights) {
  const Dtype* col_buff = input;
  if (!is_1x1_) {
    conv_im2col_cpu(input, col_buffer_.mutable_cpu_data());
    col_buff = col_buffer_.cpu_data();
  }
  for (int g = 0; g < group_; ++g) {
    caffe_cpu_gemm<Dtype>(
        CblasNoTrans, CblasTrans, conv_out_channels_ / group_, kernel_dim_,
        conv_out_spatial_dim_, Dtype(1), output + output_offset_ * g,
        col_buff + col_offset_ * g, Dtype(1), weights + weight_offset_ * g);
  }
}

template <typename Dtype>
void BaseConvolutionLayer<Dtype>::backward_cpu_bias(Dtype* bias,
                                                    const Dtype* input) {
  caffe_cpu_gemv<Dtype>(CblasNoTrans, num_output_, out_spatial_dim_, Dtype(1),
                        input, bias_multiplier_.cpu_data(), Dtype(1), bias);
}

#ifndef CPU_ONLY

template <typename Dtype>
void BaseConvolutionLayer<Dtype>::conv_im2col_gpu(const Dtype* data,
                                                  Dtype* col_buff) {
  if (!force_nd_im2col_ && num_spatial_axes_ == 2) {
    const int* kernel = kernel_shape_.cpu_data();
    const int* pad = pad_.cpu_data();
    const int* stride = stride_.cpu_data();
    const int* dilation = dilation_.cpu_data();
    const int* im_shape = conv_input_shape_.cpu_data();
    im2col_gpu(data, conv_in_channels_, im_shape[1], im_shape[2], kernel[0],
               kernel[1], pad[0], pad[1], stride[0], stride[1], dilation[0],
               dilation[1], col_buff);
  } else {
    // The N-D kernel reads the output shape from col_buffer_'s device copy.
    im2col_nd_gpu(data, num_spatial_axes_, num_kernels_im2col_,
                  conv_input_shape_.gpu_data(), col_buffer_.gpu_shape(),
                  kernel_shape_.gpu_data(), pad_.gpu_data(), stride_.gpu_data(),
                  dilation_.gpu_data(), col_buff);
  }
}

template <typename Dtype>
void BaseConvolutionLayer<Dtype>::conv_col2im_gpu(const Dtype* col_buff,
                                                  Dtype* data) {
  if (!force_nd_im2col_ && num_spatial_axes_ == 2) {
    const int* kernel = kernel_shape_.cpu_data();
    const int* pad = pad_.cpu_data();
    const int* stride = stride_.cpu_data();
    const int* dilation = dilation_.cpu_data();
    const int* im_shape = conv_input_shape_.cpu_data();
    col2im_gpu(col_buff, conv_in_channels_, im_shape[1], im_shape[2], kernel[0],
               kernel[1], pad[0], pad[1], stride[0], stride[1], dilation[0],
               dilation[1], data);
  } else {
    col2im_nd_gpu(col_buff, num_spatial_axes_, num_kernels_col2im_,
                  conv_input_shape_.gpu_data(), col_buffer_.gpu_shape(),
                  kernel_shape_.gpu_data(), pad_.gpu_data(), stride_.gpu_data(),
                  dilation_.gpu_data(), data);
  }
}

template <typename Dtype>
void BaseConvolutionLayer<Dtype>::forward_gpu_gemm(const Dtype* input,
                                                   const Dtype* weights,
                                                   Dtype* output,
                                                   bool skip_im2col) {
  const Dtype* col_buff = input;
  if (!is_1x1_) {
    if (!skip_im2col) conv_im2col_gpu(input, col_buffer_.mutable_gpu_data());
    col_buff = col_buffer_.gpu_data();
  }
  for (int g = 0; g < group_; ++g) {
    caffe_gpu_gemm<Dtype>(CblasNoTrans, CblasNoTrans,
                          conv_out_channels_ / group_, conv_out_spatial_dim_,
                          kernel_dim_, Dtype(1), weights + weight_offset_ * g,
                          col_buff + col_offset_ * g, Dtype(0),
                          output + output_offset_ * g);
  }
}

template <typename Dtype>
void BaseConvolutionLayer<Dtype>::forward_gpu_bias(Dtype* output,
                                                   const Dtype* bias) {
  caffe_gpu_gemm<Dtype>(CblasNoTrans, CblasNoTrans, num_output_,
                        out_spatial_dim_, 1, Dtype(1), bias,
                        bias_multiplier_.gpu_data(), Dtype(1), output);
}

template <typename Dtype>
void BaseConvolutionLayer<Dtype>::backward_gpu_gemm(const Dtype* output,
                                                    const Dtype* weights,
                                                    Dtype* input) {
  Dtype* col_buff = is_1x1_ ? input : col_buffer_.mutable_gpu_data();
  for (int g = 0; g < group_; ++g) {
    caffe_gpu_gemm<Dtype>(
        CblasTrans, CblasNoTrans, kernel_dim_, conv_out_spatial_dim_,
        conv_out_channels_ / group_, Dtype(1), weights + weight_offset_ * g,
        output + output_offset_ * g, Dtype(0), col_buff + col_offset_ * g);
  }
  if (!is_1x1_) conv_col2im_gpu(col_buff, input);
}

template <typename Dtype>
void BaseConvolutionLayer<Dtype>::weight_gpu_gemm(const Dtype* input,
                                                  const Dtype* output,
                                                  Dtype* weights) {
  const Dtype* col_buff = input;
  if (!is_1x1_) {
    conv_im2col_gpu(input, col_buffer_.mutable_gpu_data());
    col_buff = col_buffer_.gpu_data();
  }
  for (int g = 0; g < group_; ++g) {
    caffe_gpu_gemm<Dtype>(
        CblasNoTrans, CblasTrans, conv_out_channels_ / group_, kernel_dim_,
        conv_out_spatial_dim_, Dtype(1), output + output_offset_ * g,
        col_buff + col_offset_ * g, Dtype(1), weights + weight_offset_ * g);
  }
}

template <typename Dtype>
void BaseConvolutionLayer<Dtype>::backward_gpu_bias(Dtype* bias,
                                                    const Dtype* input) {
  caffe_gpu_gemv<Dtype>(CblasNoTrans, num_output_, out_spatial_dim_, Dtype(1),
                        input, bias_multiplier_.gpu_data(), Dtype(1), bias);
}

#endif  // !CPU_ONLY

INSTANTIATE_CLASS(BaseConvolutionLayer);

}  // namespace caffe

#include "caffe/layers/base_conv_layer.hpp"

#include <cstdint>
#include <vector>

#include "caffe/filler.hpp"
#include "caffe/util/conv_geometry.hpp"
#include "caffe/util/im2col.hpp"
#include "caffe/util/math_functions.hpp"

namespace caffe {

template <typename Dtype>
void BaseConvolutionLayer<Dtype>::ReadGeometry(
    const ConvolutionParameter& param) {
  ReadConvGeometry(param, num_spatial_axes_, &kernel_shape_, &stride_, &pad_,
                   &dilation_);
  const int* kernel = kernel_shape_.cpu_data();
  const int* stride = stride_.cpu_data();
  const int* pad = pad_.cpu_data();
  is_1x1_ = true;
  for (int i = 0; i < num_spatial_axes_; ++i) {
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
  // No spatial axis (the channel axis is the last) is allowed, as in Caffe:
  // each position's channels are mapped by a (num_output x channels / group)
  // matrix, a fully connected layer applied along the channel axis.
  num_spatial_axes_ = bottom[0]->num_axes() - channel_axis_ - 1;
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
  // Refilled only when the output plane's size changes (see InnerProduct).
  if (bias_term_ && bias_multiplier_.count() != out_spatial_dim_) {
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

#endif  // !CPU_ONLY

namespace {

// The BLAS calls of the products below, on the host or the device.
template <typename Dtype>
void Gemm(const bool gpu, const CBLAS_TRANSPOSE trans_a,
          const CBLAS_TRANSPOSE trans_b, const int m, const int n, const int k,
          const Dtype alpha, const Dtype* a, const Dtype* b, const Dtype beta,
          Dtype* c) {
#ifndef CPU_ONLY
  if (gpu) {
    caffe_gpu_gemm<Dtype>(trans_a, trans_b, m, n, k, alpha, a, b, beta, c);
    return;
  }
#endif
  CHECK(!gpu) << "GPU convolution in a CPU_ONLY build";
  caffe_cpu_gemm<Dtype>(trans_a, trans_b, m, n, k, alpha, a, b, beta, c);
}

template <typename Dtype>
void Gemv(const bool gpu, const int m, const int n, const Dtype* a,
          const Dtype* x, Dtype* y) {
#ifndef CPU_ONLY
  if (gpu) {
    caffe_gpu_gemv<Dtype>(CblasNoTrans, m, n, Dtype(1), a, x, Dtype(1), y);
    return;
  }
#endif
  caffe_cpu_gemv<Dtype>(CblasNoTrans, m, n, Dtype(1), a, x, Dtype(1), y);
}

template <typename Dtype>
const Dtype* Data(const bool gpu, const Blob<Dtype>& blob) {
  return gpu ? blob.gpu_data() : blob.cpu_data();
}

template <typename Dtype>
const Dtype* Diff(const bool gpu, const Blob<Dtype>& blob) {
  return gpu ? blob.gpu_diff() : blob.cpu_diff();
}

template <typename Dtype>
Dtype* MutableData(const bool gpu, Blob<Dtype>* blob) {
  return gpu ? blob->mutable_gpu_data() : blob->mutable_cpu_data();
}

template <typename Dtype>
Dtype* MutableDiff(const bool gpu, Blob<Dtype>* blob) {
  return gpu ? blob->mutable_gpu_diff() : blob->mutable_cpu_diff();
}

}  // namespace

template <typename Dtype>
void BaseConvolutionLayer<Dtype>::Im2col(const bool gpu, const Dtype* data,
                                         Dtype* col_buff) {
#ifndef CPU_ONLY
  if (gpu) {
    conv_im2col_gpu(data, col_buff);
    return;
  }
#endif
  conv_im2col_cpu(data, col_buff);
}

template <typename Dtype>
void BaseConvolutionLayer<Dtype>::Col2im(const bool gpu, const Dtype* col_buff,
                                         Dtype* data) {
#ifndef CPU_ONLY
  if (gpu) {
    conv_col2im_gpu(col_buff, data);
    return;
  }
#endif
  conv_col2im_cpu(col_buff, data);
}

template <typename Dtype>
void BaseConvolutionLayer<Dtype>::ForwardGemm(const bool gpu,
                                              const Dtype* input,
                                              const Dtype* weights,
                                              Dtype* output,
                                              const bool skip_im2col) {
  const Dtype* col_buff = input;
  if (!is_1x1_) {
    if (!skip_im2col) Im2col(gpu, input, MutableData(gpu, &col_buffer_));
    col_buff = Data(gpu, col_buffer_);
  }
  for (int g = 0; g < group_; ++g) {
    Gemm<Dtype>(gpu, CblasNoTrans, CblasNoTrans, conv_out_channels_ / group_,
                conv_out_spatial_dim_, kernel_dim_, Dtype(1),
                weights + weight_offset_ * g, col_buff + col_offset_ * g,
                Dtype(0), output + output_offset_ * g);
  }
}

template <typename Dtype>
void BaseConvolutionLayer<Dtype>::ForwardBias(const bool gpu, Dtype* output,
                                              const Dtype* bias) {
  if (!gpu) {
    // A plain loop: the rank-1 GEMM below costs a call per image for the
    // same few additions.
    for (int c = 0; c < num_output_; ++c) {
      Dtype* row = output + int64_t(c) * out_spatial_dim_;
      const Dtype value = bias[c];
      for (int i = 0; i < out_spatial_dim_; ++i) row[i] += value;
    }
    return;
  }
  Gemm<Dtype>(gpu, CblasNoTrans, CblasNoTrans, num_output_, out_spatial_dim_, 1,
              Dtype(1), bias, Data(gpu, bias_multiplier_), Dtype(1), output);
}

template <typename Dtype>
void BaseConvolutionLayer<Dtype>::BackwardGemm(const bool gpu,
                                               const Dtype* output,
                                               const Dtype* weights,
                                               Dtype* input) {
  Dtype* col_buff = is_1x1_ ? input : MutableData(gpu, &col_buffer_);
  for (int g = 0; g < group_; ++g) {
    Gemm<Dtype>(gpu, CblasTrans, CblasNoTrans, kernel_dim_,
                conv_out_spatial_dim_, conv_out_channels_ / group_, Dtype(1),
                weights + weight_offset_ * g, output + output_offset_ * g,
                Dtype(0), col_buff + col_offset_ * g);
  }
  if (!is_1x1_) Col2im(gpu, col_buff, input);
}

template <typename Dtype>
void BaseConvolutionLayer<Dtype>::WeightGemm(const bool gpu,
                                             const Dtype* input,
                                             const Dtype* output,
                                             Dtype* weights) {
  const Dtype* col_buff = input;
  if (!is_1x1_) {
    Im2col(gpu, input, MutableData(gpu, &col_buffer_));
    col_buff = Data(gpu, col_buffer_);
  }
  for (int g = 0; g < group_; ++g) {
    Gemm<Dtype>(gpu, CblasNoTrans, CblasTrans, conv_out_channels_ / group_,
                kernel_dim_, conv_out_spatial_dim_, Dtype(1),
                output + output_offset_ * g, col_buff + col_offset_ * g,
                Dtype(1), weights + weight_offset_ * g);
  }
}

template <typename Dtype>
void BaseConvolutionLayer<Dtype>::BackwardBias(const bool gpu, Dtype* bias,
                                               const Dtype* input) {
  Gemv<Dtype>(gpu, num_output_, out_spatial_dim_, input,
              Data(gpu, bias_multiplier_), bias);
}

// Convolution maps bottom to top with the forward product and back with the
// backward one; Deconvolution (reverse_dimensions()) the other way round.
template <typename Dtype>
void BaseConvolutionLayer<Dtype>::ForwardImages(
    const bool gpu, const vector<Blob<Dtype>*>& bottom,
    const vector<Blob<Dtype>*>& top) {
  const Dtype* weight = Data(gpu, *this->blobs_[0]);
  const Dtype* bias = bias_term_ ? Data(gpu, *this->blobs_[1]) : nullptr;
  for (size_t i = 0; i < bottom.size(); ++i) {
    const Dtype* bottom_data = Data(gpu, *bottom[i]);
    Dtype* top_data = MutableData(gpu, top[i]);
    for (int n = 0; n < num_; ++n) {
      const Dtype* input = bottom_data + int64_t(n) * bottom_dim_;
      Dtype* output = top_data + int64_t(n) * top_dim_;
      if (reverse_dimensions()) {
        BackwardGemm(gpu, input, weight, output);
      } else {
        ForwardGemm(gpu, input, weight, output);
      }
      if (bias_term_) ForwardBias(gpu, output, bias);
    }
  }
}

template <typename Dtype>
void BaseConvolutionLayer<Dtype>::BackwardImages(
    const bool gpu, const vector<Blob<Dtype>*>& top,
    const vector<bool>& propagate_down, const vector<Blob<Dtype>*>& bottom) {
  const Dtype* weight = Data(gpu, *this->blobs_[0]);
  const bool weight_grad = this->param_propagate_down(0);
  Dtype* weight_diff = weight_grad ? MutableDiff(gpu, this->blobs_[0].get())
                                   : nullptr;
  for (size_t i = 0; i < top.size(); ++i) {
    const Dtype* top_diff = Diff(gpu, *top[i]);
    if (bias_term_ && this->param_propagate_down(1)) {
      Dtype* bias_diff = MutableDiff(gpu, this->blobs_[1].get());
      for (int n = 0; n < num_; ++n) {
        BackwardBias(gpu, bias_diff, top_diff + int64_t(n) * top_dim_);
      }
    }
    if (!weight_grad && !propagate_down[i]) continue;
    const Dtype* bottom_data = Data(gpu, *bottom[i]);
    Dtype* bottom_diff =
        propagate_down[i] ? MutableDiff(gpu, bottom[i]) : nullptr;
    for (int n = 0; n < num_; ++n) {
      const Dtype* image = bottom_data + int64_t(n) * bottom_dim_;
      const Dtype* image_top_diff = top_diff + int64_t(n) * top_dim_;
      Dtype* image_diff =
          propagate_down[i] ? bottom_diff + int64_t(n) * bottom_dim_ : nullptr;
      if (!reverse_dimensions()) {
        if (weight_grad) WeightGemm(gpu, image, image_top_diff, weight_diff);
        if (propagate_down[i]) {
          BackwardGemm(gpu, image_top_diff, weight, image_diff);
        }
        continue;
      }
      if (weight_grad) WeightGemm(gpu, image_top_diff, image, weight_diff);
      if (propagate_down[i]) {
        // WeightGemm has just filled the column buffer from top_diff.
        ForwardGemm(gpu, image_top_diff, weight, image_diff, weight_grad);
      }
    }
  }
}

template <typename Dtype>
void BaseConvolutionLayer<Dtype>::Forward_cpu(const vector<Blob<Dtype>*>& bottom,
                                              const vector<Blob<Dtype>*>& top) {
  ForwardImages(false, bottom, top);
}

template <typename Dtype>
void BaseConvolutionLayer<Dtype>::Backward_cpu(
    const vector<Blob<Dtype>*>& top, const vector<bool>& propagate_down,
    const vector<Blob<Dtype>*>& bottom) {
  BackwardImages(false, top, propagate_down, bottom);
}

#ifndef CPU_ONLY

template <typename Dtype>
void BaseConvolutionLayer<Dtype>::Forward_gpu(const vector<Blob<Dtype>*>& bottom,
                                              const vector<Blob<Dtype>*>& top) {
  ForwardImages(true, bottom, top);
}

template <typename Dtype>
void BaseConvolutionLayer<Dtype>::Backward_gpu(
    const vector<Blob<Dtype>*>& top, const vector<bool>& propagate_down,
    const vector<Blob<Dtype>*>& bottom) {
  BackwardImages(true, top, propagate_down, bottom);
}

#endif  // !CPU_ONLY

// Caffe's per-image helpers, for subclasses written against Caffe.

template <typename Dtype>
void BaseConvolutionLayer<Dtype>::forward_cpu_gemm(const Dtype* input,
                                                   const Dtype* weights,
                                                   Dtype* output,
                                                   bool skip_im2col) {
  ForwardGemm(false, input, weights, output, skip_im2col);
}

template <typename Dtype>
void BaseConvolutionLayer<Dtype>::forward_cpu_bias(Dtype* output,
                                                   const Dtype* bias) {
  ForwardBias(false, output, bias);
}

template <typename Dtype>
void BaseConvolutionLayer<Dtype>::backward_cpu_gemm(const Dtype* output,
                                                    const Dtype* weights,
                                                    Dtype* input) {
  BackwardGemm(false, output, weights, input);
}

template <typename Dtype>
void BaseConvolutionLayer<Dtype>::weight_cpu_gemm(const Dtype* input,
                                                  const Dtype* output,
                                                  Dtype* weights) {
  WeightGemm(false, input, output, weights);
}

template <typename Dtype>
void BaseConvolutionLayer<Dtype>::backward_cpu_bias(Dtype* bias,
                                                    const Dtype* input) {
  BackwardBias(false, bias, input);
}

#ifndef CPU_ONLY

template <typename Dtype>
void BaseConvolutionLayer<Dtype>::forward_gpu_gemm(const Dtype* input,
                                                   const Dtype* weights,
                                                   Dtype* output,
                                                   bool skip_im2col) {
  ForwardGemm(true, input, weights, output, skip_im2col);
}

template <typename Dtype>
void BaseConvolutionLayer<Dtype>::forward_gpu_bias(Dtype* output,
                                                   const Dtype* bias) {
  ForwardBias(true, output, bias);
}

template <typename Dtype>
void BaseConvolutionLayer<Dtype>::backward_gpu_gemm(const Dtype* output,
                                                    const Dtype* weights,
                                                    Dtype* input) {
  BackwardGemm(true, output, weights, input);
}

template <typename Dtype>
void BaseConvolutionLayer<Dtype>::weight_gpu_gemm(const Dtype* input,
                                                  const Dtype* output,
                                                  Dtype* weights) {
  WeightGemm(true, input, output, weights);
}

template <typename Dtype>
void BaseConvolutionLayer<Dtype>::backward_gpu_bias(Dtype* bias,
                                                    const Dtype* input) {
  BackwardBias(true, bias, input);
}

#endif  // !CPU_ONLY

INSTANTIATE_CLASS(BaseConvolutionLayer);

}  // namespace caffe

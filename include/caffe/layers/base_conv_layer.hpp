#ifndef CAFFE_BASE_CONVOLUTION_LAYER_HPP_
#define CAFFE_BASE_CONVOLUTION_LAYER_HPP_

#include <vector>

#include "caffe/blob.hpp"
#include "caffe/layer.hpp"
#include "caffe/proto/caffe.pb.h"
#include "caffe/util/im2col.hpp"
#include "caffe/util/synced_array.hpp"

namespace caffe {

// The machinery shared by Convolution and Deconvolution: parameter parsing,
// weight creation and the im2col + GEMM products, per image n and group g:
//   forward:  top[g]    = W[g] * col(bottom)[g]            (+ bias)
//   backward: col_diff  = W[g]^T * top_diff[g], bottom_diff = col2im(col_diff)
//   weights:  W_diff[g] += top_diff[g] * col(bottom)[g]^T
// Deconvolution runs the same products with the roles of bottom and top
// swapped (reverse_dimensions()).
//
// ConvolutionParameter fields:
//   num_output        output channels (> 0, divisible by group)
//   kernel_size       one value, or one per spatial axis (or kernel_h/kernel_w
//                     for 2-D); every entry > 0
//   stride, pad, dilation  one value or one per spatial axis (or *_h/*_w);
//                     defaults 1, 0, 1
//   group             channels are split into this many independent groups
//   bias_term         adds a learned per-output-channel bias (default true)
//   weight_filler, bias_filler  initialisation (constant 0 when unset)
//   axis              the channel axis; the axes after it are spatial
//                     (none: a 0-D convolution, which needs no kernel and
//                     maps each position's channels like InnerProduct)
//   force_nd_im2col   use the N-D im2col even for 2-D inputs
// Weights are (conv_out_channels, conv_in_channels / group, kernel...), bias
// is (num_output). All bottoms must have the same shape.
template <typename Dtype>
class BaseConvolutionLayer : public Layer<Dtype> {
 public:
  explicit BaseConvolutionLayer(const LayerParameter& param)
      : Layer<Dtype>(param) {}
  void LayerSetUp(const vector<Blob<Dtype>*>& bottom,
                  const vector<Blob<Dtype>*>& top) override;
  void Reshape(const vector<Blob<Dtype>*>& bottom,
               const vector<Blob<Dtype>*>& top) override;

  inline int MinBottomBlobs() const override { return 1; }
  inline int MinTopBlobs() const override { return 1; }
  inline bool EqualNumBottomTopBlobs() const override { return true; }

 protected:
  // Forward and backward of every image, for both subclasses (see above).
  void Forward_cpu(const vector<Blob<Dtype>*>& bottom,
                   const vector<Blob<Dtype>*>& top) override;
  void Backward_cpu(const vector<Blob<Dtype>*>& top,
                    const vector<bool>& propagate_down,
                    const vector<Blob<Dtype>*>& bottom) override;
#ifndef CPU_ONLY
  void Forward_gpu(const vector<Blob<Dtype>*>& bottom,
                   const vector<Blob<Dtype>*>& top) override;
  void Backward_gpu(const vector<Blob<Dtype>*>& top,
                    const vector<bool>& propagate_down,
                    const vector<Blob<Dtype>*>& bottom) override;
#endif

  // Caffe's per-image products, for subclasses written against Caffe.
  // One image: output = W * col(input); skip_im2col reuses the column buffer
  // already filled from this input.
  void forward_cpu_gemm(const Dtype* input, const Dtype* weights, Dtype* output,
                        bool skip_im2col = false);
  // output[c][*] += bias[c]
  void forward_cpu_bias(Dtype* output, const Dtype* bias);
  // input_diff = col2im(W^T * output_diff)
  void backward_cpu_gemm(const Dtype* output, const Dtype* weights,
                         Dtype* input);
  // weights_diff += output_diff * col(input)^T
  void weight_cpu_gemm(const Dtype* input, const Dtype* output, Dtype* weights);
  // bias_diff[c] += sum of input[c][*]
  void backward_cpu_bias(Dtype* bias, const Dtype* input);

#ifndef CPU_ONLY
  void forward_gpu_gemm(const Dtype* col_input, const Dtype* weights,
                        Dtype* output, bool skip_im2col = false);
  void forward_gpu_bias(Dtype* output, const Dtype* bias);
  void backward_gpu_gemm(const Dtype* input, const Dtype* weights,
                         Dtype* col_output);
  void weight_gpu_gemm(const Dtype* col_input, const Dtype* output,
                       Dtype* weights);
  void backward_gpu_bias(Dtype* bias, const Dtype* input);
#endif

  // The i-th dimension of the bottom from the channel axis on (0: channels).
  inline int input_shape(int i) { return (*bottom_shape_)[channel_axis_ + i]; }
  // True for Deconvolution: im2col runs on the top instead of the bottom.
  virtual bool reverse_dimensions() = 0;
  // Fills output_shape_ (spatial dimensions of the top).
  virtual void compute_output_shape() = 0;

  // Per spatial axis; host and device copies for the im2col kernels.
  SyncedArray<int> kernel_shape_;
  SyncedArray<int> stride_;
  SyncedArray<int> pad_;
  SyncedArray<int> dilation_;
  // (channels, spatial dims...) of the image side of im2col.
  SyncedArray<int> conv_input_shape_;
  vector<int> col_buffer_shape_;
  vector<int> output_shape_;
  const vector<int>* bottom_shape_ = nullptr;

  int num_spatial_axes_ = 0;
  int bottom_dim_ = 0;
  int top_dim_ = 0;
  int channel_axis_ = 0;
  int num_ = 0;
  int channels_ = 0;
  int group_ = 1;
  int out_spatial_dim_ = 0;
  int weight_offset_ = 0;
  int num_output_ = 0;
  bool bias_term_ = true;
  bool is_1x1_ = false;
  bool force_nd_im2col_ = false;

 private:
  void ReadGeometry(const ConvolutionParameter& param);
  void CreateOrCheckWeights(const ConvolutionParameter& param);

  // The products above on the host (gpu false) or the device, written once.
  void ForwardGemm(bool gpu, const Dtype* input, const Dtype* weights,
                   Dtype* output, bool skip_im2col = false);
  void ForwardBias(bool gpu, Dtype* output, const Dtype* bias);
  void BackwardGemm(bool gpu, const Dtype* output, const Dtype* weights,
                    Dtype* input);
  void WeightGemm(bool gpu, const Dtype* input, const Dtype* output,
                  Dtype* weights);
  void BackwardBias(bool gpu, Dtype* bias, const Dtype* input);
  void ForwardImages(bool gpu, const vector<Blob<Dtype>*>& bottom,
                     const vector<Blob<Dtype>*>& top);
  void BackwardImages(bool gpu, const vector<Blob<Dtype>*>& top,
                      const vector<bool>& propagate_down,
                      const vector<Blob<Dtype>*>& bottom);
  void Im2col(bool gpu, const Dtype* data, Dtype* col_buff);
  void Col2im(bool gpu, const Dtype* col_buff, Dtype* data);

  void conv_im2col_cpu(const Dtype* data, Dtype* col_buff);
  void conv_col2im_cpu(const Dtype* col_buff, Dtype* data);
#ifndef CPU_ONLY
  void conv_im2col_gpu(const Dtype* data, Dtype* col_buff);
  void conv_col2im_gpu(const Dtype* col_buff, Dtype* data);
#endif

  int num_kernels_im2col_ = 0;
  int num_kernels_col2im_ = 0;
  int conv_out_channels_ = 0;
  int conv_in_channels_ = 0;
  int conv_out_spatial_dim_ = 0;
  int kernel_dim_ = 0;
  int col_offset_ = 0;
  int output_offset_ = 0;

  Blob<Dtype> col_buffer_;
  Blob<Dtype> bias_multiplier_;
};

}  // namespace caffe

#endif  // CAFFE_BASE_CONVOLUTION_LAYER_HPP_

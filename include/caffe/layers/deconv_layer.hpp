#ifndef CAFFE_DECONV_LAYER_HPP_
#define CAFFE_DECONV_LAYER_HPP_

#include <vector>

#include "caffe/blob.hpp"
#include "caffe/layer.hpp"
#include "caffe/layers/base_conv_layer.hpp"
#include "caffe/proto/caffe.pb.h"

namespace caffe {

// Transposed convolution ("deconvolution"): the adjoint of Convolution with
// the same parameters, so that its forward pass is Convolution's backward
// pass. Every bottom value is scattered through the filter, per image n,
// input channel c, input position p:
//   top[n][o][p*stride - pad + k*dilation] += W[c][o'][k] * bottom[n][c][p]
// for each output channel o of c's group (o' its index in the group) and
// kernel offset k, then top[n][o][*] += bias[o]. Weights are
// (channels, num_output / group, kernel...). Each spatial output size is
//   stride * (in - 1) + dilation * (kernel - 1) + 1 - 2 * pad.
// Backward: bottom_diff = Convolution of top_diff with W; W_diff and
// bias_diff accumulate over the batch. Parameters: see BaseConvolutionLayer.
template <typename Dtype>
class DeconvolutionLayer : public BaseConvolutionLayer<Dtype> {
 public:
  explicit DeconvolutionLayer(const LayerParameter& param)
      : BaseConvolutionLayer<Dtype>(param) {}

  inline const char* type() const override { return "Deconvolution"; }

 protected:
  inline bool reverse_dimensions() override { return true; }
  // A caffe::Error when the padding leaves no output.
  void compute_output_shape() override;
};

}  // namespace caffe

#endif  // CAFFE_DECONV_LAYER_HPP_

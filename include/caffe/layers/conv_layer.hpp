#ifndef CAFFE_CONV_LAYER_HPP_
#define CAFFE_CONV_LAYER_HPP_

#include <vector>

#include "caffe/blob.hpp"
#include "caffe/layer.hpp"
#include "caffe/layers/base_conv_layer.hpp"
#include "caffe/proto/caffe.pb.h"

namespace caffe {

// Convolves each bottom with the learned filters (cross-correlation, as in
// Caffe), per image n, output channel o, output position p:
//   top[n][o][p] = bias[o] + sum over input channels c of o's group and
//                  kernel offsets k of W[o][c][k] * bottom[n][c][p*stride -
//                  pad + k*dilation]   (zero outside the input)
// Each spatial output size is
//   (in + 2 * pad - dilation * (kernel - 1) - 1) / stride + 1.
// Backward: bottom_diff = W^T-correlation of top_diff; W_diff and bias_diff
// accumulate over the batch. Parameters: see BaseConvolutionLayer.
template <typename Dtype>
class ConvolutionLayer : public BaseConvolutionLayer<Dtype> {
 public:
  explicit ConvolutionLayer(const LayerParameter& param)
      : BaseConvolutionLayer<Dtype>(param) {}

  inline const char* type() const override { return "Convolution"; }

 protected:
  inline bool reverse_dimensions() override { return false; }
  void compute_output_shape() override;
};

}  // namespace caffe

#endif  // CAFFE_CONV_LAYER_HPP_

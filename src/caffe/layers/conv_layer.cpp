#include "caffe/layers/conv_layer.hpp"

#include <vector>

#include "caffe/util/conv_geometry.hpp"

namespace caffe {

template <typename Dtype>
void ConvolutionLayer<Dtype>::compute_output_shape() {
  const int* kernel = this->kernel_shape_.cpu_data();
  const int* stride = this->stride_.cpu_data();
  const int* pad = this->pad_.cpu_data();
  const int* dilation = this->dilation_.cpu_data();
  this->output_shape_.clear();
  for (int i = 0; i < this->num_spatial_axes_; ++i) {
    this->output_shape_.push_back(ConvOutputSize(this->input_shape(i + 1),
                                                 kernel[i], pad[i], stride[i],
                                                 dilation[i], i, ""));
  }
}

INSTANTIATE_CLASS(ConvolutionLayer);
REGISTER_LAYER_CLASS(Convolution);

}  // namespace caffe

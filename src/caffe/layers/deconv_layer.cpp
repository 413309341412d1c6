#include "caffe/layers/deconv_layer.hpp"

#include <vector>

namespace caffe {

template <typename Dtype>
void DeconvolutionLayer<Dtype>::compute_output_shape() {
  const int* kernel = this->kernel_shape_.cpu_data();
  const int* stride = this->stride_.cpu_data();
  const int* pad = this->pad_.cpu_data();
  const int* dilation = this->dilation_.cpu_data();
  this->output_shape_.clear();
  for (int i = 0; i < this->num_spatial_axes_; ++i) {
    const int input_dim = this->input_shape(i + 1);
    const int kernel_extent = dilation[i] * (kernel[i] - 1) + 1;
    const int output_dim =
        stride[i] * (input_dim - 1) + kernel_extent - 2 * pad[i];
    CAFFE_REQUIRE(output_dim > 0)
        << "the output on spatial axis " << i << " would be empty: stride "
        << stride[i] << " * (input " << input_dim << " - 1) + kernel extent "
        << kernel_extent << " - 2 * pad " << pad[i] << " = " << output_dim;
    this->output_shape_.push_back(output_dim);
  }
}

INSTANTIATE_CLASS(DeconvolutionLayer);
REGISTER_LAYER_CLASS(Deconvolution);

}  // namespace caffe

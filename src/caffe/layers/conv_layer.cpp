#include "caffe/layers/conv_layer.hpp"

#include <vector>

namespace caffe {

template <typename Dtype>
void ConvolutionLayer<Dtype>::compute_output_shape() {
  const int* kernel = this->kernel_shape_.cpu_data();
  const int* stride = this->stride_.cpu_data();
  const int* pad = this->pad_.cpu_data();
  const int* dilation = this->dilation_.cpu_data();
  this->output_shape_.clear();
  for (int i = 0; i < this->num_spatial_axes_; ++i) {
    const int input_dim = this->input_shape(i + 1);
    const int kernel_extent = dilation[i] * (kernel[i] - 1) + 1;
    CAFFE_REQUIRE(input_dim + 2 * pad[i] >= kernel_extent)
        << "the kernel (extent " << kernel_extent << " on spatial axis " << i
        << ") does not fit the padded input (" << input_dim << " + 2 * "
        << pad[i] << ")";
    this->output_shape_.push_back(
        (input_dim + 2 * pad[i] - kernel_extent) / stride[i] + 1);
  }
}

template <typename Dtype>
void ConvolutionLayer<Dtype>::Forward_cpu(const vector<Blob<Dtype>*>& bottom,
                                          const vector<Blob<Dtype>*>& top) {
  const Dtype* weight = this->blobs_[0]->cpu_data();
  for (size_t i = 0; i < bottom.size(); ++i) {
    const Dtype* bottom_data = bottom[i]->cpu_data();
    Dtype* top_data = top[i]->mutable_cpu_data();
    for (int n = 0; n < this->num_; ++n) {
      this->forward_cpu_gemm(bottom_data + n * this->bottom_dim_, weight,
                             top_data + n * this->top_dim_);
      if (this->bias_term_) {
        this->forward_cpu_bias(top_data + n * this->top_dim_,
                               this->blobs_[1]->cpu_data());
      }
    }
  }
}

template <typename Dtype>
void ConvolutionLayer<Dtype>::Backward_cpu(const vector<Blob<Dtype>*>& top,
                                           const vector<bool>& propagate_down,
                                           const vector<Blob<Dtype>*>& bottom) {
  const Dtype* weight = this->blobs_[0]->cpu_data();
  Dtype* weight_diff = this->blobs_[0]->mutable_cpu_diff();
  for (size_t i = 0; i < top.size(); ++i) {
    const Dtype* top_diff = top[i]->cpu_diff();
    if (this->bias_term_ && this->param_propagate_down(1)) {
      Dtype* bias_diff = this->blobs_[1]->mutable_cpu_diff();
      for (int n = 0; n < this->num_; ++n) {
        this->backward_cpu_bias(bias_diff, top_diff + n * this->top_dim_);
      }
    }
    if (!this->param_propagate_down(0) && !propagate_down[i]) continue;
    const Dtype* bottom_data = bottom[i]->cpu_data();
    Dtype* bottom_diff =
        propagate_down[i] ? bottom[i]->mutable_cpu_diff() : nullptr;
    for (int n = 0; n < this->num_; ++n) {
      if (this->param_propagate_down(0)) {
        this->weight_cpu_gemm(bottom_data + n * this->bottom_dim_,
                              top_diff + n * this->top_dim_, weight_diff);
      }
      if (propagate_down[i]) {
        this->backward_cpu_gemm(top_diff + n * this->top_dim_, weight,
                                bottom_diff + n * this->bottom_dim_);
      }
    }
  }
}

INSTANTIATE_CLASS(ConvolutionLayer);
REGISTER_LAYER_CLASS(Convolution);

}  // namespace caffe

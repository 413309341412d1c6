#ifndef CAFFE_UTIL_IM2COL_HPP_
#define CAFFE_UTIL_IM2COL_HPP_

#include "caffe/config.hpp"

namespace caffe {

// im2col lays out every kernel-sized patch of an image as one column, so that
// a convolution becomes one matrix product:
//   col[(c * kernel_h + i) * kernel_w + j][y * width_col + x] =
//     im[c][y * stride_h - pad_h + i * dilation_h]
//          [x * stride_w - pad_w + j * dilation_w]   (0 outside the image)
// with height_col = (height + 2 * pad_h - (dilation_h * (kernel_h - 1) + 1))
//                   / stride_h + 1, and width_col likewise.
// col2im is its adjoint: it sums every column entry back into the image
// position it was read from (data_im is overwritten, not accumulated into).

template <typename Dtype>
void im2col_cpu(const Dtype* data_im, const int channels, const int height,
                const int width, const int kernel_h, const int kernel_w,
                const int pad_h, const int pad_w, const int stride_h,
                const int stride_w, const int dilation_h, const int dilation_w,
                Dtype* data_col);

template <typename Dtype>
void col2im_cpu(const Dtype* data_col, const int channels, const int height,
                const int width, const int kernel_h, const int kernel_w,
                const int pad_h, const int pad_w, const int stride_h,
                const int stride_w, const int dilation_h, const int dilation_w,
                Dtype* data_im);

// The same for any number of spatial axes. im_shape is (channels, spatial
// dims...), col_shape is (channels * prod(kernel_shape), output dims...);
// kernel_shape, pad, stride and dilation have num_spatial_axes entries.
template <typename Dtype>
void im2col_nd_cpu(const Dtype* data_im, const int num_spatial_axes,
                   const int* im_shape, const int* col_shape,
                   const int* kernel_shape, const int* pad, const int* stride,
                   const int* dilation, Dtype* data_col);

template <typename Dtype>
void col2im_nd_cpu(const Dtype* data_col, const int num_spatial_axes,
                   const int* im_shape, const int* col_shape,
                   const int* kernel_shape, const int* pad, const int* stride,
                   const int* dilation, Dtype* data_im);

#ifndef CPU_ONLY

// Device versions (src/caffe/util/im2col.cu). In the N-D versions the shape
// arrays live in device memory; num_kernels is channels * prod(output dims)
// for im2col and im_size = prod(im_shape) for col2im.
template <typename Dtype>
void im2col_gpu(const Dtype* data_im, const int channels, const int height,
                const int width, const int kernel_h, const int kernel_w,
                const int pad_h, const int pad_w, const int stride_h,
                const int stride_w, const int dilation_h, const int dilation_w,
                Dtype* data_col);

template <typename Dtype>
void im2col_nd_gpu(const Dtype* data_im, const int num_spatial_axes,
                   const int num_kernels, const int* im_shape,
                   const int* col_shape, const int* kernel_shape,
                   const int* pad, const int* stride, const int* dilation,
                   Dtype* data_col);

template <typename Dtype>
void col2im_gpu(const Dtype* data_col, const int channels, const int height,
                const int width, const int kernel_h, const int kernel_w,
                const int pad_h, const int pad_w, const int stride_h,
                const int stride_w, const int dilation_h, const int dilation_w,
                Dtype* data_im);

template <typename Dtype>
void col2im_nd_gpu(const Dtype* data_col, const int num_spatial_axes,
                   const int im_size, const int* im_shape, const int* col_shape,
                   const int* kernel_shape, const int* pad, const int* stride,
                   const int* dilation, Dtype* data_im);

#endif  // !CPU_ONLY

}  // namespace caffe

#endif  // CAFFE_UTIL_IM2COL_HPP_

// Device im2col/col2im; the layout is documented in caffe/util/im2col.hpp.
// im2col gives each thread one column entry group (a channel and an output
// position); col2im gives each thread one image element and gathers every
// column entry that reads it, so no two threads write the same address.
#include "caffe/util/device_alternate.hpp"
#include "caffe/util/im2col.hpp"

namespace caffe {

namespace {

// Caffe's limit on spatial axes for the N-D kernels.
constexpr int kMaxSpatialAxes = 10;

__device__ inline bool InRange(const int index, const int size) {
  return static_cast<unsigned>(index) < static_cast<unsigned>(size);
}

// Output extent along one axis.
__host__ __device__ inline int ColExtent(const int size, const int kernel,
                                         const int pad, const int stride,
                                         const int dilation) {
  return (size + 2 * pad - (dilation * (kernel - 1) + 1)) / stride + 1;
}

template <typename Dtype>
__global__ void Im2col2dKernel(const int n, const Dtype* data_im,
                               const int height, const int width,
                               const int kernel_h, const int kernel_w,
                               const int pad_h, const int pad_w,
                               const int stride_h, const int stride_w,
                               const int dilation_h, const int dilation_w,
                               const int height_col, const int width_col,
                               Dtype* data_col) {
  CUDA_KERNEL_LOOP(index, n) {
    const int x = index % width_col;
    const int y = (index / width_col) % height_col;
    const int c = index / (width_col * height_col);
    const int spatial_col = height_col * width_col;
    const Dtype* im = data_im + static_cast<int64_t>(c) * height * width;
    Dtype* col = data_col +
                 static_cast<int64_t>(c) * kernel_h * kernel_w * spatial_col +
                 y * width_col + x;
    for (int ki = 0; ki < kernel_h; ++ki) {
      const int im_y = y * stride_h - pad_h + ki * dilation_h;
      for (int kj = 0; kj < kernel_w; ++kj, col += spatial_col) {
        const int im_x = x * stride_w - pad_w + kj * dilation_w;
        *col = InRange(im_y, height) && InRange(im_x, width)
                   ? im[im_y * width + im_x]
                   : Dtype(0);
      }
    }
  }
}

template <typename Dtype>
__global__ void Col2im2dKernel(const int n, const Dtype* data_col,
                               const int height, const int width,
                               const int kernel_h, const int kernel_w,
                               const int pad_h, const int pad_w,
                               const int stride_h, const int stride_w,
                               const int dilation_h, const int dilation_w,
                               const int height_col, const int width_col,
                               Dtype* data_im) {
  CUDA_KERNEL_LOOP(index, n) {
    const int w = index % width;
    const int h = (index / width) % height;
    const int c = index / (width * height);
    Dtype sum = 0;
    for (int ki = 0; ki < kernel_h; ++ki) {
      // The output row y with y * stride_h - pad_h + ki * dilation_h == h.
      const int y_scaled = h + pad_h - ki * dilation_h;
      if (y_scaled < 0 || y_scaled % stride_h) continue;
      const int y = y_scaled / stride_h;
      if (y >= height_col) continue;
      for (int kj = 0; kj < kernel_w; ++kj) {
        const int x_scaled = w + pad_w - kj * dilation_w;
        if (x_scaled < 0 || x_scaled % stride_w) continue;
        const int x = x_scaled / stride_w;
        if (x >= width_col) continue;
        const int row = (c * kernel_h + ki) * kernel_w + kj;
        sum +=
            data_col[(static_cast<int64_t>(row) * height_col + y) * width_col +
                     x];
      }
    }
    data_im[index] = sum;
  }
}

// Splits a row-major flat index over extents[0..axes) into coordinates.
__device__ inline void Unflatten(int index, const int axes, const int* extents,
                                 int* coords) {
  for (int d = axes - 1; d >= 0; --d) {
    coords[d] = index % extents[d];
    index /= extents[d];
  }
}

template <typename Dtype>
__global__ void Im2colNdKernel(const int n, const Dtype* data_im,
                               const int axes, const int* im_shape,
                               const int* col_shape, const int* kernel_shape,
                               const int* pad, const int* stride,
                               const int* dilation, Dtype* data_col) {
  int out_extent[kMaxSpatialAxes], out[kMaxSpatialAxes], k[kMaxSpatialAxes];
  int im_size = 1, out_size = 1, kernel_size = 1;
  for (int d = 0; d < axes; ++d) {
    out_extent[d] = col_shape[d + 1];
    im_size *= im_shape[d + 1];
    out_size *= out_extent[d];
    kernel_size *= kernel_shape[d];
  }
  CUDA_KERNEL_LOOP(index, n) {
    const int c = index / out_size;
    const int out_index = index % out_size;
    Unflatten(out_index, axes, out_extent, out);
    const Dtype* im = data_im + static_cast<int64_t>(c) * im_size;
    for (int kernel_index = 0; kernel_index < kernel_size; ++kernel_index) {
      Unflatten(kernel_index, axes, kernel_shape, k);
      int im_offset = 0;
      bool inside = true;
      for (int d = 0; d < axes && inside; ++d) {
        const int pos = out[d] * stride[d] - pad[d] + k[d] * dilation[d];
        inside = InRange(pos, im_shape[d + 1]);
        im_offset = im_offset * im_shape[d + 1] + pos;
      }
      const int64_t row = static_cast<int64_t>(c) * kernel_size + kernel_index;
      data_col[row * out_size + out_index] = inside ? im[im_offset] : Dtype(0);
    }
  }
}

template <typename Dtype>
__global__ void Col2imNdKernel(const int n, const Dtype* data_col,
                               const int axes, const int* im_shape,
                               const int* col_shape, const int* kernel_shape,
                               const int* pad, const int* stride,
                               const int* dilation, Dtype* data_im) {
  int im_extent[kMaxSpatialAxes], pos[kMaxSpatialAxes], k[kMaxSpatialAxes];
  int im_size = 1, out_size = 1, kernel_size = 1;
  for (int d = 0; d < axes; ++d) {
    im_extent[d] = im_shape[d + 1];
    im_size *= im_extent[d];
    out_size *= col_shape[d + 1];
    kernel_size *= kernel_shape[d];
  }
  CUDA_KERNEL_LOOP(index, n) {
    const int c = index / im_size;
    Unflatten(index % im_size, axes, im_extent, pos);
    Dtype sum = 0;
    for (int kernel_index = 0; kernel_index < kernel_size; ++kernel_index) {
      Unflatten(kernel_index, axes, kernel_shape, k);
      int out_index = 0;
      bool hit = true;
      for (int d = 0; d < axes && hit; ++d) {
        const int scaled = pos[d] + pad[d] - k[d] * dilation[d];
        const int out = scaled / stride[d];
        hit = scaled >= 0 && scaled % stride[d] == 0 && out < col_shape[d + 1];
        out_index = out_index * col_shape[d + 1] + out;
      }
      if (!hit) continue;
      const int64_t row = static_cast<int64_t>(c) * kernel_size + kernel_index;
      sum += data_col[row * out_size + out_index];
    }
    data_im[index] = sum;
  }
}

// The 2-D kernels share their argument list.
template <typename Dtype>
using Kernel2d = void (*)(int, const Dtype*, int, int, int, int, int, int, int,
                          int, int, int, int, int, Dtype*);

// Launches a 2-D kernel with one thread per column entry (im2col) or per
// image entry (col2im).
template <typename Dtype>
void Launch2d(const Kernel2d<Dtype> kernel, const bool per_column,
              const Dtype* from, const int channels, const int height,
              const int width, const int kernel_h, const int kernel_w,
              const int pad_h, const int pad_w, const int stride_h,
              const int stride_w, const int dilation_h, const int dilation_w,
              Dtype* to) {
  const int height_col =
      ColExtent(height, kernel_h, pad_h, stride_h, dilation_h);
  const int width_col = ColExtent(width, kernel_w, pad_w, stride_w, dilation_w);
  const int n =
      channels * (per_column ? height_col * width_col : height * width);
  if (n <= 0) return;
  kernel<<<CAFFE_GET_BLOCKS(n), CAFFE_CUDA_NUM_THREADS>>>(
      n, from, height, width, kernel_h, kernel_w, pad_h, pad_w, stride_h,
      stride_w, dilation_h, dilation_w, height_col, width_col, to);
  CUDA_POST_KERNEL_CHECK;
}

}  // namespace

template <typename Dtype>
void im2col_gpu(const Dtype* data_im, const int channels, const int height,
                const int width, const int kernel_h, const int kernel_w,
                const int pad_h, const int pad_w, const int stride_h,
                const int stride_w, const int dilation_h, const int dilation_w,
                Dtype* data_col) {
  Launch2d<Dtype>(Im2col2dKernel<Dtype>, true, data_im, channels, height, width,
                  kernel_h, kernel_w, pad_h, pad_w, stride_h, stride_w,
                  dilation_h, dilation_w, data_col);
}

template <typename Dtype>
void col2im_gpu(const Dtype* data_col, const int channels, const int height,
                const int width, const int kernel_h, const int kernel_w,
                const int pad_h, const int pad_w, const int stride_h,
                const int stride_w, const int dilation_h, const int dilation_w,
                Dtype* data_im) {
  Launch2d<Dtype>(Col2im2dKernel<Dtype>, false, data_col, channels, height,
                  width, kernel_h, kernel_w, pad_h, pad_w, stride_h, stride_w,
                  dilation_h, dilation_w, data_im);
}

template <typename Dtype>
void im2col_nd_gpu(const Dtype* data_im, const int num_spatial_axes,
                   const int num_kernels, const int* im_shape,
                   const int* col_shape, const int* kernel_shape,
                   const int* pad, const int* stride, const int* dilation,
                   Dtype* data_col) {
  CHECK_LE(num_spatial_axes, kMaxSpatialAxes);
  if (num_kernels <= 0) return;
  Im2colNdKernel<Dtype>
      <<<CAFFE_GET_BLOCKS(num_kernels), CAFFE_CUDA_NUM_THREADS>>>(
          num_kernels, data_im, num_spatial_axes, im_shape, col_shape,
          kernel_shape, pad, stride, dilation, data_col);
  CUDA_POST_KERNEL_CHECK;
}

template <typename Dtype>
void col2im_nd_gpu(const Dtype* data_col, const int num_spatial_axes,
                   const int im_size, const int* im_shape, const int* col_shape,
                   const int* kernel_shape, const int* pad, const int* stride,
                   const int* dilation, Dtype* data_im) {
  CHECK_LE(num_spatial_axes, kMaxSpatialAxes);
  if (im_size <= 0) return;
  Col2imNdKernel<Dtype><<<CAFFE_GET_BLOCKS(im_size), CAFFE_CUDA_NUM_THREADS>>>(
      im_size, data_col, num_spatial_axes, im_shape, col_shape, kernel_shape,
      pad, stride, dilation, data_im);
  CUDA_POST_KERNEL_CHECK;
}

#define INSTANTIATE_IM2COL_GPU(Dtype)                                         \
  template void im2col_gpu<Dtype>(const Dtype*, int, int, int, int, int, int, \
                                  int, int, int, int, int, Dtype*);           \
  template void col2im_gpu<Dtype>(const Dtype*, int, int, int, int, int, int, \
                                  int, int, int, int, int, Dtype*);           \
  template void im2col_nd_gpu<Dtype>(const Dtype*, int, int, const int*,      \
                                     const int*, const int*, const int*,      \
                                     const int*, const int*, Dtype*);         \
  template void col2im_nd_gpu<Dtype>(const Dtype*, int, int, const int*,      \
                                     const int*, const int*, const int*,      \
                                     const int*, const int*, Dtype*)

INSTANTIATE_IM2COL_GPU(float);
INSTANTIATE_IM2COL_GPU(double);

}  // namespace caffe

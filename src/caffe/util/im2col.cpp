#include "caffe/util/im2col.hpp"

#include <algorithm>
#include <vector>

#include "caffe/util/math_functions.hpp"

namespace caffe {

namespace {

// Whether 0 <= index < size, in one comparison.
inline bool InRange(const int index, const int size) {
  return static_cast<unsigned>(index) < static_cast<unsigned>(size);
}

// im2col and col2im walk the same index pairs; kIm2col picks the direction
// (copy image -> column, or accumulate column -> image), so that both stay
// exact adjoints of each other by construction.
template <bool kIm2col, typename ImPtr, typename ColPtr>
void Transfer2d(ImPtr data_im, const int channels, const int height,
                const int width, const int kernel_h, const int kernel_w,
                const int pad_h, const int pad_w, const int stride_h,
                const int stride_w, const int dilation_h, const int dilation_w,
                ColPtr data_col) {
  const int height_col =
      (height + 2 * pad_h - (dilation_h * (kernel_h - 1) + 1)) / stride_h + 1;
  const int width_col =
      (width + 2 * pad_w - (dilation_w * (kernel_w - 1) + 1)) / stride_w + 1;
  for (int c = 0; c < channels; ++c, data_im += height * width) {
    for (int ki = 0; ki < kernel_h; ++ki) {
      for (int kj = 0; kj < kernel_w; ++kj) {
        for (int y = 0; y < height_col; ++y, data_col += width_col) {
          const int im_y = y * stride_h - pad_h + ki * dilation_h;
          if (!InRange(im_y, height)) {
            if constexpr (kIm2col) std::fill(data_col, data_col + width_col, 0);
            continue;
          }
          const auto row = data_im + im_y * width;
          int im_x = kj * dilation_w - pad_w;
          for (int x = 0; x < width_col; ++x, im_x += stride_w) {
            const bool inside = InRange(im_x, width);
            if constexpr (kIm2col) {
              data_col[x] = inside ? row[im_x] : 0;
            } else if (inside) {
              row[im_x] += data_col[x];
            }
          }
        }
      }
    }
  }
}

template <bool kIm2col, typename ImPtr, typename ColPtr>
void TransferNd(ImPtr data_im, const int num_spatial_axes, const int* im_shape,
                const int* col_shape, const int* kernel_shape, const int* pad,
                const int* stride, const int* dilation, ColPtr data_col) {
  int col_spatial_size = 1;
  for (int d = 0; d < num_spatial_axes; ++d) col_spatial_size *= col_shape[d + 1];
  std::vector<int> kernel_offset(num_spatial_axes);
  std::vector<int> out_pos(num_spatial_axes);
  for (int c_col = 0; c_col < col_shape[0]; ++c_col) {
    // c_col = c_im * prod(kernel_shape) + (flat position inside the kernel).
    int rest = c_col;
    for (int d = num_spatial_axes - 1; d >= 0; --d) {
      kernel_offset[d] = rest % kernel_shape[d];
      rest /= kernel_shape[d];
    }
    const int c_im = rest;
    std::fill(out_pos.begin(), out_pos.end(), 0);
    for (int index = 0; index < col_spatial_size; ++index, ++data_col) {
      int index_im = c_im;
      bool inside = true;
      for (int d = 0; d < num_spatial_axes; ++d) {
        const int pos =
            out_pos[d] * stride[d] - pad[d] + kernel_offset[d] * dilation[d];
        inside = inside && InRange(pos, im_shape[d + 1]);
        index_im = index_im * im_shape[d + 1] + pos;
      }
      if constexpr (kIm2col) {
        *data_col = inside ? data_im[index_im] : 0;
      } else if (inside) {
        data_im[index_im] += *data_col;
      }
      for (int d = num_spatial_axes - 1; d >= 0; --d) {
        if (++out_pos[d] < col_shape[d + 1]) break;
        out_pos[d] = 0;
      }
    }
  }
}

}  // namespace

template <typename Dtype>
void im2col_cpu(const Dtype* data_im, const int channels, const int height,
                const int width, const int kernel_h, const int kernel_w,
                const int pad_h, const int pad_w, const int stride_h,
                const int stride_w, const int dilation_h, const int dilation_w,
                Dtype* data_col) {
  Transfer2d<true>(data_im, channels, height, width, kernel_h, kernel_w, pad_h,
                   pad_w, stride_h, stride_w, dilation_h, dilation_w, data_col);
}

template <typename Dtype>
void col2im_cpu(const Dtype* data_col, const int channels, const int height,
                const int width, const int kernel_h, const int kernel_w,
                const int pad_h, const int pad_w, const int stride_h,
                const int stride_w, const int dilation_h, const int dilation_w,
                Dtype* data_im) {
  caffe_set(channels * height * width, Dtype(0), data_im);
  Transfer2d<false>(data_im, channels, height, width, kernel_h, kernel_w,
                    pad_h, pad_w, stride_h, stride_w, dilation_h, dilation_w,
                    data_col);
}

template <typename Dtype>
void im2col_nd_cpu(const Dtype* data_im, const int num_spatial_axes,
                   const int* im_shape, const int* col_shape,
                   const int* kernel_shape, const int* pad, const int* stride,
                   const int* dilation, Dtype* data_col) {
  TransferNd<true>(data_im, num_spatial_axes, im_shape, col_shape,
                   kernel_shape, pad, stride, dilation, data_col);
}

template <typename Dtype>
void col2im_nd_cpu(const Dtype* data_col, const int num_spatial_axes,
                   const int* im_shape, const int* col_shape,
                   const int* kernel_shape, const int* pad, const int* stride,
                   const int* dilation, Dtype* data_im) {
  int im_size = 1;
  for (int d = 0; d <= num_spatial_axes; ++d) im_size *= im_shape[d];
  caffe_set(im_size, Dtype(0), data_im);
  TransferNd<false>(data_im, num_spatial_axes, im_shape, col_shape,
                    kernel_shape, pad, stride, dilation, data_col);
}

#define INSTANTIATE_IM2COL(Dtype)                                             \
  template void im2col_cpu<Dtype>(const Dtype*, const int, const int,         \
                                  const int, const int, const int, const int, \
                                  const int, const int, const int, const int, \
                                  const int, Dtype*);                         \
  template void col2im_cpu<Dtype>(const Dtype*, const int, const int,         \
                                  const int, const int, const int, const int, \
                                  const int, const int, const int, const int, \
                                  const int, Dtype*);                         \
  template void im2col_nd_cpu<Dtype>(const Dtype*, const int, const int*,     \
                                     const int*, const int*, const int*,      \
                                     const int*, const int*, Dtype*);         \
  template void col2im_nd_cpu<Dtype>(const Dtype*, const int, const int*,     \
                                     const int*, const int*, const int*,      \
                                     const int*, const int*, Dtype*)

INSTANTIATE_IM2COL(float);
INSTANTIATE_IM2COL(double);

}  // namespace caffe

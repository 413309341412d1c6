#include "caffe/util/im2col.hpp"

#include <algorithm>
#include <cstdint>
#include <vector>

#include "caffe/util/math_functions.hpp"

namespace caffe {

namespace {

// Below this many column entries the threads cost more than they save.
constexpr int64_t kParallelMinWork = 1 << 16;

// ceil(a / b) for b > 0; 0 when a <= 0.
inline int CeilDiv(const int a, const int b) {
  return a <= 0 ? 0 : (a + b - 1) / b;
}

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
  const int64_t channel_col_size =
      int64_t(kernel_h) * kernel_w * height_col * width_col;
  // Channels touch disjoint parts of both image and columns.
  ApplyThreadCount();
#pragma omp parallel for if (channels > 1 && \
                             channels * channel_col_size >= kParallelMinWork)
  for (int c = 0; c < channels; ++c) {
    const auto im = data_im + int64_t(c) * height * width;
    auto col = data_col + c * channel_col_size;
    for (int ki = 0; ki < kernel_h; ++ki) {
      for (int kj = 0; kj < kernel_w; ++kj) {
        for (int y = 0; y < height_col; ++y, col += width_col) {
          const int im_y = y * stride_h - pad_h + ki * dilation_h;
          if (!InRange(im_y, height)) {
            if constexpr (kIm2col) std::fill(col, col + width_col, 0);
            continue;
          }
          // Output columns [x_begin, x_end) read inside the row, at
          // im_x = x * stride_w + offset; the others read padding.
          const auto row = im + im_y * width;
          const int offset = kj * dilation_w - pad_w;
          const int x_begin =
              std::min(width_col, offset >= 0 ? 0 : CeilDiv(-offset, stride_w));
          const int x_end = std::max(
              x_begin, std::min(width_col, CeilDiv(width - offset, stride_w)));
          if constexpr (kIm2col) {
            std::fill(col, col + x_begin, 0);
            for (int x = x_begin; x < x_end; ++x) {
              col[x] = row[x * stride_w + offset];
            }
            std::fill(col + x_end, col + width_col, 0);
          } else {
            for (int x = x_begin; x < x_end; ++x) {
              row[x * stride_w + offset] += col[x];
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
  for (int d = 0; d < num_spatial_axes; ++d)
    col_spatial_size *= col_shape[d + 1];
  int kernel_size = 1;
  for (int d = 0; d < num_spatial_axes; ++d) kernel_size *= kernel_shape[d];
  const int channels = im_shape[0];
  // Each image channel owns kernel_size consecutive column rows, so the
  // channels touch disjoint parts of both image and columns.
  ApplyThreadCount();
#pragma omp parallel for if (channels > 1 &&                             \
                             int64_t(col_shape[0]) * col_spatial_size >= \
                                 kParallelMinWork)
  for (int c_im = 0; c_im < channels; ++c_im) {
    std::vector<int> kernel_offset(num_spatial_axes);
    std::vector<int> out_pos(num_spatial_axes);
    for (int c_col = c_im * kernel_size; c_col < (c_im + 1) * kernel_size;
         ++c_col) {
      int rest = c_col;
      for (int d = num_spatial_axes - 1; d >= 0; --d) {
        kernel_offset[d] = rest % kernel_shape[d];
        rest /= kernel_shape[d];
      }
      std::fill(out_pos.begin(), out_pos.end(), 0);
      auto col = data_col + int64_t(c_col) * col_spatial_size;
      for (int index = 0; index < col_spatial_size; ++index) {
        int64_t index_im = c_im;
        bool inside = true;
        for (int d = 0; d < num_spatial_axes; ++d) {
          const int pos =
              out_pos[d] * stride[d] - pad[d] + kernel_offset[d] * dilation[d];
          inside = inside && InRange(pos, im_shape[d + 1]);
          index_im = index_im * im_shape[d + 1] + pos;
        }
        if constexpr (kIm2col) {
          col[index] = inside ? data_im[index_im] : 0;
        } else if (inside) {
          data_im[index_im] += col[index];
        }
        for (int d = num_spatial_axes - 1; d >= 0; --d) {
          if (++out_pos[d] < col_shape[d + 1]) break;
          out_pos[d] = 0;
        }
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
  Transfer2d<false>(data_im, channels, height, width, kernel_h, kernel_w, pad_h,
                    pad_w, stride_h, stride_w, dilation_h, dilation_w,
                    data_col);
}

template <typename Dtype>
void im2col_nd_cpu(const Dtype* data_im, const int num_spatial_axes,
                   const int* im_shape, const int* col_shape,
                   const int* kernel_shape, const int* pad, const int* stride,
                   const int* dilation, Dtype* data_col) {
  TransferNd<true>(data_im, num_spatial_axes, im_shape, col_shape, kernel_shape,
                   pad, stride, dilation, data_col);
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

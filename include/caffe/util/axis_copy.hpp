#ifndef CAFFE_UTIL_AXIS_COPY_HPP_
#define CAFFE_UTIL_AXIS_COPY_HPP_

#include <vector>

#include "caffe/blob.hpp"
#include "caffe/util/math_functions.hpp"

namespace caffe {

// Which way CopyAlongAxis moves values: kJoin writes the parts into the
// whole, kSplit writes the whole into the parts.
enum class AxisCopy { kJoin, kSplit };

// Which array of the blobs CopyAlongAxis reads and writes.
enum class BlobArray { kData, kDiff };

// Copies between a blob `whole` and the `parts` it is cut into along `axis`:
// with outer the product of the dimensions before the axis and inner of those
// after it, whole is outer x A x inner and part i is outer x a_i x inner with
// sum a_i = A, the parts lying side by side in order. Concat joins its bottoms
// forward and splits its top's diff backward; Slice does the reverse.
// On kSplit a part i is written only where `wanted` is empty or wanted[i].
template <typename Dtype>
void CopyAlongAxis(AxisCopy direction, BlobArray array, int axis,
                   const std::vector<Blob<Dtype>*>& parts, Blob<Dtype>* whole,
                   const std::vector<bool>& wanted = {}) {
  const bool diff = array == BlobArray::kDiff;
  const int outer = whole->count(0, axis);
  const int inner = whole->count(axis + 1);
  const int whole_stride = whole->shape(axis) * inner;
  int offset = 0;
  for (size_t i = 0; i < parts.size(); ++i) {
    const int block = parts[i]->shape(axis) * inner;
    if (direction == AxisCopy::kJoin) {
      const Dtype* src = diff ? parts[i]->cpu_diff() : parts[i]->cpu_data();
      Dtype* dst =
          (diff ? whole->mutable_cpu_diff() : whole->mutable_cpu_data()) +
          offset;
      for (int n = 0; n < outer; ++n) {
        caffe_copy(block, src + n * block, dst + n * whole_stride);
      }
    } else if (wanted.empty() || wanted[i]) {
      const Dtype* src =
          (diff ? whole->cpu_diff() : whole->cpu_data()) + offset;
      Dtype* dst =
          diff ? parts[i]->mutable_cpu_diff() : parts[i]->mutable_cpu_data();
      for (int n = 0; n < outer; ++n) {
        caffe_copy(block, src + n * whole_stride, dst + n * block);
      }
    }
    offset += block;
  }
}

}  // namespace caffe

#endif  // CAFFE_UTIL_AXIS_COPY_HPP_

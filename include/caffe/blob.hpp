#ifndef CAFFE_BLOB_HPP_
#define CAFFE_BLOB_HPP_

#include <string>
#include <vector>

#include "caffe/common.hpp"
#include "caffe/proto/caffe.pb.h"
#include "caffe/syncedmem.hpp"

// Caffe's legacy 4-D accessors (num, channels, height, width) reach this many
// axes at most.
const int kMaxBlobAxes = 32;

namespace caffe {

// "2 3 4 5 (120)": each dimension followed by a space, then count in
// brackets. Caffe's logs write every shape this way ("Top shape: 64 1 28 28
// (50176)") and scripts parse them, so the text must not change.
string ShapeString(const vector<int>& shape, int64_t count);
// As above, count being the product of the dimensions.
string ShapeString(const vector<int>& shape);

// An N-D array of Dtype with two buffers: data (values) and diff (gradients).
// Shapes are row-major; axis indices may be negative, counting from the end.
template <typename Dtype>
class Blob {
 public:
  Blob() = default;
  // Legacy 4-D constructor.
  explicit Blob(const int num, const int channels, const int height,
                const int width);
  explicit Blob(const vector<int>& shape);

  // Legacy 4-D reshape.
  void Reshape(const int num, const int channels, const int height,
               const int width);
  // Changes the shape; memory is reallocated only when the blob grows, so
  // shrinking and regrowing within the capacity is free.
  void Reshape(const vector<int>& shape);
  void Reshape(const BlobShape& shape);
  void ReshapeLike(const Blob& other);

  // Changes whenever the shape changes or the data or diff buffer is
  // replaced (a reallocation, ShareData, ShareDiff), and only then; no two
  // blobs share a value. A layer compares its blobs' stamps with those of
  // its last Reshape to know whether it must plan again.
  inline uint64_t layout_stamp() const { return layout_stamp_; }

  // "2 3 4 5 (120)"; see ShapeString.
  inline string shape_string() const { return ShapeString(shape_, count_); }
  inline const vector<int>& shape() const { return shape_; }
  inline int shape(int index) const { return shape_[CanonicalAxisIndex(index)]; }
  inline int num_axes() const { return static_cast<int>(shape_.size()); }
  inline int count() const { return count_; }

  // Product of dimensions [start_axis, end_axis).
  inline int count(int start_axis, int end_axis) const {
    CHECK_LE(start_axis, end_axis);
    CHECK_GE(start_axis, 0);
    CHECK_GE(end_axis, 0);
    CHECK_LE(start_axis, num_axes());
    CHECK_LE(end_axis, num_axes());
    int count = 1;
    for (int i = start_axis; i < end_axis; ++i) count *= shape(i);
    return count;
  }
  // Product of dimensions from start_axis to the last.
  inline int count(int start_axis) const {
    return count(start_axis, num_axes());
  }

  // Maps an axis in [-num_axes, num_axes) to [0, num_axes); an axis out of
  // range is a user error (it comes from a layer parameter).
  inline int CanonicalAxisIndex(int axis_index) const {
    CAFFE_REQUIRE(axis_index >= -num_axes() && axis_index < num_axes())
        << "axis " << axis_index << " out of range for a " << num_axes()
        << "-D blob of shape " << shape_string();
    return axis_index < 0 ? axis_index + num_axes() : axis_index;
  }

  // Deprecated legacy accessors.
  inline int num() const { return LegacyShape(0); }
  inline int channels() const { return LegacyShape(1); }
  inline int height() const { return LegacyShape(2); }
  inline int width() const { return LegacyShape(3); }
  inline int LegacyShape(int index) const {
    CHECK_LE(num_axes(), 4)
        << "Cannot use legacy accessors on Blobs with > 4 axes.";
    CHECK_LT(index, 4);
    CHECK_GE(index, -4);
    if (index >= num_axes() || index < -num_axes()) {
      // Axes beyond the blob's own count as size 1, so a 2-D blob reads as
      // N x C x 1 x 1.
      return 1;
    }
    return shape(index);
  }

  inline int offset(const int n, const int c = 0, const int h = 0,
                    const int w = 0) const {
    CHECK_GE(n, 0);
    CHECK_LE(n, num());
    CHECK_GE(channels(), 0);
    CHECK_LE(c, channels());
    CHECK_GE(height(), 0);
    CHECK_LE(h, height());
    CHECK_GE(width(), 0);
    CHECK_LE(w, width());
    return ((n * channels() + c) * height() + h) * width() + w;
  }
  inline int offset(const vector<int>& indices) const {
    CHECK_LE(static_cast<int>(indices.size()), num_axes());
    int offset = 0;
    for (int i = 0; i < num_axes(); ++i) {
      offset *= shape(i);
      if (static_cast<int>(indices.size()) > i) {
        CHECK_GE(indices[i], 0);
        CHECK_LT(indices[i], shape(i));
        offset += indices[i];
      }
    }
    return offset;
  }

  // Copies data (or diff) from source, optionally reshaping to fit; without
  // reshape the counts must match.
  void CopyFrom(const Blob<Dtype>& source, bool copy_diff = false,
                bool reshape = false);

  inline Dtype data_at(const int n, const int c, const int h,
                       const int w) const {
    return cpu_data()[offset(n, c, h, w)];
  }
  inline Dtype diff_at(const int n, const int c, const int h,
                       const int w) const {
    return cpu_diff()[offset(n, c, h, w)];
  }
  inline Dtype data_at(const vector<int>& index) const {
    return cpu_data()[offset(index)];
  }
  inline Dtype diff_at(const vector<int>& index) const {
    return cpu_diff()[offset(index)];
  }

  inline const shared_ptr<SyncedMemory>& data() const {
    CHECK(data_);
    return data_;
  }
  inline const shared_ptr<SyncedMemory>& diff() const {
    CHECK(diff_);
    return diff_;
  }

  const Dtype* cpu_data() const;
  void set_cpu_data(Dtype* data);
  const int* gpu_shape() const;
  const Dtype* gpu_data() const;
  void set_gpu_data(Dtype* data);
  const Dtype* cpu_diff() const;
  const Dtype* gpu_diff() const;
  Dtype* mutable_cpu_data();
  Dtype* mutable_gpu_data();
  Dtype* mutable_cpu_diff();
  Dtype* mutable_gpu_diff();
  // data -= diff (the parameter update).
  void Update();
  // Reads shape and values from a proto; a shape that differs from this
  // blob's is an error unless reshape is true.
  void FromProto(const BlobProto& proto, bool reshape = true);
  void ToProto(BlobProto* proto, bool write_diff = false) const;

  Dtype asum_data() const;
  Dtype asum_diff() const;
  Dtype sumsq_data() const;
  Dtype sumsq_diff() const;
  void scale_data(Dtype scale_factor);
  void scale_diff(Dtype scale_factor);

  // Makes this blob use other's data (or diff) buffer; counts must match.
  void ShareData(const Blob& other);
  void ShareDiff(const Blob& other);

  // True when the proto's shape (new or legacy 4-D) equals this blob's.
  bool ShapeEquals(const BlobProto& other);

 protected:
  // For set_cpu_data and set_gpu_data: unless data holds count_ values,
  // gives data and diff new buffers of that size.
  void FitBuffersToCount();

  shared_ptr<SyncedMemory> data_;
  shared_ptr<SyncedMemory> diff_;
  shared_ptr<SyncedMemory> shape_data_;
  vector<int> shape_;
  int count_ = 0;
  int capacity_ = 0;
  uint64_t layout_stamp_ = NewLayoutStamp();

 private:
  static uint64_t NewLayoutStamp();

  DISABLE_COPY_AND_ASSIGN(Blob);
};

// The shape of a BlobProto as a vector, from its shape field or legacy 4-D
// fields.
vector<int> BlobProtoShape(const BlobProto& proto);

}  // namespace caffe

#endif  // CAFFE_BLOB_HPP_

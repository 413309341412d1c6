#include "caffe/blob.hpp"

#include <atomic>
#include <climits>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "caffe/common.hpp"
#include "caffe/syncedmem.hpp"
#include "caffe/util/math_functions.hpp"

namespace caffe {

template <typename Dtype>
void Blob<Dtype>::Reshape(const int num, const int channels, const int height,
                          const int width) {
  Reshape(vector<int>{num, channels, height, width});
}

template <typename Dtype>
uint64_t Blob<Dtype>::NewLayoutStamp() {
  static std::atomic<uint64_t> last_stamp{0};
  return ++last_stamp;
}

template <typename Dtype>
void Blob<Dtype>::Reshape(const vector<int>& shape) {
  // Layers reshape their tops on every change of any bottom; most calls
  // keep the shape, and must not rewrite the host-side shape copy (which
  // in GPU mode would be copied to the device again).
  if (data_ && shape == shape_) return;
  CAFFE_REQUIRE(shape.size() <= static_cast<size_t>(kMaxBlobAxes))
      << "blob shape has " << shape.size() << " axes; at most "
      << kMaxBlobAxes << " are supported";
  int64_t count = 1;
  // count(start, end) must fit an int too, also when another axis is 0.
  int64_t nonzero_count = 1;
  for (size_t i = 0; i < shape.size(); ++i) {
    CAFFE_REQUIRE(shape[i] >= 0) << "blob dimension " << i << " is negative ("
                                 << shape[i] << ")";
    count *= shape[i];
    if (shape[i] > 0) nonzero_count *= shape[i];
    CAFFE_REQUIRE(nonzero_count <= INT_MAX)
        << "blob size exceeds INT_MAX elements (dimension " << i << " of "
        << shape.size() << ")";
  }
  count_ = static_cast<int>(count);
  shape_ = shape;
  layout_stamp_ = NewLayoutStamp();
  if (!shape_data_ || shape_data_->size() < shape.size() * sizeof(int)) {
    shape_data_.reset(new SyncedMemory(shape.size() * sizeof(int)));
  }
  if (!shape.empty()) {
    int* shape_data = static_cast<int*>(shape_data_->mutable_cpu_data());
    for (size_t i = 0; i < shape.size(); ++i) shape_data[i] = shape[i];
  }
  if (count_ > capacity_ || !data_) {
    capacity_ = count_;
    data_.reset(new SyncedMemory(capacity_ * sizeof(Dtype)));
    diff_.reset(new SyncedMemory(capacity_ * sizeof(Dtype)));
  }
}

template <typename Dtype>
void Blob<Dtype>::Reshape(const BlobShape& shape) {
  CAFFE_REQUIRE(shape.dim_size() <= kMaxBlobAxes)
      << "blob shape has " << shape.dim_size() << " axes; at most "
      << kMaxBlobAxes << " are supported";
  vector<int> shape_vec(shape.dim_size());
  for (int i = 0; i < shape.dim_size(); ++i) {
    CAFFE_REQUIRE(shape.dim(i) >= 0 && shape.dim(i) <= INT_MAX)
        << "blob dimension " << i << " out of range (" << shape.dim(i) << ")";
    shape_vec[i] = static_cast<int>(shape.dim(i));
  }
  Reshape(shape_vec);
}

template <typename Dtype>
void Blob<Dtype>::ReshapeLike(const Blob<Dtype>& other) {
  Reshape(other.shape());
}

template <typename Dtype>
Blob<Dtype>::Blob(const int num, const int channels, const int height,
                  const int width) {
  Reshape(num, channels, height, width);
}

template <typename Dtype>
Blob<Dtype>::Blob(const vector<int>& shape) {
  Reshape(shape);
}

template <typename Dtype>
const int* Blob<Dtype>::gpu_shape() const {
  CHECK(shape_data_);
  return static_cast<const int*>(shape_data_->gpu_data());
}

template <typename Dtype>
const Dtype* Blob<Dtype>::cpu_data() const {
  CHECK(data_);
  return static_cast<const Dtype*>(data_->cpu_data());
}

template <typename Dtype>
void Blob<Dtype>::FitBuffersToCount() {
  // Shared buffers must stay shared: give both a fresh holder of the right
  // size before pointing data at the caller's memory.
  const size_t size = count_ * sizeof(Dtype);
  if (data_->size() != size) {
    data_.reset(new SyncedMemory(size));
    diff_.reset(new SyncedMemory(size));
    layout_stamp_ = NewLayoutStamp();
  }
}

template <typename Dtype>
void Blob<Dtype>::set_cpu_data(Dtype* data) {
  CHECK(data);
  FitBuffersToCount();
  data_->set_cpu_data(data);
}

template <typename Dtype>
const Dtype* Blob<Dtype>::gpu_data() const {
  CHECK(data_);
  return static_cast<const Dtype*>(data_->gpu_data());
}

template <typename Dtype>
void Blob<Dtype>::set_gpu_data(Dtype* data) {
  CHECK(data);
  FitBuffersToCount();
  data_->set_gpu_data(data);
}

template <typename Dtype>
const Dtype* Blob<Dtype>::cpu_diff() const {
  CHECK(diff_);
  return static_cast<const Dtype*>(diff_->cpu_data());
}

template <typename Dtype>
const Dtype* Blob<Dtype>::gpu_diff() const {
  CHECK(diff_);
  return static_cast<const Dtype*>(diff_->gpu_data());
}

template <typename Dtype>
Dtype* Blob<Dtype>::mutable_cpu_data() {
  CHECK(data_);
  return static_cast<Dtype*>(data_->mutable_cpu_data());
}

template <typename Dtype>
Dtype* Blob<Dtype>::mutable_gpu_data() {
  CHECK(data_);
  return static_cast<Dtype*>(data_->mutable_gpu_data());
}

template <typename Dtype>
Dtype* Blob<Dtype>::mutable_cpu_diff() {
  CHECK(diff_);
  return static_cast<Dtype*>(diff_->mutable_cpu_data());
}

template <typename Dtype>
Dtype* Blob<Dtype>::mutable_gpu_diff() {
  CHECK(diff_);
  return static_cast<Dtype*>(diff_->mutable_gpu_data());
}

template <typename Dtype>
void Blob<Dtype>::ShareData(const Blob& other) {
  CHECK_EQ(count_, other.count());
  data_ = other.data();
  layout_stamp_ = NewLayoutStamp();
}

template <typename Dtype>
void Blob<Dtype>::ShareDiff(const Blob& other) {
  CHECK_EQ(count_, other.count());
  diff_ = other.diff();
  layout_stamp_ = NewLayoutStamp();
}

namespace {

// Update, asum, sumsq and scale run where the buffer's current copy lives,
// so a net trained on the GPU never copies its weights back to update them.
#ifndef CPU_ONLY
bool CurrentOnDevice(const SyncedMemory& memory) {
  return memory.head() == SyncedMemory::HEAD_AT_GPU ||
         memory.head() == SyncedMemory::SYNCED;
}
#endif

template <typename Dtype>
Dtype AbsSum(int count, SyncedMemory* memory) {
  if (!memory || memory->head() == SyncedMemory::UNINITIALIZED) return 0;
#ifndef CPU_ONLY
  if (CurrentOnDevice(*memory)) {
    Dtype sum;
    caffe_gpu_asum(count, static_cast<const Dtype*>(memory->gpu_data()), &sum);
    return sum;
  }
#endif
  return caffe_cpu_asum(count, static_cast<const Dtype*>(memory->cpu_data()));
}

template <typename Dtype>
Dtype SquaredSum(int count, SyncedMemory* memory) {
  if (!memory || memory->head() == SyncedMemory::UNINITIALIZED) return 0;
#ifndef CPU_ONLY
  if (CurrentOnDevice(*memory)) {
    const Dtype* values = static_cast<const Dtype*>(memory->gpu_data());
    Dtype sum;
    caffe_gpu_dot(count, values, values, &sum);
    return sum;
  }
#endif
  const Dtype* values = static_cast<const Dtype*>(memory->cpu_data());
  return caffe_cpu_dot(count, values, values);
}

template <typename Dtype>
void Scale(int count, Dtype factor, SyncedMemory* memory) {
  if (!memory || memory->head() == SyncedMemory::UNINITIALIZED) return;
#ifndef CPU_ONLY
  if (CurrentOnDevice(*memory)) {
    caffe_gpu_scal(count, factor, static_cast<Dtype*>(memory->mutable_gpu_data()));
    return;
  }
#endif
  caffe_scal(count, factor, static_cast<Dtype*>(memory->mutable_cpu_data()));
}

}  // namespace

template <typename Dtype>
void Blob<Dtype>::Update() {
  CHECK(data_->head() != SyncedMemory::UNINITIALIZED)
      << "Update() on a blob whose data was never written";
#ifndef CPU_ONLY
  if (CurrentOnDevice(*data_)) {
    caffe_gpu_axpy<Dtype>(count_, Dtype(-1), gpu_diff(), mutable_gpu_data());
    return;
  }
#endif
  caffe_axpy<Dtype>(count_, Dtype(-1), cpu_diff(), mutable_cpu_data());
}

template <typename Dtype>
Dtype Blob<Dtype>::asum_data() const {
  return AbsSum<Dtype>(count_, data_.get());
}

template <typename Dtype>
Dtype Blob<Dtype>::asum_diff() const {
  return AbsSum<Dtype>(count_, diff_.get());
}

template <typename Dtype>
Dtype Blob<Dtype>::sumsq_data() const {
  return SquaredSum<Dtype>(count_, data_.get());
}

template <typename Dtype>
Dtype Blob<Dtype>::sumsq_diff() const {
  return SquaredSum<Dtype>(count_, diff_.get());
}

template <typename Dtype>
void Blob<Dtype>::scale_data(Dtype scale_factor) {
  Scale(count_, scale_factor, data_.get());
}

template <typename Dtype>
void Blob<Dtype>::scale_diff(Dtype scale_factor) {
  Scale(count_, scale_factor, diff_.get());
}

vector<int> BlobProtoShape(const BlobProto& proto) {
  vector<int> shape;
  if (proto.has_num() || proto.has_channels() || proto.has_height() ||
      proto.has_width()) {
    // Legacy 4-D blob.
    shape = {proto.num(), proto.channels(), proto.height(), proto.width()};
  } else {
    for (int i = 0; i < proto.shape().dim_size(); ++i) {
      // Dimensions are 64-bit in the file and int in a Blob: one that does
      // not fit is refused rather than cut to a smaller, valid-looking one.
      const int64_t dim = proto.shape().dim(i);
      CAFFE_REQUIRE(dim >= 0 && dim <= INT_MAX)
          << "blob shape dimension " << i << " is " << dim
          << " (each must be between 0 and " << INT_MAX << ")";
      shape.push_back(static_cast<int>(dim));
    }
  }
  return shape;
}

template <typename Dtype>
bool Blob<Dtype>::ShapeEquals(const BlobProto& other) {
  if (other.has_num() || other.has_channels() || other.has_height() ||
      other.has_width()) {
    // A legacy 4-D proto matches a blob of up to 4 axes padded with 1s on the
    // left, as the legacy accessors read it.
    return shape_.size() <= 4 && LegacyShape(-4) == other.num() &&
           LegacyShape(-3) == other.channels() &&
           LegacyShape(-2) == other.height() &&
           LegacyShape(-1) == other.width();
  }
  return BlobProtoShape(other) == shape_;
}

string ShapeString(const vector<int>& shape, int64_t count) {
  ostringstream stream;
  for (int dim : shape) stream << dim << " ";
  stream << "(" << count << ")";
  return stream.str();
}

namespace {

// The product of shape's dimensions, saturating at INT64_MAX (or MIN for a
// negative one) where a file claims more than any machine holds; shapes
// with negative dimensions are printed in errors too.
int64_t SaturatingCount(const vector<int>& shape) {
  int64_t count = 1;
  for (int dim : shape) {
    const int64_t magnitude = std::abs(static_cast<int64_t>(dim));
    if (magnitude != 0 && std::abs(count) > INT64_MAX / magnitude) {
      return (count < 0) == (dim < 0) ? INT64_MAX : INT64_MIN;
    }
    count *= dim;
  }
  return count;
}

}  // namespace

string ShapeString(const vector<int>& shape) {
  return ShapeString(shape, SaturatingCount(shape));
}

template <typename Dtype>
void Blob<Dtype>::CopyFrom(const Blob& source, bool copy_diff, bool reshape) {
  if (source.count() != count_ || source.shape() != shape_) {
    CAFFE_REQUIRE(reshape) << "cannot copy a blob of shape "
                           << source.shape_string() << " into one of shape "
                           << shape_string();
    ReshapeLike(source);
  }
  switch (Caffe::mode()) {
    case Caffe::GPU:
#ifndef CPU_ONLY
      if (copy_diff) {
        caffe_copy(count_, source.gpu_diff(), mutable_gpu_diff());
      } else {
        caffe_copy(count_, source.gpu_data(), mutable_gpu_data());
      }
      break;
#endif
    case Caffe::CPU:
      if (copy_diff) {
        caffe_copy(count_, source.cpu_diff(), mutable_cpu_diff());
      } else {
        caffe_copy(count_, source.cpu_data(), mutable_cpu_data());
      }
      break;
  }
}

template <typename Dtype>
void Blob<Dtype>::FromProto(const BlobProto& proto, bool reshape) {
  const vector<int> proto_shape = BlobProtoShape(proto);
  // Values may come as float or double regardless of Dtype. Their number is
  // checked before anything is allocated: a damaged file can claim a shape
  // far larger than what it holds.
  const bool double_values = proto.double_data_size() > 0;
  const int values =
      double_values ? proto.double_data_size() : proto.data_size();
  CAFFE_REQUIRE(SaturatingCount(proto_shape) == values)
      << "blob holds " << values << " values for shape "
      << ShapeString(proto_shape);
  if (reshape) {
    Reshape(proto_shape);
  } else {
    CAFFE_REQUIRE(ShapeEquals(proto))
        << "shape mismatch: the file holds " << ShapeString(proto_shape)
        << " but the net expects " << shape_string();
  }
  Dtype* data_vec = mutable_cpu_data();
  for (int i = 0; i < count_; ++i) {
    data_vec[i] = double_values ? proto.double_data(i) : proto.data(i);
  }
  if (proto.double_diff_size() > 0) {
    CAFFE_REQUIRE(count_ == proto.double_diff_size())
        << "blob holds " << proto.double_diff_size() << " diffs for shape "
        << shape_string();
    Dtype* diff_vec = mutable_cpu_diff();
    for (int i = 0; i < count_; ++i) diff_vec[i] = proto.double_diff(i);
  } else if (proto.diff_size() > 0) {
    CAFFE_REQUIRE(count_ == proto.diff_size())
        << "blob holds " << proto.diff_size() << " diffs for shape "
        << shape_string();
    Dtype* diff_vec = mutable_cpu_diff();
    for (int i = 0; i < count_; ++i) diff_vec[i] = proto.diff(i);
  }
}

template <>
void Blob<double>::ToProto(BlobProto* proto, bool write_diff) const {
  proto->clear_shape();
  for (int dim : shape_) proto->mutable_shape()->add_dim(dim);
  proto->clear_double_data();
  proto->clear_double_diff();
  const double* data_vec = cpu_data();
  for (int i = 0; i < count_; ++i) proto->add_double_data(data_vec[i]);
  if (write_diff) {
    const double* diff_vec = cpu_diff();
    for (int i = 0; i < count_; ++i) proto->add_double_diff(diff_vec[i]);
  }
}

template <>
void Blob<float>::ToProto(BlobProto* proto, bool write_diff) const {
  proto->clear_shape();
  for (int dim : shape_) proto->mutable_shape()->add_dim(dim);
  proto->clear_data();
  proto->clear_diff();
  const float* data_vec = cpu_data();
  proto->mutable_data()->Add(data_vec, data_vec + count_);
  if (write_diff) {
    const float* diff_vec = cpu_diff();
    proto->mutable_diff()->Add(diff_vec, diff_vec + count_);
  }
}

INSTANTIATE_CLASS(Blob);

}  // namespace caffe

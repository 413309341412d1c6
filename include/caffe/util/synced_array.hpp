#ifndef CAFFE_UTIL_SYNCED_ARRAY_HPP_
#define CAFFE_UTIL_SYNCED_ARRAY_HPP_

#include <memory>

#include "caffe/syncedmem.hpp"

namespace caffe {

// A typed array readable and writable from host and device code, for the
// integer buffers layers keep: convolution geometry, pooling argmax, dropout
// masks. (Caffe kept these in Blob<int> and Blob<unsigned int>; Blob is
// instantiated for float and double only.) Like Blob, it only reallocates
// when it grows; the contents after a Reshape are unspecified.
template <typename T>
class SyncedArray {
 public:
  SyncedArray() = default;
  explicit SyncedArray(const int count) { Reshape(count); }

  void Reshape(const int count) {
    count_ = count;
    if (!data_ || count > capacity_) {
      capacity_ = count;
      data_ = std::make_shared<SyncedMemory>(count * sizeof(T));
    }
  }
  int count() const { return count_; }
  const T* cpu_data() const { return static_cast<const T*>(data_->cpu_data()); }
  T* mutable_cpu_data() { return static_cast<T*>(data_->mutable_cpu_data()); }
  const T* gpu_data() const { return static_cast<const T*>(data_->gpu_data()); }
  T* mutable_gpu_data() { return static_cast<T*>(data_->mutable_gpu_data()); }

 private:
  int count_ = 0;
  int capacity_ = 0;
  std::shared_ptr<SyncedMemory> data_;
};

}  // namespace caffe

#endif  // CAFFE_UTIL_SYNCED_ARRAY_HPP_

#ifndef CAFFE_UTIL_IN_PLACE_INPUT_HPP_
#define CAFFE_UTIL_IN_PLACE_INPUT_HPP_

#include "caffe/blob.hpp"

namespace caffe {

// For an elementwise layer whose gradient needs its input x: when the layer
// runs in place, the forward pass overwrites x with y, so Save keeps a copy
// of x first (on the current device) and Input returns it. Out of place the
// bottom itself is the input and nothing is copied.
template <typename Dtype>
class InPlaceInput {
 public:
  // Call in Forward before the top is written.
  void Save(const Blob<Dtype>& bottom, const Blob<Dtype>& top) {
    if (&bottom == &top) copy_.CopyFrom(bottom, false, true);
  }

  // The forward pass's input, for Backward.
  const Blob<Dtype>& Input(const Blob<Dtype>& bottom,
                           const Blob<Dtype>& top) const {
    return &bottom == &top ? copy_ : bottom;
  }

 private:
  Blob<Dtype> copy_;
};

}  // namespace caffe

#endif  // CAFFE_UTIL_IN_PLACE_INPUT_HPP_

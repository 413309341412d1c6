#ifndef CAFFE_UTIL_CLASS_LABELS_HPP_
#define CAFFE_UTIL_CLASS_LABELS_HPP_

#include "caffe/blob.hpp"

namespace caffe {

// Shared by the layers that score classes along one axis of their scores
// (outer x C x inner) and read one integer label per outer x inner position
// (SoftmaxWithLoss, InfogainLoss, Accuracy).

// Requires labels to hold one value per position, scores.count(0,
// class_axis) * scores.count(class_axis + 1) of them; a caffe::Error naming
// both shapes otherwise.
template <typename Dtype>
void CheckLabelCount(const Blob<Dtype>& scores, int class_axis,
                     const Blob<Dtype>& labels);

// The class index that a label value names, or -1 when it is the ignore
// label (only when has_ignore_label); a value outside [0, num_classes) is a
// caffe::Error naming it.
template <typename Dtype>
int ClassIndex(Dtype value, int num_classes, bool has_ignore_label,
               int ignore_label);

}  // namespace caffe

#endif  // CAFFE_UTIL_CLASS_LABELS_HPP_

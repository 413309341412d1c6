#include "caffe/util/class_labels.hpp"

#include <string>

#include "caffe/error.hpp"

namespace caffe {

template <typename Dtype>
void CheckLabelCount(const Blob<Dtype>& scores, const int class_axis,
                     const Blob<Dtype>& labels) {
  const int positions =
      scores.count(0, class_axis) * scores.count(class_axis + 1);
  CAFFE_REQUIRE(positions == labels.count())
      << "number of labels must match number of predictions: with axis "
      << class_axis << ", predictions of shape " << scores.shape_string()
      << " need " << positions
      << " labels (every axis but the class axis), but the label blob has "
      << "shape " << labels.shape_string();
}

template <typename Dtype>
int ClassIndex(const Dtype value, const int num_classes,
               const bool has_ignore_label, const int ignore_label) {
  const int label = static_cast<int>(value);
  if (has_ignore_label && label == ignore_label) return -1;
  CAFFE_REQUIRE(label >= 0 && label < num_classes)
      << "label " << value << " is out of range: labels must lie in [0, "
      << num_classes << ") for " << num_classes << " classes"
      << (has_ignore_label ? " or equal ignore_label " : "")
      << (has_ignore_label ? std::to_string(ignore_label) : "");
  return label;
}

template void CheckLabelCount(const Blob<float>&, int, const Blob<float>&);
template void CheckLabelCount(const Blob<double>&, int, const Blob<double>&);
template int ClassIndex(float, int, bool, int);
template int ClassIndex(double, int, bool, int);

}  // namespace caffe

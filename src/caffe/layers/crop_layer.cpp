#include "caffe/layers/crop_layer.hpp"

#include <vector>

#include "caffe/util/math_functions.hpp"

namespace caffe {

template <typename Dtype>
void CropLayer<Dtype>::LayerSetUp(const vector<Blob<Dtype>*>& bottom,
                                  const vector<Blob<Dtype>*>& top) {
  const CropParameter& param = this->layer_param_.crop_param();
  const int num_axes = bottom[0]->num_axes();
  start_axis_ = bottom[0]->CanonicalAxisIndex(param.axis());
  if (param.offset_size() > 1) {
    CAFFE_REQUIRE(start_axis_ + param.offset_size() == num_axes)
        << "the number of offsets (" << param.offset_size()
        << ") must equal the number of axes from axis " << start_axis_
        << " of bottom[0] shape " << bottom[0]->shape_string() << " ("
        << num_axes - start_axis_ << ")";
  }
}

template <typename Dtype>
void CropLayer<Dtype>::Reshape(const vector<Blob<Dtype>*>& bottom,
                               const vector<Blob<Dtype>*>& top) {
  const CropParameter& param = this->layer_param_.crop_param();
  const Blob<Dtype>& big = *bottom[0];
  const Blob<Dtype>& like = *bottom[1];
  const int num_axes = big.num_axes();
  CAFFE_REQUIRE(like.num_axes() >= num_axes)
      << "bottom[1] shape " << like.shape_string() << " has fewer axes than "
      << "bottom[0] shape " << big.shape_string();
  offsets_.assign(num_axes, 0);
  vector<int> top_shape = big.shape();
  for (int i = start_axis_; i < num_axes; ++i) {
    if (param.offset_size() == 1) {
      offsets_[i] = static_cast<int>(param.offset(0));
    } else if (param.offset_size() > 1) {
      offsets_[i] = static_cast<int>(param.offset(i - start_axis_));
    }
    CAFFE_REQUIRE(offsets_[i] >= 0 &&
                  static_cast<long long>(offsets_[i]) + like.shape(i) <=
                      big.shape(i))
        << "invalid crop on axis " << i << ": offset " << offsets_[i]
        << " plus size " << like.shape(i) << " (bottom[1] shape "
        << like.shape_string() << ") exceeds " << big.shape(i)
        << " (bottom[0] shape " << big.shape_string() << ")";
    top_shape[i] = like.shape(i);
  }
  top[0]->Reshape(top_shape);
}

template <typename Dtype>
void CropLayer<Dtype>::CopyWindow(const Blob<Dtype>& big,
                                  const Blob<Dtype>& small, const Dtype* from,
                                  Dtype* to, bool to_small) const {
  const int num_axes = small.num_axes();
  const int last = num_axes - 1;
  const int row = small.shape(last);
  if (small.count() == 0) return;
  // An odometer over every axis but the last; each step copies one row.
  vector<int> index(num_axes, 0);
  for (int small_offset = 0; small_offset < small.count();
       small_offset += row) {
    int big_offset = 0;
    for (int i = 0; i < num_axes; ++i) {
      big_offset = big_offset * big.shape(i) + index[i] + offsets_[i];
    }
    if (to_small) {
      caffe_copy(row, from + big_offset, to + small_offset);
    } else {
      caffe_copy(row, from + small_offset, to + big_offset);
    }
    for (int i = last - 1; i >= 0; --i) {
      if (++index[i] < small.shape(i)) break;
      index[i] = 0;
    }
  }
}

template <typename Dtype>
void CropLayer<Dtype>::Forward_cpu(const vector<Blob<Dtype>*>& bottom,
                                   const vector<Blob<Dtype>*>& top) {
  CopyWindow(*bottom[0], *top[0], bottom[0]->cpu_data(),
             top[0]->mutable_cpu_data(), true);
}

template <typename Dtype>
void CropLayer<Dtype>::Backward_cpu(const vector<Blob<Dtype>*>& top,
                                    const vector<bool>& propagate_down,
                                    const vector<Blob<Dtype>*>& bottom) {
  if (!propagate_down[0]) return;
  Dtype* bottom_diff = bottom[0]->mutable_cpu_diff();
  caffe_set(bottom[0]->count(), Dtype(0), bottom_diff);
  CopyWindow(*bottom[0], *top[0], top[0]->cpu_diff(), bottom_diff, false);
}

INSTANTIATE_CLASS(CropLayer);
REGISTER_LAYER_CLASS(Crop);

}  // namespace caffe

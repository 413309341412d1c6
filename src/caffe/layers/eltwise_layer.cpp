#include "caffe/layers/eltwise_layer.hpp"

#include <vector>

namespace caffe {

template <typename Dtype>
void EltwiseLayer<Dtype>::LayerSetUp(const vector<Blob<Dtype>*>& bottom,
                                     const vector<Blob<Dtype>*>& top) {
  const EltwiseParameter& param = this->layer_param_.eltwise_param();
  op_ = param.operation();
  CAFFE_REQUIRE(op_ != EltwiseParameter_EltwiseOp_PROD ||
                param.coeff_size() == 0)
      << "eltwise_param coeff is only for SUM, but operation is PROD";
  CAFFE_REQUIRE(param.coeff_size() == 0 ||
                param.coeff_size() == static_cast<int>(bottom.size()))
      << "eltwise_param has " << param.coeff_size() << " coeff values for "
      << bottom.size() << " bottoms; give one per bottom or none";
  coeffs_.assign(bottom.size(), Dtype(1));
  for (int i = 0; i < param.coeff_size(); ++i) coeffs_[i] = param.coeff(i);
  stable_prod_grad_ = param.stable_prod_grad();
}

template <typename Dtype>
void EltwiseLayer<Dtype>::Reshape(const vector<Blob<Dtype>*>& bottom,
                                  const vector<Blob<Dtype>*>& top) {
  for (size_t i = 1; i < bottom.size(); ++i) {
    CAFFE_REQUIRE(bottom[i]->shape() == bottom[0]->shape())
        << "bottom[" << i << "] has shape " << bottom[i]->shape_string()
        << " but bottom[0] has shape " << bottom[0]->shape_string()
        << "; all bottoms must have the same shape";
  }
  top[0]->ReshapeLike(*bottom[0]);
  const size_t mask_bytes = top[0]->count() * sizeof(int);
  if (op_ == EltwiseParameter_EltwiseOp_MAX &&
      (!max_idx_ || max_idx_->size() < mask_bytes)) {
    max_idx_ = std::make_shared<SyncedMemory>(mask_bytes);
  }
}

template <typename Dtype>
void EltwiseLayer<Dtype>::Forward_cpu(const vector<Blob<Dtype>*>& bottom,
                                      const vector<Blob<Dtype>*>& top) {
  const int count = top[0]->count();
  Dtype* top_data = top[0]->mutable_cpu_data();
  switch (op_) {
    case EltwiseParameter_EltwiseOp_PROD:
      caffe_mul(count, bottom[0]->cpu_data(), bottom[1]->cpu_data(), top_data);
      for (size_t i = 2; i < bottom.size(); ++i) {
        caffe_mul(count, top_data, bottom[i]->cpu_data(), top_data);
      }
      break;
    case EltwiseParameter_EltwiseOp_SUM:
      caffe_set(count, Dtype(0), top_data);
      for (size_t i = 0; i < bottom.size(); ++i) {
        caffe_axpy(count, coeffs_[i], bottom[i]->cpu_data(), top_data);
      }
      break;
    case EltwiseParameter_EltwiseOp_MAX: {
      int* mask = static_cast<int*>(max_idx_->mutable_cpu_data());
      // Caffe's tie-breaking: bottom 1 wins a tie with bottom 0, later
      // bottoms must be strictly greater.
      const Dtype* a = bottom[0]->cpu_data();
      const Dtype* b = bottom[1]->cpu_data();
      for (int j = 0; j < count; ++j) {
        const bool first = a[j] > b[j];
        top_data[j] = first ? a[j] : b[j];
        mask[j] = first ? 0 : 1;
      }
      for (size_t i = 2; i < bottom.size(); ++i) {
        const Dtype* data = bottom[i]->cpu_data();
        for (int j = 0; j < count; ++j) {
          if (data[j] > top_data[j]) {
            top_data[j] = data[j];
            mask[j] = static_cast<int>(i);
          }
        }
      }
      break;
    }
    default:
      CAFFE_THROW() << "unknown eltwise_param operation " << op_;
  }
}

template <typename Dtype>
void EltwiseLayer<Dtype>::Backward_cpu(const vector<Blob<Dtype>*>& top,
                                       const vector<bool>& propagate_down,
                                       const vector<Blob<Dtype>*>& bottom) {
  const int count = top[0]->count();
  const Dtype* top_data = top[0]->cpu_data();
  const Dtype* top_diff = top[0]->cpu_diff();
  for (size_t i = 0; i < bottom.size(); ++i) {
    if (!propagate_down[i]) continue;
    Dtype* bottom_diff = bottom[i]->mutable_cpu_diff();
    switch (op_) {
      case EltwiseParameter_EltwiseOp_PROD:
        if (stable_prod_grad_) {
          caffe_set(count, Dtype(1), bottom_diff);
          for (size_t j = 0; j < bottom.size(); ++j) {
            if (j == i) continue;
            caffe_mul(count, bottom_diff, bottom[j]->cpu_data(), bottom_diff);
          }
        } else {
          caffe_div(count, top_data, bottom[i]->cpu_data(), bottom_diff);
        }
        caffe_mul(count, bottom_diff, top_diff, bottom_diff);
        break;
      case EltwiseParameter_EltwiseOp_SUM:
        caffe_cpu_scale(count, coeffs_[i], top_diff, bottom_diff);
        break;
      case EltwiseParameter_EltwiseOp_MAX: {
        const int* mask = static_cast<const int*>(max_idx_->cpu_data());
        for (int j = 0; j < count; ++j) {
          bottom_diff[j] = mask[j] == static_cast<int>(i) ? top_diff[j] : 0;
        }
        break;
      }
      default:
        CAFFE_THROW() << "unknown eltwise_param operation " << op_;
    }
  }
}

INSTANTIATE_CLASS(EltwiseLayer);
REGISTER_LAYER_CLASS(Eltwise);

}  // namespace caffe

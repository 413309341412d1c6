#include "caffe/layers/inner_product_layer.hpp"

#include <memory>
#include <vector>

#include "caffe/filler.hpp"
#include "caffe/util/math_functions.hpp"

namespace caffe {

template <typename Dtype>
void InnerProductLayer<Dtype>::LayerSetUp(const vector<Blob<Dtype>*>& bottom,
                                          const vector<Blob<Dtype>*>& top) {
  const InnerProductParameter& param = this->layer_param_.inner_product_param();
  N_ = param.num_output();
  CAFFE_REQUIRE(N_ > 0) << "num_output must be positive, got " << N_;
  bias_term_ = param.bias_term();
  transpose_ = param.transpose();
  const int axis = bottom[0]->CanonicalAxisIndex(param.axis());
  K_ = bottom[0]->count(axis);
  const vector<int> weight_shape =
      transpose_ ? vector<int>{K_, N_} : vector<int>{N_, K_};
  const vector<int> bias_shape{N_};
  if (!this->blobs_.empty()) {
    CAFFE_REQUIRE(static_cast<int>(this->blobs_.size()) == 1 + bias_term_)
        << "expected " << 1 + bias_term_
        << " weight blob(s) (bias_term: " << std::boolalpha << bias_term_
        << "), got " << this->blobs_.size();
    CAFFE_REQUIRE(this->blobs_[0]->shape() == weight_shape)
        << "weight shape " << this->blobs_[0]->shape_string()
        << " does not match the expected "
        << Blob<Dtype>(weight_shape).shape_string() << " (num_output " << N_
        << ", input dimension " << K_ << ", transpose: " << std::boolalpha
        << transpose_ << ")";
    if (bias_term_) {
      CAFFE_REQUIRE(this->blobs_[1]->shape() == bias_shape)
          << "bias shape " << this->blobs_[1]->shape_string()
          << " does not match the expected (" << N_ << ")";
    }
  } else {
    this->blobs_.resize(1 + bias_term_);
    this->blobs_[0].reset(new Blob<Dtype>(weight_shape));
    std::unique_ptr<Filler<Dtype> > weight_filler(
        GetFiller<Dtype>(param.weight_filler()));
    weight_filler->Fill(this->blobs_[0].get());
    if (bias_term_) {
      this->blobs_[1].reset(new Blob<Dtype>(bias_shape));
      std::unique_ptr<Filler<Dtype> > bias_filler(
          GetFiller<Dtype>(param.bias_filler()));
      bias_filler->Fill(this->blobs_[1].get());
    }
  }
  this->param_propagate_down_.resize(this->blobs_.size(), true);
}

template <typename Dtype>
void InnerProductLayer<Dtype>::Reshape(const vector<Blob<Dtype>*>& bottom,
                                       const vector<Blob<Dtype>*>& top) {
  const int axis = bottom[0]->CanonicalAxisIndex(
      this->layer_param_.inner_product_param().axis());
  const int new_K = bottom[0]->count(axis);
  CAFFE_REQUIRE(new_K == K_)
      << "the input " << bottom[0]->shape_string() << " has inner dimension "
      << new_K << " from axis " << axis << ", but the weights expect " << K_;
  M_ = bottom[0]->count(0, axis);
  vector<int> top_shape(bottom[0]->shape().begin(),
                        bottom[0]->shape().begin() + axis);
  top_shape.push_back(N_);
  top[0]->Reshape(top_shape);
  // Refilled only when the row count changes: rewriting it on every
  // Forward would also move it to the host and back in GPU mode.
  if (bias_term_ && bias_multiplier_.count() != M_) {
    bias_multiplier_.Reshape(vector<int>{M_});
    caffe_set(M_, Dtype(1), bias_multiplier_.mutable_cpu_data());
  }
}

template <typename Dtype>
void InnerProductLayer<Dtype>::Forward_cpu(const vector<Blob<Dtype>*>& bottom,
                                           const vector<Blob<Dtype>*>& top) {
  Dtype* top_data = top[0]->mutable_cpu_data();
  caffe_cpu_gemm<Dtype>(CblasNoTrans, transpose_ ? CblasNoTrans : CblasTrans,
                        M_, N_, K_, Dtype(1), bottom[0]->cpu_data(),
                        this->blobs_[0]->cpu_data(), Dtype(0), top_data);
  if (bias_term_) {
    caffe_cpu_gemm<Dtype>(CblasNoTrans, CblasNoTrans, M_, N_, 1, Dtype(1),
                          bias_multiplier_.cpu_data(),
                          this->blobs_[1]->cpu_data(), Dtype(1), top_data);
  }
}

template <typename Dtype>
void InnerProductLayer<Dtype>::Backward_cpu(
    const vector<Blob<Dtype>*>& top, const vector<bool>& propagate_down,
    const vector<Blob<Dtype>*>& bottom) {
  const Dtype* top_diff = top[0]->cpu_diff();
  const Dtype* bottom_data = bottom[0]->cpu_data();
  if (this->param_propagate_down(0)) {
    Dtype* weight_diff = this->blobs_[0]->mutable_cpu_diff();
    if (transpose_) {
      caffe_cpu_gemm<Dtype>(CblasTrans, CblasNoTrans, K_, N_, M_, Dtype(1),
                            bottom_data, top_diff, Dtype(1), weight_diff);
    } else {
      caffe_cpu_gemm<Dtype>(CblasTrans, CblasNoTrans, N_, K_, M_, Dtype(1),
                            top_diff, bottom_data, Dtype(1), weight_diff);
    }
  }
  if (bias_term_ && this->param_propagate_down(1)) {
    caffe_cpu_gemv<Dtype>(CblasTrans, M_, N_, Dtype(1), top_diff,
                          bias_multiplier_.cpu_data(), Dtype(1),
                          this->blobs_[1]->mutable_cpu_diff());
  }
  if (propagate_down[0]) {
    caffe_cpu_gemm<Dtype>(CblasNoTrans, transpose_ ? CblasTrans : CblasNoTrans,
                          M_, K_, N_, Dtype(1), top_diff,
                          this->blobs_[0]->cpu_data(), Dtype(0),
                          bottom[0]->mutable_cpu_diff());
  }
}

INSTANTIATE_CLASS(InnerProductLayer);
REGISTER_LAYER_CLASS(InnerProduct);

}  // namespace caffe

#include "caffe/layers/embed_layer.hpp"

#include <memory>
#include <vector>

#include "caffe/filler.hpp"
#include "caffe/util/math_functions.hpp"

namespace caffe {

template <typename Dtype>
void EmbedLayer<Dtype>::LayerSetUp(const vector<Blob<Dtype>*>& bottom,
                                   const vector<Blob<Dtype>*>& top) {
  const EmbedParameter& param = this->layer_param_.embed_param();
  CAFFE_REQUIRE(param.num_output() > 0)
      << "num_output must be positive, got " << param.num_output();
  CAFFE_REQUIRE(param.input_dim() > 0)
      << "input_dim must be positive, got " << param.input_dim();
  N_ = static_cast<int>(param.num_output());
  K_ = static_cast<int>(param.input_dim());
  bias_term_ = param.bias_term();
  const vector<int> weight_shape{K_, N_};
  const vector<int> bias_shape{N_};
  if (this->blobs_.empty()) {
    this->blobs_.emplace_back(new Blob<Dtype>(weight_shape));
    std::unique_ptr<Filler<Dtype> > weight_filler(
        GetFiller<Dtype>(param.weight_filler()));
    weight_filler->Fill(this->blobs_[0].get());
    if (bias_term_) {
      this->blobs_.emplace_back(new Blob<Dtype>(bias_shape));
      std::unique_ptr<Filler<Dtype> > bias_filler(
          GetFiller<Dtype>(param.bias_filler()));
      bias_filler->Fill(this->blobs_[1].get());
    }
  }
  CAFFE_REQUIRE(static_cast<int>(this->blobs_.size()) == 1 + bias_term_)
      << "expected " << 1 + bias_term_
      << " weight blob(s) (bias_term: " << std::boolalpha << bias_term_
      << "), got " << this->blobs_.size();
  CAFFE_REQUIRE(this->blobs_[0]->shape() == weight_shape)
      << "weight shape " << this->blobs_[0]->shape_string()
      << " does not match the expected " << K_ << " x " << N_
      << " (input_dim x num_output)";
  if (bias_term_) {
    CAFFE_REQUIRE(this->blobs_[1]->shape() == bias_shape)
        << "bias shape " << this->blobs_[1]->shape_string()
        << " does not match the expected (" << N_ << ")";
  }
  this->param_propagate_down_.resize(this->blobs_.size(), true);
}

template <typename Dtype>
void EmbedLayer<Dtype>::Reshape(const vector<Blob<Dtype>*>& bottom,
                                const vector<Blob<Dtype>*>& top) {
  M_ = bottom[0]->count();
  vector<int> top_shape = bottom[0]->shape();
  top_shape.push_back(N_);
  top[0]->Reshape(top_shape);
}

template <typename Dtype>
void EmbedLayer<Dtype>::Forward_cpu(const vector<Blob<Dtype>*>& bottom,
                                    const vector<Blob<Dtype>*>& top) {
  const Dtype* indices = bottom[0]->cpu_data();
  const Dtype* weight = this->blobs_[0]->cpu_data();
  const Dtype* bias = bias_term_ ? this->blobs_[1]->cpu_data() : nullptr;
  Dtype* y = top[0]->mutable_cpu_data();
  for (int m = 0; m < M_; ++m) {
    const Dtype value = indices[m];
    const int index = static_cast<int>(value);
    CAFFE_REQUIRE(value >= 0 && value < K_ && Dtype(index) == value)
        << "Embed input " << m << " of bottom shape "
        << bottom[0]->shape_string() << " is " << value
        << "; indices must be integers in [0, input_dim = " << K_ << ")";
    caffe_copy(N_, weight + index * N_, y + m * N_);
    if (bias) caffe_axpy(N_, Dtype(1), bias, y + m * N_);
  }
}

template <typename Dtype>
void EmbedLayer<Dtype>::Backward_cpu(const vector<Blob<Dtype>*>& top,
                                     const vector<bool>& propagate_down,
                                     const vector<Blob<Dtype>*>& bottom) {
  CAFFE_REQUIRE(!propagate_down[0])
      << "Embed cannot backpropagate to its input (indices have no gradient)";
  const Dtype* top_diff = top[0]->cpu_diff();
  if (this->param_propagate_down(0)) {
    const Dtype* indices = bottom[0]->cpu_data();
    Dtype* weight_diff = this->blobs_[0]->mutable_cpu_diff();
    for (int m = 0; m < M_; ++m) {
      const int index = static_cast<int>(indices[m]);
      caffe_axpy(N_, Dtype(1), top_diff + m * N_, weight_diff + index * N_);
    }
  }
  if (bias_term_ && this->param_propagate_down(1)) {
    Dtype* bias_diff = this->blobs_[1]->mutable_cpu_diff();
    for (int m = 0; m < M_; ++m) {
      caffe_axpy(N_, Dtype(1), top_diff + m * N_, bias_diff);
    }
  }
}

INSTANTIATE_CLASS(EmbedLayer);
REGISTER_LAYER_CLASS(Embed);

}  // namespace caffe

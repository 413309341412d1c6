#include "caffe/layers/scale_layer.hpp"

#include <memory>
#include <vector>

#include "caffe/filler.hpp"
#include "caffe/util/math_functions.hpp"

namespace caffe {

template <typename Dtype>
void ScaleLayer<Dtype>::LayerSetUp(const vector<Blob<Dtype>*>& bottom,
                                   const vector<Blob<Dtype>*>& top) {
  const ScaleParameter& param = this->layer_param_.scale_param();
  const bool learned = bottom.size() == 1;
  const int given_blobs = static_cast<int>(this->blobs_.size());
  if (learned && this->blobs_.empty()) {
    const int axis = bottom[0]->CanonicalAxisIndex(param.axis());
    const vector<int> scale_shape = BroadcastParamShape(
        bottom[0]->shape(), axis, param.num_axes(), "scale");
    this->blobs_.emplace_back(new Blob<Dtype>(scale_shape));
    FillerParameter filler_param = param.filler();
    if (!param.has_filler()) {
      filler_param.set_type("constant");
      filler_param.set_value(1);
    }
    std::unique_ptr<Filler<Dtype> > filler(GetFiller<Dtype>(filler_param));
    filler->Fill(this->blobs_[0].get());
  }
  const int expected_blobs = (learned ? 1 : 0) + (param.bias_term() ? 1 : 0);
  // Given weights may hold the scale alone; the bias is then created below.
  const bool bias_given = given_blobs == expected_blobs;
  CAFFE_REQUIRE(bias_given || static_cast<int>(this->blobs_.size()) ==
                                  expected_blobs - param.bias_term())
      << "Scale expects " << expected_blobs << " blob(s) (" << bottom.size()
      << " bottom(s), bias_term: " << std::boolalpha << param.bias_term()
      << "); got " << given_blobs;
  if (param.bias_term()) {
    LayerParameter bias_param(this->layer_param_);
    bias_param.clear_blobs();
    bias_param.clear_loss_weight();
    bias_param.set_type("Bias");
    BiasParameter* bias = bias_param.mutable_bias_param();
    bias->set_axis(param.axis());
    bias->set_num_axes(learned ? param.num_axes() : bottom[1]->num_axes());
    *bias->mutable_filler() = param.bias_filler();
    bias_layer_.reset(new BiasLayer<Dtype>(bias_param));
    bias_bottom_vec_ = {bottom[0]};
    bias_layer_->SetUp(bias_bottom_vec_, top);
    if (bias_given) {
      bias_param_id_ = static_cast<int>(this->blobs_.size()) - 1;
      CAFFE_REQUIRE(this->blobs_[bias_param_id_]->shape() ==
                    bias_layer_->blobs()[0]->shape())
          << "Scale's bias blob has shape "
          << this->blobs_[bias_param_id_]->shape_string() << "; expected "
          << bias_layer_->blobs()[0]->shape_string();
      bias_layer_->blobs()[0] = this->blobs_[bias_param_id_];
    } else {
      bias_param_id_ = static_cast<int>(this->blobs_.size());
      this->blobs_.push_back(bias_layer_->blobs()[0]);
    }
  }
  this->param_propagate_down_.resize(this->blobs_.size(), true);
}

template <typename Dtype>
void ScaleLayer<Dtype>::Reshape(const vector<Blob<Dtype>*>& bottom,
                                const vector<Blob<Dtype>*>& top) {
  const Blob<Dtype>& scale = bottom.size() > 1 ? *bottom[1] : *this->blobs_[0];
  const int axis = BroadcastParamAxis(
      *bottom[0], scale, this->layer_param_.scale_param().axis(), "scale");
  outer_dim_ = bottom[0]->count(0, axis);
  scale_dim_ = scale.count();
  inner_dim_ = bottom[0]->count(axis + scale.num_axes());
  if (bottom[0] != top[0]) top[0]->ReshapeLike(*bottom[0]);
  if (bias_layer_) {
    bias_bottom_vec_[0] = top[0];
    bias_layer_->Reshape(bias_bottom_vec_, top);
  }
}

template <typename Dtype>
void ScaleLayer<Dtype>::Forward_cpu(const vector<Blob<Dtype>*>& bottom,
                                    const vector<Blob<Dtype>*>& top) {
  if (bottom[0] == top[0]) saved_bottom_.CopyFrom(*bottom[0], false, true);
  const Dtype* scale =
      (bottom.size() > 1 ? bottom[1] : this->blobs_[0].get())->cpu_data();
  const Dtype* x = bottom[0]->cpu_data();
  Dtype* y = top[0]->mutable_cpu_data();
  for (int o = 0; o < outer_dim_; ++o) {
    for (int d = 0; d < scale_dim_; ++d) {
      const int offset = (o * scale_dim_ + d) * inner_dim_;
      caffe_cpu_scale(inner_dim_, scale[d], x + offset, y + offset);
    }
  }
  if (bias_layer_) bias_layer_->Forward(bias_bottom_vec_, top);
}

template <typename Dtype>
void ScaleLayer<Dtype>::Backward_cpu(const vector<Blob<Dtype>*>& top,
                                     const vector<bool>& propagate_down,
                                     const vector<Blob<Dtype>*>& bottom) {
  if (bias_layer_ && this->param_propagate_down(bias_param_id_)) {
    // The bias layer runs in place on the top: only its parameter gradient.
    bias_layer_->Backward(top, vector<bool>{false}, bias_bottom_vec_);
  }
  const bool learned = bottom.size() == 1;
  Blob<Dtype>* scale = learned ? this->blobs_[0].get() : bottom[1];
  const Dtype* top_diff = top[0]->cpu_diff();
  if (learned ? this->param_propagate_down(0) : propagate_down[1]) {
    const Dtype* x =
        (bottom[0] == top[0] ? &saved_bottom_ : bottom[0])->cpu_data();
    Dtype* scale_diff = scale->mutable_cpu_diff();
    // Parameter gradients accumulate; a bottom's gradient is overwritten.
    if (!learned) caffe_set(scale_dim_, Dtype(0), scale_diff);
    for (int o = 0; o < outer_dim_; ++o) {
      for (int d = 0; d < scale_dim_; ++d) {
        const int offset = (o * scale_dim_ + d) * inner_dim_;
        scale_diff[d] +=
            caffe_cpu_dot(inner_dim_, top_diff + offset, x + offset);
      }
    }
  }
  if (propagate_down[0]) {
    const Dtype* scale_data = scale->cpu_data();
    Dtype* bottom_diff = bottom[0]->mutable_cpu_diff();
    for (int o = 0; o < outer_dim_; ++o) {
      for (int d = 0; d < scale_dim_; ++d) {
        const int offset = (o * scale_dim_ + d) * inner_dim_;
        caffe_cpu_scale(inner_dim_, scale_data[d], top_diff + offset,
                        bottom_diff + offset);
      }
    }
  }
}

INSTANTIATE_CLASS(ScaleLayer);
REGISTER_LAYER_CLASS(Scale);

}  // namespace caffe

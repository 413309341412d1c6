#include "caffe/layers/prelu_layer.hpp"

#include <memory>
#include <vector>

#include "caffe/filler.hpp"
#include "caffe/util/elementwise_extra.hpp"

namespace caffe {

template <typename Dtype>
int PReLULayer<Dtype>::Channels(const Blob<Dtype>& bottom) const {
  CAFFE_REQUIRE(bottom.num_axes() >= 2)
      << "PReLU needs a bottom of at least 2 axes (N, C, ...); got shape "
      << bottom.shape_string();
  return bottom.shape(1);
}

template <typename Dtype>
void PReLULayer<Dtype>::LayerSetUp(const vector<Blob<Dtype>*>& bottom,
                                   const vector<Blob<Dtype>*>& top) {
  const PReLUParameter& param = this->layer_param_.prelu_param();
  channel_shared_ = param.channel_shared();
  const int channels = Channels(*bottom[0]);
  if (this->blobs_.empty()) {
    const vector<int> slope_shape =
        channel_shared_ ? vector<int>() : vector<int>(1, channels);
    this->blobs_.emplace_back(new Blob<Dtype>(slope_shape));
    FillerParameter filler_param;
    if (param.has_filler()) {
      filler_param = param.filler();
    } else {
      filler_param.set_type("constant");
      filler_param.set_value(0.25);
    }
    std::unique_ptr<Filler<Dtype> > filler(GetFiller<Dtype>(filler_param));
    filler->Fill(this->blobs_[0].get());
  }
  CAFFE_REQUIRE(this->blobs_.size() == 1)
      << "PReLU has one parameter blob (the slopes); got "
      << this->blobs_.size();
  this->param_propagate_down_.resize(this->blobs_.size(), true);
}

template <typename Dtype>
void PReLULayer<Dtype>::Reshape(const vector<Blob<Dtype>*>& bottom,
                                const vector<Blob<Dtype>*>& top) {
  const int channels = Channels(*bottom[0]);
  const Blob<Dtype>& slopes = *this->blobs_[0];
  if (channel_shared_) {
    CAFFE_REQUIRE(slopes.count() == 1)
        << "PReLU with channel_shared needs one slope; the slope blob has "
        << "shape " << slopes.shape_string();
  } else {
    CAFFE_REQUIRE(slopes.count() == channels)
        << "PReLU needs one slope per channel (" << channels
        << " for bottom shape " << bottom[0]->shape_string()
        << "); the slope blob has shape " << slopes.shape_string();
  }
  NeuronLayer<Dtype>::Reshape(bottom, top);
}

template <typename Dtype>
void PReLULayer<Dtype>::Forward_cpu(const vector<Blob<Dtype>*>& bottom,
                                    const vector<Blob<Dtype>*>& top) {
  input_.Save(*bottom[0], *top[0]);
  const int num = bottom[0]->shape(0);
  const int channels = bottom[0]->shape(1);
  const int dim = bottom[0]->count(2);
  const Dtype* slopes = this->blobs_[0]->cpu_data();
  const Dtype* x = bottom[0]->cpu_data();
  Dtype* y = top[0]->mutable_cpu_data();
  for (int n = 0; n < num; ++n) {
    for (int c = 0; c < channels; ++c) {
      const int offset = (n * channels + c) * dim;
      const ReLUForward<Dtype> prelu{slopes[channel_shared_ ? 0 : c]};
      elementwise_cpu(dim, prelu, x + offset, y + offset);
    }
  }
}

template <typename Dtype>
void PReLULayer<Dtype>::Backward_cpu(const vector<Blob<Dtype>*>& top,
                                     const vector<bool>& propagate_down,
                                     const vector<Blob<Dtype>*>& bottom) {
  const int num = bottom[0]->shape(0);
  const int channels = bottom[0]->shape(1);
  const int dim = bottom[0]->count(2);
  const Dtype* x = input_.Input(*bottom[0], *top[0]).cpu_data();
  const Dtype* top_diff = top[0]->cpu_diff();
  // The slopes first: in place, the bottom diff overwrites the top diff.
  if (this->param_propagate_down_[0]) {
    Dtype* slope_diff = this->blobs_[0]->mutable_cpu_diff();
    const PReLUSlopeGradient<Dtype> slope_grad;
    for (int n = 0; n < num; ++n) {
      for (int c = 0; c < channels; ++c) {
        const int offset = (n * channels + c) * dim;
        Dtype& diff = slope_diff[channel_shared_ ? 0 : c];
        for (int i = offset; i < offset + dim; ++i) {
          diff += slope_grad(top_diff[i], x[i]);
        }
      }
    }
  }
  if (propagate_down[0]) {
    const Dtype* slopes = this->blobs_[0]->cpu_data();
    Dtype* bottom_diff = bottom[0]->mutable_cpu_diff();
    for (int n = 0; n < num; ++n) {
      for (int c = 0; c < channels; ++c) {
        const int offset = (n * channels + c) * dim;
        const ReLUBackward<Dtype> prelu_grad{slopes[channel_shared_ ? 0 : c]};
        elementwise_cpu(dim, prelu_grad, top_diff + offset, x + offset,
                        bottom_diff + offset);
      }
    }
  }
}

INSTANTIATE_CLASS(PReLULayer);
REGISTER_LAYER_CLASS(PReLU);

}  // namespace caffe

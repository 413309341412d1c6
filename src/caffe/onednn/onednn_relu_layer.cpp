#include "caffe/onednn/onednn_relu_layer.hpp"

#include <type_traits>
#include <vector>

#include "onednn_stream.hpp"

namespace caffe {

template <typename Dtype>
struct OneDNNReLULayer<Dtype>::Primitives {
  dnnl::memory::desc data;
  dnnl::eltwise_forward forward;
  dnnl::eltwise_backward backward;
};

template <typename Dtype>
OneDNNReLULayer<Dtype>::OneDNNReLULayer(const LayerParameter& param)
    : ReLULayer<Dtype>(param) {}

template <typename Dtype>
OneDNNReLULayer<Dtype>::~OneDNNReLULayer() = default;

template <typename Dtype>
string OneDNNReLULayer<Dtype>::Unavailable(const LayerParameter& param) {
  if (!std::is_same<Dtype, float>::value) {
    return "oneDNN's ReLU runs in float only";
  }
  return "";
}

template <typename Dtype>
void OneDNNReLULayer<Dtype>::Reshape(const vector<Blob<Dtype>*>& bottom,
                                     const vector<Blob<Dtype>*>& top) {
  ReLULayer<Dtype>::Reshape(bottom, top);
  const dnnl::memory::dim count = bottom[0]->count();
  if (primitives_ && primitives_->data.dims()[0] == count) return;
  CHECK((std::is_same<Dtype, float>::value)) << Unavailable(this->layer_param_);
  const float slope = this->layer_param_.relu_param().negative_slope();
  try {
    // The elementwise map does not care about the blob's axes: one flat
    // array of count values.
    const dnnl::memory::desc data({count}, dnnl::memory::data_type::f32,
                                  dnnl::memory::format_tag::a);
    const dnnl::eltwise_forward::primitive_desc forward(
        dnnl::eltwise_forward::desc(dnnl::prop_kind::forward_training,
                                    dnnl::algorithm::eltwise_relu, data, slope,
                                    0.f),
        OneDNNEngine());
    const dnnl::eltwise_backward::primitive_desc backward(
        dnnl::eltwise_backward::desc(dnnl::algorithm::eltwise_relu, data, data,
                                     slope, 0.f),
        OneDNNEngine(), forward);
    primitives_.reset(new Primitives{data, dnnl::eltwise_forward(forward),
                                     dnnl::eltwise_backward(backward)});
  } catch (const dnnl::error& error) {
    Error failure(StrCat("oneDNN cannot build ReLU for ", count,
                         " values: ", error.what()));
    failure.set_layer(this->layer_param_.name(), this->layer_param_.type());
    throw failure;
  }
}

template <typename Dtype>
void OneDNNReLULayer<Dtype>::Forward_cpu(const vector<Blob<Dtype>*>& bottom,
                                         const vector<Blob<Dtype>*>& top) {
  if (bottom[0]->count() == 0) return;
  const dnnl::engine& engine = OneDNNEngine();
  // oneDNN's memory objects take non-const handles; the source is only read.
  dnnl::memory src(primitives_->data, engine,
                   const_cast<Dtype*>(bottom[0]->cpu_data()));
  dnnl::memory dst(primitives_->data, engine, top[0]->mutable_cpu_data());
  dnnl::stream& stream = OneDNNStream();
  primitives_->forward.execute(stream,
                               {{DNNL_ARG_SRC, src}, {DNNL_ARG_DST, dst}});
  stream.wait();
}

template <typename Dtype>
void OneDNNReLULayer<Dtype>::Backward_cpu(const vector<Blob<Dtype>*>& top,
                                          const vector<bool>& propagate_down,
                                          const vector<Blob<Dtype>*>& bottom) {
  if (!propagate_down[0] || bottom[0]->count() == 0) return;
  const dnnl::engine& engine = OneDNNEngine();
  // As in the reference, in place the source holds y, which has x's sign.
  dnnl::memory src(primitives_->data, engine,
                   const_cast<Dtype*>(bottom[0]->cpu_data()));
  dnnl::memory diff_dst(primitives_->data, engine,
                        const_cast<Dtype*>(top[0]->cpu_diff()));
  dnnl::memory diff_src(primitives_->data, engine,
                        bottom[0]->mutable_cpu_diff());
  dnnl::stream& stream = OneDNNStream();
  primitives_->backward.execute(stream, {{DNNL_ARG_SRC, src},
                                         {DNNL_ARG_DIFF_DST, diff_dst},
                                         {DNNL_ARG_DIFF_SRC, diff_src}});
  stream.wait();
}

INSTANTIATE_CLASS(OneDNNReLULayer);
REGISTER_LAYER_ENGINE(ReLU, kEngineOneDNN, 10, OneDNNReLULayer);

}  // namespace caffe

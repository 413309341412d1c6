#ifndef CAFFE_TESTS_LAYERS_LAYER_ERROR_UTIL_HPP_
#define CAFFE_TESTS_LAYERS_LAYER_ERROR_UTIL_HPP_

#include <string>
#include <vector>

#include "caffe/blob.hpp"
#include "caffe/layer.hpp"
#include "caffe/layer_factory.hpp"
#include "support/error_message.hpp"

namespace caffe {

// Runs the layer's SetUp and Forward and expects a caffe::Error whose
// message contains every fragment.
template <typename Dtype>
void ExpectLayerError(Layer<Dtype>* layer, const vector<Blob<Dtype>*>& bottom,
                      const vector<Blob<Dtype>*>& top,
                      const vector<std::string>& fragments) {
  ExpectErrorMentioning(
      [&] {
        layer->SetUp(bottom, top);
        layer->Forward(bottom, top);
      },
      fragments);
}

// The same for the layer named by param.type(), created through the
// registry (whose errors count too).
template <typename Dtype>
void ExpectLayerError(const LayerParameter& param,
                      const vector<Blob<Dtype>*>& bottom,
                      const vector<Blob<Dtype>*>& top,
                      const vector<std::string>& fragments) {
  ExpectErrorMentioning(
      [&] {
        shared_ptr<Layer<Dtype> > layer =
            LayerRegistry<Dtype>::CreateLayer(param);
        layer->SetUp(bottom, top);
        layer->Forward(bottom, top);
      },
      fragments);
}

}  // namespace caffe

#endif  // CAFFE_TESTS_LAYERS_LAYER_ERROR_UTIL_HPP_

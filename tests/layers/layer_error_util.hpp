#ifndef CAFFE_TESTS_LAYERS_LAYER_ERROR_UTIL_HPP_
#define CAFFE_TESTS_LAYERS_LAYER_ERROR_UTIL_HPP_

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "caffe/blob.hpp"
#include "caffe/error.hpp"
#include "caffe/layer.hpp"
#include "caffe/layer_factory.hpp"

namespace caffe {

// Creates the layer named by param.type() through the registry, runs SetUp
// and Forward, and expects a caffe::Error whose message contains every
// fragment.
template <typename Dtype>
void ExpectLayerError(const LayerParameter& param,
                      const vector<Blob<Dtype>*>& bottom,
                      const vector<Blob<Dtype>*>& top,
                      const vector<std::string>& fragments) {
  try {
    shared_ptr<Layer<Dtype> > layer = LayerRegistry<Dtype>::CreateLayer(param);
    layer->SetUp(bottom, top);
    layer->Forward(bottom, top);
    ADD_FAILURE() << "expected caffe::Error from " << param.type();
  } catch (const Error& error) {
    const std::string message = error.what();
    for (const std::string& fragment : fragments) {
      EXPECT_NE(message.find(fragment), std::string::npos)
          << "\"" << fragment << "\" not in: " << message;
    }
  }
}

}  // namespace caffe

#endif  // CAFFE_TESTS_LAYERS_LAYER_ERROR_UTIL_HPP_

#ifndef CAFFE_CUDNN_TANH_LAYER_HPP_
#define CAFFE_CUDNN_TANH_LAYER_HPP_

// Caffe declares CuDNNTanHLayer here in a cuDNN build (USE_CUDNN). Crema has no
// cuDNN variant of the TanH layer yet, so this header declares it in no
// build: it gives what Caffe's gives besides, the reference layer and the
// cuDNN helpers, and a net that asks for engine: CUDNN on this layer gets a
// caffe::Error from the layer registry naming the missing engine.
#include "caffe/layers/tanh_layer.hpp"
#include "caffe/util/cudnn.hpp"

#endif  // CAFFE_CUDNN_TANH_LAYER_HPP_

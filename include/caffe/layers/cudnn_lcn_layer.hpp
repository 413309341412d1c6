#ifndef CAFFE_CUDNN_LCN_LAYER_HPP_
#define CAFFE_CUDNN_LCN_LAYER_HPP_

// Caffe declares CuDNNLCNLayer here in a cuDNN build (USE_CUDNN). Crema has
// no cuDNN variant of the LRN layer's WITHIN_CHANNEL mode yet, so this header
// declares it in no build: it gives what Caffe's gives besides, the reference layer and the
// cuDNN helpers, and a net that asks for engine: CUDNN on this layer gets a
// caffe::Error from the layer registry naming the missing engine.
#include "caffe/layers/lrn_layer.hpp"
#include "caffe/util/cudnn.hpp"

#endif  // CAFFE_CUDNN_LCN_LAYER_HPP_

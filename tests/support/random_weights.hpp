#ifndef CAFFE_TESTS_SUPPORT_RANDOM_WEIGHTS_HPP_
#define CAFFE_TESTS_SUPPORT_RANDOM_WEIGHTS_HPP_

// Random weights for whole nets, shared by the model-zoo tests and the
// benchmarks (bench/ adds tests/ to its include path).

#include <cmath>
#include <string>

#include "caffe/blob.hpp"
#include "caffe/net.hpp"
#include "caffe/util/math_functions.hpp"

namespace caffe {

inline void Uniform(Blob<float>* blob, float low, float high) {
  caffe_rng_uniform(blob->count(), low, high, blob->mutable_cpu_data());
}

// Weights that keep activations of order one through deep ReLU nets (no
// denormals, no overflow): He-scaled uniform weights, small biases,
// BatchNorm statistics with a positive variance and a scale factor of 1.
inline void RandomizeWeights(Net<float>* net) {
  for (const auto& layer : net->layers()) {
    const std::string type = layer->type();
    const auto& blobs = layer->blobs();
    if (type == "BatchNorm") {
      Uniform(blobs[0].get(), -0.2f, 0.2f);
      Uniform(blobs[1].get(), 0.5f, 1.5f);
      blobs[2]->mutable_cpu_data()[0] = 1.0f;
    } else if (type == "Scale") {
      Uniform(blobs[0].get(), 0.5f, 1.5f);
      if (blobs.size() > 1) Uniform(blobs[1].get(), -0.2f, 0.2f);
    } else if (!blobs.empty()) {
      const float fan_in =
          static_cast<float>(blobs[0]->count() / blobs[0]->shape(0));
      const float limit = std::sqrt(6.0f / fan_in);
      Uniform(blobs[0].get(), -limit, limit);
      if (blobs.size() > 1) Uniform(blobs[1].get(), -0.1f, 0.1f);
    }
  }
}

}  // namespace caffe

#endif  // CAFFE_TESTS_SUPPORT_RANDOM_WEIGHTS_HPP_

#ifndef CAFFE_TESTS_SUPPORT_LOSS_TEST_UTIL_HPP_
#define CAFFE_TESTS_SUPPORT_LOSS_TEST_UTIL_HPP_

#include <gtest/gtest.h>

#include <functional>
#include <vector>

#include "caffe/blob.hpp"
#include "caffe/layer.hpp"
#include "caffe/proto/caffe.pb.h"

namespace caffe {

// Sets the loss layer up, runs it forward and returns top[0]'s value,
// expecting top[0] to be a scalar and Forward to return the same value
// (the layer's loss weight being 1).
template <typename Dtype>
Dtype ForwardScalarLoss(Layer<Dtype>* layer,
                        const std::vector<Blob<Dtype>*>& bottom,
                        const std::vector<Blob<Dtype>*>& top) {
  layer->SetUp(bottom, top);
  const Dtype weighted = layer->Forward(bottom, top);
  EXPECT_EQ(0, top[0]->num_axes());
  EXPECT_NEAR(top[0]->cpu_data()[0], weighted, 1e-6);
  return top[0]->cpu_data()[0];
}

// A loss_param.normalization and the divisor it should apply.
struct NormalizerCase {
  LossParameter_NormalizationMode mode;
  double normalizer;
};

// For each case, expects forward_loss of a LayerParameter with that
// normalization to be sum / normalizer (within a relative 1e-4).
inline void ExpectNormalizedLosses(
    const std::function<double(const LayerParameter&)>& forward_loss,
    const double sum, const std::vector<NormalizerCase>& cases) {
  for (const NormalizerCase& test_case : cases) {
    LayerParameter param;
    param.mutable_loss_param()->set_normalization(test_case.mode);
    EXPECT_NEAR(sum / test_case.normalizer, forward_loss(param),
                1e-4 * sum / test_case.normalizer)
        << LossParameter_NormalizationMode_Name(test_case.mode);
  }
}

}  // namespace caffe

#endif  // CAFFE_TESTS_SUPPORT_LOSS_TEST_UTIL_HPP_

#ifndef CAFFE_TESTS_LAYERS_NEURON_TEST_UTIL_HPP_
#define CAFFE_TESTS_LAYERS_NEURON_TEST_UTIL_HPP_

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "caffe/blob.hpp"
#include "caffe/error.hpp"
#include "caffe/filler.hpp"
#include "caffe/layer.hpp"
#include "caffe/layer_factory.hpp"
#include "support/error_message.hpp"
#include "support/filled_bottom_test.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {

// Shared set-up and checks for the elementwise layer tests: a 2x3x4x5
// bottom drawn from a Gaussian of mean 0 and standard deviation bottom_std,
// and an empty top.
template <typename TypeParam>
class NeuronLayerTest : public FilledBottomTest<TypeParam> {
  typedef typename TypeParam::Dtype Dtype;

 protected:
  explicit NeuronLayerTest(const float bottom_std = 1)
      : FilledBottomTest<TypeParam>({2, 3, 4, 5}, bottom_std) {}

  using FilledBottomTest<TypeParam>::blob_bottom_;
  using FilledBottomTest<TypeParam>::blob_top_;
  using FilledBottomTest<TypeParam>::blob_bottom_vec_;
  using FilledBottomTest<TypeParam>::blob_top_vec_;

  // Refills the bottom uniformly on [min, max] (for inputs a function is
  // only defined on, or smooth on).
  void FillBottomUniform(const float min, const float max) {
    FillerParameter filler_param;
    filler_param.set_min(min);
    filler_param.set_max(max);
    UniformFiller<Dtype>(filler_param).Fill(blob_bottom_.get());
  }

  // Runs the layer named by param.type() forward and compares every output
  // with expected(x), computed in double; the tolerance (by default 1e-5 in
  // float, 1e-12 in double) is relative for values above 1 in magnitude.
  void CheckForward(const LayerParameter& param,
                    const std::function<double(double)>& expected,
                    Dtype tolerance = sizeof(Dtype) == sizeof(float) ? 1e-5
                                                                     : 1e-12) {
    shared_ptr<Layer<Dtype> > layer = LayerRegistry<Dtype>::CreateLayer(param);
    layer->SetUp(blob_bottom_vec_, blob_top_vec_);
    layer->Forward(blob_bottom_vec_, blob_top_vec_);
    ASSERT_EQ(blob_bottom_->shape(), blob_top_->shape());
    for (int i = 0; i < blob_bottom_->count(); ++i) {
      const double x = blob_bottom_->cpu_data()[i];
      const double want = expected(x);
      EXPECT_NEAR(want, blob_top_->cpu_data()[i],
                  tolerance * std::max(1.0, std::fabs(want)))
          << "at " << i << ", x = " << x;
    }
  }

  // Runs the layer in place and out of place on the same input and the
  // same top gradient, and expects the same outputs, bottom gradients and
  // parameter gradients (the in-place layer gets the other's parameters).
  void CheckInPlaceMatches(const LayerParameter& param) {
    shared_ptr<Layer<Dtype> > layer = LayerRegistry<Dtype>::CreateLayer(param);
    layer->SetUp(blob_bottom_vec_, blob_top_vec_);
    layer->Forward(blob_bottom_vec_, blob_top_vec_);
    Blob<Dtype> top_diff(blob_top_->shape());
    FillerParameter filler_param;
    GaussianFiller<Dtype>(filler_param).Fill(&top_diff);
    caffe_copy(top_diff.count(), top_diff.cpu_data(),
               blob_top_->mutable_cpu_diff());
    for (auto& blob : layer->blobs()) {
      caffe_set(blob->count(), Dtype(0), blob->mutable_cpu_diff());
    }
    const vector<bool> propagate_down(1, true);
    layer->Backward(blob_top_vec_, propagate_down, blob_bottom_vec_);

    Blob<Dtype> blob;
    blob.CopyFrom(*blob_bottom_, false, true);
    vector<Blob<Dtype>*> blobs(1, &blob);
    shared_ptr<Layer<Dtype> > in_place =
        LayerRegistry<Dtype>::CreateLayer(param);
    in_place->SetUp(blobs, blobs);
    ASSERT_EQ(layer->blobs().size(), in_place->blobs().size());
    for (size_t i = 0; i < layer->blobs().size(); ++i) {
      in_place->blobs()[i]->CopyFrom(*layer->blobs()[i]);
      caffe_set(in_place->blobs()[i]->count(), Dtype(0),
                in_place->blobs()[i]->mutable_cpu_diff());
    }
    in_place->Forward(blobs, blobs);
    for (int i = 0; i < blob.count(); ++i) {
      EXPECT_EQ(blob_top_->cpu_data()[i], blob.cpu_data()[i]) << "at " << i;
    }
    caffe_copy(top_diff.count(), top_diff.cpu_data(), blob.mutable_cpu_diff());
    in_place->Backward(blobs, propagate_down, blobs);
    for (int i = 0; i < blob.count(); ++i) {
      EXPECT_EQ(blob_bottom_->cpu_diff()[i], blob.cpu_diff()[i]) << "at " << i;
    }
    for (size_t b = 0; b < layer->blobs().size(); ++b) {
      const Blob<Dtype>& want = *layer->blobs()[b];
      const Blob<Dtype>& got = *in_place->blobs()[b];
      for (int i = 0; i < want.count(); ++i) {
        EXPECT_EQ(want.cpu_diff()[i], got.cpu_diff()[i])
            << "parameter " << b << " at " << i;
      }
    }
  }

  // For a layer whose gradient is computed from its output y = f(x): runs it
  // in place on the bottom with top gradient 3 and expects y = f(x) (within
  // 1e-6) and bottom gradient 3 * dfdx(y) (within 1e-5).
  void CheckInPlaceFromOutput(const LayerParameter& param,
                              const std::function<Dtype(Dtype)>& f,
                              const std::function<Dtype(Dtype)>& dfdx) {
    shared_ptr<Layer<Dtype> > layer = LayerRegistry<Dtype>::CreateLayer(param);
    Blob<Dtype> input;
    input.CopyFrom(*blob_bottom_, false, true);
    vector<Blob<Dtype>*> blobs(1, blob_bottom_.get());
    layer->SetUp(blobs, blobs);
    layer->Forward(blobs, blobs);
    Blob<Dtype>& blob = *blob_bottom_;
    for (int i = 0; i < blob.count(); ++i) {
      EXPECT_NEAR(f(input.cpu_data()[i]), blob.cpu_data()[i], 1e-6);
    }
    caffe_set(blob.count(), Dtype(3), blob.mutable_cpu_diff());
    layer->Backward(blobs, vector<bool>(1, true), blobs);
    for (int i = 0; i < blob.count(); ++i) {
      const Dtype y = f(input.cpu_data()[i]);
      EXPECT_NEAR(Dtype(3) * dfdx(y), blob.cpu_diff()[i], 1e-5);
    }
  }

  // Expects SetUp with a second top to throw a caffe::Error naming the tops.
  void CheckTwoTopsRejected(const LayerParameter& param) {
    shared_ptr<Layer<Dtype> > layer = LayerRegistry<Dtype>::CreateLayer(param);
    Blob<Dtype> second_top;
    const vector<Blob<Dtype>*> tops = {blob_top_.get(), &second_top};
    ExpectErrorMentioning([&] { layer->SetUp(blob_bottom_vec_, tops); },
                          {"top"});
  }

  // Expects the layer named by param.type() to be registered under it.
  void CheckRegistered(const LayerParameter& param) {
    EXPECT_STREQ(param.type().c_str(),
                 LayerRegistry<Dtype>::CreateLayer(param)->type());
  }
};

}  // namespace caffe

#endif  // CAFFE_TESTS_LAYERS_NEURON_TEST_UTIL_HPP_

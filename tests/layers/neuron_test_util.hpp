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
#include "support/test_caffe_main.hpp"

namespace caffe {

// Shared set-up for the elementwise layer tests: a 2x3x4x5 Gaussian bottom
// and an empty top.
template <typename TypeParam>
class NeuronLayerTest : public MultiDeviceTest<TypeParam> {
  typedef typename TypeParam::Dtype Dtype;

 protected:
  NeuronLayerTest()
      : blob_bottom_(new Blob<Dtype>(2, 3, 4, 5)),
        blob_top_(new Blob<Dtype>()) {}
  void SetUp() override {
    MultiDeviceTest<TypeParam>::SetUp();
    FillerParameter filler_param;
    GaussianFiller<Dtype> filler(filler_param);
    filler.Fill(blob_bottom_.get());
    blob_bottom_vec_.push_back(blob_bottom_.get());
    blob_top_vec_.push_back(blob_top_.get());
  }

  // Refills the bottom uniformly on [min, max] (for inputs a function is
  // only defined on, or smooth on).
  void FillBottomUniform(const float min, const float max) {
    FillerParameter filler_param;
    filler_param.set_min(min);
    filler_param.set_max(max);
    UniformFiller<Dtype>(filler_param).Fill(blob_bottom_.get());
  }

  // Runs the layer named by param.type() forward and compares every output
  // with expected(x), computed in double; the tolerance is relative for
  // values above 1 in magnitude.
  void CheckForward(const LayerParameter& param,
                    const std::function<double(double)>& expected) {
    shared_ptr<Layer<Dtype> > layer = LayerRegistry<Dtype>::CreateLayer(param);
    layer->SetUp(blob_bottom_vec_, blob_top_vec_);
    layer->Forward(blob_bottom_vec_, blob_top_vec_);
    ASSERT_EQ(blob_bottom_->shape(), blob_top_->shape());
    const Dtype tolerance = sizeof(Dtype) == sizeof(float) ? 1e-5 : 1e-12;
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

  std::unique_ptr<Blob<Dtype> > blob_bottom_;
  std::unique_ptr<Blob<Dtype> > blob_top_;
  vector<Blob<Dtype>*> blob_bottom_vec_;
  vector<Blob<Dtype>*> blob_top_vec_;
};

// Expects run() to throw caffe::Error whose message contains every word.
inline void ExpectErrorMentioning(const std::function<void()>& run,
                                  const vector<std::string>& words) {
  try {
    run();
    ADD_FAILURE() << "expected caffe::Error";
  } catch (const Error& e) {
    const std::string message = e.what();
    for (const std::string& word : words) {
      EXPECT_NE(message.find(word), std::string::npos)
          << "'" << word << "' not in: " << message;
    }
  }
}

}  // namespace caffe

#endif  // CAFFE_TESTS_LAYERS_NEURON_TEST_UTIL_HPP_

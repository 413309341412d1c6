#ifndef CAFFE_TESTS_SUPPORT_LAYER_VARIANT_CHECK_HPP_
#define CAFFE_TESTS_SUPPORT_LAYER_VARIANT_CHECK_HPP_

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "caffe/blob.hpp"
#include "caffe/layer.hpp"
#include "caffe/layer_factory.hpp"
#include "caffe/util/math_functions.hpp"

namespace caffe {

// One implementation of a layer to hold against the reference: the engine
// it is registered under, the device it runs on, and how far it may stray.
struct LayerVariant {
  string engine = kEngineCaffe;
  Caffe::Brew device = Caffe::CPU;
  // |variant - reference| <= tolerance * max(1, |reference|); 0 asks for
  // the same bits.
  double tolerance = 0;
  // Runs both with the top being the bottom (one-bottom layers only).
  bool in_place = false;
  // Bottoms the backward pass runs for; empty means all of them.
  vector<bool> propagate_down;
};

namespace variant_check {

// Blobs of the given shapes drawn from N(0, 1) with a fixed seed, so that
// the reference's and the variant's inputs are the same values.
template <typename Dtype>
vector<std::unique_ptr<Blob<Dtype> > > RandomBlobs(
    const vector<vector<int> >& shapes, unsigned int seed, bool diff) {
  Caffe::set_random_seed(seed);
  vector<std::unique_ptr<Blob<Dtype> > > blobs;
  for (const vector<int>& shape : shapes) {
    blobs.emplace_back(new Blob<Dtype>(shape));
    Blob<Dtype>& blob = *blobs.back();
    Dtype* values = diff ? blob.mutable_cpu_diff() : blob.mutable_cpu_data();
    caffe_rng_gaussian<Dtype>(blob.count(), Dtype(0), Dtype(1), values);
  }
  return blobs;
}

template <typename Dtype>
vector<Blob<Dtype>*> Pointers(const vector<std::unique_ptr<Blob<Dtype> > >& v) {
  vector<Blob<Dtype>*> pointers;
  for (const auto& blob : v) pointers.push_back(blob.get());
  return pointers;
}

template <typename Dtype>
void ExpectSameValues(const string& what, const Dtype* reference,
                      const Dtype* variant, int count, double tolerance) {
  int reported = 0;
  for (int i = 0; i < count && reported < 5; ++i) {
    const double expected = reference[i];
    const double actual = variant[i];
    const bool same_nan = std::isnan(expected) && std::isnan(actual);
    const double bound = tolerance * std::max(1.0, std::fabs(expected));
    if (same_nan || std::fabs(actual - expected) <= bound) continue;
    ADD_FAILURE() << what << " [" << i << "]: reference " << expected
                  << ", variant " << actual << " (tolerance " << tolerance
                  << ")";
    ++reported;
  }
}

// Runs one layer through SetUp, Forward and Backward on copies of the
// given bottoms and top diffs; keeps everything for comparison.
template <typename Dtype>
struct LayerRun {
  shared_ptr<Layer<Dtype> > layer;
  vector<std::unique_ptr<Blob<Dtype> > > bottoms, tops;
  // The tops after Forward (in place, Backward overwrites the blobs).
  vector<vector<Dtype> > forward;

  LayerRun(const LayerParameter& param, const LayerVariant& variant,
           const vector<vector<int> >& bottom_shapes,
           const vector<shared_ptr<Blob<Dtype> > >* weights) {
    Caffe::set_mode(variant.device);
    bottoms = RandomBlobs<Dtype>(bottom_shapes, 1701, false);
    layer = LayerRegistry<Dtype>::CreateLayer(param, variant.engine);
    vector<Blob<Dtype>*> bottom = Pointers(bottoms);
    vector<Blob<Dtype>*> top;
    if (variant.in_place) {
      top = bottom;
    } else {
      for (int i = 0; i < std::max(1, layer->ExactNumTopBlobs()); ++i) {
        tops.emplace_back(new Blob<Dtype>());
      }
      top = Pointers(tops);
    }
    Caffe::set_random_seed(1702);
    layer->SetUp(bottom, top);
    if (weights != nullptr) {
      for (size_t i = 0; i < weights->size(); ++i) {
        layer->blobs()[i]->CopyFrom(*(*weights)[i]);
      }
    }
    layer->Forward(bottom, top);
    for (Blob<Dtype>* blob : top) {
      forward.emplace_back(blob->cpu_data(), blob->cpu_data() + blob->count());
    }
    vector<vector<int> > top_shapes;
    for (Blob<Dtype>* blob : top) top_shapes.push_back(blob->shape());
    const vector<std::unique_ptr<Blob<Dtype> > > top_diffs =
        RandomBlobs<Dtype>(top_shapes, 1703, true);
    for (size_t i = 0; i < top.size(); ++i) {
      caffe_copy(top[i]->count(), top_diffs[i]->cpu_diff(),
                 top[i]->mutable_cpu_diff());
    }
    for (const auto& blob : layer->blobs()) {
      caffe_set(blob->count(), Dtype(0), blob->mutable_cpu_diff());
    }
    vector<bool> propagate_down = variant.propagate_down;
    if (propagate_down.empty()) propagate_down.assign(bottom.size(), true);
    layer->Backward(top, propagate_down, bottom);
    Caffe::set_mode(Caffe::CPU);
  }
};

}  // namespace variant_check

// Runs the variant and the reference CPU layer (engine CAFFE) on the same
// random bottoms, weights and top diffs and compares tops, bottom diffs
// and parameter diffs within the variant's tolerance. Every fast path
// (engine, device, dtype) is tested through this.
template <typename Dtype>
void CheckVariantMatchesReference(const LayerParameter& param,
                                  const vector<vector<int> >& bottom_shapes,
                                  const LayerVariant& variant) {
  using variant_check::ExpectSameValues;
  LayerVariant reference_variant;
  reference_variant.in_place = variant.in_place;
  reference_variant.propagate_down = variant.propagate_down;
  const variant_check::LayerRun<Dtype> reference(param, reference_variant,
                                                 bottom_shapes, nullptr);
  const variant_check::LayerRun<Dtype> run(param, variant, bottom_shapes,
                                           &reference.layer->blobs());
  const string name = param.type() + " on engine " + variant.engine +
                      (variant.device == Caffe::GPU ? " (GPU)" : " (CPU)");
  ASSERT_EQ(reference.forward.size(), run.forward.size()) << name;
  for (size_t i = 0; i < run.forward.size(); ++i) {
    ASSERT_EQ(reference.forward[i].size(), run.forward[i].size()) << name;
    ExpectSameValues(name + ": top " + std::to_string(i),
                     reference.forward[i].data(), run.forward[i].data(),
                     static_cast<int>(run.forward[i].size()),
                     variant.tolerance);
  }
  for (size_t i = 0; i < run.bottoms.size(); ++i) {
    if (!variant.propagate_down.empty() && !variant.propagate_down[i]) {
      continue;
    }
    ExpectSameValues(name + ": bottom diff " + std::to_string(i),
                     reference.bottoms[i]->cpu_diff(),
                     run.bottoms[i]->cpu_diff(), run.bottoms[i]->count(),
                     variant.tolerance);
  }
  ASSERT_EQ(reference.layer->blobs().size(), run.layer->blobs().size());
  for (size_t i = 0; i < run.layer->blobs().size(); ++i) {
    ExpectSameValues(name + ": parameter diff " + std::to_string(i),
                     reference.layer->blobs()[i]->cpu_diff(),
                     run.layer->blobs()[i]->cpu_diff(),
                     run.layer->blobs()[i]->count(), variant.tolerance);
  }
}

}  // namespace caffe

#endif  // CAFFE_TESTS_SUPPORT_LAYER_VARIANT_CHECK_HPP_

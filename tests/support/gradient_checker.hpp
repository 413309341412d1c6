#ifndef CAFFE_TESTS_SUPPORT_GRADIENT_CHECKER_HPP_
#define CAFFE_TESTS_SUPPORT_GRADIENT_CHECKER_HPP_

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "caffe/layer.hpp"
#include "caffe/net.hpp"

namespace caffe {

// Compares a layer's analytic gradients (Backward) with central differences
// of Forward, for every bottom and parameter element.
//
// The objective is 0.5 * sum of squares of all top values, or, with top_id
// set, the single value top[top_id][top_data_id]. Elements of an input
// within kink_range of |kink| are skipped: the derivative of a function
// with a kink there (ReLU at 0, max pooling ties) is undefined.
template <typename Dtype>
class GradientChecker {
 public:
  GradientChecker(const Dtype stepsize, const Dtype threshold,
                  const unsigned int seed = 1701, const Dtype kink = 0.,
                  const Dtype kink_range = -1)
      : stepsize_(stepsize),
        threshold_(threshold),
        seed_(seed),
        kink_(kink),
        kink_range_(kink_range) {}

  // Checks against the sum-of-squares objective; check_bottom < 0 checks
  // every bottom, otherwise only that one (parameters are always checked).
  void CheckGradient(Layer<Dtype>* layer, const vector<Blob<Dtype>*>& bottom,
                     const vector<Blob<Dtype>*>& top, int check_bottom = -1) {
    layer->SetUp(bottom, top);
    CheckGradientSingle(layer, bottom, top, check_bottom, -1, -1);
  }

  // Checks against each top element in turn (slow, thorough).
  void CheckGradientExhaustive(Layer<Dtype>* layer,
                               const vector<Blob<Dtype>*>& bottom,
                               const vector<Blob<Dtype>*>& top,
                               int check_bottom = -1) {
    layer->SetUp(bottom, top);
    ASSERT_GT(top.size(), 0u) << "Exhaustive mode requires at least one top.";
    for (size_t i = 0; i < top.size(); ++i) {
      for (int j = 0; j < top[i]->count(); ++j) {
        CheckGradientSingle(layer, bottom, top, check_bottom,
                            static_cast<int>(i), j);
      }
    }
  }

  // For elementwise layers (top[i] depends on bottom[i] only): each top
  // element is checked against its own input element alone.
  void CheckGradientEltwise(Layer<Dtype>* layer,
                            const vector<Blob<Dtype>*>& bottom,
                            const vector<Blob<Dtype>*>& top) {
    layer->SetUp(bottom, top);
    ASSERT_GT(top.size(), 0u) << "Eltwise mode requires at least one top.";
    const int check_bottom = -1;
    const bool element_wise = true;
    for (size_t i = 0; i < top.size(); ++i) {
      for (int j = 0; j < top[i]->count(); ++j) {
        CheckGradientSingle(layer, bottom, top, check_bottom,
                            static_cast<int>(i), j, element_wise);
      }
    }
  }

  void CheckGradientSingle(Layer<Dtype>* layer,
                           const vector<Blob<Dtype>*>& bottom,
                           const vector<Blob<Dtype>*>& top, int check_bottom,
                           int top_id, int top_data_id,
                           bool element_wise = false) {
    if (element_wise) {
      CHECK_EQ(0u, layer->blobs().size());
      CHECK_LE(0, top_id);
      CHECK_LE(0, top_data_id);
      const int top_count = top[top_id]->count();
      for (size_t blob_id = 0; blob_id < bottom.size(); ++blob_id) {
        CHECK_EQ(top_count, bottom[blob_id]->count());
      }
    }
    // Parameters first (those the layer computes gradients for, as Caffe's
    // checker does: not BatchNorm's statistics), then the bottoms.
    vector<Blob<Dtype>*> blobs_to_check;
    vector<bool> propagate_down(bottom.size(), check_bottom == -1);
    for (size_t i = 0; i < layer->blobs().size(); ++i) {
      if (layer->param_propagate_down(static_cast<int>(i))) {
        blobs_to_check.push_back(layer->blobs()[i].get());
      }
    }
    if (check_bottom == -1) {
      for (auto* blob : bottom) blobs_to_check.push_back(blob);
    } else if (check_bottom >= 0) {
      CHECK_LT(check_bottom, static_cast<int>(bottom.size()));
      blobs_to_check.push_back(bottom[check_bottom]);
      propagate_down[check_bottom] = true;
    }
    CHECK_GT(blobs_to_check.size(), 0u) << "No blobs to check.";

    // Analytic gradients. The diffs are cleared before Forward: a layer
    // whose top shares its bottom's diff (Reshape) must keep the top diff
    // that GetObjAndGradient writes.
    for (auto* blob : blobs_to_check) {
      caffe_set(blob->count(), Dtype(0), blob->mutable_cpu_diff());
    }
    Caffe::set_random_seed(seed_);
    layer->Forward(bottom, top);
    GetObjAndGradient(*layer, top, top_id, top_data_id);
    layer->Backward(top, propagate_down, bottom);
    vector<vector<Dtype> > computed_gradients(blobs_to_check.size());
    for (size_t blob_id = 0; blob_id < blobs_to_check.size(); ++blob_id) {
      const Blob<Dtype>* blob = blobs_to_check[blob_id];
      computed_gradients[blob_id].assign(blob->cpu_diff(),
                                         blob->cpu_diff() + blob->count());
    }

    // Numeric gradients, element by element.
    for (size_t blob_id = 0; blob_id < blobs_to_check.size(); ++blob_id) {
      Blob<Dtype>* current_blob = blobs_to_check[blob_id];
      const vector<Dtype>& computed = computed_gradients[blob_id];
      for (int feat_id = 0; feat_id < current_blob->count(); ++feat_id) {
        // Elementwise layers: only the matching input element matters.
        Dtype estimated_gradient = 0;
        Dtype positive_objective = 0;
        Dtype negative_objective = 0;
        if (!element_wise || (feat_id == top_data_id)) {
          current_blob->mutable_cpu_data()[feat_id] += stepsize_;
          Caffe::set_random_seed(seed_);
          layer->Forward(bottom, top);
          positive_objective = GetObjAndGradient(*layer, top, top_id, top_data_id);
          current_blob->mutable_cpu_data()[feat_id] -= stepsize_ * 2;
          Caffe::set_random_seed(seed_);
          layer->Forward(bottom, top);
          negative_objective = GetObjAndGradient(*layer, top, top_id, top_data_id);
          current_blob->mutable_cpu_data()[feat_id] += stepsize_;
          estimated_gradient =
              (positive_objective - negative_objective) / stepsize_ / 2.;
        }
        const Dtype computed_gradient = computed[feat_id];
        const Dtype feature = current_blob->cpu_data()[feat_id];
        if (kink_ - kink_range_ > std::fabs(feature) ||
            std::fabs(feature) > kink_ + kink_range_) {
          // Scale the tolerance by the gradient's magnitude: relative error
          // for large gradients, absolute for small ones.
          const Dtype scale = std::max<Dtype>(
              std::max(std::fabs(computed_gradient), std::fabs(estimated_gradient)),
              Dtype(1));
          EXPECT_NEAR(computed_gradient, estimated_gradient, threshold_ * scale)
              << "debug: (top_id, top_data_id, blob_id, feat_id)=" << top_id
              << "," << top_data_id << "," << blob_id << "," << feat_id
              << "; feat = " << feature
              << "; objective+ = " << positive_objective
              << "; objective- = " << negative_objective;
        }
      }
    }
  }

  // Checks every layer of a net with its actual inputs.
  void CheckGradientNet(const Net<Dtype>& net,
                        const vector<Blob<Dtype>*>& input) {
    const auto& layers = net.layers();
    const auto& bottom_vecs = net.bottom_vecs();
    const auto& top_vecs = net.top_vecs();
    for (size_t i = 0; i < layers.size(); ++i) {
      const_cast<Net<Dtype>&>(net).Forward();
      CheckGradientExhaustive(layers[i].get(), bottom_vecs[i], top_vecs[i]);
    }
  }

 protected:
  // Sets the top diffs to d(objective)/d(top) and returns the objective.
  Dtype GetObjAndGradient(const Layer<Dtype>& layer,
                          const vector<Blob<Dtype>*>& top, int top_id = -1,
                          int top_data_id = -1) {
    Dtype loss = 0;
    if (top_id < 0) {
      for (auto* top_blob : top) {
        const Dtype* top_blob_data = top_blob->cpu_data();
        Dtype* top_blob_diff = top_blob->mutable_cpu_diff();
        const int count = top_blob->count();
        for (int j = 0; j < count; ++j) loss += top_blob_data[j] * top_blob_data[j];
        caffe_copy(count, top_blob_data, top_blob_diff);
      }
      loss /= 2.;
    } else {
      for (auto* top_blob : top) {
        caffe_set(top_blob->count(), Dtype(0), top_blob->mutable_cpu_diff());
      }
      const Dtype loss_weight = 2;
      loss = top[top_id]->cpu_data()[top_data_id] * loss_weight;
      top[top_id]->mutable_cpu_diff()[top_data_id] = loss_weight;
    }
    return loss;
  }

  Dtype stepsize_;
  Dtype threshold_;
  unsigned int seed_;
  Dtype kink_;
  Dtype kink_range_;
};

}  // namespace caffe

#endif  // CAFFE_TESTS_SUPPORT_GRADIENT_CHECKER_HPP_

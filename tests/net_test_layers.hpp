#ifndef CAFFE_TESTS_NET_TEST_LAYERS_HPP_
#define CAFFE_TESTS_NET_TEST_LAYERS_HPP_

// Small layers for building test nets before (and independently of) the
// real layers. Registered in net_test_layers.cpp under "Test*" types.

#include <vector>

#include "caffe/blob.hpp"
#include "caffe/layer.hpp"
#include "caffe/util/math_functions.hpp"

namespace caffe {

// top[n, i] = w[i] * bottom[n, i], with one weight per element of an item
// (w has the bottom's shape without its first axis), initialised to
// w[i] = 1 + i unless the parameter holds blobs.
template <typename Dtype>
class TestScaleLayer : public Layer<Dtype> {
 public:
  explicit TestScaleLayer(const LayerParameter& param) : Layer<Dtype>(param) {}
  void LayerSetUp(const vector<Blob<Dtype>*>& bottom,
                  const vector<Blob<Dtype>*>& top) override {
    if (this->blobs_.empty()) {
      const vector<int> shape(bottom[0]->shape().begin() + 1,
                              bottom[0]->shape().end());
      this->blobs_.emplace_back(new Blob<Dtype>(shape));
      Dtype* w = this->blobs_[0]->mutable_cpu_data();
      for (int i = 0; i < this->blobs_[0]->count(); ++i) w[i] = 1 + i;
    }
    this->param_propagate_down_.resize(this->blobs_.size(), true);
  }
  void Reshape(const vector<Blob<Dtype>*>& bottom,
               const vector<Blob<Dtype>*>& top) override {
    CAFFE_REQUIRE(bottom[0]->count(1) == this->blobs_[0]->count())
        << "bottom items have " << bottom[0]->count(1) << " elements but the "
        << "weights have shape " << this->blobs_[0]->shape_string();
    top[0]->ReshapeLike(*bottom[0]);
  }
  const char* type() const override { return "TestScale"; }
  int ExactNumBottomBlobs() const override { return 1; }
  int ExactNumTopBlobs() const override { return 1; }

 protected:
  void Forward_cpu(const vector<Blob<Dtype>*>& bottom,
                   const vector<Blob<Dtype>*>& top) override {
    const int dim = this->blobs_[0]->count();
    const Dtype* w = this->blobs_[0]->cpu_data();
    const Dtype* x = bottom[0]->cpu_data();
    Dtype* y = top[0]->mutable_cpu_data();
    for (int i = 0; i < bottom[0]->count(); ++i) y[i] = w[i % dim] * x[i];
  }
  void Backward_cpu(const vector<Blob<Dtype>*>& top,
                    const vector<bool>& propagate_down,
                    const vector<Blob<Dtype>*>& bottom) override {
    const int dim = this->blobs_[0]->count();
    const Dtype* w = this->blobs_[0]->cpu_data();
    const Dtype* x = bottom[0]->cpu_data();
    const Dtype* dy = top[0]->cpu_diff();
    if (this->param_propagate_down_[0]) {
      Dtype* dw = this->blobs_[0]->mutable_cpu_diff();
      for (int i = 0; i < bottom[0]->count(); ++i) dw[i % dim] += dy[i] * x[i];
    }
    if (propagate_down[0]) {
      Dtype* dx = bottom[0]->mutable_cpu_diff();
      for (int i = 0; i < bottom[0]->count(); ++i) dx[i] = w[i % dim] * dy[i];
    }
  }
};

// top = bottom + 1; works in place.
template <typename Dtype>
class TestAddOneLayer : public Layer<Dtype> {
 public:
  explicit TestAddOneLayer(const LayerParameter& param) : Layer<Dtype>(param) {}
  void Reshape(const vector<Blob<Dtype>*>& bottom,
               const vector<Blob<Dtype>*>& top) override {
    top[0]->ReshapeLike(*bottom[0]);
  }
  const char* type() const override { return "TestAddOne"; }
  int ExactNumBottomBlobs() const override { return 1; }
  int ExactNumTopBlobs() const override { return 1; }

 protected:
  void Forward_cpu(const vector<Blob<Dtype>*>& bottom,
                   const vector<Blob<Dtype>*>& top) override {
    const Dtype* x = bottom[0]->cpu_data();
    Dtype* y = top[0]->mutable_cpu_data();
    for (int i = 0; i < bottom[0]->count(); ++i) y[i] = x[i] + 1;
  }
  void Backward_cpu(const vector<Blob<Dtype>*>& top,
                    const vector<bool>& propagate_down,
                    const vector<Blob<Dtype>*>& bottom) override {
    if (!propagate_down[0]) return;
    if (top[0] != bottom[0]) {
      caffe_copy(top[0]->count(), top[0]->cpu_diff(),
                 bottom[0]->mutable_cpu_diff());
    }
  }
};

// Loss = sum of bottom[0]'s elements (times loss_weight, default 1). An
// optional second bottom ("label") is ignored and gets no gradient. The loss
// top may be left unnamed.
template <typename Dtype>
class TestSumLossLayer : public Layer<Dtype> {
 public:
  explicit TestSumLossLayer(const LayerParameter& param)
      : Layer<Dtype>(param) {}
  void LayerSetUp(const vector<Blob<Dtype>*>& bottom,
                  const vector<Blob<Dtype>*>& top) override {
    if (this->layer_param_.loss_weight_size() == 0) {
      this->layer_param_.add_loss_weight(Dtype(1));
    }
  }
  void Reshape(const vector<Blob<Dtype>*>& bottom,
               const vector<Blob<Dtype>*>& top) override {
    top[0]->Reshape(vector<int>());
  }
  const char* type() const override { return "TestSumLoss"; }
  int MinBottomBlobs() const override { return 1; }
  int MaxBottomBlobs() const override { return 2; }
  int ExactNumTopBlobs() const override { return 1; }
  bool AutoTopBlobs() const override { return true; }
  bool AllowForceBackward(const int bottom_index) const override {
    return bottom_index != 1;
  }

 protected:
  void Forward_cpu(const vector<Blob<Dtype>*>& bottom,
                   const vector<Blob<Dtype>*>& top) override {
    Dtype sum = 0;
    for (int i = 0; i < bottom[0]->count(); ++i)
      sum += bottom[0]->cpu_data()[i];
    top[0]->mutable_cpu_data()[0] = sum;
  }
  void Backward_cpu(const vector<Blob<Dtype>*>& top,
                    const vector<bool>& propagate_down,
                    const vector<Blob<Dtype>*>& bottom) override {
    CHECK(propagate_down.size() < 2 || !propagate_down[1])
        << "TestSumLoss cannot backpropagate to its label";
    if (!propagate_down[0]) return;
    caffe_set(bottom[0]->count(), top[0]->cpu_diff()[0],
              bottom[0]->mutable_cpu_diff());
  }
};

// Always throws caffe::Error from its set-up ("TestFailing").
template <typename Dtype>
class TestFailingLayer : public Layer<Dtype> {
 public:
  explicit TestFailingLayer(const LayerParameter& param)
      : Layer<Dtype>(param) {}
  void LayerSetUp(const vector<Blob<Dtype>*>& bottom,
                  const vector<Blob<Dtype>*>& top) override {
    CAFFE_THROW() << "this layer always fails";
  }
  void Reshape(const vector<Blob<Dtype>*>& bottom,
               const vector<Blob<Dtype>*>& top) override {}
  const char* type() const override { return "TestFailing"; }

 protected:
  void Forward_cpu(const vector<Blob<Dtype>*>& bottom,
                   const vector<Blob<Dtype>*>& top) override {}
  void Backward_cpu(const vector<Blob<Dtype>*>& top,
                    const vector<bool>& propagate_down,
                    const vector<Blob<Dtype>*>& bottom) override {}
};

}  // namespace caffe

#endif  // CAFFE_TESTS_NET_TEST_LAYERS_HPP_

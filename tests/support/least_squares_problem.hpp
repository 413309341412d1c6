#ifndef CAFFE_TESTS_SUPPORT_LEAST_SQUARES_PROBLEM_HPP_
#define CAFFE_TESTS_SUPPORT_LEAST_SQUARES_PROBLEM_HPP_

#include <google/protobuf/text_format.h>
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "caffe/net.hpp"
#include "caffe/proto/caffe.pb.h"

namespace caffe {

// A linear least-squares problem for solver tests: minimise
//   E(w, b) = 1/(2N) * sum_n (x_n . w + b - y_n)^2
// with the net Input("data", "targets") -> InnerProduct(1 output) "ip" ->
// EuclideanLoss "loss". The inputs stay in the Input layer's blobs, so every
// iteration sees the same batch and the gradient has a closed form.
class LeastSquaresProblem {
 public:
  // num examples of dim features, drawn from a seeded normal distribution
  // and rounded to float so that float and double nets see the same values.
  LeastSquaresProblem(int num, int dim, unsigned int seed = 1234)
      : num_(num), dim_(dim) {
    std::mt19937 engine(seed);
    std::normal_distribution<double> normal(0, 1);
    for (int i = 0; i < num * dim; ++i) {
      data_.push_back(static_cast<float>(normal(engine)));
    }
    for (int n = 0; n < num; ++n) {
      targets_.push_back(static_cast<float>(normal(engine)));
    }
  }

  // The same examples listed `times` times over (same gradient, bigger
  // batch).
  LeastSquaresProblem Repeated(int times) const {
    LeastSquaresProblem repeated(*this);
    repeated.num_ = num_ * times;
    repeated.data_.clear();
    repeated.targets_.clear();
    for (int t = 0; t < times; ++t) {
      repeated.data_.insert(repeated.data_.end(), data_.begin(), data_.end());
      repeated.targets_.insert(repeated.targets_.end(), targets_.begin(),
                               targets_.end());
    }
    return repeated;
  }

  int num() const { return num_; }
  int dim() const { return dim_; }

  // The net; `param_specs` is appended to the InnerProduct layer (e.g.
  // "param { lr_mult: 1 } param { lr_mult: 2 }").
  NetParameter NetParam(const std::string& param_specs = "") const {
    const std::string text =
        "name: 'LeastSquares' "
        "layer { name: 'data' type: 'Input' top: 'data' top: 'targets' "
        "  input_param { shape { dim: " +
        std::to_string(num_) + " dim: " + std::to_string(dim_) +
        " } shape { dim: " + std::to_string(num_) +
        " dim: 1 } } } "
        "layer { name: 'ip' type: 'InnerProduct' bottom: 'data' top: 'ip' " +
        param_specs +
        "  inner_product_param { num_output: 1 "
        "    weight_filler { type: 'gaussian' std: 1 } "
        "    bias_filler { type: 'gaussian' std: 1 } } } "
        "layer { name: 'loss' type: 'EuclideanLoss' bottom: 'ip' "
        "  bottom: 'targets' top: 'loss' }";
    NetParameter param;
    CHECK(google::protobuf::TextFormat::ParseFromString(text, &param));
    return param;
  }

  // Copies the examples into the net's input blobs.
  template <typename Dtype>
  void Feed(Net<Dtype>* net) const {
    Blob<Dtype>* data = net->blob_by_name("data").get();
    Blob<Dtype>* targets = net->blob_by_name("targets").get();
    CHECK_EQ(data->count(), static_cast<int>(data_.size()));
    CHECK_EQ(targets->count(), static_cast<int>(targets_.size()));
    for (int i = 0; i < data->count(); ++i) {
      data->mutable_cpu_data()[i] = static_cast<Dtype>(data_[i]);
    }
    for (int i = 0; i < targets->count(); ++i) {
      targets->mutable_cpu_data()[i] = static_cast<Dtype>(targets_[i]);
    }
  }

  // x_n . w + b - y_n
  double Residual(const std::vector<double>& w, double b, int n) const {
    double prediction = b;
    for (int d = 0; d < dim_; ++d) prediction += data_[n * dim_ + d] * w[d];
    return prediction - targets_[n];
  }

  double Loss(const std::vector<double>& w, double b) const {
    double sum = 0;
    for (int n = 0; n < num_; ++n) sum += Residual(w, b, n) * Residual(w, b, n);
    return sum / num_ / 2;
  }

  // dE/dw and dE/db.
  void Gradient(const std::vector<double>& w, double b,
                std::vector<double>* grad_w, double* grad_b) const {
    grad_w->assign(dim_, 0);
    *grad_b = 0;
    for (int n = 0; n < num_; ++n) {
      const double r = Residual(w, b, n);
      for (int d = 0; d < dim_; ++d)
        (*grad_w)[d] += r * data_[n * dim_ + d] / num_;
      *grad_b += r / num_;
    }
  }

  // The gradients {dE/dw, {dE/db}} at values = {w, {b}}, clipped as Caffe's
  // clip_gradients does: when clip >= 0 and their joint L2 norm exceeds it,
  // all are scaled by clip / norm. *clipped says whether they were.
  std::vector<std::vector<double> > ClippedGradients(
      const std::vector<std::vector<double> >& values, const double clip,
      bool* clipped) const {
    std::vector<double> grad_w;
    double grad_b;
    Gradient(values[0], values[1][0], &grad_w, &grad_b);
    std::vector<std::vector<double> > grads = {grad_w, {grad_b}};
    *clipped = false;
    if (clip < 0) return grads;
    double sumsq = 0;
    for (const auto& grad : grads) {
      for (double g : grad) sumsq += g * g;
    }
    const double norm = std::sqrt(sumsq);
    if (norm > clip) {
      *clipped = true;
      for (auto& grad : grads) {
        for (double& g : grad) g *= clip / norm;
      }
    }
    return grads;
  }

 private:
  int num_;
  int dim_;
  std::vector<double> data_;     // num x dim, row-major
  std::vector<double> targets_;  // num
};

// A blob's data as doubles.
template <typename Dtype>
std::vector<double> BlobValues(const Blob<Dtype>& blob) {
  return std::vector<double>(blob.cpu_data(), blob.cpu_data() + blob.count());
}

}  // namespace caffe

#endif  // CAFFE_TESTS_SUPPORT_LEAST_SQUARES_PROBLEM_HPP_

#ifndef CAFFE_MULTINOMIAL_LOGISTIC_LOSS_LAYER_HPP_
#define CAFFE_MULTINOMIAL_LOGISTIC_LOSS_LAYER_HPP_

#include <vector>

#include "caffe/blob.hpp"
#include "caffe/layer.hpp"
#include "caffe/layers/loss_layer.hpp"
#include "caffe/proto/caffe.pb.h"

namespace caffe {

// Negative log-likelihood of the true class under given probabilities (for
// example a Softmax output; SoftmaxWithLoss is the stabler combination).
//
// Bottoms: probabilities p (N x dim, dim = count(1) classes) and one
// integer label l_n in [0, dim) per item (N labels). Top: the scalar loss.
//   forward:  E = -1/N sum_n log(max(p_{n, l_n}, kLOG_THRESHOLD))
//   backward: dE/dp_{n,c} = -[c == l_n] / (N max(p_{n,c}, kLOG_THRESHOLD))
//             * dE
// A label out of range is a caffe::Error naming it; labels get no gradient.
template <typename Dtype>
class MultinomialLogisticLossLayer : public LossLayer<Dtype> {
 public:
  explicit MultinomialLogisticLossLayer(const LayerParameter& param)
      : LossLayer<Dtype>(param) {}

  // Requires one label per item (a caffe::Error naming both shapes
  // otherwise).
  void Reshape(const vector<Blob<Dtype>*>& bottom,
               const vector<Blob<Dtype>*>& top) override;

  inline const char* type() const override { return "MultinomialLogisticLoss"; }

 protected:
  void Forward_cpu(const vector<Blob<Dtype>*>& bottom,
                   const vector<Blob<Dtype>*>& top) override;
  void Backward_cpu(const vector<Blob<Dtype>*>& top,
                    const vector<bool>& propagate_down,
                    const vector<Blob<Dtype>*>& bottom) override;

 private:
  // The label of item n as a class index, checked against [0, dim).
  int Label(const Blob<Dtype>& labels, int n, int dim) const;
};

}  // namespace caffe

#endif  // CAFFE_MULTINOMIAL_LOGISTIC_LOSS_LAYER_HPP_

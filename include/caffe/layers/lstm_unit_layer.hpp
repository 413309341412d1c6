#ifndef CAFFE_LSTM_UNIT_LAYER_HPP_
#define CAFFE_LSTM_UNIT_LAYER_HPP_

#include <vector>

#include "caffe/blob.hpp"
#include "caffe/layer.hpp"
#include "caffe/proto/caffe.pb.h"

namespace caffe {

// The element-wise math of one LSTM step, shared by LSTMUnitLayer and
// LSTMLayer. For each of num streams n and hidden unit d (H units), the
// gate pre-activations X[n] hold 4H values in the order i, f, o, g:
//   i = sigmoid(X_i), f = sigmoid(X_f), o = sigmoid(X_o), g = tanh(X_g)
//   c = cont[n] * f * c_prev + i * g
//   h = o * tanh(c)
// c_prev, c and h are num x H; X is num x 4H; cont has num values.
template <typename Dtype>
void LSTMCellForward(int num, int hidden_dim, const Dtype* c_prev,
                     const Dtype* X, const Dtype* cont, Dtype* c, Dtype* h);

// The gradients of one step. c_diff is dE/dc through paths other than h
// (the next step, or a c top), h_diff is dE/dh. Writes, each unless null,
// X_diff (num x 4H, with respect to the pre-activations) and c_prev_diff
// (= cont * f * total dE/dc).
template <typename Dtype>
void LSTMCellBackward(int num, int hidden_dim, const Dtype* c_prev,
                      const Dtype* X, const Dtype* cont, const Dtype* c,
                      const Dtype* c_diff, const Dtype* h_diff, Dtype* X_diff,
                      Dtype* c_prev_diff);

// One LSTM step as a layer (Caffe's "LSTMUnit"), usually placed inside an
// unrolled recurrent net.
//   bottoms: c_prev (1 x N x H), X (1 x N x 4H, pre-activations i, f, o, g),
//            cont (1 x N, 0 where a sequence starts)
//   tops:    c (1 x N x H), h (1 x N x H), by the formulas of
//            LSTMCellForward.
// Backward gives gradients to c_prev and X; cont has none (asking for it
// throws caffe::Error).
template <typename Dtype>
class LSTMUnitLayer : public Layer<Dtype> {
 public:
  explicit LSTMUnitLayer(const LayerParameter& param) : Layer<Dtype>(param) {}
  void Reshape(const vector<Blob<Dtype>*>& bottom,
               const vector<Blob<Dtype>*>& top) override;

  inline const char* type() const override { return "LSTMUnit"; }
  inline int ExactNumBottomBlobs() const override { return 3; }
  inline int ExactNumTopBlobs() const override { return 2; }
  // cont (bottom 2) is an indicator, not a differentiable input.
  inline bool AllowForceBackward(const int bottom_index) const override {
    return bottom_index != 2;
  }

 protected:
  void Forward_cpu(const vector<Blob<Dtype>*>& bottom,
                   const vector<Blob<Dtype>*>& top) override;
  void Backward_cpu(const vector<Blob<Dtype>*>& top,
                    const vector<bool>& propagate_down,
                    const vector<Blob<Dtype>*>& bottom) override;

  int hidden_dim_ = 0;
};

}  // namespace caffe

#endif  // CAFFE_LSTM_UNIT_LAYER_HPP_

#ifndef CAFFE_LSTM_LAYER_HPP_
#define CAFFE_LSTM_LAYER_HPP_

#include <vector>

#include "caffe/blob.hpp"
#include "caffe/layers/lstm_unit_layer.hpp"
#include "caffe/layers/recurrent_layer.hpp"
#include "caffe/proto/caffe.pb.h"

namespace caffe {

// Long short-term memory (Caffe's "LSTM"), a RecurrentLayer (see there for
// the bottoms, tops and parameters) with H = num_output cells. Each step
// forms 4H gate pre-activations, in the order i, f, o, g,
//   G_t = W_xc x_t + b_c + W_xc_x_static x_static + W_hc (cont_t * h_{t-1})
// and updates the state as LSTMCellForward does:
//   c_t = cont_t * sigmoid(f) * c_{t-1} + sigmoid(i) * tanh(g)
//   h_t = sigmoid(o) * tanh(c_t)
// Top: h (T x N x H); with expose_hidden also h_T and c_T, and bottoms h_0
// and c_0.
// Learnable blobs, in Caffe's order: W_xc (4H x D), b_c (4H),
// W_xc_x_static (4H x Ds, only with x_static), W_hc (4H x H).
template <typename Dtype>
class LSTMLayer : public RecurrentLayer<Dtype> {
 public:
  explicit LSTMLayer(const LayerParameter& param)
      : RecurrentLayer<Dtype>(param) {}

  inline const char* type() const override { return "LSTM"; }

 protected:
  vector<typename RecurrentLayer<Dtype>::ParamSpec> ParamSpecs()
      const override;
  inline int NumStates() const override { return 2; }
  inline int GateDim() const override { return 4 * this->H_; }
  inline const char* OutputName() const override { return "h"; }
  void StepForward(int t, const Dtype* cont_t) override;
  void StepBackward(int t, const Dtype* cont_t) override;
  void OutputForward(Blob<Dtype>* top) override;
  void OutputBackward(Blob<Dtype>* top) override;
};

}  // namespace caffe

#endif  // CAFFE_LSTM_LAYER_HPP_

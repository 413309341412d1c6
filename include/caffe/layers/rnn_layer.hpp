#ifndef CAFFE_RNN_LAYER_HPP_
#define CAFFE_RNN_LAYER_HPP_

#include <vector>

#include "caffe/blob.hpp"
#include "caffe/layers/recurrent_layer.hpp"
#include "caffe/proto/caffe.pb.h"

namespace caffe {

// A simple recurrent network (Caffe's "RNN"), a RecurrentLayer (see there
// for the bottoms, tops and parameters) with H = num_output units:
//   h_t = tanh(W_hh (cont_t * h_{t-1}) + W_xh x_t + b_h
//              + W_xh_x_static x_static)
//   o_t = tanh(W_ho h_t + b_o)
// Top: o (T x N x H); with expose_hidden also h_T, and bottom h_0.
// Learnable blobs, in Caffe's order: W_xh (H x D), b_h (H),
// W_xh_x_static (H x Ds, only with x_static), W_hh (H x H), W_ho (H x H),
// b_o (H).
template <typename Dtype>
class RNNLayer : public RecurrentLayer<Dtype> {
 public:
  explicit RNNLayer(const LayerParameter& param)
      : RecurrentLayer<Dtype>(param) {}
  void Reshape(const vector<Blob<Dtype>*>& bottom,
               const vector<Blob<Dtype>*>& top) override;

  inline const char* type() const override { return "RNN"; }

 protected:
  vector<typename RecurrentLayer<Dtype>::ParamSpec> ParamSpecs()
      const override;
  inline int NumStates() const override { return 1; }
  inline int GateDim() const override { return this->H_; }
  inline const char* OutputName() const override { return "o"; }
  void StepForward(int t, const Dtype* cont_t) override;
  void StepBackward(int t, const Dtype* cont_t) override;
  void OutputForward(Blob<Dtype>* top) override;
  void OutputBackward(Blob<Dtype>* top) override;

  // T x N x H: the gradient of o's pre-activation.
  Blob<Dtype> output_diff_;
};

}  // namespace caffe

#endif  // CAFFE_RNN_LAYER_HPP_

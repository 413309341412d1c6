#ifndef CAFFE_RECURRENT_LAYER_HPP_
#define CAFFE_RECURRENT_LAYER_HPP_

#include <memory>
#include <string>
#include <vector>

#include "caffe/blob.hpp"
#include "caffe/layer.hpp"
#include "caffe/proto/caffe.pb.h"

namespace caffe {

// The common part of Caffe's recurrent layers (RNNLayer, LSTMLayer): a cell
// applied over T time steps to N independent streams.
//
// Bottoms, in order:
//   x         T x N x ...   the input at each step; axes 2.. are flattened
//                           into D input features
//   cont      T x N         sequence continuation: 0 at a sequence's first
//                           step (the previous state is dropped), else 1
//   x_static  N x ...       optional, fed at every step (Ds features)
//   h_0 (, c_0)  1 x N x H  the initial state; only with expose_hidden
// Tops: the per-step output (T x N x H), then, with expose_hidden, the final
// state h_T (, c_T), each 1 x N x H.
//
// Each step t forms G gate pre-activations
//   G_t = W_x x_t + b + W_s x_static + W_h (cont_t * h_{t-1})
// and hands them to the cell (StepForward). Without expose_hidden the
// initial state of each Forward is the final state of the previous one
// (zeros at first, and after Reset or a change of N). T and N may change
// between calls (Caffe fixes T at set-up).
// Backward: gradients for x, x_static, h_0 (, c_0) and every parameter
// (accumulated); cont has none, and asking for it throws caffe::Error.
// Unlike BVLC Caffe 1.0, whose unrolled net shares only the data of the
// exposed h_0/c_0 bottoms and h_T/c_T tops (so that it neither uses the
// diffs of h_T/c_T nor writes any to h_0/c_0), the gradient here flows
// through them; nets that leave them out of the loss train the same.
//
// RecurrentParameter fields:
//   num_output     H, the hidden state size (> 0)
//   weight_filler  initialises the weight matrices (constant 0 when unset)
//   bias_filler    initialises the biases (constant 0 when unset)
//   debug_info     logs per-step mean |state| (and mean |gradient|)
//   expose_hidden  the initial state comes from bottoms and the final one
//                  goes to tops, instead of carrying over between calls
// The learnable blobs keep Caffe's order and shapes, so Caffe's trained
// weights load unchanged; see each subclass.
template <typename Dtype>
class RecurrentLayer : public Layer<Dtype> {
 public:
  explicit RecurrentLayer(const LayerParameter& param) : Layer<Dtype>(param) {}
  void LayerSetUp(const vector<Blob<Dtype>*>& bottom,
                  const vector<Blob<Dtype>*>& top) override;
  void Reshape(const vector<Blob<Dtype>*>& bottom,
               const vector<Blob<Dtype>*>& top) override;

  // Zeroes the state carried over between Forward calls.
  virtual void Reset();

  inline const char* type() const override { return "Recurrent"; }
  inline int MinBottomBlobs() const override {
    return 2 + (ExposeHidden() ? NumStates() : 0);
  }
  inline int MaxBottomBlobs() const override { return MinBottomBlobs() + 1; }
  inline int ExactNumTopBlobs() const override {
    return 1 + (ExposeHidden() ? NumStates() : 0);
  }
  // cont (bottom 1) is an indicator, not a differentiable input.
  inline bool AllowForceBackward(const int bottom_index) const override {
    return bottom_index != 1;
  }

 protected:
  // A learnable blob: its name in Caffe's unrolled net, shape and filler.
  struct ParamSpec {
    std::string name;
    vector<int> shape;
    bool is_bias;
  };

  // The learnable blobs in Caffe's order. The first are always W_x (G x D),
  // b (G), W_s (G x Ds, only with x_static) and W_h (G x H); any after them
  // belong to the subclass's output stage.
  virtual vector<ParamSpec> ParamSpecs() const = 0;
  // 1 (h) or 2 (h, c); state 0 is always h, the input of W_h.
  virtual int NumStates() const = 0;
  // G, the number of gate pre-activations per stream and step.
  virtual int GateDim() const = 0;
  // The name of the per-step top, for messages.
  virtual const char* OutputName() const = 0;
  // Computes the states of step t (row t + 1 of states_) from row t and the
  // complete pre-activations gates_ of step t.
  virtual void StepForward(int t, const Dtype* cont_t) = 0;
  // From the complete state gradients of row t + 1, writes gates_'s diff of
  // step t and the state gradients of row t for every state except h (whose
  // gradient through W_h the base adds).
  virtual void StepBackward(int t, const Dtype* cont_t) = 0;
  // Computes the per-step top from the states h_1..h_T.
  virtual void OutputForward(Blob<Dtype>* top) = 0;
  // Writes the gradients of h_1..h_T (rows 1..T of states_[0]'s diff) from
  // the top's and accumulates the output stage's parameter gradients.
  virtual void OutputBackward(Blob<Dtype>* top) = 0;

  void Forward_cpu(const vector<Blob<Dtype>*>& bottom,
                   const vector<Blob<Dtype>*>& top) override;
  void Backward_cpu(const vector<Blob<Dtype>*>& top,
                    const vector<bool>& propagate_down,
                    const vector<Blob<Dtype>*>& bottom) override;
  // Names the expected bottoms and tops when the counts are off.
  void CheckBlobCounts(const vector<Blob<Dtype>*>& bottom,
                       const vector<Blob<Dtype>*>& top) override;

  // Row `row` (N x H) of state k's values or gradients.
  Dtype* state_data(int k, int row) {
    return states_[k]->mutable_cpu_data() + row * N_ * H_;
  }
  Dtype* state_diff(int k, int row) {
    return states_[k]->mutable_cpu_diff() + row * N_ * H_;
  }
  // The index of W_h in blobs_; the output stage's blobs follow it.
  int hidden_weight_index() const { return 2 + static_input_; }

  int T_ = 0;   // time steps
  int N_ = 0;   // streams
  int D_ = 0;   // input features
  int Ds_ = 0;  // static input features
  int H_ = 0;   // hidden units
  bool static_input_ = false;
  bool expose_hidden_ = false;
  bool debug_info_ = false;
  // T x N x G pre-activations; the diff holds their gradients.
  Blob<Dtype> gates_;
  // Per state, (T + 1) x N x H: row 0 is the initial state, row t + 1 the
  // state after step t.
  vector<std::unique_ptr<Blob<Dtype> > > states_;
  // Per state, 1 x N x H: the final state kept for the next Forward.
  vector<std::unique_ptr<Blob<Dtype> > > carried_;
  // T x N x H: cont_t * h_{t-1}, the input of W_h at step t.
  Blob<Dtype> conted_h_;
  // N x G: W_s x_static; its diff sums the gate gradients over time.
  Blob<Dtype> static_gates_;
  // T * N ones, to add biases with a GEMM.
  Blob<Dtype> bias_multiplier_;

 private:
  inline bool ExposeHidden() const {
    return this->layer_param_.recurrent_param().expose_hidden();
  }
  std::string BottomNames(bool with_static) const;
  std::string TopNames() const;
  void CheckParamShapes(const vector<ParamSpec>& specs) const;
  void LogStep(const char* what, int t, bool diff) const;
};

}  // namespace caffe

#endif  // CAFFE_RECURRENT_LAYER_HPP_

#ifndef CAFFE_NET_HPP_
#define CAFFE_NET_HPP_

#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "caffe/blob.hpp"
#include "caffe/common.hpp"
#include "caffe/execution_context.hpp"
#include "caffe/layer.hpp"
#include "caffe/proto/caffe.pb.h"

namespace caffe {

// A directed acyclic graph of layers joined by named blobs, built from a
// NetParameter filtered by phase, level and stages.
template <typename Dtype>
class Net {
 public:
  // Nets start from the calling thread's ExecutionContext::ThreadDefault().
  explicit Net(const NetParameter& param);
  // Reads a prototxt; a legacy (V0/V1) definition is upgraded on load.
  explicit Net(const string& param_file, Phase phase, const int level = 0,
               const vector<string>* stages = nullptr);
  // Runs as context says (its mode, threads and preferred engines); the
  // phase comes from param's state as always.
  Net(const NetParameter& param, const ExecutionContext& context);
  virtual ~Net() = default;

  // Builds the net. Throws caffe::Error naming the layer and blob for a
  // definition that cannot be built (unknown type, missing bottom, shapes).
  void Init(const NetParameter& param);

  // Runs forward and returns the output blobs; loss receives the total loss.
  const vector<Blob<Dtype>*>& Forward(Dtype* loss = nullptr);
  // Deprecated: use Forward().
  const vector<Blob<Dtype>*>& ForwardPrefilled(Dtype* loss = nullptr) {
    LOG_EVERY_N(WARNING, 1000) << "DEPRECATED: ForwardPrefilled() "
                               << "will be removed in a future version. Use Forward().";
    return Forward(loss);
  }
  // Forward over the layers in [start, end] (inclusive indices).
  Dtype ForwardFromTo(int start, int end);
  Dtype ForwardFrom(int start);
  Dtype ForwardTo(int end);
  // Deprecated: copies bottom into the input blobs, then runs forward.
  const vector<Blob<Dtype>*>& Forward(const vector<Blob<Dtype>*>& bottom,
                                      Dtype* loss = nullptr);

  // Zeroes every learnable parameter's diff.
  void ClearParamDiffs();

  // Backward over all layers (or a range) from the losses to the inputs.
  void Backward();
  void BackwardFromTo(int start, int end);
  void BackwardFrom(int start);
  void BackwardTo(int end);

  // Reshapes every layer for the current input shapes without computing.
  void Reshape();

  Dtype ForwardBackward() {
    Dtype loss;
    Forward(&loss);
    Backward();
    return loss;
  }

  // Applies the parameter diffs (already scaled by the solver).
  void Update();
  // Makes shared parameters use their owner's data buffers (after a copy
  // from a file replaced them).
  void ShareWeights();

  // Shares the other net's layer weights by layer name (the test net uses
  // the train net's weights this way).
  void ShareTrainedLayersWith(const Net* other);
  // Copies weights by layer name from a NetParameter (layers absent from
  // this net are ignored). A blob count or shape that differs is an error
  // naming the layer and both shapes.
  void CopyTrainedLayersFrom(const NetParameter& param);
  // Reads a .caffemodel (binary NetParameter; V1 upgraded) or a .h5 file.
  // A missing, truncated or non-Caffe file is a caffe::Error naming it.
  // Logs how many learnable layers (layers with weight blobs) got weights
  // and warns naming those that did not; a file that has weights for none
  // of them (an empty file, or another net's) is a caffe::Error naming it.
  void CopyTrainedLayersFrom(const string& trained_filename);
  void CopyTrainedLayersFromBinaryProto(const string& trained_filename);
  void CopyTrainedLayersFromHDF5(const string& trained_filename);
  // Writes the definition with learned blobs (and diffs, if asked).
  void ToProto(NetParameter* param, bool write_diff = false) const;
  void ToHDF5(const string& filename, bool write_diff = false) const;

  inline const string& name() const { return name_; }
  inline const vector<string>& layer_names() const { return layer_names_; }
  inline const vector<string>& blob_names() const { return blob_names_; }
  inline const vector<shared_ptr<Blob<Dtype> > >& blobs() const {
    return blobs_;
  }
  inline const vector<shared_ptr<Layer<Dtype> > >& layers() const {
    return layers_;
  }
  inline Phase phase() const { return phase_; }
  // Where and how this net runs; a change applies from the next Forward or
  // Backward (preferred engines only at construction).
  ExecutionContext& context() { return *context_; }
  const ExecutionContext& context() const { return *context_; }
  // bottom_vecs()[i] holds layer i's bottoms; likewise for tops.
  inline const vector<vector<Blob<Dtype>*> >& bottom_vecs() const {
    return bottom_vecs_;
  }
  inline const vector<vector<Blob<Dtype>*> >& top_vecs() const {
    return top_vecs_;
  }
  inline const vector<int>& top_ids(int i) const {
    CHECK_GE(i, 0) << "Invalid layer id";
    CHECK_LT(i, static_cast<int>(top_id_vecs_.size())) << "Invalid layer id";
    return top_id_vecs_[i];
  }
  inline const vector<int>& bottom_ids(int i) const {
    CHECK_GE(i, 0) << "Invalid layer id";
    CHECK_LT(i, static_cast<int>(bottom_id_vecs_.size())) << "Invalid layer id";
    return bottom_id_vecs_[i];
  }
  inline const vector<vector<bool> >& bottom_need_backward() const {
    return bottom_need_backward_;
  }
  inline const vector<Dtype>& blob_loss_weights() const {
    return blob_loss_weights_;
  }
  inline const vector<bool>& layer_need_backward() const {
    return layer_need_backward_;
  }
  // Every learnable blob, shared ones listed once per use.
  inline const vector<shared_ptr<Blob<Dtype> > >& params() const {
    return params_;
  }
  // Each distinct learnable blob once (the owners of shared parameters).
  inline const vector<Blob<Dtype>*>& learnable_params() const {
    return learnable_params_;
  }
  inline const vector<float>& params_lr() const { return params_lr_; }
  inline const vector<bool>& has_params_lr() const { return has_params_lr_; }
  inline const vector<float>& params_weight_decay() const {
    return params_weight_decay_;
  }
  inline const vector<bool>& has_params_decay() const {
    return has_params_decay_;
  }
  const map<string, int>& param_names_index() const {
    return param_names_index_;
  }
  // For each param, the index of its owner in params(), or -1 if it owns
  // itself.
  inline const vector<int>& param_owners() const { return param_owners_; }
  inline const vector<string>& param_display_names() const {
    return param_display_names_;
  }
  inline int num_inputs() const { return static_cast<int>(net_input_blobs_.size()); }
  inline int num_outputs() const { return static_cast<int>(net_output_blobs_.size()); }
  inline const vector<Blob<Dtype>*>& input_blobs() const {
    return net_input_blobs_;
  }
  inline const vector<Blob<Dtype>*>& output_blobs() const {
    return net_output_blobs_;
  }
  inline const vector<int>& input_blob_indices() const {
    return net_input_blob_indices_;
  }
  inline const vector<int>& output_blob_indices() const {
    return net_output_blob_indices_;
  }
  bool has_blob(const string& blob_name) const;
  // Returns null when the net has no such blob.
  const shared_ptr<Blob<Dtype> > blob_by_name(const string& blob_name) const;
  bool has_layer(const string& layer_name) const;
  // Returns null when the net has no such layer.
  const shared_ptr<Layer<Dtype> > layer_by_name(const string& layer_name) const;

  void set_debug_info(const bool value) { debug_info_ = value; }

  // Drops the layers whose include/exclude rules do not match the
  // parameter's state (phase, level, stages).
  static void FilterNet(const NetParameter& param,
                        NetParameter* param_filtered);
  // Whether a layer with this rule runs in this state.
  static bool StateMeetsRule(const NetState& state, const NetStateRule& rule,
                             const string& layer_name);

  // Hooks run before and after each layer's forward and backward (used by
  // multi-GPU training to overlap gradient exchange).
  class Callback {
   protected:
    virtual void run(int layer) = 0;

    template <typename T>
    friend class Net;
  };
  const vector<Callback*>& before_forward() const { return before_forward_; }
  void add_before_forward(Callback* value) { before_forward_.push_back(value); }
  const vector<Callback*>& after_forward() const { return after_forward_; }
  void add_after_forward(Callback* value) { after_forward_.push_back(value); }
  const vector<Callback*>& before_backward() const { return before_backward_; }
  void add_before_backward(Callback* value) { before_backward_.push_back(value); }
  const vector<Callback*>& after_backward() const { return after_backward_; }
  void add_after_backward(Callback* value) { after_backward_.push_back(value); }

 protected:
  void AppendTop(const NetParameter& param, const int layer_id,
                 const int top_id, set<string>* available_blobs,
                 map<string, int>* blob_name_to_idx);
  int AppendBottom(const NetParameter& param, const int layer_id,
                   const int bottom_id, set<string>* available_blobs,
                   map<string, int>* blob_name_to_idx);
  void AppendParam(const NetParameter& param, const int layer_id,
                   const int param_id);

  // The report of CopyTrainedLayersFrom(file): file_layer_names are the
  // layers the weights file holds.
  void ReportCopiedLayers(const vector<string>& file_layer_names,
                          const string& weights_file) const;

  void ForwardDebugInfo(const int layer_id);
  void BackwardDebugInfo(const int layer_id);
  void UpdateDebugInfo(const int param_id);

  string name_;
  Phase phase_;
  // Shared with every layer, which reads it as Layer::context().
  shared_ptr<ExecutionContext> context_;
  vector<shared_ptr<Layer<Dtype> > > layers_;
  vector<string> layer_names_;
  map<string, int> layer_names_index_;
  vector<bool> layer_need_backward_;
  // Every blob between layers.
  vector<shared_ptr<Blob<Dtype> > > blobs_;
  vector<string> blob_names_;
  map<string, int> blob_names_index_;
  vector<bool> blob_need_backward_;
  vector<vector<Blob<Dtype>*> > bottom_vecs_;
  vector<vector<int> > bottom_id_vecs_;
  vector<vector<bool> > bottom_need_backward_;
  vector<vector<Blob<Dtype>*> > top_vecs_;
  vector<vector<int> > top_id_vecs_;
  // Weight of each blob in the loss (0 for blobs that are not losses).
  vector<Dtype> blob_loss_weights_;
  vector<vector<int> > param_id_vecs_;
  vector<int> param_owners_;
  vector<string> param_display_names_;
  vector<pair<int, int> > param_layer_indices_;
  map<string, int> param_names_index_;
  vector<int> net_input_blob_indices_;
  vector<int> net_output_blob_indices_;
  vector<Blob<Dtype>*> net_input_blobs_;
  vector<Blob<Dtype>*> net_output_blobs_;
  vector<shared_ptr<Blob<Dtype> > > params_;
  vector<Blob<Dtype>*> learnable_params_;
  // For each entry of params_, its index in learnable_params_.
  vector<int> learnable_param_ids_;
  vector<float> params_lr_;
  vector<bool> has_params_lr_;
  vector<float> params_weight_decay_;
  vector<bool> has_params_decay_;
  size_t memory_used_ = 0;
  bool debug_info_ = false;
  vector<Callback*> before_forward_;
  vector<Callback*> after_forward_;
  vector<Callback*> before_backward_;
  vector<Callback*> after_backward_;

  DISABLE_COPY_AND_ASSIGN(Net);
};

// Throws caffe::Error naming source (the net's file, or the solver field
// that holds the net) when net has no layers. Net accepts an empty
// definition, as Caffe's does; the tools and the solver refuse to run one,
// which would train, score or time nothing without a word.
template <typename Dtype>
void RequireLayers(const Net<Dtype>& net, const string& source);

}  // namespace caffe

#endif  // CAFFE_NET_HPP_

#ifndef CAFFE_LAYER_HPP_
#define CAFFE_LAYER_HPP_

#include <algorithm>
#include <string>
#include <vector>

#include "caffe/blob.hpp"
#include "caffe/common.hpp"
#include "caffe/execution_context.hpp"
#include "caffe/layer_factory.hpp"
#include "caffe/proto/caffe.pb.h"
#include "caffe/util/math_functions.hpp"

namespace caffe {

// The unit of computation. Subclasses implement LayerSetUp (read parameters,
// make weights), Reshape (size the tops from the bottoms), Forward_cpu and
// Backward_cpu, and optionally the _gpu variants; the public SetUp, Forward
// and Backward check blob counts, dispatch on context().mode() and add the loss.
template <typename Dtype>
class Layer {
 public:
  // Copies the parameter's blobs (if any) into the layer's own.
  explicit Layer(const LayerParameter& param) : layer_param_(param) {
    phase_ = param.phase();
    if (layer_param_.blobs_size() > 0) {
      blobs_.resize(layer_param_.blobs_size());
      for (int i = 0; i < layer_param_.blobs_size(); ++i) {
        blobs_[i].reset(new Blob<Dtype>());
        blobs_[i]->FromProto(layer_param_.blobs(i));
      }
    }
  }
  virtual ~Layer() = default;

  // Checks blob counts, runs LayerSetUp and Reshape and sets loss weights.
  // Throws caffe::Error for bottoms the layer cannot take.
  void SetUp(const vector<Blob<Dtype>*>& bottom,
             const vector<Blob<Dtype>*>& top) {
    CheckBlobCounts(bottom, top);
    LayerSetUp(bottom, top);
    Replan(bottom, top);
    SetLossWeights(top);
  }

  // One-time set-up: read the layer's parameters, allocate its weights.
  virtual void LayerSetUp(const vector<Blob<Dtype>*>& bottom,
                          const vector<Blob<Dtype>*>& top) {}

  // Sizes the tops (and internal buffers) for the bottoms' shapes.
  virtual void Reshape(const vector<Blob<Dtype>*>& bottom,
                       const vector<Blob<Dtype>*>& top) = 0;

  // Reshape, remembering the layouts (Blob::layout_stamp) of the bottoms,
  // tops and learned blobs it planned for. Net::Reshape calls it.
  void Replan(const vector<Blob<Dtype>*>& bottom,
              const vector<Blob<Dtype>*>& top) {
    Reshape(bottom, top);
    RememberLayouts(bottom, top);
  }

  // Replan, unless the layer plans on layout changes only and every
  // layout Reshape planned for is unchanged: a shape, a shared or
  // reallocated buffer, a replaced weight all count. Layers without
  // bottoms and those whose Reshape reads more than layouts
  // (ReshapeReadsMoreThanLayouts) plan on every call.
  void ReshapeIfChanged(const vector<Blob<Dtype>*>& bottom,
                        const vector<Blob<Dtype>*>& top) {
    if (!plans_on_layout_change_ || bottom.empty() ||
        ReshapeReadsMoreThanLayouts() || !LayoutsAsPlanned(bottom, top)) {
      Replan(bottom, top);
    }
  }
  // Off by default, which is Caffe's contract: a Reshape before every
  // Forward. The registry turns it on for libcaffe's own layers
  // (LayerRegistry::Variant::plans_on_layout_change).
  void set_plans_on_layout_change(bool value) {
    plans_on_layout_change_ = value;
  }

  // Computes the tops and returns this layer's weighted loss; reshapes
  // first where the bottoms changed (ReshapeIfChanged).
  inline Dtype Forward(const vector<Blob<Dtype>*>& bottom,
                       const vector<Blob<Dtype>*>& top);

  // Computes bottom diffs (where propagate_down) and parameter diffs (where
  // param_propagate_down) from the top diffs.
  inline void Backward(const vector<Blob<Dtype>*>& top,
                       const vector<bool>& propagate_down,
                       const vector<Blob<Dtype>*>& bottom);

  // The context of the net this layer belongs to (Net sets it before
  // SetUp), or the calling thread's default for a layer made on its own.
  const ExecutionContext& context() const {
    return context_ ? *context_ : ExecutionContext::ThreadDefault();
  }
  void set_context(const shared_ptr<const ExecutionContext>& context) {
    context_ = context;
  }

  // Whether a Backward is expected after each Forward, so that Forward
  // should keep what Backward would otherwise work out again: the
  // context expects backward passes (a training net) and the net found
  // that this layer takes part in them. A hint only; Backward works either
  // way.
  bool backward_expected() const {
    return in_backward_ && context().backward_expected();
  }
  // Net says whether the layer takes part in its backward passes.
  void set_in_backward(bool value) { in_backward_ = value; }

  vector<shared_ptr<Blob<Dtype> > >& blobs() { return blobs_; }
  const LayerParameter& layer_param() const { return layer_param_; }

  // Writes the parameter and the learned blobs.
  virtual void ToProto(LayerParameter* param, bool write_diff = false);

  inline Dtype loss(const int top_index) const {
    return (static_cast<int>(loss_.size()) > top_index) ? loss_[top_index]
                                                        : Dtype(0);
  }
  inline void set_loss(const int top_index, const Dtype value) {
    if (static_cast<int>(loss_.size()) <= top_index) {
      loss_.resize(top_index + 1, Dtype(0));
    }
    loss_[top_index] = value;
  }

  // The registry key ("Convolution").
  virtual inline const char* type() const { return ""; }

  // Blob counts the layer accepts; -1 means no constraint.
  virtual inline int ExactNumBottomBlobs() const { return -1; }
  virtual inline int MinBottomBlobs() const { return -1; }
  virtual inline int MaxBottomBlobs() const { return -1; }
  virtual inline int ExactNumTopBlobs() const { return -1; }
  virtual inline int MinTopBlobs() const { return -1; }
  virtual inline int MaxTopBlobs() const { return -1; }
  // Layers with one required bottom and one optional label say so, etc.
  virtual inline bool EqualNumBottomTopBlobs() const { return false; }

  // Whether the net should create anonymous tops when the prototxt lists
  // fewer than the layer's minimum (loss layers' loss output).
  virtual inline bool AutoTopBlobs() const { return false; }

  // Whether Reshape depends on anything besides the layouts of the bottoms,
  // tops and learned blobs and the layer's parameter (Filter's depends on
  // the selector's values). Such layers plan on every Forward.
  virtual inline bool ReshapeReadsMoreThanLayouts() const { return false; }

  // Whether force_backward may request a gradient for this bottom (false for
  // labels, which have none).
  virtual inline bool AllowForceBackward(const int bottom_index) const {
    return true;
  }

  inline bool param_propagate_down(const int param_id) {
    return (static_cast<int>(param_propagate_down_.size()) > param_id)
               ? param_propagate_down_[param_id]
               : false;
  }
  inline void set_param_propagate_down(const int param_id, const bool value) {
    if (static_cast<int>(param_propagate_down_.size()) <= param_id) {
      param_propagate_down_.resize(param_id + 1, true);
    }
    param_propagate_down_[param_id] = value;
  }

 protected:
  LayerParameter layer_param_;
  Phase phase_;
  vector<shared_ptr<Blob<Dtype> > > blobs_;
  vector<bool> param_propagate_down_;
  // Each top's weight in the objective; non-zero marks a loss top.
  vector<Dtype> loss_;

  virtual void Forward_cpu(const vector<Blob<Dtype>*>& bottom,
                           const vector<Blob<Dtype>*>& top) = 0;
  // Falls back to the CPU implementation where a layer has no GPU code.
  virtual void Forward_gpu(const vector<Blob<Dtype>*>& bottom,
                           const vector<Blob<Dtype>*>& top) {
    return Forward_cpu(bottom, top);
  }
  virtual void Backward_cpu(const vector<Blob<Dtype>*>& top,
                            const vector<bool>& propagate_down,
                            const vector<Blob<Dtype>*>& bottom) = 0;
  virtual void Backward_gpu(const vector<Blob<Dtype>*>& top,
                            const vector<bool>& propagate_down,
                            const vector<Blob<Dtype>*>& bottom) {
    Backward_cpu(top, propagate_down, bottom);
  }

  // Throws caffe::Error naming the layer when the counts are off.
  virtual void CheckBlobCounts(const vector<Blob<Dtype>*>& bottom,
                               const vector<Blob<Dtype>*>& top);

  // Reads loss_weight from the parameter; stores each weight in the top's
  // diff so that Backward starts from it.
  inline void SetLossWeights(const vector<Blob<Dtype>*>& top) {
    const int num_loss_weights = layer_param_.loss_weight_size();
    if (num_loss_weights) {
      CAFFE_REQUIRE(num_loss_weights == static_cast<int>(top.size()))
          << "loss_weight must be unspecified or specified once per top "
          << "blob (" << top.size() << " tops, " << num_loss_weights
          << " loss_weight values)";
      for (int top_id = 0; top_id < static_cast<int>(top.size()); ++top_id) {
        const Dtype loss_weight = layer_param_.loss_weight(top_id);
        if (loss_weight == Dtype(0)) continue;
        set_loss(top_id, loss_weight);
        const int count = top[top_id]->count();
        Dtype* loss_multiplier = top[top_id]->mutable_cpu_diff();
        caffe_set(count, loss_weight, loss_multiplier);
      }
    }
  }

 private:
  shared_ptr<const ExecutionContext> context_;
  bool plans_on_layout_change_ = false;
  bool in_backward_ = true;
  // The stamps of bottoms, tops and learned blobs, in that order, as the
  // last Replan left them.
  vector<uint64_t> planned_layouts_;

  void RememberLayouts(const vector<Blob<Dtype>*>& bottom,
                       const vector<Blob<Dtype>*>& top) {
    planned_layouts_.clear();
    for (const Blob<Dtype>* blob : bottom) {
      planned_layouts_.push_back(blob->layout_stamp());
    }
    for (const Blob<Dtype>* blob : top) {
      planned_layouts_.push_back(blob->layout_stamp());
    }
    for (const auto& blob : blobs_) {
      planned_layouts_.push_back(blob->layout_stamp());
    }
  }

  bool LayoutsAsPlanned(const vector<Blob<Dtype>*>& bottom,
                        const vector<Blob<Dtype>*>& top) const {
    if (planned_layouts_.size() !=
        bottom.size() + top.size() + blobs_.size()) {
      return false;
    }
    auto planned = planned_layouts_.begin();
    for (const Blob<Dtype>* blob : bottom) {
      if (blob->layout_stamp() != *planned++) return false;
    }
    for (const Blob<Dtype>* blob : top) {
      if (blob->layout_stamp() != *planned++) return false;
    }
    for (const auto& blob : blobs_) {
      if (blob->layout_stamp() != *planned++) return false;
    }
    return true;
  }

  DISABLE_COPY_AND_ASSIGN(Layer);
};

template <typename Dtype>
inline Dtype Layer<Dtype>::Forward(const vector<Blob<Dtype>*>& bottom,
                                   const vector<Blob<Dtype>*>& top) {
  Dtype loss = 0;
  ReshapeIfChanged(bottom, top);
  switch (context().mode()) {
    case Caffe::CPU:
      Forward_cpu(bottom, top);
      for (int top_id = 0; top_id < static_cast<int>(top.size()); ++top_id) {
        if (!this->loss(top_id)) continue;
        const int count = top[top_id]->count();
        const Dtype* data = top[top_id]->cpu_data();
        const Dtype* loss_weights = top[top_id]->cpu_diff();
        loss += caffe_cpu_dot(count, data, loss_weights);
      }
      break;
    case Caffe::GPU:
#ifdef CPU_ONLY
      NO_GPU;
#else
      Forward_gpu(bottom, top);
      for (int top_id = 0; top_id < static_cast<int>(top.size()); ++top_id) {
        if (!this->loss(top_id)) continue;
        const int count = top[top_id]->count();
        const Dtype* data = top[top_id]->gpu_data();
        const Dtype* loss_weights = top[top_id]->gpu_diff();
        Dtype blob_loss = 0;
        caffe_gpu_dot(count, data, loss_weights, &blob_loss);
        loss += blob_loss;
      }
#endif
      break;
    default:
      LOG(FATAL) << "Unknown caffe mode.";
  }
  return loss;
}

template <typename Dtype>
inline void Layer<Dtype>::Backward(const vector<Blob<Dtype>*>& top,
                                   const vector<bool>& propagate_down,
                                   const vector<Blob<Dtype>*>& bottom) {
  switch (context().mode()) {
    case Caffe::CPU:
      Backward_cpu(top, propagate_down, bottom);
      break;
    case Caffe::GPU:
#ifdef CPU_ONLY
      NO_GPU;
#else
      Backward_gpu(top, propagate_down, bottom);
#endif
      break;
    default:
      LOG(FATAL) << "Unknown caffe mode.";
  }
}

template <typename Dtype>
void Layer<Dtype>::ToProto(LayerParameter* param, bool write_diff) {
  param->Clear();
  param->CopyFrom(layer_param_);
  param->clear_blobs();
  for (int i = 0; i < static_cast<int>(blobs_.size()); ++i) {
    blobs_[i]->ToProto(param->add_blobs(), write_diff);
  }
}

template <typename Dtype>
void Layer<Dtype>::CheckBlobCounts(const vector<Blob<Dtype>*>& bottom,
                                   const vector<Blob<Dtype>*>& top) {
  const int num_bottom = static_cast<int>(bottom.size());
  const int num_top = static_cast<int>(top.size());
  if (ExactNumBottomBlobs() >= 0) {
    CAFFE_REQUIRE(ExactNumBottomBlobs() == num_bottom)
        << type() << " Layer takes " << ExactNumBottomBlobs()
        << " bottom blob(s) as input, but was given " << num_bottom;
  }
  if (MinBottomBlobs() >= 0) {
    CAFFE_REQUIRE(MinBottomBlobs() <= num_bottom)
        << type() << " Layer takes at least " << MinBottomBlobs()
        << " bottom blob(s) as input, but was given " << num_bottom;
  }
  if (MaxBottomBlobs() >= 0) {
    CAFFE_REQUIRE(MaxBottomBlobs() >= num_bottom)
        << type() << " Layer takes at most " << MaxBottomBlobs()
        << " bottom blob(s) as input, but was given " << num_bottom;
  }
  if (ExactNumTopBlobs() >= 0) {
    CAFFE_REQUIRE(ExactNumTopBlobs() == num_top)
        << type() << " Layer produces " << ExactNumTopBlobs()
        << " top blob(s) as output, but was given " << num_top;
  }
  if (MinTopBlobs() >= 0) {
    CAFFE_REQUIRE(MinTopBlobs() <= num_top)
        << type() << " Layer produces at least " << MinTopBlobs()
        << " top blob(s) as output, but was given " << num_top;
  }
  if (MaxTopBlobs() >= 0) {
    CAFFE_REQUIRE(MaxTopBlobs() >= num_top)
        << type() << " Layer produces at most " << MaxTopBlobs()
        << " top blob(s) as output, but was given " << num_top;
  }
  if (EqualNumBottomTopBlobs()) {
    CAFFE_REQUIRE(num_bottom == num_top)
        << type() << " Layer produces one top blob as output for each "
        << "bottom blob input (" << num_bottom << " bottoms, " << num_top
        << " tops)";
  }
}

}  // namespace caffe

#endif  // CAFFE_LAYER_HPP_

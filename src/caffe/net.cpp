#include "caffe/net.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "caffe/common.hpp"
#include "caffe/layer.hpp"
#include "caffe/util/insert_splits.hpp"
#include "caffe/util/io.hpp"
#include "caffe/util/math_functions.hpp"
#include "caffe/util/upgrade_proto.hpp"

namespace caffe {

namespace {

// Names the layer in error, unless the code that threw named one already.
void AddLayerContext(const LayerParameter& param, Error* error) {
  error->set_layer(param.name(), param.type());
}

// The name the prototxt gave a blob: the Split layers that Net inserts hand
// out copies named "<blob>_<layer>_<index>_split_<k>", which users never wrote.
template <typename Dtype>
string UserBlobName(const Net<Dtype>& net, const int blob_id) {
  const string& name = net.blob_names()[blob_id];
  for (int i = 0; i < static_cast<int>(net.layers().size()); ++i) {
    const vector<int>& tops = net.top_ids(i);
    const auto top = std::find(tops.begin(), tops.end(), blob_id);
    if (top == tops.end()) continue;
    const LayerParameter& producer = net.layers()[i]->layer_param();
    const string suffix = "_split";
    const bool inserted_split =
        producer.type() == "Split" && producer.bottom_size() == 1 &&
        producer.name().size() > suffix.size() &&
        producer.name().compare(producer.name().size() - suffix.size(),
                                suffix.size(), suffix) == 0 &&
        name == StrCat(producer.name(), "_", top - tops.begin());
    return inserted_split ? net.blob_names()[net.bottom_ids(i)[0]] : name;
  }
  return name;
}

// Whether blob's data or diff is buffer (a SyncedMemory). A blob that was
// never shaped has neither yet, and holds nothing.
template <typename Dtype>
bool HoldsBuffer(const Blob<Dtype>& blob, const void* buffer) {
  if (blob.count() == 0 && blob.num_axes() == 0) return false;
  return blob.data().get() == buffer || blob.diff().get() == buffer;
}

// The name of the blob of layer layer_id (a top, a learnable parameter or a
// bottom) whose memory buffer is; "" when it is none of them (a layer's
// internal buffer, say).
template <typename Dtype>
string BlobHolding(const Net<Dtype>& net, const int layer_id,
                   const void* buffer) {
  if (buffer == nullptr) return "";
  const vector<Blob<Dtype>*>& tops = net.top_vecs()[layer_id];
  for (size_t i = 0; i < tops.size(); ++i) {
    if (HoldsBuffer(*tops[i], buffer)) {
      return UserBlobName(net, net.top_ids(layer_id)[i]);
    }
  }
  // Layer::blobs() has no const overload.
  Layer<Dtype>& layer = *net.layers()[layer_id];
  for (size_t i = 0; i < layer.blobs().size(); ++i) {
    if (!HoldsBuffer(*layer.blobs()[i], buffer)) continue;
    const LayerParameter& param = layer.layer_param();
    const bool named = static_cast<int>(i) < param.param_size() &&
                       !param.param(static_cast<int>(i)).name().empty();
    return named ? param.param(static_cast<int>(i)).name()
                 : StrCat("param ", i);
  }
  const vector<Blob<Dtype>*>& bottoms = net.bottom_vecs()[layer_id];
  for (size_t i = 0; i < bottoms.size(); ++i) {
    if (HoldsBuffer(*bottoms[i], buffer)) {
      return UserBlobName(net, net.bottom_ids(layer_id)[i]);
    }
  }
  return "";
}

// As AddLayerContext, adding the names and shapes of the layer's bottoms
// and, for an allocation that failed, the blob it was for.
template <typename Dtype>
void AddLayerContext(const Net<Dtype>& net, const int layer_id,
                     Error* error) {
  if (error->has_layer()) return;
  AddLayerContext(net.layers()[layer_id]->layer_param(), error);
  string shapes;
  const vector<int>& ids = net.bottom_ids(layer_id);
  for (size_t i = 0; i < ids.size(); ++i) {
    shapes += StrCat(i ? ", " : "", "\"", UserBlobName(net, ids[i]), "\" ",
                     net.blobs()[ids[i]]->shape_string());
  }
  error->set_bottoms(shapes);
  const auto* out_of_memory = dynamic_cast<const OutOfMemoryError*>(error);
  if (out_of_memory != nullptr) {
    const string blob = BlobHolding(net, layer_id, out_of_memory->buffer());
    if (!blob.empty()) error->set_blob(blob);
  }
}

// The entry of items that index maps name to; null, with a warning that names
// the kind ("blob", "layer"), when there is none.
template <typename T>
shared_ptr<T> FindByName(const map<string, int>& index,
                         const vector<shared_ptr<T> >& items,
                         const string& name, const char* kind) {
  auto it = index.find(name);
  if (it == index.end()) {
    LOG(WARNING) << "Unknown " << kind << " name " << name;
    return nullptr;
  }
  return items[it->second];
}

}  // namespace

template <typename Dtype>
Net<Dtype>::Net(const NetParameter& param)
    : Net(param, ExecutionContext::ThreadDefault()) {}

template <typename Dtype>
Net<Dtype>::Net(const NetParameter& param, const ExecutionContext& context)
    : context_(std::make_shared<ExecutionContext>(context)) {
  Init(param);
}

template <typename Dtype>
Net<Dtype>::Net(const string& param_file, Phase phase, const int level,
                const vector<string>* stages)
    : context_(std::make_shared<ExecutionContext>(
          ExecutionContext::ThreadDefault())) {
  NetParameter param;
  ReadNetParamsFromTextFileOrDie(param_file, &param);
  // The caller chooses the phase and level; its stages add to the file's.
  param.mutable_state()->set_phase(phase);
  if (stages != nullptr) {
    for (const string& stage : *stages) param.mutable_state()->add_stage(stage);
  }
  param.mutable_state()->set_level(level);
  Init(param);
}

template <typename Dtype>
void Net<Dtype>::Init(const NetParameter& in_param) {
  phase_ = in_param.state().phase();
  context_->set_phase(phase_);
  context_->set_backward_expected(phase_ == TRAIN);
  // Set-up fills weights and may touch the device: it runs as the net will.
  ScopedExecution scope(*context_);
  NetParameter filtered_param;
  FilterNet(in_param, &filtered_param);
  if (NetNeedsInputUpgrade(filtered_param)) UpgradeNetInput(&filtered_param);
  LOG_IF(INFO, Caffe::root_solver())
      << "Initializing net from parameters: " << std::endl
      << filtered_param.DebugString();
  NetParameter param;
  InsertSplits(filtered_param, &param);

  name_ = param.name();
  map<string, int> blob_name_to_idx;
  set<string> available_blobs;
  memory_used_ = 0;
  const int num_layers = param.layer_size();
  bottom_vecs_.resize(num_layers);
  top_vecs_.resize(num_layers);
  bottom_id_vecs_.resize(num_layers);
  param_id_vecs_.resize(num_layers);
  top_id_vecs_.resize(num_layers);
  bottom_need_backward_.resize(num_layers);
  for (int layer_id = 0; layer_id < num_layers; ++layer_id) {
    // Layers run in the net's phase unless they say otherwise.
    if (!param.layer(layer_id).has_phase()) {
      param.mutable_layer(layer_id)->set_phase(phase_);
    }
    const LayerParameter& layer_param = param.layer(layer_id);
    try {
      CAFFE_REQUIRE(layer_param.propagate_down_size() == 0 ||
                    layer_param.propagate_down_size() ==
                        layer_param.bottom_size())
          << "propagate_down must be given once per bottom or not at all ("
          << layer_param.bottom_size() << " bottoms, "
          << layer_param.propagate_down_size() << " propagate_down values)";
      layers_.push_back(LayerRegistry<Dtype>::CreateLayerPreferring(
          layer_param, context_->preferred_engines()));
      layers_.back()->set_context(context_);
    } catch (Error& error) {
      AddLayerContext(layer_param, &error);
      throw;
    }
    layer_names_.push_back(layer_param.name());
    LOG_IF(INFO, Caffe::root_solver())
        << "Creating Layer " << layer_param.name();
    bool need_backward = false;

    try {
      for (int bottom_id = 0; bottom_id < layer_param.bottom_size();
           ++bottom_id) {
        const int blob_id = AppendBottom(param, layer_id, bottom_id,
                                         &available_blobs, &blob_name_to_idx);
        // A layer needs backward if any of its inputs does.
        need_backward |= blob_need_backward_[blob_id];
      }
      int num_top = layer_param.top_size();
      for (int top_id = 0; top_id < num_top; ++top_id) {
        AppendTop(param, layer_id, top_id, &available_blobs, &blob_name_to_idx);
        if (layer_param.type() == "Input") {
          const int blob_id = static_cast<int>(blobs_.size()) - 1;
          net_input_blob_indices_.push_back(blob_id);
          net_input_blobs_.push_back(blobs_[blob_id].get());
        }
      }
      // Loss layers may leave their loss top unnamed; give it an anonymous
      // blob that is also a net output.
      Layer<Dtype>* layer = layers_[layer_id].get();
      if (layer->AutoTopBlobs()) {
        const int needed_num_top =
            std::max(layer->MinTopBlobs(), layer->ExactNumTopBlobs());
        for (; num_top < needed_num_top; ++num_top) {
          AppendTop(param, layer_id, num_top, nullptr, nullptr);
        }
      }
    } catch (Error& error) {
      AddLayerContext(layer_param, &error);
      throw;
    }

    Layer<Dtype>* layer = layers_[layer_id].get();
    try {
      const vector<Blob<Dtype>*>& bottom = bottom_vecs_[layer_id];
      vector<vector<int> > bottom_shapes;
      for (const Blob<Dtype>* blob : bottom) {
        bottom_shapes.push_back(blob->shape());
      }
      layer->SetUp(bottom, top_vecs_[layer_id]);
      // A layer computed in place must keep its bottom's shape: otherwise
      // its output overwrites the input it is still reading.
      for (size_t i = 0; i < bottom.size(); ++i) {
        CAFFE_REQUIRE(bottom[i]->shape() == bottom_shapes[i])
            << "top \"" << UserBlobName(*this, bottom_id_vecs_[layer_id][i])
            << "\" is computed in place over its bottom, but the layer "
            << "changes its shape from " << ShapeString(bottom_shapes[i])
            << " to " << bottom[i]->shape_string()
            << "; give the top another name";
      }
    } catch (Error& error) {
      AddLayerContext(*this, layer_id, &error);
      throw;
    }
    LOG_IF(INFO, Caffe::root_solver())
        << "Setting up " << layer_names_[layer_id];
    for (size_t top_id = 0; top_id < top_vecs_[layer_id].size(); ++top_id) {
      const int blob_id = top_id_vecs_[layer_id][top_id];
      if (static_cast<int>(blob_loss_weights_.size()) <= blob_id) {
        blob_loss_weights_.resize(blob_id + 1, Dtype(0));
      }
      blob_loss_weights_[blob_id] = layer->loss(top_id);
      LOG_IF(INFO, Caffe::root_solver())
          << "Top shape: " << top_vecs_[layer_id][top_id]->shape_string();
      if (layer->loss(top_id)) {
        LOG_IF(INFO, Caffe::root_solver())
            << "    with loss weight " << layer->loss(top_id);
      }
      memory_used_ += top_vecs_[layer_id][top_id]->count();
    }
    LOG_IF(INFO, Caffe::root_solver())
        << "Memory required for data: " << memory_used_ * sizeof(Dtype);

    try {
      const int param_size = layer_param.param_size();
      const int num_param_blobs = static_cast<int>(layer->blobs().size());
      CAFFE_REQUIRE(param_size <= num_param_blobs)
          << "too many param specs: " << param_size << " given, but the layer "
          << "has " << num_param_blobs << " learnable blob(s)";
      const ParamSpec default_param_spec;
      for (int param_id = 0; param_id < num_param_blobs; ++param_id) {
        const ParamSpec& param_spec = param_id < param_size
                                          ? layer_param.param(param_id)
                                          : default_param_spec;
        const bool param_need_backward = param_spec.lr_mult() != 0;
        need_backward |= param_need_backward;
        layer->set_param_propagate_down(param_id, param_need_backward);
      }
      for (int param_id = 0; param_id < num_param_blobs; ++param_id) {
        AppendParam(param, layer_id, param_id);
      }
    } catch (Error& error) {
      AddLayerContext(layer_param, &error);
      throw;
    }
    layer_need_backward_.push_back(need_backward);
    if (need_backward) {
      for (int blob_id : top_id_vecs_[layer_id]) {
        blob_need_backward_[blob_id] = true;
      }
    }
  }

  // Walking back from the losses, drop backward for layers whose outputs
  // reach no loss, and for layers whose every input is to be skipped.
  set<string> blobs_under_loss;
  set<string> blobs_skip_backp;
  for (int layer_id = num_layers - 1; layer_id >= 0; --layer_id) {
    bool layer_contributes_loss = false;
    bool layer_skip_propagate_down = true;
    for (size_t top_id = 0; top_id < top_vecs_[layer_id].size(); ++top_id) {
      const string& blob_name = blob_names_[top_id_vecs_[layer_id][top_id]];
      if (layers_[layer_id]->loss(top_id) ||
          blobs_under_loss.count(blob_name)) {
        layer_contributes_loss = true;
      }
      if (blobs_skip_backp.count(blob_name) == 0) {
        layer_skip_propagate_down = false;
      }
      if (layer_contributes_loss && !layer_skip_propagate_down) break;
    }
    // A layer whose every top has propagation turned off downstream needs
    // no backward, even if it has learnable weights.
    if (layer_need_backward_[layer_id] && layer_skip_propagate_down) {
      layer_need_backward_[layer_id] = false;
      std::fill(bottom_need_backward_[layer_id].begin(),
                bottom_need_backward_[layer_id].end(), false);
    }
    if (!layer_contributes_loss) layer_need_backward_[layer_id] = false;
    LOG_IF(INFO, Caffe::root_solver())
        << layer_names_[layer_id]
        << (layer_need_backward_[layer_id] ? " needs" : " does not need")
        << " backward computation.";
    for (size_t bottom_id = 0; bottom_id < bottom_vecs_[layer_id].size();
         ++bottom_id) {
      const string& blob_name =
          blob_names_[bottom_id_vecs_[layer_id][bottom_id]];
      if (layer_contributes_loss) {
        blobs_under_loss.insert(blob_name);
      } else {
        bottom_need_backward_[layer_id][bottom_id] = false;
      }
      if (!bottom_need_backward_[layer_id][bottom_id]) {
        blobs_skip_backp.insert(blob_name);
      }
    }
  }
  if (param.force_backward()) {
    for (int layer_id = 0; layer_id < num_layers; ++layer_id) {
      layer_need_backward_[layer_id] = true;
      for (size_t bottom_id = 0;
           bottom_id < bottom_need_backward_[layer_id].size(); ++bottom_id) {
        const bool need = bottom_need_backward_[layer_id][bottom_id] ||
                          layers_[layer_id]->AllowForceBackward(bottom_id);
        bottom_need_backward_[layer_id][bottom_id] = need;
        const int blob_id = bottom_id_vecs_[layer_id][bottom_id];
        blob_need_backward_[blob_id] = blob_need_backward_[blob_id] || need;
      }
      for (size_t param_id = 0; param_id < layers_[layer_id]->blobs().size();
           ++param_id) {
        layers_[layer_id]->set_param_propagate_down(param_id, true);
      }
    }
  }
  for (int layer_id = 0; layer_id < num_layers; ++layer_id) {
    layers_[layer_id]->set_in_backward(layer_need_backward_[layer_id]);
  }
  // Blobs nobody consumed are the net's outputs.
  for (const string& blob_name : available_blobs) {
    LOG_IF(INFO, Caffe::root_solver())
        << "This network produces output " << blob_name;
    const int blob_id = blob_name_to_idx[blob_name];
    net_output_blobs_.push_back(blobs_[blob_id].get());
    net_output_blob_indices_.push_back(blob_id);
  }
  for (size_t blob_id = 0; blob_id < blob_names_.size(); ++blob_id) {
    blob_names_index_[blob_names_[blob_id]] = blob_id;
  }
  for (size_t layer_id = 0; layer_id < layer_names_.size(); ++layer_id) {
    layer_names_index_[layer_names_[layer_id]] = layer_id;
  }
  ShareWeights();
  debug_info_ = param.debug_info();
  LOG_IF(INFO, Caffe::root_solver()) << "Network initialization done.";
}

template <typename Dtype>
void Net<Dtype>::FilterNet(const NetParameter& param,
                           NetParameter* param_filtered) {
  const NetState& net_state = param.state();
  param_filtered->CopyFrom(param);
  param_filtered->clear_layer();
  for (const LayerParameter& layer_param : param.layer()) {
    if (layer_param.include_size() > 0 && layer_param.exclude_size() > 0) {
      throw Error("specify either include rules or exclude rules, not both")
          .set_layer(layer_param.name(), layer_param.type());
    }
    // Without include rules a layer is in unless an exclude rule matches;
    // with them it is out unless one matches.
    bool included = layer_param.include_size() == 0;
    for (const NetStateRule& rule : layer_param.exclude()) {
      if (!included) break;
      if (StateMeetsRule(net_state, rule, layer_param.name())) included = false;
    }
    for (const NetStateRule& rule : layer_param.include()) {
      if (included) break;
      if (StateMeetsRule(net_state, rule, layer_param.name())) included = true;
    }
    if (included) param_filtered->add_layer()->CopyFrom(layer_param);
  }
}

template <typename Dtype>
bool Net<Dtype>::StateMeetsRule(const NetState& state, const NetStateRule& rule,
                                const string& layer_name) {
  if (rule.has_phase() && rule.phase() != state.phase()) {
    LOG_IF(INFO, Caffe::root_solver())
        << "The NetState phase (" << Phase_Name(state.phase())
        << ") differed from the phase (" << Phase_Name(rule.phase())
        << ") specified by a rule in layer " << layer_name;
    return false;
  }
  if (rule.has_min_level() && state.level() < rule.min_level()) {
    LOG_IF(INFO, Caffe::root_solver())
        << "The NetState level (" << state.level()
        << ") is below the min_level (" << rule.min_level()
        << ") specified by a rule in layer " << layer_name;
    return false;
  }
  if (rule.has_max_level() && state.level() > rule.max_level()) {
    LOG_IF(INFO, Caffe::root_solver())
        << "The NetState level (" << state.level()
        << ") is above the max_level (" << rule.max_level()
        << ") specified by a rule in layer " << layer_name;
    return false;
  }
  const auto has_stage = [&state](const string& stage) {
    return std::find(state.stage().begin(), state.stage().end(), stage) !=
           state.stage().end();
  };
  // The state must hold every stage of the rule and none of its not_stages.
  for (const string& stage : rule.stage()) {
    if (!has_stage(stage)) {
      LOG_IF(INFO, Caffe::root_solver())
          << "The NetState did not contain stage '" << stage
          << "' specified by a rule in layer " << layer_name;
      return false;
    }
  }
  for (const string& stage : rule.not_stage()) {
    if (has_stage(stage)) {
      LOG_IF(INFO, Caffe::root_solver())
          << "The NetState contained a not_stage '" << stage
          << "' specified by a rule in layer " << layer_name;
      return false;
    }
  }
  return true;
}

template <typename Dtype>
void Net<Dtype>::AppendTop(const NetParameter& param, const int layer_id,
                           const int top_id, set<string>* available_blobs,
                           map<string, int>* blob_name_to_idx) {
  const LayerParameter& layer_param = param.layer(layer_id);
  const string blob_name = layer_param.top_size() > top_id
                               ? layer_param.top(top_id)
                               : string("(automatic)");
  // A top named like the bottom in the same position computes in place.
  if (blob_name_to_idx && layer_param.bottom_size() > top_id &&
      blob_name == layer_param.bottom(top_id)) {
    LOG_IF(INFO, Caffe::root_solver())
        << layer_param.name() << " -> " << blob_name << " (in-place)";
    const int blob_id = (*blob_name_to_idx)[blob_name];
    top_vecs_[layer_id].push_back(blobs_[blob_id].get());
    top_id_vecs_[layer_id].push_back(blob_id);
  } else if (blob_name_to_idx &&
             blob_name_to_idx->find(blob_name) != blob_name_to_idx->end()) {
    const int blob_id = (*blob_name_to_idx)[blob_name];
    // Produced by an earlier layer, or else by this one's earlier tops.
    int producer = layer_id;
    for (int i = 0; i < layer_id && producer == layer_id; ++i) {
      const vector<int>& ids = top_id_vecs_[i];
      if (std::find(ids.begin(), ids.end(), blob_id) != ids.end()) {
        producer = i;
      }
    }
    CAFFE_REQUIRE(producer < layer_id)
        << "top blob \"" << blob_name << "\" is named twice among the layer's "
        << "tops";
    CAFFE_THROW() << "top blob \"" << blob_name
                  << "\" is already produced by layer \""
                  << layer_names_[producer]
                  << "\" (a top may reuse a name only in place, as the "
                  << "bottom at the same position)";
  } else {
    LOG_IF(INFO, Caffe::root_solver())
        << layer_param.name() << " -> " << blob_name;
    shared_ptr<Blob<Dtype> > blob_pointer(new Blob<Dtype>());
    const int blob_id = static_cast<int>(blobs_.size());
    blobs_.push_back(blob_pointer);
    blob_names_.push_back(blob_name);
    blob_need_backward_.push_back(false);
    if (blob_name_to_idx) (*blob_name_to_idx)[blob_name] = blob_id;
    top_id_vecs_[layer_id].push_back(blob_id);
    top_vecs_[layer_id].push_back(blob_pointer.get());
  }
  if (available_blobs) available_blobs->insert(blob_name);
}

template <typename Dtype>
int Net<Dtype>::AppendBottom(const NetParameter& param, const int layer_id,
                             const int bottom_id, set<string>* available_blobs,
                             map<string, int>* blob_name_to_idx) {
  const LayerParameter& layer_param = param.layer(layer_id);
  const string& blob_name = layer_param.bottom(bottom_id);
  CAFFE_REQUIRE(available_blobs->count(blob_name))
      << "unknown bottom blob \"" << blob_name
      << "\" (no earlier layer produces it)";
  const int blob_id = (*blob_name_to_idx)[blob_name];
  LOG_IF(INFO, Caffe::root_solver())
      << layer_names_[layer_id] << " <- " << blob_name;
  bottom_vecs_[layer_id].push_back(blobs_[blob_id].get());
  bottom_id_vecs_[layer_id].push_back(blob_id);
  available_blobs->erase(blob_name);
  bool need_backward = blob_need_backward_[blob_id];
  // An explicit propagate_down overrides what the graph implies.
  if (layer_param.propagate_down_size() > 0) {
    need_backward = layer_param.propagate_down(bottom_id);
  }
  bottom_need_backward_[layer_id].push_back(need_backward);
  return blob_id;
}

template <typename Dtype>
void Net<Dtype>::AppendParam(const NetParameter& param, const int layer_id,
                             const int param_id) {
  const LayerParameter& layer_param = layers_[layer_id]->layer_param();
  const int param_size = layer_param.param_size();
  const string param_name =
      param_size > param_id ? layer_param.param(param_id).name() : "";
  param_display_names_.push_back(param_name.empty() ? StrCat(param_id)
                                                    : param_name);
  const int net_param_id = static_cast<int>(params_.size());
  params_.push_back(layers_[layer_id]->blobs()[param_id]);
  param_id_vecs_[layer_id].push_back(net_param_id);
  param_layer_indices_.push_back(make_pair(layer_id, param_id));
  const ParamSpec default_param_spec;
  const ParamSpec& param_spec =
      param_size > param_id ? layer_param.param(param_id) : default_param_spec;
  auto owner = param_names_index_.find(param_name);
  if (param_name.empty() || owner == param_names_index_.end()) {
    // An unnamed parameter, or the first use of a name, owns its blob.
    param_owners_.push_back(-1);
    if (!param_name.empty()) param_names_index_[param_name] = net_param_id;
    const int learnable_param_id = static_cast<int>(learnable_params_.size());
    learnable_params_.push_back(params_[net_param_id].get());
    learnable_param_ids_.push_back(learnable_param_id);
    has_params_lr_.push_back(param_spec.has_lr_mult());
    has_params_decay_.push_back(param_spec.has_decay_mult());
    params_lr_.push_back(param_spec.lr_mult());
    params_weight_decay_.push_back(param_spec.decay_mult());
    return;
  }
  const int owner_net_param_id = owner->second;
  param_owners_.push_back(owner_net_param_id);
  const int owner_layer_id = param_layer_indices_[owner_net_param_id].first;
  const int owner_param_id = param_layer_indices_[owner_net_param_id].second;
  LOG_IF(INFO, Caffe::root_solver())
      << "Sharing parameters '" << param_name << "' owned by layer '"
      << layer_names_[owner_layer_id] << "', param index " << owner_param_id;
  const Blob<Dtype>* this_blob = layers_[layer_id]->blobs()[param_id].get();
  const Blob<Dtype>* owner_blob =
      layers_[owner_layer_id]->blobs()[owner_param_id].get();
  if (param_spec.share_mode() == ParamSpec_DimCheckMode_PERMISSIVE) {
    CAFFE_REQUIRE(this_blob->count() == owner_blob->count())
        << "cannot share param \"" << param_name << "\" owned by layer \""
        << layer_names_[owner_layer_id] << "\": count mismatch (owner shape "
        << owner_blob->shape_string() << ", this layer's shape "
        << this_blob->shape_string() << ")";
  } else {
    CAFFE_REQUIRE(this_blob->shape() == owner_blob->shape())
        << "cannot share param \"" << param_name << "\" owned by layer \""
        << layer_names_[owner_layer_id] << "\": shape mismatch (owner shape "
        << owner_blob->shape_string() << ", this layer's shape "
        << this_blob->shape_string()
        << "; share_mode: PERMISSIVE only requires equal counts)";
  }
  const int learnable_param_id = learnable_param_ids_[owner_net_param_id];
  learnable_param_ids_.push_back(learnable_param_id);
  // Multipliers given on any use apply to the shared blob; two different
  // values are a contradiction.
  if (param_spec.has_lr_mult()) {
    if (has_params_lr_[learnable_param_id]) {
      CAFFE_REQUIRE(param_spec.lr_mult() == params_lr_[learnable_param_id])
          << "shared param \"" << param_name << "\" has mismatched lr_mult ("
          << params_lr_[learnable_param_id] << " and " << param_spec.lr_mult()
          << ")";
    } else {
      has_params_lr_[learnable_param_id] = true;
      params_lr_[learnable_param_id] = param_spec.lr_mult();
    }
  }
  if (param_spec.has_decay_mult()) {
    if (has_params_decay_[learnable_param_id]) {
      CAFFE_REQUIRE(param_spec.decay_mult() ==
                    params_weight_decay_[learnable_param_id])
          << "shared param \"" << param_name << "\" has mismatched decay_mult ("
          << params_weight_decay_[learnable_param_id] << " and "
          << param_spec.decay_mult() << ")";
    } else {
      has_params_decay_[learnable_param_id] = true;
      params_weight_decay_[learnable_param_id] = param_spec.decay_mult();
    }
  }
}

template <typename Dtype>
Dtype Net<Dtype>::ForwardFromTo(int start, int end) {
  CHECK_GE(start, 0);
  CHECK_LT(end, static_cast<int>(layers_.size()));
  ScopedExecution scope(*context_);
  Dtype loss = 0;
  for (int i = start; i <= end; ++i) {
    for (Callback* callback : before_forward_) callback->run(i);
    try {
      loss += layers_[i]->Forward(bottom_vecs_[i], top_vecs_[i]);
    } catch (Error& error) {
      AddLayerContext(*this, i, &error);
      throw;
    }
    if (debug_info_) ForwardDebugInfo(i);
    for (Callback* callback : after_forward_) callback->run(i);
  }
  return loss;
}

template <typename Dtype>
Dtype Net<Dtype>::ForwardFrom(int start) {
  return ForwardFromTo(start, static_cast<int>(layers_.size()) - 1);
}

template <typename Dtype>
Dtype Net<Dtype>::ForwardTo(int end) {
  return ForwardFromTo(0, end);
}

template <typename Dtype>
const vector<Blob<Dtype>*>& Net<Dtype>::Forward(Dtype* loss) {
  const Dtype total = ForwardFromTo(0, static_cast<int>(layers_.size()) - 1);
  if (loss != nullptr) *loss = total;
  return net_output_blobs_;
}

template <typename Dtype>
const vector<Blob<Dtype>*>& Net<Dtype>::Forward(
    const vector<Blob<Dtype>*>& bottom, Dtype* loss) {
  LOG_EVERY_N(WARNING, 1000) << "DEPRECATED: Forward(bottom, loss) "
                             << "will be removed in a future version. Use "
                             << "Forward(loss).";
  CAFFE_REQUIRE(bottom.size() == net_input_blobs_.size())
      << "Forward was given " << bottom.size() << " input blob(s), but net \""
      << name_ << "\" has " << net_input_blobs_.size();
  for (size_t i = 0; i < bottom.size(); ++i) {
    net_input_blobs_[i]->CopyFrom(*bottom[i]);
  }
  return Forward(loss);
}

template <typename Dtype>
void Net<Dtype>::BackwardFromTo(int start, int end) {
  CHECK_GE(end, 0);
  CHECK_LT(start, static_cast<int>(layers_.size()));
  ScopedExecution scope(*context_);
  for (int i = start; i >= end; --i) {
    for (Callback* callback : before_backward_) callback->run(i);
    if (layer_need_backward_[i]) {
      try {
        layers_[i]->Backward(top_vecs_[i], bottom_need_backward_[i],
                             bottom_vecs_[i]);
      } catch (Error& error) {
        AddLayerContext(*this, i, &error);
        throw;
      }
      if (debug_info_) BackwardDebugInfo(i);
    }
    for (Callback* callback : after_backward_) callback->run(i);
  }
}

template <typename Dtype>
void Net<Dtype>::BackwardFrom(int start) {
  BackwardFromTo(start, 0);
}

template <typename Dtype>
void Net<Dtype>::BackwardTo(int end) {
  BackwardFromTo(static_cast<int>(layers_.size()) - 1, end);
}

template <typename Dtype>
void Net<Dtype>::Backward() {
  BackwardFromTo(static_cast<int>(layers_.size()) - 1, 0);
  if (!debug_info_) return;
  Dtype asum_data = 0, asum_diff = 0, sumsq_data = 0, sumsq_diff = 0;
  for (const Blob<Dtype>* param : learnable_params_) {
    asum_data += param->asum_data();
    asum_diff += param->asum_diff();
    sumsq_data += param->sumsq_data();
    sumsq_diff += param->sumsq_diff();
  }
  LOG(INFO) << "    [Backward] All net params (data, diff): "
            << "L1 norm = (" << asum_data << ", " << asum_diff << "); "
            << "L2 norm = (" << std::sqrt(sumsq_data) << ", "
            << std::sqrt(sumsq_diff) << ")";
}

template <typename Dtype>
void Net<Dtype>::ForwardDebugInfo(const int layer_id) {
  for (size_t top_id = 0; top_id < top_vecs_[layer_id].size(); ++top_id) {
    const Blob<Dtype>& blob = *top_vecs_[layer_id][top_id];
    const string& blob_name = blob_names_[top_id_vecs_[layer_id][top_id]];
    LOG_IF(INFO, Caffe::root_solver())
        << "    [Forward] Layer " << layer_names_[layer_id] << ", top blob "
        << blob_name << " data: " << blob.asum_data() / blob.count();
  }
  const vector<shared_ptr<Blob<Dtype> > >& params = layers_[layer_id]->blobs();
  for (size_t param_id = 0; param_id < params.size(); ++param_id) {
    const Blob<Dtype>& blob = *params[param_id];
    const int net_param_id = param_id_vecs_[layer_id][param_id];
    LOG_IF(INFO, Caffe::root_solver())
        << "    [Forward] Layer " << layer_names_[layer_id] << ", param blob "
        << param_display_names_[net_param_id]
        << " data: " << blob.asum_data() / blob.count();
  }
}

template <typename Dtype>
void Net<Dtype>::BackwardDebugInfo(const int layer_id) {
  const vector<Blob<Dtype>*>& bottom_vec = bottom_vecs_[layer_id];
  for (size_t bottom_id = 0; bottom_id < bottom_vec.size(); ++bottom_id) {
    if (!bottom_need_backward_[layer_id][bottom_id]) continue;
    const Blob<Dtype>& blob = *bottom_vec[bottom_id];
    const string& blob_name = blob_names_[bottom_id_vecs_[layer_id][bottom_id]];
    LOG_IF(INFO, Caffe::root_solver())
        << "    [Backward] Layer " << layer_names_[layer_id] << ", bottom blob "
        << blob_name << " diff: " << blob.asum_diff() / blob.count();
  }
  const vector<shared_ptr<Blob<Dtype> > >& params = layers_[layer_id]->blobs();
  for (size_t param_id = 0; param_id < params.size(); ++param_id) {
    if (!layers_[layer_id]->param_propagate_down(param_id)) continue;
    const Blob<Dtype>& blob = *params[param_id];
    LOG_IF(INFO, Caffe::root_solver())
        << "    [Backward] Layer " << layer_names_[layer_id] << ", param blob "
        << param_id << " diff: " << blob.asum_diff() / blob.count();
  }
}

template <typename Dtype>
void Net<Dtype>::UpdateDebugInfo(const int param_id) {
  const Blob<Dtype>& blob = *params_[param_id];
  const int param_owner = param_owners_[param_id];
  const string& layer_name = layer_names_[param_layer_indices_[param_id].first];
  const string& param_display_name = param_display_names_[param_id];
  const Dtype diff_abs_val_mean = blob.asum_diff() / blob.count();
  if (param_owner < 0) {
    LOG_IF(INFO, Caffe::root_solver())
        << "    [Update] Layer " << layer_name << ", param "
        << param_display_name << " data: " << blob.asum_data() / blob.count()
        << "; diff: " << diff_abs_val_mean;
  } else {
    const string& owner_layer_name =
        layer_names_[param_layer_indices_[param_owner].first];
    LOG_IF(INFO, Caffe::root_solver())
        << "    [Update] Layer " << layer_name << ", param blob "
        << param_display_name << " (owned by layer " << owner_layer_name
        << ", param " << param_display_names_[param_owner] << ")"
        << " diff: " << diff_abs_val_mean;
  }
}

template <typename Dtype>
void Net<Dtype>::Reshape() {
  ScopedExecution scope(*context_);
  for (size_t i = 0; i < layers_.size(); ++i) {
    try {
      layers_[i]->Replan(bottom_vecs_[i], top_vecs_[i]);
    } catch (Error& error) {
      AddLayerContext(*this, static_cast<int>(i), &error);
      throw;
    }
  }
}

template <typename Dtype>
void Net<Dtype>::ClearParamDiffs() {
  for (Blob<Dtype>* blob : learnable_params_) {
    switch (context_->mode()) {
      case Caffe::CPU:
        caffe_set(blob->count(), Dtype(0), blob->mutable_cpu_diff());
        break;
      case Caffe::GPU:
#ifndef CPU_ONLY
        caffe_gpu_set(blob->count(), Dtype(0), blob->mutable_gpu_diff());
#else
        NO_GPU;
#endif
        break;
    }
  }
}

template <typename Dtype>
void Net<Dtype>::Update() {
  for (Blob<Dtype>* blob : learnable_params_) blob->Update();
  if (!debug_info_) return;
  for (size_t param_id = 0; param_id < params_.size(); ++param_id) {
    UpdateDebugInfo(param_id);
  }
}

template <typename Dtype>
void Net<Dtype>::ShareWeights() {
  for (size_t i = 0; i < params_.size(); ++i) {
    if (param_owners_[i] < 0) continue;
    params_[i]->ShareData(*params_[param_owners_[i]]);
    params_[i]->ShareDiff(*params_[param_owners_[i]]);
  }
}

template <typename Dtype>
void Net<Dtype>::ShareTrainedLayersWith(const Net* other) {
  const int num_source_layers = static_cast<int>(other->layers().size());
  for (int i = 0; i < num_source_layers; ++i) {
    Layer<Dtype>* source_layer = other->layers()[i].get();
    const string& source_layer_name = other->layer_names()[i];
    auto target = layer_names_index_.find(source_layer_name);
    if (target == layer_names_index_.end()) {
      DLOG(INFO) << "Ignoring source layer " << source_layer_name;
      continue;
    }
    DLOG(INFO) << "Copying source layer " << source_layer_name;
    vector<shared_ptr<Blob<Dtype> > >& target_blobs =
        layers_[target->second]->blobs();
    const vector<shared_ptr<Blob<Dtype> > >& source_blobs =
        source_layer->blobs();
    CAFFE_REQUIRE(target_blobs.size() == source_blobs.size())
        << "layer \"" << source_layer_name << "\": the source net has "
        << source_blobs.size() << " weight blob(s) but this net has "
        << target_blobs.size();
    for (size_t j = 0; j < target_blobs.size(); ++j) {
      CAFFE_REQUIRE(target_blobs[j]->shape() == source_blobs[j]->shape())
          << "layer \"" << source_layer_name << "\": weight blob " << j
          << " has shape " << source_blobs[j]->shape_string()
          << " in the source net but " << target_blobs[j]->shape_string()
          << " in this net";
      target_blobs[j]->ShareData(*source_blobs[j]);
    }
  }
}

template <typename Dtype>
void Net<Dtype>::CopyTrainedLayersFrom(const NetParameter& param) {
  for (const LayerParameter& source_layer : param.layer()) {
    const string& source_layer_name = source_layer.name();
    auto target = layer_names_index_.find(source_layer_name);
    if (target == layer_names_index_.end()) {
      DLOG(INFO) << "Ignoring source layer " << source_layer_name;
      continue;
    }
    DLOG(INFO) << "Copying source layer " << source_layer_name;
    vector<shared_ptr<Blob<Dtype> > >& target_blobs =
        layers_[target->second]->blobs();
    CAFFE_REQUIRE(static_cast<int>(target_blobs.size()) ==
                  source_layer.blobs_size())
        << "layer \"" << source_layer_name << "\": the file has "
        << source_layer.blobs_size() << " weight blob(s) but the net's layer "
        << "has " << target_blobs.size()
        << " (rename the layer to learn it from scratch)";
    for (size_t j = 0; j < target_blobs.size(); ++j) {
      const BlobProto& source_blob = source_layer.blobs(j);
      CAFFE_REQUIRE(target_blobs[j]->ShapeEquals(source_blob))
          << "layer \"" << source_layer_name << "\": weight blob " << j
          << " has shape " << ShapeString(BlobProtoShape(source_blob))
          << " in the file but " << target_blobs[j]->shape_string()
          << " in the net (rename the layer to learn it from scratch)";
      try {
        target_blobs[j]->FromProto(source_blob, false);
      } catch (Error& error) {
        error.add_context(StrCat("layer \"", source_layer_name,
                                 "\": weight blob ", j));
        throw;
      }
    }
  }
}

template <typename Dtype>
void Net<Dtype>::CopyTrainedLayersFrom(const string& trained_filename) {
  const string suffix = ".h5";
  if (trained_filename.size() >= suffix.size() &&
      trained_filename.compare(trained_filename.size() - suffix.size(),
                               suffix.size(), suffix) == 0) {
    CopyTrainedLayersFromHDF5(trained_filename);
  } else {
    CopyTrainedLayersFromBinaryProto(trained_filename);
  }
}

template <typename Dtype>
void Net<Dtype>::CopyTrainedLayersFromBinaryProto(
    const string& trained_filename) {
  CheckFileReadable(trained_filename, "weights");
  NetParameter param;
  ReadNetParamsFromBinaryFileOrDie(trained_filename, &param);
  try {
    CopyTrainedLayersFrom(param);
  } catch (Error& error) {
    error.add_context(
        StrCat("cannot load weights from \"", trained_filename, "\""));
    throw;
  }
  vector<string> file_layer_names;
  for (const LayerParameter& layer : param.layer()) {
    file_layer_names.push_back(layer.name());
  }
  ReportCopiedLayers(file_layer_names, trained_filename);
}

template <typename Dtype>
void Net<Dtype>::ToProto(NetParameter* param, bool write_diff) const {
  param->Clear();
  param->set_name(name_);
  for (const shared_ptr<Layer<Dtype> >& layer : layers_) {
    layer->ToProto(param->add_layer(), write_diff);
  }
}

template <typename Dtype>
bool Net<Dtype>::has_blob(const string& blob_name) const {
  return blob_names_index_.count(blob_name) > 0;
}

template <typename Dtype>
const shared_ptr<Blob<Dtype> > Net<Dtype>::blob_by_name(
    const string& blob_name) const {
  return FindByName(blob_names_index_, blobs_, blob_name, "blob");
}

template <typename Dtype>
bool Net<Dtype>::has_layer(const string& layer_name) const {
  return layer_names_index_.count(layer_name) > 0;
}

template <typename Dtype>
const shared_ptr<Layer<Dtype> > Net<Dtype>::layer_by_name(
    const string& layer_name) const {
  return FindByName(layer_names_index_, layers_, layer_name, "layer");
}

INSTANTIATE_CLASS(Net);

}  // namespace caffe

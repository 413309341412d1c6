#include "caffe/util/insert_splits.hpp"

#include <map>
#include <string>
#include <utility>

#include "caffe/common.hpp"

namespace caffe {

namespace {

// (layer index, top or bottom index within the layer)
typedef pair<int, int> BlobSlot;

}  // namespace

void InsertSplits(const NetParameter& param, NetParameter* param_split) {
  param_split->CopyFrom(param);
  param_split->clear_layer();
  // For each blob name, the top that wrote it most recently.
  map<string, BlobSlot> last_writer;
  // Which top each bottom reads, and how many readers each top has (a loss
  // counts as one more reader).
  map<BlobSlot, BlobSlot> bottom_source;
  map<BlobSlot, int> reader_count;
  map<BlobSlot, float> top_loss_weight;
  for (int i = 0; i < param.layer_size(); ++i) {
    const LayerParameter& layer = param.layer(i);
    for (int j = 0; j < layer.bottom_size(); ++j) {
      const string& blob_name = layer.bottom(j);
      auto writer = last_writer.find(blob_name);
      if (writer == last_writer.end()) {
        throw Error(StrCat("unknown bottom blob \"", blob_name,
                           "\" (no earlier layer produces it)"))
            .set_layer(layer.name(), layer.type());
      }
      bottom_source[BlobSlot(i, j)] = writer->second;
      ++reader_count[writer->second];
    }
    for (int j = 0; j < layer.top_size(); ++j) {
      const BlobSlot slot(i, j);
      last_writer[layer.top(j)] = slot;
      if (j < layer.loss_weight_size() && layer.loss_weight(j) != 0) {
        top_loss_weight[slot] = layer.loss_weight(j);
        ++reader_count[slot];
      }
    }
  }
  // Split tops already handed out, per source top.
  map<BlobSlot, int> next_split;
  for (int i = 0; i < param.layer_size(); ++i) {
    // Elements of a repeated message field stay put when more are added, so
    // this pointer survives the split layers appended below.
    LayerParameter* layer = param_split->add_layer();
    layer->CopyFrom(param.layer(i));
    for (int j = 0; j < layer->bottom_size(); ++j) {
      const BlobSlot source = bottom_source[BlobSlot(i, j)];
      if (reader_count[source] <= 1) continue;
      const string& source_layer = param.layer(source.first).name();
      layer->set_bottom(j, SplitBlobName(source_layer, layer->bottom(j),
                                         source.second, next_split[source]++));
    }
    for (int j = 0; j < layer->top_size(); ++j) {
      const BlobSlot slot(i, j);
      const int split_count = reader_count[slot];
      if (split_count <= 1) continue;
      auto loss = top_loss_weight.find(slot);
      const float loss_weight =
          loss == top_loss_weight.end() ? 0 : loss->second;
      ConfigureSplitLayer(layer->name(), layer->top(j), j, split_count,
                          loss_weight, param_split->add_layer());
      if (loss_weight != 0) {
        // The split's first top carries the loss instead of this layer.
        layer->clear_loss_weight();
        ++next_split[slot];
      }
    }
  }
}

void ConfigureSplitLayer(const string& layer_name, const string& blob_name,
                         const int blob_idx, const int split_count,
                         const float loss_weight,
                         LayerParameter* split_layer_param) {
  split_layer_param->Clear();
  split_layer_param->add_bottom(blob_name);
  split_layer_param->set_name(SplitLayerName(layer_name, blob_name, blob_idx));
  split_layer_param->set_type("Split");
  for (int k = 0; k < split_count; ++k) {
    split_layer_param->add_top(
        SplitBlobName(layer_name, blob_name, blob_idx, k));
    if (loss_weight != 0) {
      split_layer_param->add_loss_weight(k == 0 ? loss_weight : 0);
    }
  }
}

string SplitLayerName(const string& layer_name, const string& blob_name,
                      const int blob_idx) {
  return StrCat(blob_name, "_", layer_name, "_", blob_idx, "_split");
}

string SplitBlobName(const string& layer_name, const string& blob_name,
                     const int blob_idx, const int split_idx) {
  return StrCat(blob_name, "_", layer_name, "_", blob_idx, "_split_",
                split_idx);
}

}  // namespace caffe

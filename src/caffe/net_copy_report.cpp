// What a weights file gave the net, told the same way for the binary and the
// HDF5 layouts. Weights are matched by layer name and unmatched layers are
// skipped, so without this report an empty file (a failed download) or the
// weights of another net would silently train or score from the fillers.

#include <set>
#include <string>
#include <vector>

#include "caffe/net.hpp"

namespace caffe {

namespace {

// "conv1, conv2, ip1", cut after a few names so that a deep net's list
// stays readable in one log line.
string NameList(const vector<string>& names) {
  const size_t kShown = 10;
  string list;
  for (size_t i = 0; i < names.size() && i < kShown; ++i) {
    list += (i ? ", " : "") + names[i];
  }
  if (names.size() > kShown) {
    list += StrCat(", ... (", names.size(), " in all)");
  }
  return list;
}

}  // namespace

template <typename Dtype>
void Net<Dtype>::ReportCopiedLayers(const vector<string>& file_layer_names,
                                    const string& weights_file) const {
  const std::set<string> in_file(file_layer_names.begin(),
                                 file_layer_names.end());
  vector<string> learnable;
  vector<string> missing;
  for (size_t i = 0; i < layers_.size(); ++i) {
    if (layers_[i]->blobs().empty()) continue;
    learnable.push_back(layer_names_[i]);
    if (in_file.count(layer_names_[i]) == 0) {
      missing.push_back(layer_names_[i]);
    }
  }
  if (learnable.empty()) {
    LOG(INFO) << "The net has no learnable layers; nothing to copy from "
              << weights_file;
    return;
  }
  // A data layer's name matches almost any file, so only learnable layers
  // count as a match.
  if (missing.size() == learnable.size()) {
    Error error(StrCat(
        "no weights for any of the net's ", learnable.size(),
        " learnable layer(s) (", NameList(learnable), "): ",
        file_layer_names.empty()
            ? "the file holds no layers (an empty file or a failed download?)"
            : StrCat("the file's layers are ", NameList(file_layer_names),
                     "; weights are copied to the layers of the same name")));
    error.set_file(weights_file);
    throw error;
  }
  LOG(INFO) << "Copied weights for " << learnable.size() - missing.size()
            << " of " << learnable.size() << " learnable layers from "
            << weights_file;
  LOG_IF(WARNING, !missing.empty())
      << weights_file << " has no weights for the learnable layer(s) "
      << NameList(missing) << "; they keep the values they had";
}

template void Net<float>::ReportCopiedLayers(const vector<string>&,
                                             const string&) const;
template void Net<double>::ReportCopiedLayers(const vector<string>&,
                                              const string&) const;

}  // namespace caffe

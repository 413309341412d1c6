#ifndef CAFFE_UTIL_INSERT_SPLITS_HPP_
#define CAFFE_UTIL_INSERT_SPLITS_HPP_

#include <string>

#include "caffe/proto/caffe.pb.h"

namespace caffe {

// Copies param to param_split, inserting a Split layer after every blob that
// more than one layer reads (or that is read and also a loss), so that each
// consumer gets its own top and the gradients are summed in one place. A
// loss_weight on a split blob moves to a dedicated split top.
void InsertSplits(const NetParameter& param, NetParameter* param_split);

// Appends to split_layer_param a Split layer for blob_name (produced by layer
// layer_name as its top blob_idx) with split_count tops.
void ConfigureSplitLayer(const std::string& layer_name,
                         const std::string& blob_name, const int blob_idx,
                         const int split_count, const float loss_weight,
                         LayerParameter* split_layer_param);

// "<blob>_<layer>_<index>_split"
std::string SplitLayerName(const std::string& layer_name,
                           const std::string& blob_name, const int blob_idx);

// "<blob>_<layer>_<index>_split_<k>"
std::string SplitBlobName(const std::string& layer_name,
                          const std::string& blob_name, const int blob_idx,
                          const int split_idx);

}  // namespace caffe

#endif  // CAFFE_UTIL_INSERT_SPLITS_HPP_

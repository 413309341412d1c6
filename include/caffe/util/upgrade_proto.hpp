#ifndef CAFFE_UTIL_UPGRADE_PROTO_HPP_
#define CAFFE_UTIL_UPGRADE_PROTO_HPP_

#include <string>

#include "caffe/common.hpp"
#include "caffe/proto/caffe.pb.h"

namespace caffe {

// Reads a net definition, upgrading legacy forms; throws caffe::Error with
// file:line:column for a syntax error and with the path for a missing file.
void ReadNetParamsFromTextFileOrDie(const string& param_file,
                                    NetParameter* param);
void ReadNetParamsFromBinaryFileOrDie(const string& param_file,
                                      NetParameter* param);
void ReadSolverParamsFromTextFileOrDie(const string& param_file,
                                       SolverParameter* param);

// Whether param uses any legacy form (V0/V1 layers, net-level inputs, old
// data-transformation fields, old BatchNorm params).
bool NetNeedsUpgrade(const NetParameter& net_param);
// Upgrades in place, logging what changed; returns false (with an error
// logged) if part of it could not be upgraded. param_file labels the log.
bool UpgradeNetAsNeeded(const string& param_file, NetParameter* param);

// net-level input / input_dim / input_shape become an Input layer.
bool NetNeedsInputUpgrade(const NetParameter& net_param);
void UpgradeNetInput(NetParameter* net_param);

bool NetNeedsV0ToV1Upgrade(const NetParameter& net_param);
bool NetNeedsV1ToV2Upgrade(const NetParameter& net_param);
bool NetNeedsDataUpgrade(const NetParameter& net_param);
bool NetNeedsBatchNormUpgrade(const NetParameter& net_param);

// The steps UpgradeNetAsNeeded takes, for tools that run them one by one.
// V0 (layers { layer { type: "conv" } }) to V1: padding layers are merged
// into the conv/pool layers they feed, then each layer is converted. Returns
// false (with errors logged) for fields that have no V1 place; an unknown V0
// type or an unusable padding layer throws caffe::Error.
bool UpgradeV0Net(const NetParameter& v0_net_param, NetParameter* net_param);
void UpgradeV0PaddingLayers(const NetParameter& param,
                            NetParameter* param_upgraded_pad);
bool UpgradeV0LayerParameter(const V1LayerParameter& v0_layer_connection,
                             V1LayerParameter* layer_param);
V1LayerParameter_LayerType UpgradeV0LayerType(const string& type);
// Moves V1 data layers' scale, mean_file, crop_size and mirror into
// transform_param.
void UpgradeNetDataTransformation(NetParameter* net_param);
// Converts every V1 `layers` entry to a `layer`; false (with errors logged)
// where something had no V2 equivalent. A net that also has V2 `layer`
// entries throws caffe::Error, as Caffe refuses it.
bool UpgradeV1Net(const NetParameter& v1_net_param, NetParameter* net_param);
bool UpgradeV1LayerParameter(const V1LayerParameter& v1_layer_param,
                             LayerParameter* layer_param);
// The V2 type string of a V1 type ("Convolution" for CONVOLUTION).
const char* UpgradeV1LayerType(const V1LayerParameter_LayerType type);
// Drops the three lr_mult: 0 param specs old BatchNorm definitions carried.
void UpgradeNetBatchNorm(NetParameter* net_param);

// solver_type enum becomes the type string.
bool SolverNeedsTypeUpgrade(const SolverParameter& solver_param);
// Throws caffe::Error if both solver_type and type are given.
bool UpgradeSolverType(SolverParameter* solver_param);
bool UpgradeSolverAsNeeded(const string& param_file, SolverParameter* param);

// The upgrade tools' work: read a net (prototxt, or binary .caffemodel when
// binary is true) or a solver prototxt, upgrade every legacy form, write it
// in the same format. Throws caffe::Error naming the file when it cannot be
// read, holds no net, or cannot be fully upgraded.
void UpgradeNetFile(const string& input_file, const string& output_file,
                    bool binary);
void UpgradeSolverFile(const string& input_file, const string& output_file);

}  // namespace caffe

#endif  // CAFFE_UTIL_UPGRADE_PROTO_HPP_

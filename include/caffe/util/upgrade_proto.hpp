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

// solver_type enum becomes the type string.
bool SolverNeedsTypeUpgrade(const SolverParameter& solver_param);
bool UpgradeSolverAsNeeded(const string& param_file, SolverParameter* param);

}  // namespace caffe

#endif  // CAFFE_UTIL_UPGRADE_PROTO_HPP_

#include "caffe/util/upgrade_proto.hpp"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "caffe/common.hpp"
#include "caffe/util/io.hpp"

namespace caffe {

using google::protobuf::FieldDescriptor;
using google::protobuf::Reflection;

namespace {

// The V2 type string of each V1 layer type enum.
const map<V1LayerParameter::LayerType, const char*>& V1TypeNames() {
  static const map<V1LayerParameter::LayerType, const char*> names = {
      {V1LayerParameter::NONE, ""},
      {V1LayerParameter::ABSVAL, "AbsVal"},
      {V1LayerParameter::ACCURACY, "Accuracy"},
      {V1LayerParameter::ARGMAX, "ArgMax"},
      {V1LayerParameter::BNLL, "BNLL"},
      {V1LayerParameter::CONCAT, "Concat"},
      {V1LayerParameter::CONTRASTIVE_LOSS, "ContrastiveLoss"},
      {V1LayerParameter::CONVOLUTION, "Convolution"},
      {V1LayerParameter::DATA, "Data"},
      {V1LayerParameter::DECONVOLUTION, "Deconvolution"},
      {V1LayerParameter::DROPOUT, "Dropout"},
      {V1LayerParameter::DUMMY_DATA, "DummyData"},
      {V1LayerParameter::EUCLIDEAN_LOSS, "EuclideanLoss"},
      {V1LayerParameter::ELTWISE, "Eltwise"},
      {V1LayerParameter::EXP, "Exp"},
      {V1LayerParameter::FLATTEN, "Flatten"},
      {V1LayerParameter::HDF5_DATA, "HDF5Data"},
      {V1LayerParameter::HDF5_OUTPUT, "HDF5Output"},
      {V1LayerParameter::HINGE_LOSS, "HingeLoss"},
      {V1LayerParameter::IM2COL, "Im2col"},
      {V1LayerParameter::IMAGE_DATA, "ImageData"},
      {V1LayerParameter::INFOGAIN_LOSS, "InfogainLoss"},
      {V1LayerParameter::INNER_PRODUCT, "InnerProduct"},
      {V1LayerParameter::LRN, "LRN"},
      {V1LayerParameter::MEMORY_DATA, "MemoryData"},
      {V1LayerParameter::MULTINOMIAL_LOGISTIC_LOSS, "MultinomialLogisticLoss"},
      {V1LayerParameter::MVN, "MVN"},
      {V1LayerParameter::POOLING, "Pooling"},
      {V1LayerParameter::POWER, "Power"},
      {V1LayerParameter::RELU, "ReLU"},
      {V1LayerParameter::SIGMOID, "Sigmoid"},
      {V1LayerParameter::SIGMOID_CROSS_ENTROPY_LOSS, "SigmoidCrossEntropyLoss"},
      {V1LayerParameter::SILENCE, "Silence"},
      {V1LayerParameter::SOFTMAX, "Softmax"},
      {V1LayerParameter::SOFTMAX_LOSS, "SoftmaxWithLoss"},
      {V1LayerParameter::SPLIT, "Split"},
      {V1LayerParameter::SLICE, "Slice"},
      {V1LayerParameter::TANH, "TanH"},
      {V1LayerParameter::WINDOW_DATA, "WindowData"},
      {V1LayerParameter::THRESHOLD, "Threshold"},
  };
  return names;
}

// Fields of V1LayerParameter handled one by one in UpgradeV1Layer; every
// other set field must be a *_param message that LayerParameter has too.
bool IsV1CoreField(const string& name) {
  static const std::set<string> core = {
      "bottom",       "top",         "name",  "include",         "exclude",
      "type",         "blobs",       "param", "blob_share_mode", "blobs_lr",
      "weight_decay", "loss_weight", "layer"};
  return core.count(name) > 0;
}

// Returns the ParamSpec for blob i of layer, adding empty ones as needed.
ParamSpec* ParamSpecAt(LayerParameter* layer, int i) {
  while (layer->param_size() <= i) layer->add_param();
  return layer->mutable_param(i);
}

}  // namespace

bool UpgradeV1LayerParameter(const V1LayerParameter& v1,
                             LayerParameter* layer) {
  layer->Clear();
  bool fully_compatible = true;
  *layer->mutable_bottom() = v1.bottom();
  *layer->mutable_top() = v1.top();
  layer->set_name(v1.name());
  *layer->mutable_include() = v1.include();
  *layer->mutable_exclude() = v1.exclude();
  if (v1.has_type()) layer->set_type(UpgradeV1LayerType(v1.type()));
  *layer->mutable_blobs() = v1.blobs();
  for (int i = 0; i < v1.param_size(); ++i) {
    ParamSpecAt(layer, i)->set_name(v1.param(i));
  }
  for (int i = 0; i < v1.blob_share_mode_size(); ++i) {
    ParamSpecAt(layer, i)->set_share_mode(v1.blob_share_mode(i) ==
                                                  V1LayerParameter::PERMISSIVE
                                              ? ParamSpec::PERMISSIVE
                                              : ParamSpec::STRICT);
  }
  for (int i = 0; i < v1.blobs_lr_size(); ++i) {
    ParamSpecAt(layer, i)->set_lr_mult(v1.blobs_lr(i));
  }
  for (int i = 0; i < v1.weight_decay_size(); ++i) {
    ParamSpecAt(layer, i)->set_decay_mult(v1.weight_decay(i));
  }
  *layer->mutable_loss_weight() = v1.loss_weight();
  if (v1.has_layer()) {
    LOG(ERROR) << "layer \"" << v1.name() << "\" holds a V0 layer definition, "
               << "which cannot be upgraded";
    fully_compatible = false;
  }
  // The *_param messages have the same names and types in both versions.
  const Reflection* v1_reflection = v1.GetReflection();
  const Reflection* reflection = layer->GetReflection();
  vector<const FieldDescriptor*> fields;
  v1_reflection->ListFields(v1, &fields);
  for (const FieldDescriptor* field : fields) {
    if (IsV1CoreField(field->name())) continue;
    const FieldDescriptor* target =
        layer->GetDescriptor()->FindFieldByName(field->name());
    if (target == nullptr ||
        field->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE ||
        target->message_type() != field->message_type() ||
        field->is_repeated() || target->is_repeated()) {
      LOG(ERROR) << "layer \"" << v1.name() << "\": V1 field " << field->name()
                 << " has no V2 equivalent; dropped";
      fully_compatible = false;
      continue;
    }
    reflection->MutableMessage(layer, target)
        ->CopyFrom(v1_reflection->GetMessage(v1, field));
  }
  return fully_compatible;
}

namespace {

// Moves a V1 data layer's legacy transformation fields (scale, mean_file,
// crop_size, mirror) from its *_param into transform_param.
void MoveTransformFields(V1LayerParameter* v1, const string& param_field) {
  const Reflection* reflection = v1->GetReflection();
  const FieldDescriptor* field =
      v1->GetDescriptor()->FindFieldByName(param_field);
  if (!reflection->HasField(*v1, field)) return;
  google::protobuf::Message* source = reflection->MutableMessage(v1, field);
  google::protobuf::Message* transform = v1->mutable_transform_param();
  const Reflection* source_reflection = source->GetReflection();
  const Reflection* transform_reflection = transform->GetReflection();
  for (const char* name : {"scale", "mean_file", "crop_size", "mirror"}) {
    const FieldDescriptor* from =
        source->GetDescriptor()->FindFieldByName(name);
    const FieldDescriptor* to =
        transform->GetDescriptor()->FindFieldByName(name);
    if (from == nullptr || !source_reflection->HasField(*source, from))
      continue;
    switch (from->cpp_type()) {
      case FieldDescriptor::CPPTYPE_FLOAT:
        transform_reflection->SetFloat(
            transform, to, source_reflection->GetFloat(*source, from));
        break;
      case FieldDescriptor::CPPTYPE_STRING:
        transform_reflection->SetString(
            transform, to, source_reflection->GetString(*source, from));
        break;
      case FieldDescriptor::CPPTYPE_UINT32:
        transform_reflection->SetUInt32(
            transform, to, source_reflection->GetUInt32(*source, from));
        break;
      case FieldDescriptor::CPPTYPE_BOOL:
        transform_reflection->SetBool(
            transform, to, source_reflection->GetBool(*source, from));
        break;
      default:
        LOG(FATAL) << "unexpected type of transformation field " << name;
    }
    source_reflection->ClearField(source, from);
  }
}

const char* const kV1DataParams[] = {"data_param", "image_data_param",
                                     "window_data_param"};

bool HasLegacyTransformFields(const V1LayerParameter& v1) {
  const Reflection* reflection = v1.GetReflection();
  for (const char* param_field : kV1DataParams) {
    const FieldDescriptor* field =
        v1.GetDescriptor()->FindFieldByName(param_field);
    if (!reflection->HasField(v1, field)) continue;
    const google::protobuf::Message& param = reflection->GetMessage(v1, field);
    for (const char* name : {"scale", "mean_file", "crop_size", "mirror"}) {
      const FieldDescriptor* legacy =
          param.GetDescriptor()->FindFieldByName(name);
      if (legacy && param.GetReflection()->HasField(param, legacy)) return true;
    }
  }
  return false;
}

}  // namespace

bool NetNeedsUpgrade(const NetParameter& net_param) {
  return NetNeedsV0ToV1Upgrade(net_param) || NetNeedsV1ToV2Upgrade(net_param) ||
         NetNeedsDataUpgrade(net_param) || NetNeedsInputUpgrade(net_param) ||
         NetNeedsBatchNormUpgrade(net_param);
}

bool NetNeedsV0ToV1Upgrade(const NetParameter& net_param) {
  for (const V1LayerParameter& v1 : net_param.layers()) {
    if (v1.has_layer()) return true;
  }
  return false;
}

bool NetNeedsV1ToV2Upgrade(const NetParameter& net_param) {
  return net_param.layers_size() > 0;
}

bool NetNeedsDataUpgrade(const NetParameter& net_param) {
  for (const V1LayerParameter& v1 : net_param.layers()) {
    if (HasLegacyTransformFields(v1)) return true;
  }
  return false;
}

bool NetNeedsInputUpgrade(const NetParameter& net_param) {
  return net_param.input_size() > 0;
}

bool NetNeedsBatchNormUpgrade(const NetParameter& net_param) {
  for (const LayerParameter& layer : net_param.layer()) {
    if (layer.type() == "BatchNorm" && layer.param_size() == 3) return true;
  }
  return false;
}

void UpgradeNetInput(NetParameter* net_param) {
  const int num_inputs = net_param->input_size();
  const bool has_shape = net_param->input_shape_size() > 0;
  const bool has_dim = net_param->input_dim_size() > 0;
  CAFFE_REQUIRE(!has_shape || net_param->input_shape_size() == num_inputs)
      << "net has " << num_inputs << " input(s) but "
      << net_param->input_shape_size() << " input_shape(s)";
  CAFFE_REQUIRE(!has_dim || net_param->input_dim_size() == 4 * num_inputs)
      << "net has " << num_inputs << " input(s) but "
      << net_param->input_dim_size() << " input_dim values (4 per input)";
  // An input without shape is a legacy caffemodel's record of its inputs;
  // dropping it is enough.
  if (has_shape || has_dim) {
    LayerParameter input_layer;
    input_layer.set_name("input");
    input_layer.set_type("Input");
    InputParameter* input_param = input_layer.mutable_input_param();
    for (int i = 0; i < num_inputs; ++i) {
      input_layer.add_top(net_param->input(i));
      BlobShape* shape = input_param->add_shape();
      if (has_shape) {
        shape->CopyFrom(net_param->input_shape(i));
      } else {
        for (int j = 4 * i; j < 4 * i + 4; ++j) {
          shape->add_dim(net_param->input_dim(j));
        }
      }
    }
    // The inputs come before every layer that reads them.
    google::protobuf::RepeatedPtrField<LayerParameter> layers;
    *layers.Add() = input_layer;
    for (const LayerParameter& layer : net_param->layer())
      *layers.Add() = layer;
    net_param->mutable_layer()->Swap(&layers);
  }
  net_param->clear_input();
  net_param->clear_input_shape();
  net_param->clear_input_dim();
}

const char* UpgradeV1LayerType(const V1LayerParameter_LayerType type) {
  auto name = V1TypeNames().find(type);
  CHECK(name != V1TypeNames().end()) << "unknown V1 layer type " << type;
  return name->second;
}

void UpgradeNetDataTransformation(NetParameter* net_param) {
  for (V1LayerParameter& v1 : *net_param->mutable_layers()) {
    for (const char* param_field : kV1DataParams) {
      MoveTransformFields(&v1, param_field);
    }
  }
}

bool UpgradeV1Net(const NetParameter& v1_net_param, NetParameter* net_param) {
  // Upgrading one kind and dropping the other would leave a net whose first
  // complaint is about something else (a bottom the dropped layers made).
  CAFFE_REQUIRE(v1_net_param.layer_size() == 0)
      << "the net has both layer and layers fields ("
      << v1_net_param.layer_size() << " V2 layer { } and "
      << v1_net_param.layers_size()
      << " V1 layers { } blocks); Caffe refuses such a definition: write "
         "every layer as layer { type: \"...\" }";
  bool fully_compatible = true;
  net_param->CopyFrom(v1_net_param);
  net_param->clear_layers();
  net_param->clear_layer();
  for (const V1LayerParameter& v1 : v1_net_param.layers()) {
    fully_compatible &= UpgradeV1LayerParameter(v1, net_param->add_layer());
  }
  return fully_compatible;
}

void UpgradeNetBatchNorm(NetParameter* net_param) {
  for (LayerParameter& layer : *net_param->mutable_layer()) {
    if (layer.type() == "BatchNorm" && layer.param_size() == 3) {
      layer.clear_param();
    }
  }
}

bool UpgradeNetAsNeeded(const string& param_file, NetParameter* param) {
  bool success = true;
  if (NetNeedsV0ToV1Upgrade(*param)) {
    LOG(WARNING) << param_file << ": upgrading the deprecated V0 net format "
                 << "(layers { layer { ... } })";
    const NetParameter v0_param(*param);
    try {
      success &= UpgradeV0Net(v0_param, param);
    } catch (Error& error) {
      error.set_file(param_file);
      throw;
    }
  }
  if (NetNeedsDataUpgrade(*param)) {
    LOG(WARNING) << param_file << ": moving legacy transformation fields "
                 << "(scale, mean_file, crop_size, mirror) of data layers "
                 << "into transform_param";
    UpgradeNetDataTransformation(param);
  }
  if (NetNeedsV1ToV2Upgrade(*param)) {
    LOG(WARNING) << param_file << ": upgrading the deprecated V1 layer "
                 << "format (layers { type: ENUM }) to layer { type: \"...\" }";
    const NetParameter v1_param(*param);
    try {
      success &= UpgradeV1Net(v1_param, param);
    } catch (Error& error) {
      error.set_file(param_file);
      throw;
    }
  }
  if (NetNeedsInputUpgrade(*param)) {
    LOG(WARNING) << param_file << ": upgrading the deprecated net-level "
                 << "input fields to an Input layer";
    UpgradeNetInput(param);
  }
  if (NetNeedsBatchNormUpgrade(*param)) {
    LOG(WARNING) << param_file << ": removing the param specs of BatchNorm "
                 << "layers (their statistics are never learned by the solver)";
    UpgradeNetBatchNorm(param);
  }
  if (!success) {
    LOG(ERROR) << param_file << ": parts of the net could not be upgraded "
               << "(see above); continuing with the rest";
  }
  return success;
}

void ReadNetParamsFromTextFileOrDie(const string& param_file,
                                    NetParameter* param) {
  CheckFileReadable(param_file, "net");
  ReadProtoFromTextFileOrDie(param_file, param);
  UpgradeNetAsNeeded(param_file, param);
}

void ReadNetParamsFromBinaryFileOrDie(const string& param_file,
                                      NetParameter* param) {
  ReadProtoFromBinaryFileOrDie(param_file, param);
  UpgradeNetAsNeeded(param_file, param);
}

bool SolverNeedsTypeUpgrade(const SolverParameter& solver_param) {
  return solver_param.has_solver_type();
}

bool UpgradeSolverType(SolverParameter* solver_param) {
  if (!solver_param->has_solver_type()) return true;
  CAFFE_REQUIRE(!solver_param->has_type())
      << "give the solver either the old solver_type (enum) or the new type "
      << "(string), not both";
  static const map<SolverParameter::SolverType, string> names = {
      {SolverParameter::SGD, "SGD"},
      {SolverParameter::NESTEROV, "Nesterov"},
      {SolverParameter::ADAGRAD, "AdaGrad"},
      {SolverParameter::RMSPROP, "RMSProp"},
      {SolverParameter::ADADELTA, "AdaDelta"},
      {SolverParameter::ADAM, "Adam"},
  };
  solver_param->set_type(names.at(solver_param->solver_type()));
  solver_param->clear_solver_type();
  return true;
}

bool UpgradeSolverAsNeeded(const string& param_file, SolverParameter* param) {
  if (!SolverNeedsTypeUpgrade(*param)) return true;
  const string old_type =
      SolverParameter::SolverType_Name(param->solver_type());
  try {
    UpgradeSolverType(param);
  } catch (Error& error) {
    error.set_file(param_file);
    throw;
  }
  LOG(WARNING) << param_file
               << ": upgrading the deprecated solver_type: " << old_type
               << " to type: \"" << param->type() << "\"";
  return true;
}

void ReadSolverParamsFromTextFileOrDie(const string& param_file,
                                       SolverParameter* param) {
  CheckFileReadable(param_file, "solver");
  ReadProtoFromTextFileOrDie(param_file, param);
  UpgradeSolverAsNeeded(param_file, param);
}

}  // namespace caffe

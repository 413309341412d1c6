// Upgrade of the V0 net format (layers { layer { type: "conv" ... } }, with
// separate "padding" layers) to V1 (layers { type: CONVOLUTION ... }).

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>

#include <map>
#include <string>
#include <vector>

#include "caffe/common.hpp"
#include "caffe/util/upgrade_proto.hpp"

namespace caffe {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

namespace {

// Where a V0 field goes in V1: for layers of v0_type (any type when null),
// into field v1_field of the V1 sub-message v1_param (the whole sub-message
// when v1_field is null).
struct V0FieldRule {
  const char* v0_field;
  const char* v0_type;
  const char* v1_param;
  const char* v1_field;
};

const V0FieldRule kV0FieldRules[] = {
    {"num_output", "conv", "convolution_param", "num_output"},
    {"num_output", "innerproduct", "inner_product_param", "num_output"},
    {"biasterm", "conv", "convolution_param", "bias_term"},
    {"biasterm", "innerproduct", "inner_product_param", "bias_term"},
    {"weight_filler", "conv", "convolution_param", "weight_filler"},
    {"weight_filler", "innerproduct", "inner_product_param", "weight_filler"},
    {"bias_filler", "conv", "convolution_param", "bias_filler"},
    {"bias_filler", "innerproduct", "inner_product_param", "bias_filler"},
    {"pad", "conv", "convolution_param", "pad"},
    {"pad", "pool", "pooling_param", "pad"},
    {"kernelsize", "conv", "convolution_param", "kernel_size"},
    {"kernelsize", "pool", "pooling_param", "kernel_size"},
    {"group", "conv", "convolution_param", "group"},
    {"stride", "conv", "convolution_param", "stride"},
    {"stride", "pool", "pooling_param", "stride"},
    {"pool", "pool", "pooling_param", "pool"},
    {"dropout_ratio", "dropout", "dropout_param", "dropout_ratio"},
    {"local_size", "lrn", "lrn_param", "local_size"},
    {"alpha", "lrn", "lrn_param", "alpha"},
    {"beta", "lrn", "lrn_param", "beta"},
    {"k", "lrn", "lrn_param", "k"},
    {"source", "data", "data_param", "source"},
    {"source", "hdf5_data", "hdf5_data_param", "source"},
    {"source", "images", "image_data_param", "source"},
    {"source", "window_data", "window_data_param", "source"},
    {"source", "infogain_loss", "infogain_loss_param", "source"},
    {"scale", nullptr, "transform_param", "scale"},
    {"meanfile", nullptr, "transform_param", "mean_file"},
    {"cropsize", nullptr, "transform_param", "crop_size"},
    {"mirror", nullptr, "transform_param", "mirror"},
    {"batchsize", "data", "data_param", "batch_size"},
    {"batchsize", "hdf5_data", "hdf5_data_param", "batch_size"},
    {"batchsize", "images", "image_data_param", "batch_size"},
    {"batchsize", "window_data", "window_data_param", "batch_size"},
    {"rand_skip", "data", "data_param", "rand_skip"},
    {"rand_skip", "images", "image_data_param", "rand_skip"},
    {"shuffle_images", "images", "image_data_param", "shuffle"},
    {"new_height", "images", "image_data_param", "new_height"},
    {"new_width", "images", "image_data_param", "new_width"},
    {"concat_dim", "concat", "concat_param", "concat_dim"},
    {"det_fg_threshold", "window_data", "window_data_param", "fg_threshold"},
    {"det_bg_threshold", "window_data", "window_data_param", "bg_threshold"},
    {"det_fg_fraction", "window_data", "window_data_param", "fg_fraction"},
    {"det_context_pad", "window_data", "window_data_param", "context_pad"},
    {"det_crop_mode", "window_data", "window_data_param", "crop_mode"},
    {"hdf5_output_param", "hdf5_output", "hdf5_output_param", nullptr},
};

// Copies one set field of from into field to of message dst, converting
// between numeric types and between enums by value number.
void CopyField(const Message& src, const FieldDescriptor* from, Message* dst,
               const FieldDescriptor* to) {
  const Reflection* in = src.GetReflection();
  const Reflection* out = dst->GetReflection();
  const bool add = to->is_repeated();
  switch (from->cpp_type()) {
    case FieldDescriptor::CPPTYPE_MESSAGE:
      (add ? out->AddMessage(dst, to) : out->MutableMessage(dst, to))
          ->CopyFrom(in->GetMessage(src, from));
      return;
    case FieldDescriptor::CPPTYPE_STRING:
      add ? out->AddString(dst, to, in->GetString(src, from))
          : out->SetString(dst, to, in->GetString(src, from));
      return;
    case FieldDescriptor::CPPTYPE_ENUM:
      add ? out->AddEnumValue(dst, to, in->GetEnumValue(src, from))
          : out->SetEnumValue(dst, to, in->GetEnumValue(src, from));
      return;
    case FieldDescriptor::CPPTYPE_BOOL:
      add ? out->AddBool(dst, to, in->GetBool(src, from))
          : out->SetBool(dst, to, in->GetBool(src, from));
      return;
    default:
      break;
  }
  double value = 0;
  switch (from->cpp_type()) {
    case FieldDescriptor::CPPTYPE_FLOAT:
      value = in->GetFloat(src, from);
      break;
    case FieldDescriptor::CPPTYPE_INT32:
      value = in->GetInt32(src, from);
      break;
    case FieldDescriptor::CPPTYPE_UINT32:
      value = in->GetUInt32(src, from);
      break;
    default:
      LOG(FATAL) << "unexpected V0 field type for " << from->name();
  }
  switch (to->cpp_type()) {
    case FieldDescriptor::CPPTYPE_FLOAT:
      add ? out->AddFloat(dst, to, static_cast<float>(value))
          : out->SetFloat(dst, to, static_cast<float>(value));
      return;
    case FieldDescriptor::CPPTYPE_INT32:
      add ? out->AddInt32(dst, to, static_cast<int32_t>(value))
          : out->SetInt32(dst, to, static_cast<int32_t>(value));
      return;
    case FieldDescriptor::CPPTYPE_UINT32:
      add ? out->AddUInt32(dst, to, static_cast<uint32_t>(value))
          : out->SetUInt32(dst, to, static_cast<uint32_t>(value));
      return;
    default:
      LOG(FATAL) << "unexpected V1 field type for " << to->name();
  }
}

// Moves one V0 field to its V1 place; false if the layer type has none.
bool UpgradeV0Field(const V0LayerParameter& v0, const FieldDescriptor* field,
                    V1LayerParameter* v1) {
  for (const V0FieldRule& rule : kV0FieldRules) {
    if (field->name() != rule.v0_field) continue;
    if (rule.v0_type != nullptr && v0.type() != rule.v0_type) continue;
    const FieldDescriptor* param_field =
        v1->GetDescriptor()->FindFieldByName(rule.v1_param);
    CHECK(param_field) << rule.v1_param;
    if (rule.v1_field == nullptr) {
      CopyField(v0, field, v1, param_field);
      return true;
    }
    Message* param = v1->GetReflection()->MutableMessage(v1, param_field);
    const FieldDescriptor* target =
        param->GetDescriptor()->FindFieldByName(rule.v1_field);
    CHECK(target) << rule.v1_param << "." << rule.v1_field;
    CopyField(v0, field, param, target);
    return true;
  }
  return false;
}

}  // namespace

V1LayerParameter_LayerType UpgradeV0LayerType(const string& type) {
  static const map<string, V1LayerParameter_LayerType> types = {
      {"accuracy", V1LayerParameter::ACCURACY},
      {"bnll", V1LayerParameter::BNLL},
      {"concat", V1LayerParameter::CONCAT},
      {"conv", V1LayerParameter::CONVOLUTION},
      {"data", V1LayerParameter::DATA},
      {"dropout", V1LayerParameter::DROPOUT},
      {"euclidean_loss", V1LayerParameter::EUCLIDEAN_LOSS},
      {"flatten", V1LayerParameter::FLATTEN},
      {"hdf5_data", V1LayerParameter::HDF5_DATA},
      {"hdf5_output", V1LayerParameter::HDF5_OUTPUT},
      {"im2col", V1LayerParameter::IM2COL},
      {"images", V1LayerParameter::IMAGE_DATA},
      {"infogain_loss", V1LayerParameter::INFOGAIN_LOSS},
      {"innerproduct", V1LayerParameter::INNER_PRODUCT},
      {"lrn", V1LayerParameter::LRN},
      {"multinomial_logistic_loss",
       V1LayerParameter::MULTINOMIAL_LOGISTIC_LOSS},
      {"pool", V1LayerParameter::POOLING},
      {"relu", V1LayerParameter::RELU},
      {"sigmoid", V1LayerParameter::SIGMOID},
      {"softmax", V1LayerParameter::SOFTMAX},
      {"softmax_loss", V1LayerParameter::SOFTMAX_LOSS},
      {"split", V1LayerParameter::SPLIT},
      {"tanh", V1LayerParameter::TANH},
      {"window_data", V1LayerParameter::WINDOW_DATA},
  };
  auto it = types.find(type);
  CAFFE_REQUIRE(it != types.end())
      << "unknown V0 layer type \"" << type << "\"";
  return it->second;
}

void UpgradeV0PaddingLayers(const NetParameter& param,
                            NetParameter* param_upgraded_pad) {
  param_upgraded_pad->CopyFrom(param);
  param_upgraded_pad->clear_layers();
  // For each blob, the index of the layer that wrote it last (-1: an input).
  map<string, int> last_writer;
  for (const string& input : param.input()) last_writer[input] = -1;
  for (int i = 0; i < param.layers_size(); ++i) {
    const V1LayerParameter& connection = param.layers(i);
    const V0LayerParameter& layer = connection.layer();
    if (layer.type() != "padding") {
      param_upgraded_pad->add_layers()->CopyFrom(connection);
    }
    for (int j = 0; j < connection.bottom_size(); ++j) {
      const string& blob_name = connection.bottom(j);
      auto writer = last_writer.find(blob_name);
      CAFFE_REQUIRE(writer != last_writer.end())
          << "V0 layer \"" << layer.name() << "\": unknown bottom blob \""
          << blob_name << "\"";
      if (writer->second < 0) continue;
      const V1LayerParameter& source = param.layers(writer->second);
      if (source.layer().type() != "padding") continue;
      // A padding layer becomes the pad of the convolution or pooling that
      // reads it.
      CAFFE_REQUIRE(layer.type() == "conv" || layer.type() == "pool")
          << "V0 padding layer \"" << source.layer().name()
          << "\" feeds a layer of type \"" << layer.type()
          << "\"; only conv and pool can absorb it";
      CAFFE_REQUIRE(connection.bottom_size() == 1 &&
                    source.bottom_size() == 1 && source.top_size() == 1)
          << "V0 padding layer \"" << source.layer().name()
          << "\" and its reader must each have one input and one output";
      V1LayerParameter* upgraded = param_upgraded_pad->mutable_layers(
          param_upgraded_pad->layers_size() - 1);
      upgraded->mutable_layer()->set_pad(source.layer().pad());
      upgraded->set_bottom(j, source.bottom(0));
    }
    for (const string& top : connection.top()) last_writer[top] = i;
  }
}

bool UpgradeV0LayerParameter(const V1LayerParameter& v0_layer_connection,
                             V1LayerParameter* layer_param) {
  layer_param->Clear();
  *layer_param->mutable_bottom() = v0_layer_connection.bottom();
  *layer_param->mutable_top() = v0_layer_connection.top();
  if (!v0_layer_connection.has_layer()) return true;
  const V0LayerParameter& v0 = v0_layer_connection.layer();
  if (v0.has_name()) layer_param->set_name(v0.name());
  if (v0.has_type()) layer_param->set_type(UpgradeV0LayerType(v0.type()));
  *layer_param->mutable_blobs() = v0.blobs();
  *layer_param->mutable_blobs_lr() = v0.blobs_lr();
  *layer_param->mutable_weight_decay() = v0.weight_decay();
  bool fully_compatible = true;
  vector<const FieldDescriptor*> fields;
  v0.GetReflection()->ListFields(v0, &fields);
  for (const FieldDescriptor* field : fields) {
    const string& name = field->name();
    if (name == "name" || name == "type" || name == "blobs" ||
        name == "blobs_lr" || name == "weight_decay") {
      continue;
    }
    if (!UpgradeV0Field(v0, field, layer_param)) {
      LOG(ERROR) << "V0 layer \"" << v0.name() << "\": unknown parameter "
                 << name << " for layer type " << v0.type();
      fully_compatible = false;
    }
  }
  return fully_compatible;
}

bool UpgradeV0Net(const NetParameter& v0_net_param_padding_layers,
                  NetParameter* net_param) {
  NetParameter v0_net_param;
  UpgradeV0PaddingLayers(v0_net_param_padding_layers, &v0_net_param);
  bool fully_compatible = true;
  net_param->Clear();
  if (v0_net_param.has_name()) net_param->set_name(v0_net_param.name());
  for (const V1LayerParameter& connection : v0_net_param.layers()) {
    fully_compatible &=
        UpgradeV0LayerParameter(connection, net_param->add_layers());
  }
  *net_param->mutable_input() = v0_net_param.input();
  *net_param->mutable_input_dim() = v0_net_param.input_dim();
  if (v0_net_param.has_force_backward()) {
    net_param->set_force_backward(v0_net_param.force_backward());
  }
  return fully_compatible;
}

}  // namespace caffe

#include "caffe/layer_factory.hpp"

#include <algorithm>

#include "caffe/layer.hpp"

namespace caffe {

const char kEngineCaffe[] = "CAFFE";
const char kEngineCuDNN[] = "CUDNN";
const char kEngineOneDNN[] = "ONEDNN";

string RequestedEngine(const LayerParameter& param) {
  // Every *_param message that has an engine names it `engine`, with
  // DEFAULT as its zero value; reflection finds them all, including those
  // of messages added later.
  const google::protobuf::Reflection* reflection = param.GetReflection();
  vector<const google::protobuf::FieldDescriptor*> fields;
  reflection->ListFields(param, &fields);
  for (const google::protobuf::FieldDescriptor* field : fields) {
    if (field->type() != google::protobuf::FieldDescriptor::TYPE_MESSAGE ||
        field->is_repeated()) {
      continue;
    }
    const google::protobuf::Message& sub = reflection->GetMessage(param, field);
    const google::protobuf::FieldDescriptor* engine =
        sub.GetDescriptor()->FindFieldByName("engine");
    if (engine == nullptr ||
        engine->type() != google::protobuf::FieldDescriptor::TYPE_ENUM ||
        !sub.GetReflection()->HasField(sub, engine)) {
      continue;
    }
    const google::protobuf::EnumValueDescriptor* value =
        sub.GetReflection()->GetEnum(sub, engine);
    if (value->number() != 0) return value->name();
  }
  return "";
}

namespace {

template <typename Variant>
string EngineNames(const vector<Variant>& variants) {
  string names;
  for (const Variant& variant : variants) {
    if (!names.empty()) names += ", ";
    names += variant.engine;
  }
  return names;
}

[[noreturn]] void ThrowForLayer(const LayerParameter& param,
                                const string& detail) {
  Error error(detail);
  error.set_layer(param.name(), param.type());
  throw error;
}

}  // namespace

template <typename Dtype>
typename LayerRegistry<Dtype>::CreatorRegistry&
LayerRegistry<Dtype>::Registry() {
  // Constructed on first use, so registration order across files is safe.
  static CreatorRegistry* registry = new CreatorRegistry();
  return *registry;
}

template <typename Dtype>
std::map<string, vector<typename LayerRegistry<Dtype>::Variant> >&
LayerRegistry<Dtype>::Variants() {
  static auto* variants = new std::map<string, vector<Variant> >();
  return *variants;
}

template <typename Dtype>
void LayerRegistry<Dtype>::AddCreator(const string& type, Creator creator,
                                      bool plans_on_layout_change) {
  AddVariant(type,
             {kEngineCaffe, 0, creator, nullptr, plans_on_layout_change});
}

template <typename Dtype>
void LayerRegistry<Dtype>::AddVariant(const string& type,
                                      const Variant& variant) {
  vector<Variant>& variants = Variants()[type];
  for (const Variant& existing : variants) {
    CHECK_NE(existing.engine, variant.engine)
        << "Layer type " << type << " already registered for engine "
        << variant.engine << ".";
  }
  CHECK(variant.create != nullptr) << type << " " << variant.engine;
  // The reference stays first, so that listings read in a stable order.
  if (variant.engine == kEngineCaffe) {
    variants.insert(variants.begin(), variant);
  } else {
    variants.push_back(variant);
  }
  Registry()[type] = &LayerRegistry<Dtype>::CreateLayer;
}

template <typename Dtype>
void LayerRegistry<Dtype>::ReplaceVariant(const string& type,
                                          const Variant& variant) {
  vector<Variant>& variants = Variants()[type];
  for (Variant& existing : variants) {
    if (existing.engine == variant.engine) {
      existing = variant;
      return;
    }
  }
  AddVariant(type, variant);
}

template <typename Dtype>
shared_ptr<Layer<Dtype> > LayerRegistry<Dtype>::CreateLayer(
    const LayerParameter& param) {
  return CreateLayerPreferring(param, {});
}

template <typename Dtype>
shared_ptr<Layer<Dtype> > LayerRegistry<Dtype>::CreateLayer(
    const LayerParameter& param, const string& engine) {
  return engine.empty() ? CreateLayerPreferring(param, {})
                        : CreateWithEngine(param, engine);
}

template <typename Dtype>
shared_ptr<Layer<Dtype> > LayerRegistry<Dtype>::Make(
    const Variant& variant, const LayerParameter& param) {
  shared_ptr<Layer<Dtype> > layer = variant.create(param);
  layer->set_plans_on_layout_change(variant.plans_on_layout_change);
  return layer;
}

template <typename Dtype>
const vector<typename LayerRegistry<Dtype>::Variant>&
LayerRegistry<Dtype>::VariantsOf(const LayerParameter& param) {
  auto it = Variants().find(param.type());
  CAFFE_REQUIRE(it != Variants().end())
      << "Unknown layer type: \"" << param.type() << "\" (layer \""
      << param.name() << "\"); known types: " << LayerTypeListString();
  return it->second;
}

template <typename Dtype>
shared_ptr<Layer<Dtype> > LayerRegistry<Dtype>::CreateWithEngine(
    const LayerParameter& param, const string& engine) {
  const vector<Variant>& variants = VariantsOf(param);
  for (const Variant& variant : variants) {
    if (variant.engine != engine) continue;
    const string why_not =
        variant.unavailable ? variant.unavailable(param) : string();
    if (!why_not.empty()) {
      ThrowForLayer(param, StrCat("asks for engine ", engine,
                                  ", which cannot run it here: ", why_not));
    }
    return Make(variant, param);
  }
  ThrowForLayer(param, StrCat("asks for engine ", engine,
                              ", which this build does not have for ",
                              param.type(), "; it has: ",
                              EngineNames(variants)));
}

template <typename Dtype>
shared_ptr<Layer<Dtype> > LayerRegistry<Dtype>::CreateLayerPreferring(
    const LayerParameter& param, const vector<string>& preferred_engines) {
  const vector<Variant>& variants = VariantsOf(param);
  const string requested = RequestedEngine(param);
  if (!requested.empty()) return CreateWithEngine(param, requested);
  auto can_run = [&param](const Variant& variant) {
    return !variant.unavailable || variant.unavailable(param).empty();
  };
  for (const string& engine : preferred_engines) {
    for (const Variant& variant : variants) {
      if (variant.engine == engine && can_run(variant)) {
        return Make(variant, param);
      }
    }
  }
  const Variant* best = nullptr;
  for (const Variant& variant : variants) {
    if (!can_run(variant)) continue;
    if (best == nullptr || variant.priority > best->priority) best = &variant;
  }
  if (best == nullptr) {
    ThrowForLayer(param, StrCat("none of its engines can run it here (",
                                EngineNames(variants), ")"));
  }
  return Make(*best, param);
}

template <typename Dtype>
vector<string> LayerRegistry<Dtype>::LayerTypeList() {
  vector<string> types;
  for (const auto& entry : Variants()) types.push_back(entry.first);
  return types;
}

template <typename Dtype>
vector<string> LayerRegistry<Dtype>::EngineList(const string& type) {
  vector<string> engines;
  auto it = Variants().find(type);
  if (it == Variants().end()) return engines;
  for (const Variant& variant : it->second) engines.push_back(variant.engine);
  return engines;
}

template <typename Dtype>
string LayerRegistry<Dtype>::LayerTypeListString() {
  string list;
  for (const string& type : LayerTypeList()) {
    if (!list.empty()) list += ", ";
    list += type;
  }
  return list;
}

template class LayerRegistry<float>;
template class LayerRegistry<double>;

}  // namespace caffe

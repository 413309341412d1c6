#include "caffe/layer_factory.hpp"

#include "caffe/layer.hpp"

namespace caffe {

template <typename Dtype>
typename LayerRegistry<Dtype>::CreatorRegistry&
LayerRegistry<Dtype>::Registry() {
  // Constructed on first use, so registration order across files is safe.
  static CreatorRegistry* registry = new CreatorRegistry();
  return *registry;
}

template <typename Dtype>
void LayerRegistry<Dtype>::AddCreator(const string& type, Creator creator) {
  CreatorRegistry& registry = Registry();
  CHECK_EQ(registry.count(type), 0u)
      << "Layer type " << type << " already registered.";
  registry[type] = creator;
}

template <typename Dtype>
shared_ptr<Layer<Dtype> > LayerRegistry<Dtype>::CreateLayer(
    const LayerParameter& param) {
  const string& type = param.type();
  CreatorRegistry& registry = Registry();
  auto it = registry.find(type);
  CAFFE_REQUIRE(it != registry.end())
      << "Unknown layer type: \"" << type << "\" (layer \"" << param.name()
      << "\"); known types: " << LayerTypeListString();
  return it->second(param);
}

template <typename Dtype>
vector<string> LayerRegistry<Dtype>::LayerTypeList() {
  vector<string> types;
  for (const auto& entry : Registry()) types.push_back(entry.first);
  return types;
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

#ifndef CAFFE_LAYER_FACTORY_HPP_
#define CAFFE_LAYER_FACTORY_HPP_

#include <map>
#include <string>
#include <vector>

#include "caffe/common.hpp"
#include "caffe/proto/caffe.pb.h"

namespace caffe {

template <typename Dtype>
class Layer;

// The engines a layer type can be implemented by. CAFFE is the reference
// implementation every type has; the others are fast paths, each a subclass
// of the reference that overrides only what differs. A prototxt names CAFFE
// or CUDNN in its layer's `engine:` field (DEFAULT leaves the choice to the
// registry); other engines are asked for through CreateLayer's overload.
extern const char kEngineCaffe[];
extern const char kEngineCuDNN[];
extern const char kEngineOneDNN[];

// The engine a layer's parameter asks for: the name of a set `engine:`
// field other than DEFAULT in any of its *_param messages, or "" for none.
string RequestedEngine(const LayerParameter& param);

// Creates layers by (type, engine). Each layer registers its reference
// implementation in its own .cpp with REGISTER_LAYER_CLASS, and each fast
// path registers itself with REGISTER_LAYER_ENGINE, giving a priority and
// a test of whether it can run the given parameter (build, device, dtype).
// The build links every layer object so that no registration is dropped.
template <typename Dtype>
class LayerRegistry {
 public:
  typedef shared_ptr<Layer<Dtype> > (*Creator)(const LayerParameter&);
  // Says why the engine cannot run this parameter, or "" where it can.
  typedef string (*Unavailability)(const LayerParameter&);
  // Caffe's view: one creator per type. Each entry here weighs the
  // parameter's engine like CreateLayer, so code that creates layers
  // through Registry()[type](param) gets the same choice.
  typedef std::map<string, Creator> CreatorRegistry;

  struct Variant {
    string engine;
    // Among the variants that can run a parameter, the highest wins when
    // the parameter leaves the engine to the registry.
    int priority;
    Creator create;
    Unavailability unavailable;  // nullptr: always available
    // Whether the layers it makes plan only when their layouts change
    // (Layer::ReshapeIfChanged): true for those of libcaffe, whose Reshape
    // reads only layouts; other programs' layers keep Caffe's contract, a
    // Reshape before every Forward, since theirs may read anything.
    bool plans_on_layout_change = false;
  };

  static CreatorRegistry& Registry();

  // Registers type's reference (CAFFE) implementation. Registering one
  // (type, engine) twice is a programming error.
  static void AddCreator(const string& type, Creator creator,
                         bool plans_on_layout_change = false);
  static void AddVariant(const string& type, const Variant& variant);
  // Replaces the registered (type, variant.engine), or adds it: how a
  // module loaded later (the Python layer) takes over a placeholder.
  static void ReplaceVariant(const string& type, const Variant& variant);

  // Creates the layer named by param.type() with the engine its parameter
  // asks for, or else the highest-priority engine that can run it. Throws
  // caffe::Error for an unknown type (listing the known ones) and for an
  // engine the build or device does not have (naming layer and engine).
  static shared_ptr<Layer<Dtype> > CreateLayer(const LayerParameter& param);
  // The same with the engine given; "" leaves it to the parameter.
  static shared_ptr<Layer<Dtype> > CreateLayer(const LayerParameter& param,
                                               const string& engine);
  // As CreateLayer(param), trying the given engines first, in order, where
  // the parameter leaves the engine to the registry; engines the type lacks
  // or that cannot run the parameter are passed over.
  static shared_ptr<Layer<Dtype> > CreateLayerPreferring(
      const LayerParameter& param, const vector<string>& preferred_engines);

  static vector<string> LayerTypeList();
  // The engines registered for type, available or not, reference first.
  static vector<string> EngineList(const string& type);

 private:
  LayerRegistry() = delete;
  static std::map<string, vector<Variant> >& Variants();
  // param.type()'s variants; an unknown type is an error listing the known.
  static const vector<Variant>& VariantsOf(const LayerParameter& param);
  // variant's layer, told how it plans (Variant::plans_on_layout_change).
  static shared_ptr<Layer<Dtype> > Make(const Variant& variant,
                                        const LayerParameter& param);
  // The variant for engine, or an error saying why there is none.
  static shared_ptr<Layer<Dtype> > CreateWithEngine(
      const LayerParameter& param, const string& engine);
  static string LayerTypeListString();
};

template <typename Dtype>
class LayerRegisterer {
 public:
  LayerRegisterer(const string& type,
                  shared_ptr<Layer<Dtype> > (*creator)(const LayerParameter&),
                  bool plans_on_layout_change = false) {
    LayerRegistry<Dtype>::AddCreator(type, creator, plans_on_layout_change);
  }
  LayerRegisterer(const string& type,
                  const typename LayerRegistry<Dtype>::Variant& variant) {
    LayerRegistry<Dtype>::AddVariant(type, variant);
  }
};

}  // namespace caffe

// True where the registering code is libcaffe's own (CMake defines
// CAFFE_BUILDING_LIBRARY for it alone); see Variant::plans_on_layout_change.
#ifdef CAFFE_BUILDING_LIBRARY
#define CAFFE_REGISTERED_BY_LIBRARY true
#else
#define CAFFE_REGISTERED_BY_LIBRARY false
#endif

#define REGISTER_LAYER_CREATOR(type, creator)                              \
  static ::caffe::LayerRegisterer<float> g_creator_f_##type(               \
      #type, creator<float>, CAFFE_REGISTERED_BY_LIBRARY);                 \
  static ::caffe::LayerRegisterer<double> g_creator_d_##type(              \
      #type, creator<double>, CAFFE_REGISTERED_BY_LIBRARY)

#define REGISTER_LAYER_CLASS(type)                                          \
  template <typename Dtype>                                                 \
  ::caffe::shared_ptr<::caffe::Layer<Dtype> > Creator_##type##Layer(        \
      const ::caffe::LayerParameter& param) {                               \
    return ::caffe::shared_ptr<::caffe::Layer<Dtype> >(                     \
        new type##Layer<Dtype>(param));                                     \
  }                                                                         \
  REGISTER_LAYER_CREATOR(type, Creator_##type##Layer)

// Registers classname<Dtype> as the `engine` implementation of `type` for
// float and double. classname has a static
//   string Unavailable(const LayerParameter&)
// that returns why it cannot run a parameter (wrong dtype, device or build
// settings), or "" where it can.
#define REGISTER_LAYER_ENGINE(type, engine, priority, classname)            \
  template <typename Dtype>                                                 \
  ::caffe::shared_ptr<::caffe::Layer<Dtype> > Creator_##classname(          \
      const ::caffe::LayerParameter& param) {                               \
    return ::caffe::shared_ptr<::caffe::Layer<Dtype> >(                     \
        new classname<Dtype>(param));                                       \
  }                                                                         \
  static ::caffe::LayerRegisterer<float> g_engine_f_##classname(            \
      #type, {engine, priority, Creator_##classname<float>,                 \
              &classname<float>::Unavailable, CAFFE_REGISTERED_BY_LIBRARY}); \
  static ::caffe::LayerRegisterer<double> g_engine_d_##classname(           \
      #type, {engine, priority, Creator_##classname<double>,                \
              &classname<double>::Unavailable, CAFFE_REGISTERED_BY_LIBRARY})

#endif  // CAFFE_LAYER_FACTORY_HPP_

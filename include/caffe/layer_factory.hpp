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

// Maps a layer's type string to the function that creates it. Each layer
// registers itself in its own .cpp file with REGISTER_LAYER_CLASS; the build
// links every layer object so that no registration is dropped.
template <typename Dtype>
class LayerRegistry {
 public:
  typedef shared_ptr<Layer<Dtype> > (*Creator)(const LayerParameter&);
  typedef std::map<string, Creator> CreatorRegistry;

  static CreatorRegistry& Registry();

  // Registering one type twice is a programming error.
  static void AddCreator(const string& type, Creator creator);

  // Creates the layer named by param.type(); an unknown type throws
  // caffe::Error listing the known ones.
  static shared_ptr<Layer<Dtype> > CreateLayer(const LayerParameter& param);

  static vector<string> LayerTypeList();

 private:
  LayerRegistry() = delete;
  static string LayerTypeListString();
};

template <typename Dtype>
class LayerRegisterer {
 public:
  LayerRegisterer(const string& type,
                  shared_ptr<Layer<Dtype> > (*creator)(const LayerParameter&)) {
    LayerRegistry<Dtype>::AddCreator(type, creator);
  }
};

}  // namespace caffe

#define REGISTER_LAYER_CREATOR(type, creator)                               \
  static ::caffe::LayerRegisterer<float> g_creator_f_##type(#type,          \
                                                            creator<float>); \
  static ::caffe::LayerRegisterer<double> g_creator_d_##type(#type,         \
                                                             creator<double>)

#define REGISTER_LAYER_CLASS(type)                                          \
  template <typename Dtype>                                                 \
  ::caffe::shared_ptr<::caffe::Layer<Dtype> > Creator_##type##Layer(        \
      const ::caffe::LayerParameter& param) {                               \
    return ::caffe::shared_ptr<::caffe::Layer<Dtype> >(                     \
        new type##Layer<Dtype>(param));                                     \
  }                                                                         \
  REGISTER_LAYER_CREATOR(type, Creator_##type##Layer)

#endif  // CAFFE_LAYER_FACTORY_HPP_

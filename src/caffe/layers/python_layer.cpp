#include "caffe/layers/python_layer.hpp"

#include <vector>

namespace caffe {

template <typename Dtype>
void PythonLayer<Dtype>::LayerSetUp(const vector<Blob<Dtype>*>& bottom,
                                    const vector<Blob<Dtype>*>& top) {
  const PythonParameter& param = this->layer_param_.python_param();
  CAFFE_THROW() << "layer " << this->layer_param_.name()
                << ": this Crema was built without Python support (module "
                << param.module() << ", layer " << param.layer() << ")";
}

INSTANTIATE_CLASS(PythonLayer);
REGISTER_LAYER_CLASS(Python);

}  // namespace caffe

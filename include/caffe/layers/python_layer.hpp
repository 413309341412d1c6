#ifndef CAFFE_PYTHON_LAYER_HPP_
#define CAFFE_PYTHON_LAYER_HPP_

#include <string>
#include <vector>

#include "caffe/blob.hpp"
#include "caffe/layer.hpp"
#include "caffe/proto/caffe.pb.h"

namespace caffe {

// A layer written in Python (python_param: module, layer, param_str,
// share_in_parallel): an instance of a caffe.Layer subclass whose setup,
// reshape, forward and backward run as the layer's.
//
// libcaffe does not link Python. In a Python process pycaffe registers the
// real layer when it is imported; elsewhere (the caffe tool, a C++ program)
// the first Python layer of a float net loads libcaffe_python_embed from
// beside libcaffe, which starts an interpreter and imports pycaffe, and the
// layer is then created by pycaffe's entry. This class is what is left when
// neither can happen (no embedding library, a double net, no importable
// caffe package): SetUp throws a caffe::Error naming the layer, module,
// class and the reason.
template <typename Dtype>
class PythonLayer : public Layer<Dtype> {
 public:
  PythonLayer(const LayerParameter& param, const std::string& unavailable)
      : Layer<Dtype>(param), unavailable_(unavailable) {}
  void LayerSetUp(const vector<Blob<Dtype>*>& bottom,
                  const vector<Blob<Dtype>*>& top) override;
  void Reshape(const vector<Blob<Dtype>*>& bottom,
               const vector<Blob<Dtype>*>& top) override {}

  inline const char* type() const override { return "Python"; }

 protected:
  void Forward_cpu(const vector<Blob<Dtype>*>& bottom,
                   const vector<Blob<Dtype>*>& top) override {}
  void Backward_cpu(const vector<Blob<Dtype>*>& top,
                    const vector<bool>& propagate_down,
                    const vector<Blob<Dtype>*>& bottom) override {}

 private:
  std::string unavailable_;
};

}  // namespace caffe

#endif  // CAFFE_PYTHON_LAYER_HPP_

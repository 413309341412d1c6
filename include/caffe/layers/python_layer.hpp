#ifndef CAFFE_PYTHON_LAYER_HPP_
#define CAFFE_PYTHON_LAYER_HPP_

#include <vector>

#include "caffe/blob.hpp"
#include "caffe/layer.hpp"
#include "caffe/proto/caffe.pb.h"

namespace caffe {

// A layer written in Python (python_param: module, layer, param_str,
// share_in_parallel). This Crema has no Python embedding, so the layer is
// registered only to refuse clearly: SetUp throws a caffe::Error naming the
// layer, module and class. Forward and Backward are never reached.
template <typename Dtype>
class PythonLayer : public Layer<Dtype> {
 public:
  explicit PythonLayer(const LayerParameter& param) : Layer<Dtype>(param) {}
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
};

}  // namespace caffe

#endif  // CAFFE_PYTHON_LAYER_HPP_

#ifndef CAFFE_ONEDNN_ONEDNN_RELU_LAYER_HPP_
#define CAFFE_ONEDNN_ONEDNN_RELU_LAYER_HPP_

#include <memory>
#include <vector>

#include "caffe/layers/relu_layer.hpp"

namespace caffe {

// ReLU on the CPU through oneDNN's eltwise primitive (engine ONEDNN), which
// picks its kernel from the CPU's vector units. Same results as ReLULayer
// bit for bit: both compute x > 0 ? x : negative_slope * x. Float only;
// the GPU paths are the reference's.
template <typename Dtype>
class OneDNNReLULayer : public ReLULayer<Dtype> {
 public:
  explicit OneDNNReLULayer(const LayerParameter& param);
  ~OneDNNReLULayer() override;

  // Why this engine cannot run param ("" where it can).
  static string Unavailable(const LayerParameter& param);

  // Builds the primitives when the bottom's size changes, not on every
  // call.
  void Reshape(const vector<Blob<Dtype>*>& bottom,
               const vector<Blob<Dtype>*>& top) override;

 protected:
  void Forward_cpu(const vector<Blob<Dtype>*>& bottom,
                   const vector<Blob<Dtype>*>& top) override;
  void Backward_cpu(const vector<Blob<Dtype>*>& top,
                    const vector<bool>& propagate_down,
                    const vector<Blob<Dtype>*>& bottom) override;

 private:
  // oneDNN's types stay out of the public headers.
  struct Primitives;
  std::unique_ptr<Primitives> primitives_;
};

}  // namespace caffe

#endif  // CAFFE_ONEDNN_ONEDNN_RELU_LAYER_HPP_

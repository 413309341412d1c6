#ifndef CAFFE_DROPOUT_LAYER_HPP_
#define CAFFE_DROPOUT_LAYER_HPP_

#include <vector>

#include "caffe/blob.hpp"
#include "caffe/layer.hpp"
#include "caffe/layers/neuron_layer.hpp"
#include "caffe/proto/caffe.pb.h"
#include "caffe/util/synced_array.hpp"

namespace caffe {

// Inverted dropout (Hinton et al.), as in Caffe:
//   TRAIN: top = bottom * mask / (1 - dropout_ratio), mask ~ Bernoulli(1 -
//          dropout_ratio) per element; backward applies the same mask and
//          scale to top_diff.
//   TEST:  top = bottom, bottom_diff = top_diff.
// DropoutParameter: dropout_ratio, the probability of zeroing an element,
// in [0, 1) (default 0.5). May run in place.
template <typename Dtype>
class DropoutLayer : public NeuronLayer<Dtype> {
 public:
  explicit DropoutLayer(const LayerParameter& param)
      : NeuronLayer<Dtype>(param) {}
  void LayerSetUp(const vector<Blob<Dtype>*>& bottom,
                  const vector<Blob<Dtype>*>& top) override;
  void Reshape(const vector<Blob<Dtype>*>& bottom,
               const vector<Blob<Dtype>*>& top) override;

  inline const char* type() const override { return "Dropout"; }

 protected:
  void Forward_cpu(const vector<Blob<Dtype>*>& bottom,
                   const vector<Blob<Dtype>*>& top) override;
  void Backward_cpu(const vector<Blob<Dtype>*>& top,
                    const vector<bool>& propagate_down,
                    const vector<Blob<Dtype>*>& bottom) override;

  // The mask of the last TRAIN forward pass (1 keeps an element).
  SyncedArray<unsigned int> rand_vec_;
  // The dropout ratio.
  Dtype threshold_ = 0;
  // 1 / (1 - threshold_), applied to the kept elements.
  Dtype scale_ = 1;
};

}  // namespace caffe

#endif  // CAFFE_DROPOUT_LAYER_HPP_

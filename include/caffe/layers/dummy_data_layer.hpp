#ifndef CAFFE_DUMMY_DATA_LAYER_HPP_
#define CAFFE_DUMMY_DATA_LAYER_HPP_

#include <memory>
#include <vector>

#include "caffe/blob.hpp"
#include "caffe/filler.hpp"
#include "caffe/layer.hpp"
#include "caffe/proto/caffe.pb.h"

namespace caffe {

// A data source without input: produces tops filled by fillers, for tests
// and for nets that need a blob of a given shape.
//
// dummy_data_param:
//   shape        each top's shape, given once (all tops alike) or once per
//                top; or the legacy num, channels, height, width, each given
//                once or once per top (not both spellings).
//   data_filler  none (all zeros), one (for every top) or one per top.
// Forward: refills the tops whose filler is random; tops with a "constant"
// filler are filled once, at set-up. Backward: nothing (no bottoms).
template <typename Dtype>
class DummyDataLayer : public Layer<Dtype> {
 public:
  explicit DummyDataLayer(const LayerParameter& param) : Layer<Dtype>(param) {}
  void LayerSetUp(const vector<Blob<Dtype>*>& bottom,
                  const vector<Blob<Dtype>*>& top) override;
  // The tops keep the shapes set in LayerSetUp.
  void Reshape(const vector<Blob<Dtype>*>& bottom,
               const vector<Blob<Dtype>*>& top) override {}

  inline const char* type() const override { return "DummyData"; }
  inline int ExactNumBottomBlobs() const override { return 0; }
  inline int MinTopBlobs() const override { return 1; }

 protected:
  void Forward_cpu(const vector<Blob<Dtype>*>& bottom,
                   const vector<Blob<Dtype>*>& top) override;
  void Backward_cpu(const vector<Blob<Dtype>*>& top,
                    const vector<bool>& propagate_down,
                    const vector<Blob<Dtype>*>& bottom) override {}

  // One filler for all tops, or one per top.
  vector<std::unique_ptr<Filler<Dtype> > > fillers_;
  // Whether Forward refills the tops of the matching filler.
  vector<bool> refill_;
};

}  // namespace caffe

#endif  // CAFFE_DUMMY_DATA_LAYER_HPP_

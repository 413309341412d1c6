#ifndef CAFFE_BIAS_LAYER_HPP_
#define CAFFE_BIAS_LAYER_HPP_

#include <vector>

#include "caffe/blob.hpp"
#include "caffe/layer.hpp"
#include "caffe/proto/caffe.pb.h"

namespace caffe {

// Adds a bias b, broadcast over the axes outside its own:
//   top[o, d, i] = bottom[o, d, i] + b[d]
// where d runs over the bias's axes, which match bottom[0]'s axes from
// `axis` on; o over the axes before, i over those after. The bias is
// bottom[1] when given, otherwise a learned blob. Backward: bottom_diff =
// top_diff; b_diff[d] = sum over o and i of top_diff (accumulated into a
// learned bias, written to bottom[1]'s diff). Runs in place.
//
// BiasParameter fields:
//   axis      the first axis of bottom[0] the bias covers (default 1;
//             negative counts from the end); a scalar bias needs none
//   num_axes  how many axes the learned bias covers (default 1; 0 makes it
//             a scalar, -1 runs to the end); ignored with bottom[1]
//   filler    initialises the learned bias (default constant 0)
template <typename Dtype>
class BiasLayer : public Layer<Dtype> {
 public:
  explicit BiasLayer(const LayerParameter& param) : Layer<Dtype>(param) {}
  void LayerSetUp(const vector<Blob<Dtype>*>& bottom,
                  const vector<Blob<Dtype>*>& top) override;
  void Reshape(const vector<Blob<Dtype>*>& bottom,
               const vector<Blob<Dtype>*>& top) override;

  inline const char* type() const override { return "Bias"; }
  inline int MinBottomBlobs() const override { return 1; }
  inline int MaxBottomBlobs() const override { return 2; }
  inline int ExactNumTopBlobs() const override { return 1; }

 protected:
  void Forward_cpu(const vector<Blob<Dtype>*>& bottom,
                   const vector<Blob<Dtype>*>& top) override;
  void Backward_cpu(const vector<Blob<Dtype>*>& top,
                    const vector<bool>& propagate_down,
                    const vector<Blob<Dtype>*>& bottom) override;

  int outer_dim_ = 0;
  int bias_dim_ = 0;
  int inner_dim_ = 0;
};

// The shape of a learned scale or bias blob: bottom's axes from `axis`,
// num_axes of them (-1: to the end). Shared by the Bias and Scale layers;
// throws caffe::Error naming `what` for a num_axes that does not fit.
vector<int> BroadcastParamShape(const vector<int>& bottom_shape, int axis,
                                int num_axes, const char* what);

// Checks that `param` fits bottom's axes from param_axis (canonicalised;
// a scalar param fits anywhere) and returns the axis it starts at.
template <typename Dtype>
int BroadcastParamAxis(const Blob<Dtype>& bottom, const Blob<Dtype>& param,
                       int param_axis, const char* what);

}  // namespace caffe

#endif  // CAFFE_BIAS_LAYER_HPP_

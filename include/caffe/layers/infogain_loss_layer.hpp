#ifndef CAFFE_INFOGAIN_LOSS_LAYER_HPP_
#define CAFFE_INFOGAIN_LOSS_LAYER_HPP_

#include <vector>

#include "caffe/blob.hpp"
#include "caffe/layer.hpp"
#include "caffe/layers/loss_layer.hpp"
#include "caffe/proto/caffe.pb.h"

namespace caffe {

// Multinomial logistic loss of a softmax, weighted by an "information gain"
// matrix H (K x K for K classes): row H[l] says how much each predicted
// class is worth when the truth is l. H = identity gives SoftmaxWithLoss.
//
// Bottoms: scores x (outer x K x inner, the class axis set by
// infogain_loss_param.axis, default 1), integer labels l in [0, K), one per
// outer x inner position, and optionally H itself (any shape of K*K
// elements) instead of infogain_loss_param.source, a BlobProto binary file.
// Tops: the loss, and optionally the probabilities p = softmax(x).
//   forward:  E = -sum_n sum_k H[l_n][k] log(max(p_{n,k}, kLOG_THRESHOLD))
//                 / normalizer
//   backward: dE/dx_{n,k} = (p_{n,k} sum_j H[l_n][j] - H[l_n][k])
//                           / normalizer * dE
// loss_param.ignore_label: positions with this label add nothing and get
//   zero gradient. loss_param.normalization (default VALID): as for
//   SoftmaxWithLoss (FULL, VALID, BATCH_SIZE = outer, NONE).
// Labels and H get no gradient; asking for one is a caffe::Error.
template <typename Dtype>
class InfogainLossLayer : public LossLayer<Dtype> {
 public:
  explicit InfogainLossLayer(const LayerParameter& param)
      : LossLayer<Dtype>(param) {}

  // Creates the internal Softmax layer, reads the loss parameters and, with
  // two bottoms, H from infogain_loss_param.source (a caffe::Error naming
  // the path when it is missing or unreadable).
  void LayerSetUp(const vector<Blob<Dtype>*>& bottom,
                  const vector<Blob<Dtype>*>& top) override;
  // Requires one label per position and K*K entries in H (caffe::Errors
  // naming the shapes otherwise).
  void Reshape(const vector<Blob<Dtype>*>& bottom,
               const vector<Blob<Dtype>*>& top) override;

  // Scores, labels and optionally H.
  inline int ExactNumBottomBlobs() const override { return -1; }
  inline int MinBottomBlobs() const override { return 2; }
  inline int MaxBottomBlobs() const override { return 3; }
  inline int ExactNumTopBlobs() const override { return -1; }
  inline int MinTopBlobs() const override { return 1; }
  inline int MaxTopBlobs() const override { return 2; }
  inline const char* type() const override { return "InfogainLoss"; }
  // Only the scores take a gradient.
  inline bool AllowForceBackward(const int bottom_index) const override {
    return bottom_index == 0;
  }

 protected:
  void Forward_cpu(const vector<Blob<Dtype>*>& bottom,
                   const vector<Blob<Dtype>*>& top) override;
  void Backward_cpu(const vector<Blob<Dtype>*>& top,
                    const vector<bool>& propagate_down,
                    const vector<Blob<Dtype>*>& bottom) override;

  // The divisor of the summed loss for the configured normalization, given
  // the number of positions not ignored.
  virtual Dtype get_normalizer(
      LossParameter_NormalizationMode normalization_mode, int valid_count);
  // sum_rows_H_[l] = sum_k H[l][k].
  virtual void sum_rows_of_H(const Blob<Dtype>* H);

  // H from the source file (unused with three bottoms).
  Blob<Dtype> infogain_;
  Blob<Dtype> sum_rows_H_;
  // The probabilities: softmax_layer_'s top.
  Blob<Dtype> prob_;
  shared_ptr<Layer<Dtype> > softmax_layer_;
  vector<Blob<Dtype>*> softmax_bottom_vec_;
  vector<Blob<Dtype>*> softmax_top_vec_;
  bool has_ignore_label_ = false;
  int ignore_label_ = 0;
  LossParameter_NormalizationMode normalization_ =
      LossParameter_NormalizationMode_VALID;
  int infogain_axis_ = 1;
  int outer_num_ = 0;
  int inner_num_ = 0;
  int num_labels_ = 0;

 private:
  const Blob<Dtype>& H(const vector<Blob<Dtype>*>& bottom) const {
    return bottom.size() > 2 ? *bottom[2] : infogain_;
  }
  // The label at position (i, j) as a class index, or -1 when ignored; out
  // of [0, K) is a caffe::Error naming the value.
  int LabelAt(const Blob<Dtype>& labels, int i, int j) const;
};

}  // namespace caffe

#endif  // CAFFE_INFOGAIN_LOSS_LAYER_HPP_

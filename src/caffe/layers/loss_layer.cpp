#include "caffe/layers/loss_layer.hpp"

#include <algorithm>
#include <vector>

namespace caffe {

template <typename Dtype>
void LossLayer<Dtype>::LayerSetUp(const vector<Blob<Dtype>*>& bottom,
                                  const vector<Blob<Dtype>*>& top) {
  if (this->layer_param_.loss_weight_size() == 0) {
    // Layer::SetLossWeights wants one weight per top; extra tops are
    // auxiliary outputs, not losses.
    this->layer_param_.add_loss_weight(Dtype(1));
    for (size_t i = 1; i < top.size(); ++i) {
      this->layer_param_.add_loss_weight(Dtype(0));
    }
  }
}

template <typename Dtype>
void LossLayer<Dtype>::Reshape(const vector<Blob<Dtype>*>& bottom,
                               const vector<Blob<Dtype>*>& top) {
  CAFFE_REQUIRE(bottom[0]->num_axes() > 0 && bottom[1]->num_axes() > 0 &&
                bottom[0]->shape(0) == bottom[1]->shape(0))
      << "the data and label should have the same first dimension (num); "
      << "bottom[0] has shape " << bottom[0]->shape_string()
      << " and bottom[1] has shape " << bottom[1]->shape_string();
  top[0]->Reshape(vector<int>());
}

template <typename Dtype>
Dtype LossLayer<Dtype>::GetNormalizer(
    const LossParameter_NormalizationMode normalization_mode,
    const int outer_num, const int inner_num, const int valid_count) {
  Dtype normalizer = 1;
  switch (normalization_mode) {
    case LossParameter_NormalizationMode_FULL:
      normalizer = Dtype(outer_num * inner_num);
      break;
    case LossParameter_NormalizationMode_VALID:
      normalizer =
          valid_count == -1 ? Dtype(outer_num * inner_num) : Dtype(valid_count);
      break;
    case LossParameter_NormalizationMode_BATCH_SIZE:
      normalizer = Dtype(outer_num);
      break;
    case LossParameter_NormalizationMode_NONE:
      normalizer = Dtype(1);
      break;
  }
  return std::max(Dtype(1), normalizer);
}

LossParameter_NormalizationMode NormalizationMode(const LossParameter& param) {
  if (param.has_normalization()) return param.normalization();
  if (param.has_normalize()) {
    return param.normalize() ? LossParameter_NormalizationMode_VALID
                             : LossParameter_NormalizationMode_BATCH_SIZE;
  }
  return param.normalization();
}

template <typename Dtype>
shared_ptr<Layer<Dtype> > SetUpLossSoftmax(
    const LayerParameter& loss_layer_param, const int axis, Blob<Dtype>* scores,
    Blob<Dtype>* prob, vector<Blob<Dtype>*>* softmax_bottom,
    vector<Blob<Dtype>*>* softmax_top) {
  LayerParameter softmax_param(loss_layer_param);
  softmax_param.set_type("Softmax");
  softmax_param.mutable_softmax_param()->set_axis(axis);
  softmax_param.clear_loss_weight();
  shared_ptr<Layer<Dtype> > softmax =
      LayerRegistry<Dtype>::CreateLayer(softmax_param);
  softmax_bottom->assign(1, scores);
  softmax_top->assign(1, prob);
  softmax->SetUp(*softmax_bottom, *softmax_top);
  return softmax;
}

template shared_ptr<Layer<float> > SetUpLossSoftmax(const LayerParameter&, int,
                                                    Blob<float>*, Blob<float>*,
                                                    vector<Blob<float>*>*,
                                                    vector<Blob<float>*>*);
template shared_ptr<Layer<double> > SetUpLossSoftmax(const LayerParameter&, int,
                                                     Blob<double>*,
                                                     Blob<double>*,
                                                     vector<Blob<double>*>*,
                                                     vector<Blob<double>*>*);

INSTANTIATE_CLASS(LossLayer);

}  // namespace caffe

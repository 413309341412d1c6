#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "caffe/blob.hpp"
#include "caffe/filler.hpp"
#include "caffe/layer_factory.hpp"
#include "caffe/layers/multinomial_logistic_loss_layer.hpp"
#include "layers/layer_error_util.hpp"
#include "support/gradient_checker.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {

template <typename TypeParam>
class MultinomialLogisticLossLayerTest : public MultiDeviceTest<TypeParam> {
  typedef typename TypeParam::Dtype Dtype;

 protected:
  // Probabilities 4 x 5 x 1 x 1 (kept away from 0 for the gradient check),
  // labels 4 x 1 x 1 x 1.
  void SetUp() override {
    MultiDeviceTest<TypeParam>::SetUp();
    if (this->IsSkipped()) return;
    prob_.Reshape(vector<int>{4, 5, 1, 1});
    labels_.Reshape(vector<int>{4, 1, 1, 1});
    FillerParameter param;
    param.set_min(0.3);
    param.set_max(1);
    UniformFiller<Dtype>(param).Fill(&prob_);
    const Dtype labels[] = {0, 4, 2, 2};
    for (int n = 0; n < 4; ++n) labels_.mutable_cpu_data()[n] = labels[n];
    bottom_vec_ = {&prob_, &labels_};
    top_vec_ = {&loss_};
  }

  void ExpectError(const vector<std::string>& fragments) {
    MultinomialLogisticLossLayer<Dtype> layer((LayerParameter()));
    ExpectLayerError(&layer, bottom_vec_, top_vec_, fragments);
  }

  Blob<Dtype> prob_, labels_, loss_;
  vector<Blob<Dtype>*> bottom_vec_, top_vec_;
};

TYPED_TEST_SUITE(MultinomialLogisticLossLayerTest, TestDtypesAndDevices);

TYPED_TEST(MultinomialLogisticLossLayerTest, Forward) {
  typedef typename TypeParam::Dtype Dtype;
  double expected = 0;
  for (int n = 0; n < 4; ++n) {
    const int label = static_cast<int>(this->labels_.cpu_data()[n]);
    expected -= std::log(double(this->prob_.data_at(n, label, 0, 0)));
  }
  expected /= 4;
  MultinomialLogisticLossLayer<Dtype> layer((LayerParameter()));
  layer.SetUp(this->bottom_vec_, this->top_vec_);
  EXPECT_NEAR(expected, layer.Forward(this->bottom_vec_, this->top_vec_), 1e-5);
  EXPECT_EQ(0, this->loss_.num_axes());
}

TYPED_TEST(MultinomialLogisticLossLayerTest, ForwardClampsZeroProbability) {
  typedef typename TypeParam::Dtype Dtype;
  this->prob_.Reshape(vector<int>{4, 5});
  caffe_set(this->prob_.count(), Dtype(0), this->prob_.mutable_cpu_data());
  MultinomialLogisticLossLayer<Dtype> layer((LayerParameter()));
  layer.SetUp(this->bottom_vec_, this->top_vec_);
  // -log(1e-20) per item, averaged.
  EXPECT_NEAR(-std::log(1e-20),
              layer.Forward(this->bottom_vec_, this->top_vec_), 1e-3);
}

TYPED_TEST(MultinomialLogisticLossLayerTest, Gradient) {
  typedef typename TypeParam::Dtype Dtype;
  LayerParameter param;
  param.add_loss_weight(2);
  MultinomialLogisticLossLayer<Dtype> layer(param);
  GradientChecker<Dtype> checker(1e-2, 1e-2, 1701);
  checker.CheckGradientExhaustive(&layer, this->bottom_vec_, this->top_vec_, 0);
}

TYPED_TEST(MultinomialLogisticLossLayerTest, LabelOutOfRange) {
  typedef typename TypeParam::Dtype Dtype;
  this->labels_.mutable_cpu_data()[1] = Dtype(5);
  this->ExpectError({"label 5", "item 1", "[0, 5)"});
  this->labels_.mutable_cpu_data()[1] = Dtype(-1);
  this->ExpectError({"label -1", "[0, 5)"});
}

TYPED_TEST(MultinomialLogisticLossLayerTest, BadShapes) {
  this->labels_.Reshape(vector<int>{4, 2});
  this->ExpectError({"one label per item", "4 5 1 1 (20)", "4 2 (8)"});
  this->labels_.Reshape(vector<int>{3});
  this->ExpectError({"4 5 1 1 (20)", "3 (3)"});
  this->bottom_vec_.pop_back();
  this->ExpectError({"2 bottom", "given 1"});
}

TYPED_TEST(MultinomialLogisticLossLayerTest, Registered) {
  typedef typename TypeParam::Dtype Dtype;
  LayerParameter param;
  param.set_type("MultinomialLogisticLoss");
  EXPECT_STREQ("MultinomialLogisticLoss",
               LayerRegistry<Dtype>::CreateLayer(param)->type());
}

}  // namespace caffe

#include <gtest/gtest.h>

#include <vector>

#include "caffe/blob.hpp"
#include "caffe/filler.hpp"
#include "caffe/layers/batch_reindex_layer.hpp"
#include "layers/layer_error_util.hpp"
#include "support/gradient_checker.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {

template <typename TypeParam>
class BatchReindexLayerTest : public MultiDeviceTest<TypeParam> {
  typedef typename TypeParam::Dtype Dtype;

 protected:
  void SetUp() override {
    MultiDeviceTest<TypeParam>::SetUp();
    if (this->IsSkipped()) return;
    bottom_.Reshape(vector<int>{4, 2, 3});
    GaussianFiller<Dtype>(FillerParameter()).Fill(&bottom_);
    SetIndices({2, 0, 2, 3, 2});
    bottom_vec_ = {&bottom_, &indices_};
    top_vec_ = {&top_};
    param_.set_type("BatchReindex");
  }

  void SetIndices(const vector<double>& values) {
    indices_.Reshape(vector<int>{static_cast<int>(values.size())});
    for (size_t i = 0; i < values.size(); ++i) {
      indices_.mutable_cpu_data()[i] = values[i];
    }
  }

  Blob<Dtype> bottom_, indices_, top_;
  vector<Blob<Dtype>*> bottom_vec_, top_vec_;
  LayerParameter param_;
};

TYPED_TEST_SUITE(BatchReindexLayerTest, TestDtypesAndDevices);

TYPED_TEST(BatchReindexLayerTest, Forward) {
  typedef typename TypeParam::Dtype Dtype;
  BatchReindexLayer<Dtype> layer(this->param_);
  layer.SetUp(this->bottom_vec_, this->top_vec_);
  layer.Forward(this->bottom_vec_, this->top_vec_);
  ASSERT_EQ((vector<int>{5, 2, 3}), this->top_.shape());
  const int source[] = {2, 0, 2, 3, 2};
  for (int j = 0; j < 5; ++j) {
    for (int i = 0; i < 6; ++i) {
      EXPECT_EQ(this->bottom_.cpu_data()[source[j] * 6 + i],
                this->top_.cpu_data()[j * 6 + i]);
    }
  }
}

TYPED_TEST(BatchReindexLayerTest, Gradient) {
  typedef typename TypeParam::Dtype Dtype;
  BatchReindexLayer<Dtype> layer(this->param_);
  GradientChecker<Dtype> checker(1e-2, 1e-3);
  checker.CheckGradientExhaustive(&layer, this->bottom_vec_, this->top_vec_, 0);
  // Item 1 is never selected: its gradient is 0.
  layer.Backward(this->top_vec_, vector<bool>{true, false}, this->bottom_vec_);
  for (int i = 6; i < 12; ++i) EXPECT_EQ(0, this->bottom_.cpu_diff()[i]);
}

TYPED_TEST(BatchReindexLayerTest, BadInput) {
  typedef typename TypeParam::Dtype Dtype;
  vector<Blob<Dtype>*> one{&this->bottom_};
  ExpectLayerError(this->param_, one, this->top_vec_,
                   {"takes 2 bottom", "given 1"});
  Blob<Dtype> square(vector<int>{2, 2});
  vector<Blob<Dtype>*> bad_index_shape{&this->bottom_, &square};
  ExpectLayerError(this->param_, bad_index_shape, this->top_vec_,
                   {"must be 1-D", "2 2 (4)"});
  for (double value : {4.0, -1.0, 0.5}) {
    this->SetIndices({0, value});
    ExpectLayerError(this->param_, this->bottom_vec_, this->top_vec_,
                     {"index 1 of bottom[1]", "[0, 4)", "4 2 3 (24)"});
  }
  this->SetIndices({0, 1});
  BatchReindexLayer<Dtype> layer(this->param_);
  layer.SetUp(this->bottom_vec_, this->top_vec_);
  layer.Forward(this->bottom_vec_, this->top_vec_);
  EXPECT_THROW(layer.Backward(this->top_vec_, vector<bool>{true, true},
                              this->bottom_vec_),
               Error);
}

}  // namespace caffe

#include <gtest/gtest.h>

#include <vector>

#include "caffe/blob.hpp"
#include "caffe/filler.hpp"
#include "caffe/layers/filter_layer.hpp"
#include "layers/layer_error_util.hpp"
#include "support/gradient_checker.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {

template <typename TypeParam>
class FilterLayerTest : public MultiDeviceTest<TypeParam> {
  typedef typename TypeParam::Dtype Dtype;

 protected:
  void SetUp() override {
    MultiDeviceTest<TypeParam>::SetUp();
    if (this->IsSkipped()) return;
    data_.Reshape(vector<int>{4, 3, 2});
    labels_.Reshape(vector<int>{4});
    GaussianFiller<Dtype>(FillerParameter()).Fill(&data_);
    GaussianFiller<Dtype>(FillerParameter()).Fill(&labels_);
    selector_.Reshape(vector<int>{4, 1, 1});
    const Dtype selected[] = {0, 1, 0, 1};  // keep items 1 and 3
    caffe_copy(4, selected, selector_.mutable_cpu_data());
    bottom_vec_ = {&data_, &labels_, &selector_};
    top_vec_ = {&top_data_, &top_labels_};
    param_.set_type("Filter");
  }

  Blob<Dtype> data_, labels_, selector_, top_data_, top_labels_;
  vector<Blob<Dtype>*> bottom_vec_, top_vec_;
  LayerParameter param_;
};

TYPED_TEST_SUITE(FilterLayerTest, TestDtypesAndDevices);

TYPED_TEST(FilterLayerTest, Forward) {
  typedef typename TypeParam::Dtype Dtype;
  FilterLayer<Dtype> layer(this->param_);
  layer.SetUp(this->bottom_vec_, this->top_vec_);
  // Before the first Forward the tops hold the whole batch.
  EXPECT_EQ((vector<int>{4, 3, 2}), this->top_data_.shape());
  layer.Forward(this->bottom_vec_, this->top_vec_);
  ASSERT_EQ((vector<int>{2, 3, 2}), this->top_data_.shape());
  ASSERT_EQ((vector<int>{2}), this->top_labels_.shape());
  const int kept[] = {1, 3};
  for (int j = 0; j < 2; ++j) {
    EXPECT_EQ(this->labels_.cpu_data()[kept[j]],
              this->top_labels_.cpu_data()[j]);
    for (int i = 0; i < 6; ++i) {
      EXPECT_EQ(this->data_.cpu_data()[kept[j] * 6 + i],
                this->top_data_.cpu_data()[j * 6 + i]);
    }
  }
}

TYPED_TEST(FilterLayerTest, ForwardNothingSelected) {
  typedef typename TypeParam::Dtype Dtype;
  caffe_set(4, Dtype(0), this->selector_.mutable_cpu_data());
  FilterLayer<Dtype> layer(this->param_);
  layer.SetUp(this->bottom_vec_, this->top_vec_);
  layer.Forward(this->bottom_vec_, this->top_vec_);
  EXPECT_EQ((vector<int>{0, 3, 2}), this->top_data_.shape());
}

TYPED_TEST(FilterLayerTest, Gradient) {
  typedef typename TypeParam::Dtype Dtype;
  FilterLayer<Dtype> layer(this->param_);
  layer.SetUp(this->bottom_vec_, this->top_vec_);
  GradientChecker<Dtype> checker(1e-2, 1e-3);
  checker.CheckGradientSingle(&layer, this->bottom_vec_, this->top_vec_, 0, -1,
                              -1);
  checker.CheckGradientSingle(&layer, this->bottom_vec_, this->top_vec_, 1, -1,
                              -1);
  // Unselected items get 0.
  for (int i = 0; i < 6; ++i) EXPECT_EQ(0, this->data_.cpu_diff()[i]);
}

TYPED_TEST(FilterLayerTest, BadInput) {
  typedef typename TypeParam::Dtype Dtype;
  vector<Blob<Dtype>*> one{&this->data_};
  ExpectLayerError(this->param_, one, this->top_vec_,
                   {"at least 2 bottom", "given 1"});
  ExpectLayerError(this->param_, this->bottom_vec_,
                   vector<Blob<Dtype>*>{&this->top_data_},
                   {"3 bottoms, 1 tops"});
  Blob<Dtype> wide_selector(vector<int>{4, 2});
  vector<Blob<Dtype>*> bad_selector{&this->data_, &this->labels_,
                                    &wide_selector};
  ExpectLayerError(this->param_, bad_selector, this->top_vec_,
                   {"selector", "4 2 (8)"});
  Blob<Dtype> short_labels(vector<int>{3});
  vector<Blob<Dtype>*> mismatched{&this->data_, &short_labels,
                                  &this->selector_};
  ExpectLayerError(this->param_, mismatched, this->top_vec_,
                   {"bottom[1] shape 3 (3)", "4 items", "4 1 1 (4)"});
  FilterLayer<Dtype> layer(this->param_);
  layer.SetUp(this->bottom_vec_, this->top_vec_);
  layer.Forward(this->bottom_vec_, this->top_vec_);
  EXPECT_THROW(layer.Backward(this->top_vec_, vector<bool>{true, true, true},
                              this->bottom_vec_),
               Error);
}

}  // namespace caffe

#include <gtest/gtest.h>

#include <vector>

#include "caffe/blob.hpp"
#include "caffe/filler.hpp"
#include "caffe/layers/parameter_layer.hpp"
#include "layers/layer_error_util.hpp"
#include "support/gradient_checker.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {

template <typename TypeParam>
class ParameterLayerTest : public MultiDeviceTest<TypeParam> {
  typedef typename TypeParam::Dtype Dtype;

 protected:
  void SetUp() override {
    MultiDeviceTest<TypeParam>::SetUp();
    if (this->IsSkipped()) return;
    top_vec_ = {&top_};
    param_.set_type("Parameter");
    BlobShape* shape = param_.mutable_parameter_param()->mutable_shape();
    shape->add_dim(2);
    shape->add_dim(3);
  }

  Blob<Dtype> top_;
  vector<Blob<Dtype>*> bottom_vec_, top_vec_;
  LayerParameter param_;
};

TYPED_TEST_SUITE(ParameterLayerTest, TestDtypesAndDevices);

TYPED_TEST(ParameterLayerTest, ForwardSharesTheBlob) {
  typedef typename TypeParam::Dtype Dtype;
  ParameterLayer<Dtype> layer(this->param_);
  layer.SetUp(this->bottom_vec_, this->top_vec_);
  ASSERT_EQ(1u, layer.blobs().size());
  EXPECT_EQ((vector<int>{2, 3}), layer.blobs()[0]->shape());
  EXPECT_EQ((vector<int>{2, 3}), this->top_.shape());
  EXPECT_EQ(0, layer.blobs()[0]->asum_data());
  for (int i = 0; i < 6; ++i) layer.blobs()[0]->mutable_cpu_data()[i] = i;
  layer.Forward(this->bottom_vec_, this->top_vec_);
  for (int i = 0; i < 6; ++i) EXPECT_EQ(i, this->top_.cpu_data()[i]);
  this->top_.mutable_cpu_diff()[5] = 7;
  EXPECT_EQ(7, layer.blobs()[0]->cpu_diff()[5]);
}

TYPED_TEST(ParameterLayerTest, StoredBlobIsUsed) {
  typedef typename TypeParam::Dtype Dtype;
  Blob<Dtype> stored(vector<int>{2, 3});
  for (int i = 0; i < 6; ++i) stored.mutable_cpu_data()[i] = -i;
  stored.ToProto(this->param_.add_blobs());
  ParameterLayer<Dtype> layer(this->param_);
  layer.SetUp(this->bottom_vec_, this->top_vec_);
  layer.Forward(this->bottom_vec_, this->top_vec_);
  for (int i = 0; i < 6; ++i) EXPECT_EQ(-i, this->top_.cpu_data()[i]);
}

TYPED_TEST(ParameterLayerTest, Gradient) {
  typedef typename TypeParam::Dtype Dtype;
  ParameterLayer<Dtype> layer(this->param_);
  layer.SetUp(this->bottom_vec_, this->top_vec_);
  GaussianFiller<Dtype>(FillerParameter()).Fill(layer.blobs()[0].get());
  GradientChecker<Dtype> checker(1e-2, 1e-3);
  checker.CheckGradientExhaustive(&layer, this->bottom_vec_, this->top_vec_);
}

TYPED_TEST(ParameterLayerTest, BadInput) {
  typedef typename TypeParam::Dtype Dtype;
  Blob<Dtype> bottom(vector<int>{2});
  vector<Blob<Dtype>*> one{&bottom};
  ExpectLayerError(this->param_, one, this->top_vec_,
                   {"takes 0 bottom", "given 1"});
  LayerParameter bad = this->param_;
  Blob<Dtype>(vector<int>{3, 2}).ToProto(bad.add_blobs());
  ExpectLayerError(bad, this->bottom_vec_, this->top_vec_,
                   {"shape 2 3 (6)", "shape 3 2 (6)"});
  bad = this->param_;
  bad.mutable_parameter_param()->mutable_shape()->set_dim(1, -3);
  ExpectLayerError(bad, this->bottom_vec_, this->top_vec_,
                   {"dimension 1", "-3"});
}

}  // namespace caffe

#include <gtest/gtest.h>

#include <vector>

#include "caffe/blob.hpp"
#include "caffe/filler.hpp"
#include "caffe/layers/embed_layer.hpp"
#include "layers/layer_error_util.hpp"
#include "support/gradient_checker.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {

template <typename TypeParam>
class EmbedLayerTest : public MultiDeviceTest<TypeParam> {
  typedef typename TypeParam::Dtype Dtype;

 protected:
  void SetUp() override {
    MultiDeviceTest<TypeParam>::SetUp();
    if (this->IsSkipped()) return;
    bottom_.Reshape(vector<int>{2, 3});
    const Dtype indices[] = {0, 4, 2, 2, 3, 0};
    caffe_copy(6, indices, bottom_.mutable_cpu_data());
    bottom_vec_ = {&bottom_};
    top_vec_ = {&top_};
    param_.set_type("Embed");
    EmbedParameter* embed = param_.mutable_embed_param();
    embed->set_num_output(4);
    embed->set_input_dim(5);
    embed->mutable_weight_filler()->set_type("gaussian");
    embed->mutable_bias_filler()->set_type("gaussian");
  }

  Blob<Dtype> bottom_, top_;
  vector<Blob<Dtype>*> bottom_vec_, top_vec_;
  LayerParameter param_;
};

TYPED_TEST_SUITE(EmbedLayerTest, TestDtypesAndDevices);

TYPED_TEST(EmbedLayerTest, Forward) {
  typedef typename TypeParam::Dtype Dtype;
  for (const bool bias_term : {true, false}) {
    this->param_.mutable_embed_param()->set_bias_term(bias_term);
    EmbedLayer<Dtype> layer(this->param_);
    layer.SetUp(this->bottom_vec_, this->top_vec_);
    ASSERT_EQ(bias_term ? 2u : 1u, layer.blobs().size());
    EXPECT_EQ((vector<int>{5, 4}), layer.blobs()[0]->shape());
    EXPECT_EQ((vector<int>{2, 3, 4}), this->top_.shape());
    layer.Forward(this->bottom_vec_, this->top_vec_);
    const Dtype* w = layer.blobs()[0]->cpu_data();
    for (int m = 0; m < 6; ++m) {
      const int k = static_cast<int>(this->bottom_.cpu_data()[m]);
      for (int n = 0; n < 4; ++n) {
        const Dtype b = bias_term ? layer.blobs()[1]->cpu_data()[n] : 0;
        EXPECT_NEAR(w[k * 4 + n] + b, this->top_.cpu_data()[m * 4 + n], 1e-6);
      }
    }
  }
}

TYPED_TEST(EmbedLayerTest, GradientWeightsAndBias) {
  typedef typename TypeParam::Dtype Dtype;
  EmbedLayer<Dtype> layer(this->param_);
  GradientChecker<Dtype> checker(1e-2, 1e-3);
  // The indices have no gradient: -2 checks only the learned blobs.
  checker.CheckGradientExhaustive(&layer, this->bottom_vec_, this->top_vec_,
                                  -2);
}

TYPED_TEST(EmbedLayerTest, BadInput) {
  typedef typename TypeParam::Dtype Dtype;
  vector<Blob<Dtype>*> two{&this->bottom_, &this->bottom_};
  ExpectLayerError(this->param_, two, this->top_vec_,
                   {"takes 1 bottom", "given 2"});
  LayerParameter bad = this->param_;
  bad.mutable_embed_param()->set_num_output(0);
  ExpectLayerError(bad, this->bottom_vec_, this->top_vec_,
                   {"num_output must be positive"});
  bad = this->param_;
  bad.mutable_embed_param()->clear_input_dim();
  ExpectLayerError(bad, this->bottom_vec_, this->top_vec_,
                   {"input_dim must be positive"});
  bad = this->param_;
  Blob<Dtype>(vector<int>{4, 4}).ToProto(bad.add_blobs());
  Blob<Dtype>(vector<int>{4}).ToProto(bad.add_blobs());
  ExpectLayerError(bad, this->bottom_vec_, this->top_vec_,
                   {"weight shape 4 4", "5 x 4"});

  for (const Dtype value : {Dtype(5), Dtype(-1), Dtype(1.5)}) {
    this->bottom_.mutable_cpu_data()[4] = value;
    ExpectLayerError(this->param_, this->bottom_vec_, this->top_vec_,
                     {"input 4", "2 3 (6)", "input_dim = 5"});
  }

  this->bottom_.mutable_cpu_data()[4] = 1;
  EmbedLayer<Dtype> layer(this->param_);
  layer.SetUp(this->bottom_vec_, this->top_vec_);
  layer.Forward(this->bottom_vec_, this->top_vec_);
  EXPECT_THROW(
      layer.Backward(this->top_vec_, vector<bool>{true}, this->bottom_vec_),
      Error);
}

}  // namespace caffe

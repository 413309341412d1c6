#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <vector>

#include "caffe/blob.hpp"
#include "caffe/filler.hpp"
#include "caffe/layers/argmax_layer.hpp"
#include "layers/layer_error_util.hpp"
#include "support/filled_bottom_test.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {

template <typename TypeParam>
class ArgMaxLayerTest : public LayerParamTest<TypeParam> {
  typedef typename TypeParam::Dtype Dtype;

 protected:
  ArgMaxLayerTest() : LayerParamTest<TypeParam>("ArgMax") {}

  // Indices of values[0..n) at the given stride, largest value first.
  vector<int> Ranking(const Dtype* values, int n, int stride) {
    vector<int> order(n);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
      return values[a * stride] > values[b * stride];
    });
    return order;
  }
};

TYPED_TEST_SUITE(ArgMaxLayerTest, TestDtypesAndDevices);

TYPED_TEST(ArgMaxLayerTest, ForwardPerSampleTopK) {
  typedef typename TypeParam::Dtype Dtype;
  this->param_.mutable_argmax_param()->set_top_k(4);
  ArgMaxLayer<Dtype> layer(this->param_);
  layer.SetUp(this->bottom_vec_, this->top_vec_);
  EXPECT_EQ((vector<int>{2, 1, 4, 1}), this->top_.shape());
  layer.Forward(this->bottom_vec_, this->top_vec_);
  for (int n = 0; n < 2; ++n) {
    const vector<int> order =
        this->Ranking(this->bottom_.cpu_data() + n * 60, 60, 1);
    for (int k = 0; k < 4; ++k) {
      EXPECT_EQ(order[k], this->top_.cpu_data()[n * 4 + k]);
    }
  }
}

TYPED_TEST(ArgMaxLayerTest, ForwardPerSampleWithValues) {
  typedef typename TypeParam::Dtype Dtype;
  this->bottom_.Reshape(vector<int>{2, 3});
  const Dtype values[] = {1, 5, 3, 4, 4, -1};
  caffe_copy(6, values, this->bottom_.mutable_cpu_data());
  ArgMaxParameter* argmax = this->param_.mutable_argmax_param();
  argmax->set_out_max_val(true);
  argmax->set_top_k(2);
  ArgMaxLayer<Dtype> layer(this->param_);
  layer.SetUp(this->bottom_vec_, this->top_vec_);
  EXPECT_EQ((vector<int>{2, 2, 2}), this->top_.shape());
  layer.Forward(this->bottom_vec_, this->top_vec_);
  // Ties go to the larger index first.
  const Dtype want[] = {1, 2, 5, 3, 1, 0, 4, 4};
  for (int i = 0; i < 8; ++i) EXPECT_EQ(want[i], this->top_.cpu_data()[i]);
}

TYPED_TEST(ArgMaxLayerTest, ForwardAlongAxis) {
  typedef typename TypeParam::Dtype Dtype;
  for (const bool values : {false, true}) {
    ArgMaxParameter* argmax = this->param_.mutable_argmax_param();
    argmax->set_axis(-3);
    argmax->set_top_k(2);
    argmax->set_out_max_val(values);
    ArgMaxLayer<Dtype> layer(this->param_);
    layer.SetUp(this->bottom_vec_, this->top_vec_);
    EXPECT_EQ((vector<int>{2, 2, 4, 5}), this->top_.shape());
    layer.Forward(this->bottom_vec_, this->top_vec_);
    for (int n = 0; n < 2; ++n) {
      for (int s = 0; s < 20; ++s) {
        const Dtype* column = this->bottom_.cpu_data() + n * 60 + s;
        const vector<int> order = this->Ranking(column, 3, 20);
        for (int k = 0; k < 2; ++k) {
          const Dtype got = this->top_.cpu_data()[(n * 2 + k) * 20 + s];
          EXPECT_EQ(values ? column[order[k] * 20] : Dtype(order[k]), got);
        }
      }
    }
  }
}

TYPED_TEST(ArgMaxLayerTest, BadInput) {
  typedef typename TypeParam::Dtype Dtype;
  vector<Blob<Dtype>*> two{&this->bottom_, &this->bottom_};
  ExpectLayerError(this->param_, two, this->top_vec_,
                   {"takes 1 bottom", "given 2"});
  LayerParameter bad = this->param_;
  bad.mutable_argmax_param()->set_top_k(0);
  ExpectLayerError(bad, this->bottom_vec_, this->top_vec_, {"top_k"});
  bad.mutable_argmax_param()->set_top_k(61);
  ExpectLayerError(bad, this->bottom_vec_, this->top_vec_,
                   {"top_k 61", "60 values", "2 3 4 5"});
  bad.mutable_argmax_param()->set_top_k(4);
  bad.mutable_argmax_param()->set_axis(1);
  ExpectLayerError(bad, this->bottom_vec_, this->top_vec_,
                   {"top_k 4", "axis 1", "2 3 4 5"});
  bad.mutable_argmax_param()->set_axis(4);
  ExpectLayerError(bad, this->bottom_vec_, this->top_vec_,
                   {"axis 4 out of range"});

  ArgMaxLayer<Dtype> layer(this->param_);
  layer.SetUp(this->bottom_vec_, this->top_vec_);
  layer.Forward(this->bottom_vec_, this->top_vec_);
  EXPECT_THROW(
      layer.Backward(this->top_vec_, vector<bool>{true}, this->bottom_vec_),
      Error);
}

}  // namespace caffe

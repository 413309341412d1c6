#include <gtest/gtest.h>

#include <vector>

#include "caffe/blob.hpp"
#include "caffe/filler.hpp"
#include "caffe/layers/tile_layer.hpp"
#include "layers/layer_error_util.hpp"
#include "support/filled_bottom_test.hpp"
#include "support/gradient_checker.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {

template <typename TypeParam>
class TileLayerTest : public LayerParamTest<TypeParam> {
 protected:
  TileLayerTest() : LayerParamTest<TypeParam>("Tile") {}
};

TYPED_TEST_SUITE(TileLayerTest, TestDtypesAndDevices);

TYPED_TEST(TileLayerTest, ForwardEachAxis) {
  typedef typename TypeParam::Dtype Dtype;
  for (int axis = 0; axis < 4; ++axis) {
    this->param_.mutable_tile_param()->set_axis(axis);
    this->param_.mutable_tile_param()->set_tiles(3);
    TileLayer<Dtype> layer(this->param_);
    layer.SetUp(this->bottom_vec_, this->top_vec_);
    layer.Forward(this->bottom_vec_, this->top_vec_);
    vector<int> want_shape = this->bottom_.shape();
    want_shape[axis] *= 3;
    ASSERT_EQ(want_shape, this->top_.shape());
    vector<int> index(4);
    for (int i = 0; i < this->top_.count(); ++i) {
      int rest = i;
      for (int a = 3; a >= 0; --a) {
        index[a] = rest % want_shape[a];
        rest /= want_shape[a];
      }
      index[axis] %= this->bottom_.shape(axis);
      EXPECT_EQ(this->bottom_.data_at(index), this->top_.cpu_data()[i]);
    }
  }
}

TYPED_TEST(TileLayerTest, Gradient) {
  typedef typename TypeParam::Dtype Dtype;
  this->bottom_.Reshape(vector<int>{2, 3, 2});
  this->param_.mutable_tile_param()->set_axis(-2);
  this->param_.mutable_tile_param()->set_tiles(2);
  TileLayer<Dtype> layer(this->param_);
  GradientChecker<Dtype> checker(1e-2, 1e-3);
  checker.CheckGradientExhaustive(&layer, this->bottom_vec_, this->top_vec_);
}

TYPED_TEST(TileLayerTest, BadInput) {
  typedef typename TypeParam::Dtype Dtype;
  vector<Blob<Dtype>*> two{&this->bottom_, &this->bottom_};
  this->param_.mutable_tile_param()->set_tiles(2);
  ExpectLayerError(this->param_, two, this->top_vec_,
                   {"takes 1 bottom", "given 2"});
  LayerParameter bad = this->param_;
  bad.mutable_tile_param()->clear_tiles();
  ExpectLayerError(bad, this->bottom_vec_, this->top_vec_,
                   {"tiles must be specified"});
  bad.mutable_tile_param()->set_tiles(0);
  ExpectLayerError(bad, this->bottom_vec_, this->top_vec_,
                   {"tiles must be positive", "got 0"});
  bad.mutable_tile_param()->set_tiles(2);
  bad.mutable_tile_param()->set_axis(-5);
  ExpectLayerError(bad, this->bottom_vec_, this->top_vec_,
                   {"axis -5 out of range", "2 3 4 5"});
}

}  // namespace caffe

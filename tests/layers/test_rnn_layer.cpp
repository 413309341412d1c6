#include <gtest/gtest.h>

#include <vector>

#include "caffe/blob.hpp"
#include "caffe/layers/rnn_layer.hpp"
#include "layers/layer_error_util.hpp"
#include "layers/recurrent_test_util.hpp"
#include "support/gradient_checker.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {

template <typename TypeParam>
class RNNLayerTest : public MultiDeviceTest<TypeParam> {
  typedef typename TypeParam::Dtype Dtype;

 protected:
  void SetUp() override {
    MultiDeviceTest<TypeParam>::SetUp();
    if (this->IsSkipped()) return;
    data_.param.set_type("RNN");
  }

  // Runs the layer once and compares every top with the reference.
  void CheckForward(bool with_static, bool exposed) {
    data_.param.mutable_recurrent_param()->set_expose_hidden(exposed);
    RNNLayer<Dtype> layer(data_.param);
    const int states = exposed ? 1 : 0;
    const vector<Blob<Dtype>*> bottom = data_.Bottoms(with_static, states);
    const vector<Blob<Dtype>*> top = data_.Tops(states);
    layer.SetUp(bottom, top);
    layer.Forward(bottom, top);
    const vector<Values> w = WeightValues(&layer);
    const int h = with_static ? 3 : 2;  // the index of W_hh
    Values h_T;
    const Values o =
        RefRNN(data_.RefInput(with_static, exposed), w[0], w[1],
               with_static ? w[2] : Values(), w[h], w[h + 1], w[h + 2], &h_T);
    ExpectValuesNear(o, data_.top);
    if (exposed) ExpectValuesNear(h_T, data_.h_T);
  }

  RecurrentTestData<Dtype> data_;
};

TYPED_TEST_SUITE(RNNLayerTest, TestDtypesAndDevices);

TYPED_TEST(RNNLayerTest, SetUpShapes) {
  typedef typename TypeParam::Dtype Dtype;
  RecurrentTestData<Dtype>& data = this->data_;
  RNNLayer<Dtype> layer(data.param);
  layer.SetUp(data.Bottoms(true, 0), data.Tops(0));
  EXPECT_EQ((vector<int>{3, 2, 4}), data.top.shape());
  const vector<vector<int> > shapes{{4, 3}, {4}, {4, 2}, {4, 4}, {4, 4}, {4}};
  ASSERT_EQ(shapes.size(), layer.blobs().size());
  for (size_t i = 0; i < shapes.size(); ++i) {
    EXPECT_EQ(shapes[i], layer.blobs()[i]->shape()) << "blob " << i;
  }
  data.param.mutable_recurrent_param()->set_expose_hidden(true);
  RNNLayer<Dtype> exposed(data.param);
  exposed.SetUp(data.Bottoms(false, 1), data.Tops(1));
  EXPECT_EQ(5u, exposed.blobs().size());
  EXPECT_EQ((vector<int>{1, 2, 4}), data.h_T.shape());
}

TYPED_TEST(RNNLayerTest, Forward) { this->CheckForward(false, false); }

TYPED_TEST(RNNLayerTest, ForwardStaticInput) { this->CheckForward(true, false); }

TYPED_TEST(RNNLayerTest, ForwardExposeHidden) {
  this->data_.SetCont({1, 1, 1, 0, 1, 1});
  this->CheckForward(true, true);
}

// Without expose_hidden the final h of one call starts the next; with
// cont = 1 throughout, a second call differs from a fresh layer's.
TYPED_TEST(RNNLayerTest, StateCarriesOver) {
  typedef typename TypeParam::Dtype Dtype;
  RecurrentTestData<Dtype>& data = this->data_;
  data.SetCont({1, 1, 1, 1, 1, 1});
  RNNLayer<Dtype> layer(data.param);
  const vector<Blob<Dtype>*> bottom = data.Bottoms(false, 0);
  const vector<Blob<Dtype>*> top = data.Tops(0);
  layer.SetUp(bottom, top);
  layer.Forward(bottom, top);
  RefRecurrentInput in = data.RefInput(false, false);
  const vector<Values> w = WeightValues(&layer);
  Values h_T;
  RefRNN(in, w[0], w[1], Values(), w[2], w[3], w[4], &h_T);
  layer.Forward(bottom, top);
  in.h0 = h_T;
  ExpectValuesNear(RefRNN(in, w[0], w[1], Values(), w[2], w[3], w[4], &h_T),
                   data.top);
  // cont = 0 at the first step drops the carried state.
  data.SetCont({0, 0, 1, 1, 1, 1});
  layer.Forward(bottom, top);
  ExpectValuesNear(RefRNN(data.RefInput(false, false), w[0], w[1], Values(),
                          w[2], w[3], w[4], &h_T),
                   data.top);
}

// A shorter sequence continues from the state the longer one left.
TYPED_TEST(RNNLayerTest, StepCountMayChange) {
  typedef typename TypeParam::Dtype Dtype;
  RecurrentTestData<Dtype>& data = this->data_;
  data.SetCont({1, 1, 1, 1, 1, 1});
  RNNLayer<Dtype> layer(data.param);
  const vector<Blob<Dtype>*> bottom = data.Bottoms(false, 0);
  const vector<Blob<Dtype>*> top = data.Tops(0);
  layer.SetUp(bottom, top);
  layer.Forward(bottom, top);
  RefRecurrentInput in = data.RefInput(false, false);
  const vector<Values> w = WeightValues(&layer);
  Values h_T;
  RefRNN(in, w[0], w[1], Values(), w[2], w[3], w[4], &h_T);

  data.x.Reshape(vector<int>{2, 2, 3});
  data.cont.Reshape(vector<int>{2, 2});
  layer.Forward(bottom, top);
  EXPECT_EQ((vector<int>{2, 2, 4}), data.top.shape());
  in = data.RefInput(false, false);
  in.T = 2;
  in.h0 = h_T;
  ExpectValuesNear(RefRNN(in, w[0], w[1], Values(), w[2], w[3], w[4], &h_T),
                   data.top);
}

TYPED_TEST(RNNLayerTest, GradientX) {
  typedef typename TypeParam::Dtype Dtype;
  RNNLayer<Dtype> layer(this->data_.param);
  GradientChecker<Dtype> checker(1e-2, 1e-3);
  checker.CheckGradientExhaustive(&layer, this->data_.Bottoms(false, 0),
                                  this->data_.Tops(0), 0);
}

TYPED_TEST(RNNLayerTest, GradientStaticInput) {
  typedef typename TypeParam::Dtype Dtype;
  RNNLayer<Dtype> layer(this->data_.param);
  GradientChecker<Dtype> checker(1e-2, 1e-3);
  checker.CheckGradient(&layer, this->data_.Bottoms(true, 0),
                        this->data_.Tops(0), 2);
}

TYPED_TEST(RNNLayerTest, GradientExposeHidden) {
  typedef typename TypeParam::Dtype Dtype;
  this->data_.SetCont({1, 1, 1, 0, 1, 1});
  this->data_.param.mutable_recurrent_param()->set_expose_hidden(true);
  RNNLayer<Dtype> layer(this->data_.param);
  GradientChecker<Dtype> checker(1e-2, 1e-3);
  checker.CheckGradientExhaustive(&layer, this->data_.Bottoms(true, 1),
                                  this->data_.Tops(1), 3);  // h_0
}

TYPED_TEST(RNNLayerTest, BadInputs) {
  typedef typename TypeParam::Dtype Dtype;
  RecurrentTestData<Dtype>& data = this->data_;
  LayerParameter exposed = data.param;
  exposed.mutable_recurrent_param()->set_expose_hidden(true);
  ExpectLayerError<Dtype>(exposed, {&data.x, &data.cont}, data.Tops(1),
                          {"3 bottoms (x, cont, h_0)",
                           "4 (x, cont, x_static, h_0)", "given 2"});
  Blob<Dtype> h0_bad(vector<int>{2, 2, 4});
  ExpectLayerError<Dtype>(exposed, {&data.x, &data.cont, &h0_bad},
                          data.Tops(1), {"h_0 (bottom 2)", "2 2 4 (16)"});
  Blob<Dtype> cont_bad(vector<int>{2, 2});
  ExpectLayerError<Dtype>(data.param, {&data.x, &cont_bad}, data.Tops(0),
                          {"cont (bottom 1)", "2 2 (4)"});

  RNNLayer<Dtype> trained(data.param);
  trained.SetUp(data.Bottoms(false, 0), data.Tops(0));
  LayerParameter loaded = data.param;
  for (const auto& blob : trained.blobs()) blob->ToProto(loaded.add_blobs());
  Blob<Dtype>(vector<int>{5}).ToProto(loaded.mutable_blobs(4));
  ExpectLayerError<Dtype>(loaded, data.Bottoms(false, 0), data.Tops(0),
                          {"blob 4 (b_o)", "5 (5)", "need 4 (4)"});
}

}  // namespace caffe

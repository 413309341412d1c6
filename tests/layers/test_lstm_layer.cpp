#include <glog/logging.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "caffe/blob.hpp"
#include "caffe/filler.hpp"
#include "caffe/layers/lstm_layer.hpp"
#include "caffe/net.hpp"
#include "caffe/util/io.hpp"
#include "layers/layer_error_util.hpp"
#include "layers/recurrent_test_util.hpp"
#include "support/gradient_checker.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {

template <typename TypeParam>
class LSTMLayerTest : public MultiDeviceTest<TypeParam> {
  typedef typename TypeParam::Dtype Dtype;

 protected:
  void SetUp() override {
    MultiDeviceTest<TypeParam>::SetUp();
    if (this->IsSkipped()) return;
    data_.param.set_type("LSTM");
  }

  // Runs the layer once and compares every top with the reference.
  void CheckForward(bool with_static, bool exposed) {
    data_.param.mutable_recurrent_param()->set_expose_hidden(exposed);
    LSTMLayer<Dtype> layer(data_.param);
    const int states = exposed ? 2 : 0;
    const vector<Blob<Dtype>*> bottom = data_.Bottoms(with_static, states);
    const vector<Blob<Dtype>*> top = data_.Tops(states);
    layer.SetUp(bottom, top);
    layer.Forward(bottom, top);
    const vector<Values> w = WeightValues(&layer);
    const Values none;
    Values h_T, c_T;
    const Values h = RefLSTM(data_.RefInput(with_static, exposed), w[0], w[1],
                             with_static ? w[2] : none, w.back(), &h_T, &c_T);
    ExpectValuesNear(h, data_.top);
    if (exposed) {
      ExpectValuesNear(h_T, data_.h_T);
      ExpectValuesNear(c_T, data_.c_T);
    }
  }

  RecurrentTestData<Dtype> data_;
};

TYPED_TEST_SUITE(LSTMLayerTest, TestDtypesAndDevices);

TYPED_TEST(LSTMLayerTest, SetUpShapes) {
  typedef typename TypeParam::Dtype Dtype;
  RecurrentTestData<Dtype>& data = this->data_;
  LSTMLayer<Dtype> layer(data.param);
  layer.SetUp(data.Bottoms(true, 0), data.Tops(0));
  EXPECT_EQ((vector<int>{3, 2, 4}), data.top.shape());
  ASSERT_EQ(4u, layer.blobs().size());
  EXPECT_EQ((vector<int>{16, 3}), layer.blobs()[0]->shape());  // W_xc
  EXPECT_EQ((vector<int>{16}), layer.blobs()[1]->shape());     // b_c
  EXPECT_EQ((vector<int>{16, 2}), layer.blobs()[2]->shape());  // W_xc_x_static
  EXPECT_EQ((vector<int>{16, 4}), layer.blobs()[3]->shape());  // W_hc

  data.param.mutable_recurrent_param()->set_expose_hidden(true);
  LSTMLayer<Dtype> exposed(data.param);
  exposed.SetUp(data.Bottoms(false, 2), data.Tops(2));
  EXPECT_EQ(3u, exposed.blobs().size());
  EXPECT_EQ((vector<int>{1, 2, 4}), data.h_T.shape());
  EXPECT_EQ((vector<int>{1, 2, 4}), data.c_T.shape());
}

TYPED_TEST(LSTMLayerTest, Forward) { this->CheckForward(false, false); }

TYPED_TEST(LSTMLayerTest, ForwardStaticInput) {
  this->CheckForward(true, false);
}

TYPED_TEST(LSTMLayerTest, ForwardExposeHidden) {
  // cont = 1 at the first step, so that h_0 and c_0 matter.
  this->data_.SetCont({1, 1, 1, 0, 1, 1});
  this->CheckForward(true, true);
  // The last step of h is h_T.
  for (int k = 0; k < 8; ++k) {
    EXPECT_EQ(this->data_.top.cpu_data()[16 + k], this->data_.h_T.cpu_data()[k]);
  }
}

// Without expose_hidden, two calls over halves of a sequence give the same
// as one call over all of it; Reset starts over.
TYPED_TEST(LSTMLayerTest, StateCarriesOver) {
  typedef typename TypeParam::Dtype Dtype;
  RecurrentTestData<Dtype>& data = this->data_;
  data.SetCont({1, 1, 1, 1, 1, 1});
  Blob<Dtype> x6(vector<int>{6, 2, 3}), cont6(vector<int>{6, 2}), top6;
  caffe_copy(18, data.x.cpu_data(), x6.mutable_cpu_data());
  GaussianFiller<Dtype>(FillerParameter()).Fill(&data.x);
  caffe_copy(18, data.x.cpu_data(), x6.mutable_cpu_data() + 18);
  caffe_set(12, Dtype(1), cont6.mutable_cpu_data());
  LSTMLayer<Dtype> whole(data.param);
  whole.SetUp({&x6, &cont6}, {&top6});
  whole.Forward({&x6, &cont6}, {&top6});

  LayerParameter halves_param = data.param;
  for (const auto& blob : whole.blobs()) blob->ToProto(halves_param.add_blobs());
  LSTMLayer<Dtype> halves(halves_param);
  Blob<Dtype> first_half(vector<int>{3, 2, 3});
  caffe_copy(18, x6.cpu_data(), first_half.mutable_cpu_data());
  const vector<Blob<Dtype>*> first{&first_half, &data.cont};
  const vector<Blob<Dtype>*> second{&data.x, &data.cont};
  halves.SetUp(first, data.Tops(0));
  halves.Forward(first, data.Tops(0));
  for (int k = 0; k < 24; ++k) {
    EXPECT_NEAR(top6.cpu_data()[k], data.top.cpu_data()[k], 1e-6);
  }
  halves.Forward(second, data.Tops(0));
  for (int k = 0; k < 24; ++k) {
    EXPECT_NEAR(top6.cpu_data()[24 + k], data.top.cpu_data()[k], 1e-6);
  }
  halves.Reset();
  halves.Forward(first, data.Tops(0));
  for (int k = 0; k < 24; ++k) {
    EXPECT_NEAR(top6.cpu_data()[k], data.top.cpu_data()[k], 1e-6);
  }
}

TYPED_TEST(LSTMLayerTest, GradientX) {
  typedef typename TypeParam::Dtype Dtype;
  LSTMLayer<Dtype> layer(this->data_.param);
  GradientChecker<Dtype> checker(1e-2, 1e-3);
  checker.CheckGradientExhaustive(&layer, this->data_.Bottoms(false, 0),
                                  this->data_.Tops(0), 0);
}

TYPED_TEST(LSTMLayerTest, GradientStaticInput) {
  typedef typename TypeParam::Dtype Dtype;
  LSTMLayer<Dtype> layer(this->data_.param);
  GradientChecker<Dtype> checker(1e-2, 1e-3);
  checker.CheckGradient(&layer, this->data_.Bottoms(true, 0),
                        this->data_.Tops(0), 0);
  checker.CheckGradient(&layer, this->data_.Bottoms(true, 0),
                        this->data_.Tops(0), 2);
}

TYPED_TEST(LSTMLayerTest, GradientExposeHidden) {
  typedef typename TypeParam::Dtype Dtype;
  this->data_.SetCont({1, 1, 1, 0, 1, 1});
  this->data_.param.mutable_recurrent_param()->set_expose_hidden(true);
  LSTMLayer<Dtype> layer(this->data_.param);
  GradientChecker<Dtype> checker(1e-2, 1e-3);
  const vector<Blob<Dtype>*> bottom = this->data_.Bottoms(false, 2);
  const vector<Blob<Dtype>*> top = this->data_.Tops(2);
  checker.CheckGradientExhaustive(&layer, bottom, top, 2);  // h_0
  checker.CheckGradientExhaustive(&layer, bottom, top, 3);  // c_0
}

TYPED_TEST(LSTMLayerTest, NoGradientToCont) {
  typedef typename TypeParam::Dtype Dtype;
  LSTMLayer<Dtype> layer(this->data_.param);
  EXPECT_FALSE(layer.AllowForceBackward(1));
  const vector<Blob<Dtype>*> bottom = this->data_.Bottoms(false, 0);
  layer.SetUp(bottom, this->data_.Tops(0));
  layer.Forward(bottom, this->data_.Tops(0));
  EXPECT_THROW(layer.Backward(this->data_.Tops(0), vector<bool>{true, true},
                              bottom),
               Error);
}

TYPED_TEST(LSTMLayerTest, BadInputs) {
  typedef typename TypeParam::Dtype Dtype;
  RecurrentTestData<Dtype>& data = this->data_;
  const vector<Blob<Dtype>*> tops = data.Tops(0);
  ExpectLayerError<Dtype>(data.param, {&data.x}, tops,
                          {"x, cont", "x_static", "given 1"});
  ExpectLayerError<Dtype>(data.param, data.Bottoms(true, 1), tops,
                          {"2 bottoms", "3 (x, cont, x_static)", "given 4"});

  Blob<Dtype> cont_bad(vector<int>{3, 3});
  ExpectLayerError<Dtype>(data.param, {&data.x, &cont_bad}, tops,
                          {"cont (bottom 1)", "3 2", "3 3 (9)"});
  Blob<Dtype> static_bad(vector<int>{3, 2});
  ExpectLayerError<Dtype>(data.param, {&data.x, &data.cont, &static_bad}, tops,
                          {"x_static (bottom 2)", "N = 2", "3 2 (6)"});

  LayerParameter exposed = data.param;
  exposed.mutable_recurrent_param()->set_expose_hidden(true);
  ExpectLayerError<Dtype>(exposed, data.Bottoms(false, 2), tops,
                          {"h, h_T, c_T", "given 1"});
  Blob<Dtype> h0_bad(vector<int>{1, 2, 5});
  ExpectLayerError<Dtype>(exposed, {&data.x, &data.cont, &h0_bad, &data.c0},
                          data.Tops(2), {"h_0 (bottom 2)", "1 2 4", "1 2 5"});

  LayerParameter zero = data.param;
  zero.mutable_recurrent_param()->set_num_output(0);
  ExpectLayerError<Dtype>(zero, data.Bottoms(false, 0), tops, {"num_output"});
}

TYPED_TEST(LSTMLayerTest, LoadedWeights) {
  typedef typename TypeParam::Dtype Dtype;
  RecurrentTestData<Dtype>& data = this->data_;
  LSTMLayer<Dtype> trained(data.param);
  trained.SetUp(data.Bottoms(false, 0), data.Tops(0));
  trained.Forward(data.Bottoms(false, 0), data.Tops(0));
  const Values want = ToValues(data.top);

  // Given blobs are used as they are, not refilled.
  LayerParameter loaded = data.param;
  for (const auto& blob : trained.blobs()) blob->ToProto(loaded.add_blobs());
  LSTMLayer<Dtype> layer(loaded);
  layer.SetUp(data.Bottoms(false, 0), data.Tops(0));
  layer.Forward(data.Bottoms(false, 0), data.Tops(0));
  ExpectValuesNear(want, data.top, 0);

  LayerParameter wrong_shape = loaded;
  Blob<Dtype>(vector<int>{16, 5}).ToProto(wrong_shape.mutable_blobs(2));
  ExpectLayerError<Dtype>(wrong_shape, data.Bottoms(false, 0), data.Tops(0),
                          {"blob 2 (W_hc)", "16 5 (80)", "16 4 (64)"});
  LayerParameter too_few = loaded;
  too_few.mutable_blobs()->RemoveLast();
  ExpectLayerError<Dtype>(too_few, data.Bottoms(false, 0), data.Tops(0),
                          {"expected 3", "W_xc, b_c, W_hc", "got 2"});
  // Weights trained without x_static do not fit a layer given one.
  ExpectLayerError<Dtype>(loaded, data.Bottoms(true, 0), data.Tops(0),
                          {"expected 4", "W_xc_x_static"});
}

// Keeps the messages logged while alive, INFO included.
class LogLines : public google::LogSink {
 public:
  LogLines() : saved_level_(FLAGS_minloglevel) {
    FLAGS_minloglevel = 0;
    google::AddLogSink(this);
  }
  ~LogLines() override {
    google::RemoveLogSink(this);
    FLAGS_minloglevel = saved_level_;
  }
  void send(google::LogSeverity, const char*, const char*, int,
            const google::LogMessageTime&, const char* message,
            size_t length) override {
    text += std::string(message, length) + "\n";
  }
  std::string text;

 private:
  int saved_level_;
};

TYPED_TEST(LSTMLayerTest, DebugInfoLogs) {
  typedef typename TypeParam::Dtype Dtype;
  this->data_.param.set_name("lstm1");
  this->data_.param.mutable_recurrent_param()->set_debug_info(true);
  LSTMLayer<Dtype> layer(this->data_.param);
  const vector<Blob<Dtype>*> bottom = this->data_.Bottoms(false, 0);
  const vector<Blob<Dtype>*> top = this->data_.Tops(0);
  LogLines log;
  layer.SetUp(bottom, top);
  layer.Forward(bottom, top);
  layer.Backward(top, vector<bool>{true, false}, bottom);
  for (const char* fragment :
       {"lstm1 (LSTM) forward step 0: mean |h_1| = ",
        "lstm1 (LSTM) forward step 2: mean |h_3| = ", "mean |c_3| = ",
        "lstm1 (LSTM) backward step 0: mean |dh_1| = ", "mean |dc_1| = "}) {
    EXPECT_NE(log.text.find(fragment), std::string::npos)
        << fragment << " not in:\n" << log.text;
  }

  this->data_.param.mutable_recurrent_param()->set_debug_info(false);
  LSTMLayer<Dtype> quiet(this->data_.param);
  LogLines quiet_log;
  quiet.SetUp(bottom, top);
  quiet.Forward(bottom, top);
  EXPECT_EQ(quiet_log.text.find("step"), std::string::npos) << quiet_log.text;
}

// Input x, cont -> LSTM -> sum of squares as the loss, built from text.
TYPED_TEST(LSTMLayerTest, InNet) {
  typedef typename TypeParam::Dtype Dtype;
  NetParameter param;
  ReadProtoFromTextString(
      "force_backward: true "
      "layer { name: 'x' type: 'Input' top: 'x' "
      "  input_param { shape { dim: 3 dim: 2 dim: 3 } } } "
      "layer { name: 'cont' type: 'Input' top: 'cont' "
      "  input_param { shape { dim: 3 dim: 2 } } } "
      "layer { name: 'lstm' type: 'LSTM' bottom: 'x' bottom: 'cont' "
      "  top: 'h' recurrent_param { num_output: 4 "
      "  weight_filler { type: 'uniform' min: -0.5 max: 0.5 } } } "
      "layer { name: 'loss' type: 'Reduction' bottom: 'h' top: 'loss' "
      "  reduction_param { operation: SUMSQ } loss_weight: 1 } ",
      &param);
  Net<Dtype> net(param);
  caffe_copy(18, this->data_.x.cpu_data(),
             net.blob_by_name("x")->mutable_cpu_data());
  caffe_copy(6, this->data_.cont.cpu_data(),
             net.blob_by_name("cont")->mutable_cpu_data());
  Dtype loss = 0;
  net.Forward(&loss);
  EXPECT_GT(loss, 0);
  EXPECT_EQ((vector<int>{3, 2, 4}), net.blob_by_name("h")->shape());
  net.Backward();
  EXPECT_GT(caffe_cpu_asum(18, net.blob_by_name("x")->cpu_diff()), 0);
  const auto& lstm = net.layer_by_name("lstm");
  ASSERT_EQ(3u, lstm->blobs().size());
  for (const auto& blob : lstm->blobs()) {
    EXPECT_GT(caffe_cpu_asum(blob->count(), blob->cpu_diff()), 0);
  }
}

}  // namespace caffe

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "caffe/net.hpp"
#include "caffe/util/insert_splits.hpp"
#include "caffe/util/io.hpp"
#include "net_test_layers.hpp"
#include "support/error_message.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {

namespace {

NetParameter ParseNet(const string& text) {
  NetParameter param;
  ReadProtoFromTextString(text, &param, "test net");
  return param;
}

vector<string> LayerNamesOf(const NetParameter& param) {
  vector<string> names;
  for (const LayerParameter& layer : param.layer())
    names.push_back(layer.name());
  return names;
}

// data (2 x 3) -> scale (w = 1, 2, 3) -> loss = sum.
const char* const kScaleNet =
    "name: 'scale_net' "
    "layer { name: 'data' type: 'Input' top: 'data' "
    "        input_param { shape { dim: 2 dim: 3 } } } "
    "layer { name: 'scale' type: 'TestScale' bottom: 'data' top: 'scaled' } "
    "layer { name: 'loss' type: 'TestSumLoss' bottom: 'scaled' top: 'loss' } ";

template <typename Dtype>
void FillInput(Blob<Dtype>* blob) {
  Dtype* data = blob->mutable_cpu_data();
  for (int i = 0; i < blob->count(); ++i) data[i] = Dtype(0.5) * (i + 1);
}

}  // namespace

// ---- Filtering by state ---------------------------------------------------

class NetFilterTest : public ::testing::Test {
 protected:
  NetStateRule Rule(const string& text) {
    NetStateRule rule;
    ReadProtoFromTextString(text, &rule, "rule");
    return rule;
  }
  NetState State(const string& text) {
    NetState state;
    ReadProtoFromTextString(text, &state, "state");
    return state;
  }
};

TEST_F(NetFilterTest, Phase) {
  EXPECT_TRUE(Net<float>::StateMeetsRule(State("phase: TRAIN"),
                                         Rule("phase: TRAIN"), "l"));
  EXPECT_FALSE(Net<float>::StateMeetsRule(State("phase: TEST"),
                                          Rule("phase: TRAIN"), "l"));
  EXPECT_TRUE(Net<float>::StateMeetsRule(State("phase: TEST"), Rule(""), "l"));
}

TEST_F(NetFilterTest, Levels) {
  EXPECT_TRUE(
      Net<float>::StateMeetsRule(State("level: 2"), Rule("min_level: 2"), "l"));
  EXPECT_FALSE(
      Net<float>::StateMeetsRule(State("level: 1"), Rule("min_level: 2"), "l"));
  EXPECT_TRUE(
      Net<float>::StateMeetsRule(State("level: 3"), Rule("max_level: 3"), "l"));
  EXPECT_FALSE(
      Net<float>::StateMeetsRule(State("level: 4"), Rule("max_level: 3"), "l"));
  EXPECT_FALSE(Net<float>::StateMeetsRule(
      State("level: -1"), Rule("min_level: 0 max_level: 1"), "l"));
}

TEST_F(NetFilterTest, Stages) {
  const NetState state = State("stage: 'a' stage: 'b'");
  EXPECT_TRUE(Net<float>::StateMeetsRule(state, Rule("stage: 'a'"), "l"));
  EXPECT_TRUE(
      Net<float>::StateMeetsRule(state, Rule("stage: 'a' stage: 'b'"), "l"));
  EXPECT_FALSE(
      Net<float>::StateMeetsRule(state, Rule("stage: 'a' stage: 'c'"), "l"));
  EXPECT_FALSE(Net<float>::StateMeetsRule(state, Rule("not_stage: 'b'"), "l"));
  EXPECT_TRUE(Net<float>::StateMeetsRule(state, Rule("not_stage: 'c'"), "l"));
}

TEST_F(NetFilterTest, IncludeAndExclude) {
  const string layers =
      "layer { name: 'always' type: 'Input' } "
      "layer { name: 'train_only' type: 'Input' include { phase: TRAIN } } "
      "layer { name: 'not_train' type: 'Input' exclude { phase: TRAIN } } "
      "layer { name: 'either' type: 'Input' "
      "        include { phase: TRAIN } include { stage: 'deploy' } } "
      "layer { name: 'deep' type: 'Input' include { min_level: 1 } } ";
  NetParameter filtered;
  Net<float>::FilterNet(ParseNet("state { phase: TRAIN } " + layers),
                        &filtered);
  EXPECT_EQ(LayerNamesOf(filtered),
            (vector<string>{"always", "train_only", "either"}));
  Net<float>::FilterNet(ParseNet("state { phase: TEST } " + layers), &filtered);
  EXPECT_EQ(LayerNamesOf(filtered), (vector<string>{"always", "not_train"}));
  Net<float>::FilterNet(
      ParseNet("state { phase: TEST stage: 'deploy' level: 1 } " + layers),
      &filtered);
  EXPECT_EQ(LayerNamesOf(filtered),
            (vector<string>{"always", "not_train", "either", "deep"}));
}

TEST_F(NetFilterTest, IncludeWithExcludeIsAnError) {
  const NetParameter param = ParseNet(
      "layer { name: 'both' type: 'Input' include { phase: TRAIN } "
      "        exclude { phase: TEST } }");
  NetParameter filtered;
  try {
    Net<float>::FilterNet(param, &filtered);
    FAIL() << "expected caffe::Error";
  } catch (const Error& error) {
    EXPECT_NE(string(error.what()).find("\"both\""), string::npos)
        << error.what();
  }
}

// ---- Split insertion --------------------------------------------------------

TEST(InsertSplitsTest, Names) {
  EXPECT_EQ(SplitLayerName("conv1", "data", 0), "data_conv1_0_split");
  EXPECT_EQ(SplitBlobName("conv1", "data", 2, 1), "data_conv1_2_split_1");
}

TEST(InsertSplitsTest, NoSplitWhenEachBlobIsReadOnce) {
  const NetParameter param = ParseNet(kScaleNet);
  NetParameter split;
  InsertSplits(param, &split);
  EXPECT_EQ(split.DebugString(), param.DebugString());
}

TEST(InsertSplitsTest, SplitsABlobReadTwice) {
  const NetParameter param = ParseNet(
      "layer { name: 'data' type: 'Input' top: 'data' top: 'label' } "
      "layer { name: 'a' type: 'TestScale' bottom: 'data' top: 'a' } "
      "layer { name: 'b' type: 'TestScale' bottom: 'data' top: 'b' } "
      "layer { name: 'loss' type: 'TestSumLoss' bottom: 'a' bottom: 'label' "
      "} ");
  NetParameter split;
  InsertSplits(param, &split);
  const NetParameter expected = ParseNet(
      "layer { name: 'data' type: 'Input' top: 'data' top: 'label' } "
      "layer { name: 'data_data_0_split' type: 'Split' bottom: 'data' "
      "        top: 'data_data_0_split_0' top: 'data_data_0_split_1' } "
      "layer { name: 'a' type: 'TestScale' bottom: 'data_data_0_split_0' "
      "        top: 'a' } "
      "layer { name: 'b' type: 'TestScale' bottom: 'data_data_0_split_1' "
      "        top: 'b' } "
      "layer { name: 'loss' type: 'TestSumLoss' bottom: 'a' bottom: 'label' "
      "} ");
  EXPECT_EQ(split.DebugString(), expected.DebugString());
}

TEST(InsertSplitsTest, InPlaceLayersSplitTheirOwnOutput) {
  const NetParameter param = ParseNet(
      "layer { name: 'data' type: 'Input' top: 'x' } "
      "layer { name: 'inplace' type: 'TestAddOne' bottom: 'x' top: 'x' } "
      "layer { name: 'a' type: 'TestScale' bottom: 'x' top: 'a' } "
      "layer { name: 'b' type: 'TestScale' bottom: 'x' top: 'b' } ");
  NetParameter split;
  InsertSplits(param, &split);
  ASSERT_EQ(split.layer_size(), 5);
  EXPECT_EQ(split.layer(1).bottom(0), "x");
  EXPECT_EQ(split.layer(1).top(0), "x");
  EXPECT_EQ(split.layer(2).name(), "x_inplace_0_split");
  EXPECT_EQ(split.layer(3).bottom(0), "x_inplace_0_split_0");
  EXPECT_EQ(split.layer(4).bottom(0), "x_inplace_0_split_1");
}

TEST(InsertSplitsTest, LossTopThatIsAlsoReadMovesItsWeightToTheSplit) {
  const NetParameter param = ParseNet(
      "layer { name: 'data' type: 'Input' top: 'x' } "
      "layer { name: 'l' type: 'TestSumLoss' bottom: 'x' top: 'loss' "
      "        loss_weight: 2 } "
      "layer { name: 'c' type: 'TestScale' bottom: 'loss' top: 'y' } ");
  NetParameter split;
  InsertSplits(param, &split);
  ASSERT_EQ(split.layer_size(), 4);
  EXPECT_EQ(split.layer(1).loss_weight_size(), 0);
  const LayerParameter& split_layer = split.layer(2);
  EXPECT_EQ(split_layer.name(), "loss_l_0_split");
  ASSERT_EQ(split_layer.top_size(), 2);
  ASSERT_EQ(split_layer.loss_weight_size(), 2);
  EXPECT_EQ(split_layer.loss_weight(0), 2);
  EXPECT_EQ(split_layer.loss_weight(1), 0);
  EXPECT_EQ(split.layer(3).bottom(0), "loss_l_0_split_1");
}

// ---- Building and running nets ---------------------------------------------

template <typename TypeParam>
class NetTest : public MultiDeviceTest<TypeParam> {
  typedef typename TypeParam::Dtype Dtype;

 protected:
  void Build(const string& text, Phase phase = TRAIN) {
    NetParameter param = ParseNet(text);
    param.mutable_state()->set_phase(phase);
    net_.reset(new Net<Dtype>(param));
  }
  // Fills the net's input with 0.5, 1, 1.5, ... and runs it forward;
  // returns the loss.
  Dtype ForwardFilledInput() {
    FillInput(net_->input_blobs()[0]);
    Dtype loss = 0;
    net_->Forward(&loss);
    return loss;
  }
  std::unique_ptr<Net<Dtype> > net_;
};

TYPED_TEST_SUITE(NetTest, TestDtypesAndDevices);

TYPED_TEST(NetTest, BuildsLayersAndBlobs) {
  this->Build(kScaleNet);
  Net<typename TypeParam::Dtype>& net = *this->net_;
  EXPECT_EQ(net.name(), "scale_net");
  EXPECT_EQ(net.phase(), TRAIN);
  EXPECT_EQ(net.layer_names(), (vector<string>{"data", "scale", "loss"}));
  EXPECT_EQ(net.blob_names(), (vector<string>{"data", "scaled", "loss"}));
  EXPECT_EQ(net.num_inputs(), 1);
  EXPECT_EQ(net.input_blobs()[0], net.blob_by_name("data").get());
  ASSERT_EQ(net.num_outputs(), 1);
  EXPECT_EQ(net.output_blobs()[0], net.blob_by_name("loss").get());
  EXPECT_EQ(net.blob_by_name("scaled")->shape(), (vector<int>{2, 3}));
  EXPECT_EQ(net.bottom_ids(2), (vector<int>{1}));
  EXPECT_EQ(net.top_ids(2), (vector<int>{2}));
  EXPECT_EQ(net.layer_by_name("scale")->type(), string("TestScale"));
  EXPECT_EQ(net.layers()[0]->layer_param().phase(), TRAIN);
  EXPECT_TRUE(net.has_blob("scaled"));
  EXPECT_FALSE(net.has_blob("nope"));
  EXPECT_TRUE(net.has_layer("loss"));
  EXPECT_FALSE(net.has_layer("nope"));
  EXPECT_EQ(net.blob_by_name("nope"), nullptr);
  EXPECT_EQ(net.layer_by_name("nope"), nullptr);
}

TYPED_TEST(NetTest, ForwardBackwardValues) {
  typedef typename TypeParam::Dtype Dtype;
  this->Build(kScaleNet);
  Net<Dtype>& net = *this->net_;
  FillInput(net.input_blobs()[0]);  // 0.5, 1, 1.5, 2, 2.5, 3
  Dtype loss = 0;
  const vector<Blob<Dtype>*>& outputs = net.Forward(&loss);
  // w = 1, 2, 3: (0.5 + 2 + 4.5) + (2 + 5 + 9)
  EXPECT_NEAR(loss, 23, 1e-5);
  EXPECT_NEAR(outputs[0]->cpu_data()[0], 23, 1e-5);
  net.ClearParamDiffs();
  net.Backward();
  const Blob<Dtype>& w = *net.params()[0];
  // dL/dw_i = sum over items of x[n, i].
  EXPECT_NEAR(w.cpu_diff()[0], 2.5, 1e-5);
  EXPECT_NEAR(w.cpu_diff()[1], 3.5, 1e-5);
  EXPECT_NEAR(w.cpu_diff()[2], 4.5, 1e-5);
  // The input needs no gradient unless forced.
  EXPECT_FALSE(net.bottom_need_backward()[1][0]);
  EXPECT_NEAR(net.ForwardBackward(), 23, 1e-5);
  // Without ClearParamDiffs, diffs accumulate.
  EXPECT_NEAR(w.cpu_diff()[0], 5, 1e-5);
  net.Update();
  EXPECT_NEAR(w.cpu_data()[0], 1 - 5, 1e-5);
  net.ClearParamDiffs();
  EXPECT_EQ(w.asum_diff(), 0);
}

TYPED_TEST(NetTest, ForceBackwardComputesInputGradients) {
  typedef typename TypeParam::Dtype Dtype;
  this->Build(string("force_backward: true ") + kScaleNet);
  Net<Dtype>& net = *this->net_;
  FillInput(net.input_blobs()[0]);
  net.Forward();
  net.Backward();
  EXPECT_TRUE(net.bottom_need_backward()[1][0]);
  const Dtype* diff = net.input_blobs()[0]->cpu_diff();
  const Dtype expected[] = {1, 2, 3, 1, 2, 3};
  for (int i = 0; i < 6; ++i) EXPECT_NEAR(diff[i], expected[i], 1e-6);
}

TYPED_TEST(NetTest, ForwardFromToAndDeprecatedForms) {
  typedef typename TypeParam::Dtype Dtype;
  this->Build(kScaleNet);
  Net<Dtype>& net = *this->net_;
  FillInput(net.input_blobs()[0]);
  EXPECT_EQ(net.ForwardTo(1), 0);
  EXPECT_NEAR(net.blob_by_name("scaled")->cpu_data()[5], 9, 1e-6);
  EXPECT_NEAR(net.ForwardFrom(2), 23, 1e-5);
  Blob<Dtype> input(vector<int>{2, 3});
  caffe_set(input.count(), Dtype(1), input.mutable_cpu_data());
  Dtype loss = 0;
  net.Forward({&input}, &loss);
  EXPECT_NEAR(loss, 12, 1e-5);
  loss = 0;
  net.ForwardPrefilled(&loss);
  EXPECT_NEAR(loss, 12, 1e-5);
}

TYPED_TEST(NetTest, SplitsAreInsertedAndSumGradients) {
  typedef typename TypeParam::Dtype Dtype;
  this->Build(
      "force_backward: true "
      "layer { name: 'data' type: 'Input' top: 'data' "
      "        input_param { shape { dim: 1 dim: 3 } } } "
      "layer { name: 'a' type: 'TestScale' bottom: 'data' top: 'a' } "
      "layer { name: 'b' type: 'TestScale' bottom: 'data' top: 'b' } "
      "layer { name: 'la' type: 'TestSumLoss' bottom: 'a' } "
      "layer { name: 'lb' type: 'TestSumLoss' bottom: 'b' loss_weight: 2 } ");
  Net<Dtype>& net = *this->net_;
  EXPECT_EQ(net.layer_names()[1], "data_data_0_split");
  EXPECT_EQ(net.layers()[1]->type(), string("Split"));
  EXPECT_TRUE(net.has_blob("data_data_0_split_1"));
  // As in Caffe, unnamed loss tops are not net outputs.
  EXPECT_EQ(net.num_outputs(), 0);
  // (0.5 + 2 + 4.5) * (1 + 2)
  EXPECT_NEAR(this->ForwardFilledInput(), 21, 1e-5);
  net.Backward();
  // d/dx_i = w_i * 1 + w_i * 2
  const Dtype* diff = net.input_blobs()[0]->cpu_diff();
  EXPECT_NEAR(diff[0], 3, 1e-6);
  EXPECT_NEAR(diff[2], 9, 1e-6);
}

TYPED_TEST(NetTest, InPlaceLayersShareTheirBlob) {
  typedef typename TypeParam::Dtype Dtype;
  this->Build(
      "layer { name: 'data' type: 'Input' top: 'data' "
      "        input_param { shape { dim: 2 dim: 3 } } } "
      "layer { name: 'scale' type: 'TestScale' bottom: 'data' top: 'x' } "
      "layer { name: 'add' type: 'TestAddOne' bottom: 'x' top: 'x' } "
      "layer { name: 'loss' type: 'TestSumLoss' bottom: 'x' } ");
  Net<Dtype>& net = *this->net_;
  EXPECT_EQ(net.blob_names().size(), 3u);
  EXPECT_EQ(net.bottom_ids(2), net.top_ids(2));
  EXPECT_EQ(net.bottom_vecs()[2][0], net.top_vecs()[2][0]);
  EXPECT_NEAR(this->ForwardFilledInput(), 23 + 6, 1e-5);
  net.Backward();
  EXPECT_NEAR(net.params()[0]->cpu_diff()[1], 3.5, 1e-5);
}

TYPED_TEST(NetTest, AutomaticLossTopAndLossWeights) {
  typedef typename TypeParam::Dtype Dtype;
  this->Build(
      "layer { name: 'data' type: 'Input' top: 'data' "
      "        input_param { shape { dim: 2 dim: 3 } } } "
      "layer { name: 'loss' type: 'TestSumLoss' bottom: 'data' "
      "        loss_weight: 0.5 } ");
  Net<Dtype>& net = *this->net_;
  ASSERT_EQ(net.blob_names().size(), 2u);
  EXPECT_EQ(net.blob_names()[1], "(automatic)");
  EXPECT_EQ(net.blob_loss_weights()[0], 0);
  EXPECT_EQ(net.blob_loss_weights()[1], Dtype(0.5));
  EXPECT_NEAR(this->ForwardFilledInput(), 0.5 * 10.5, 1e-5);
}

TYPED_TEST(NetTest, LossWeightOnABlobThatIsAlsoConsumed) {
  typedef typename TypeParam::Dtype Dtype;
  this->Build(
      "force_backward: true "
      "layer { name: 'data' type: 'Input' top: 'data' "
      "        input_param { shape { dim: 1 dim: 3 } } } "
      "layer { name: 'mid' type: 'TestScale' bottom: 'data' top: 'mid' "
      "        loss_weight: 0.5 } "
      "layer { name: 'next' type: 'TestScale' bottom: 'mid' top: 'next' } "
      "layer { name: 'loss' type: 'TestSumLoss' bottom: 'next' } ");
  Net<Dtype>& net = *this->net_;
  EXPECT_EQ(net.layer_names()[2], "mid_mid_0_split");
  EXPECT_EQ(net.layers()[1]->loss(0), 0);
  EXPECT_EQ(net.layers()[2]->loss(0), Dtype(0.5));
  // x = 0.5, 1, 1.5; mid = 0.5, 2, 4.5; next = 0.5, 4, 13.5;
  // loss = 0.5 * 7 + 18.
  EXPECT_NEAR(this->ForwardFilledInput(), 21.5, 1e-5);
  net.Backward();
  // d/dx_i = w_i * (0.5 + w_i)
  const Dtype* diff = net.input_blobs()[0]->cpu_diff();
  EXPECT_NEAR(diff[0], 1.5, 1e-6);
  EXPECT_NEAR(diff[1], 5, 1e-6);
  EXPECT_NEAR(diff[2], 10.5, 1e-6);
}

TYPED_TEST(NetTest, ParameterSharing) {
  typedef typename TypeParam::Dtype Dtype;
  this->Build(
      "layer { name: 'data' type: 'Input' top: 'data' "
      "        input_param { shape { dim: 2 dim: 3 } } } "
      "layer { name: 'a' type: 'TestScale' bottom: 'data' top: 'a' "
      "        param { name: 'shared' } } "
      "layer { name: 'b' type: 'TestScale' bottom: 'a' top: 'b' "
      "        param { name: 'shared' lr_mult: 2 decay_mult: 3 } } "
      "layer { name: 'c' type: 'TestScale' bottom: 'b' top: 'c' } "
      "layer { name: 'loss' type: 'TestSumLoss' bottom: 'c' } ");
  Net<Dtype>& net = *this->net_;
  ASSERT_EQ(net.params().size(), 3u);
  ASSERT_EQ(net.learnable_params().size(), 2u);
  EXPECT_EQ(net.param_owners(), (vector<int>{-1, 0, -1}));
  EXPECT_EQ(net.param_display_names(),
            (vector<string>{"shared", "shared", "0"}));
  EXPECT_EQ(net.param_names_index().at("shared"), 0);
  EXPECT_EQ(net.params()[0]->cpu_data(), net.params()[1]->cpu_data());
  EXPECT_EQ(net.params()[0]->cpu_diff(), net.params()[1]->cpu_diff());
  EXPECT_EQ(net.learnable_params()[0], net.params()[0].get());
  EXPECT_EQ(net.learnable_params()[1], net.params()[2].get());
  // Multipliers set on a later use apply to the shared blob.
  EXPECT_EQ(net.params_lr(), (vector<float>{2, 1}));
  EXPECT_EQ(net.has_params_lr(), (vector<bool>{true, false}));
  EXPECT_EQ(net.params_weight_decay(), (vector<float>{3, 1}));
  EXPECT_EQ(net.has_params_decay(), (vector<bool>{true, false}));
  // Both uses add to the one diff: y = w_c * w^2 * x, so
  // dL/dw_i = 2 * w_i * w_c_i * sum_n x[n, i].
  FillInput(net.input_blobs()[0]);
  net.ClearParamDiffs();
  net.ForwardBackward();
  EXPECT_NEAR(net.params()[0]->cpu_diff()[1], 2 * 2 * 2 * 3.5, 1e-4);
}

TYPED_TEST(NetTest, PermissiveSharingNeedsOnlyEqualCounts) {
  this->Build(
      "layer { name: 'data' type: 'Input' top: 'x' top: 'y' "
      "        input_param { shape { dim: 1 dim: 2 dim: 3 } "
      "                      shape { dim: 1 dim: 6 } } } "
      "layer { name: 'a' type: 'TestScale' bottom: 'x' top: 'a' "
      "        param { name: 'w' } } "
      "layer { name: 'b' type: 'TestScale' bottom: 'y' top: 'b' "
      "        param { name: 'w' share_mode: PERMISSIVE } } ");
  EXPECT_EQ(this->net_->params()[1]->cpu_data(),
            this->net_->params()[0]->cpu_data());
}

TYPED_TEST(NetTest, LrMultZeroAndLayersOffTheLossPathSkipBackward) {
  this->Build(
      "layer { name: 'data' type: 'Input' top: 'data' "
      "        input_param { shape { dim: 2 dim: 3 } } } "
      "layer { name: 'frozen' type: 'TestScale' bottom: 'data' top: 'f' "
      "        param { lr_mult: 0 } } "
      "layer { name: 'learned' type: 'TestScale' bottom: 'f' top: 'g' } "
      "layer { name: 'side' type: 'TestScale' bottom: 'g' top: 'side' } "
      "layer { name: 'loss' type: 'TestSumLoss' bottom: 'g' } ");
  auto& net = *this->net_;
  // Layer order: data, frozen, learned, g split, side, loss.
  EXPECT_EQ(net.layer_names()[3], "g_learned_0_split");
  EXPECT_EQ(net.layer_need_backward(),
            (vector<bool>{false, false, true, true, false, true}));
  EXPECT_FALSE(net.layers()[1]->param_propagate_down(0));
  EXPECT_TRUE(net.layers()[2]->param_propagate_down(0));
  EXPECT_FALSE(net.bottom_need_backward()[2][0]);
}

TYPED_TEST(NetTest, PropagateDownFalseStopsGradients) {
  typedef typename TypeParam::Dtype Dtype;
  this->Build(
      "layer { name: 'data' type: 'Input' top: 'data' "
      "        input_param { shape { dim: 2 dim: 3 } } } "
      "layer { name: 'first' type: 'TestScale' bottom: 'data' top: 'a' } "
      "layer { name: 'second' type: 'TestScale' bottom: 'a' top: 'b' "
      "        propagate_down: false } "
      "layer { name: 'loss' type: 'TestSumLoss' bottom: 'b' } ");
  Net<Dtype>& net = *this->net_;
  EXPECT_FALSE(net.bottom_need_backward()[2][0]);
  EXPECT_TRUE(net.layer_need_backward()[2]);
  // Nothing below 'second' receives a gradient, so 'first' is skipped.
  EXPECT_FALSE(net.layer_need_backward()[1]);
  FillInput(net.input_blobs()[0]);
  net.ClearParamDiffs();
  net.ForwardBackward();
  EXPECT_EQ(net.params()[0]->asum_diff(), 0);
  EXPECT_GT(net.params()[1]->asum_diff(), 0);
}

TYPED_TEST(NetTest, ReshapeFollowsNewInputShapes) {
  this->Build(kScaleNet);
  auto& net = *this->net_;
  net.input_blobs()[0]->Reshape(vector<int>{5, 3});
  net.Reshape();
  EXPECT_EQ(net.blob_by_name("scaled")->shape(), (vector<int>{5, 3}));
}

TYPED_TEST(NetTest, ToProtoAndCopyTrainedLayersRoundTrip) {
  typedef typename TypeParam::Dtype Dtype;
  this->Build(kScaleNet);
  Net<Dtype>& net = *this->net_;
  NetParameter saved;
  net.ToProto(&saved);
  EXPECT_EQ(saved.name(), "scale_net");
  ASSERT_EQ(saved.layer_size(), 3);
  EXPECT_EQ(saved.layer(1).type(), "TestScale");
  ASSERT_EQ(saved.layer(1).blobs_size(), 1);
  Blob<Dtype> weights;
  weights.FromProto(saved.layer(1).blobs(0));
  EXPECT_EQ(weights.shape(), (vector<int>{3}));
  EXPECT_EQ(weights.cpu_data()[2], 3);
  const BlobProto& no_diff = saved.layer(1).blobs(0);
  EXPECT_EQ(no_diff.diff_size() + no_diff.double_diff_size(), 0);
  net.ToProto(&saved, true);
  const BlobProto& with_diff = saved.layer(1).blobs(0);
  EXPECT_EQ(with_diff.diff_size() + with_diff.double_diff_size(), 3);

  // A second net picks the weights up by layer name, from memory and from
  // a .caffemodel file.
  weights.mutable_cpu_data()[0] = 7;
  weights.ToProto(saved.mutable_layer(1)->mutable_blobs(0));
  Net<Dtype> other(ParseNet(kScaleNet));
  other.CopyTrainedLayersFrom(saved);
  EXPECT_EQ(other.params()[0]->cpu_data()[0], 7);
  EXPECT_EQ(other.params()[0]->cpu_data()[2], 3);

  TempDir dir;
  weights.mutable_cpu_data()[0] = 9;
  weights.ToProto(saved.mutable_layer(1)->mutable_blobs(0));
  WriteProtoToBinaryFile(saved, dir.file("w.caffemodel"));
  other.CopyTrainedLayersFrom(dir.file("w.caffemodel"));
  EXPECT_EQ(other.params()[0]->cpu_data()[0], 9);
}

TYPED_TEST(NetTest, HDF5WeightsRoundTrip) {
  typedef typename TypeParam::Dtype Dtype;
  const string shared_net =
      "layer { name: 'data' type: 'Input' top: 'data' "
      "        input_param { shape { dim: 2 dim: 3 } } } "
      "layer { name: 'a' type: 'TestScale' bottom: 'data' top: 'a' "
      "        param { name: 'w' } } "
      "layer { name: 'b' type: 'TestScale' bottom: 'a' top: 'b' "
      "        param { name: 'w' } } "
      "layer { name: 'loss' type: 'TestSumLoss' bottom: 'b' } ";
  this->Build(shared_net);
  Net<Dtype>& net = *this->net_;
  net.params()[0]->mutable_cpu_data()[1] = 8;
  FillInput(net.input_blobs()[0]);
  net.ForwardBackward();
  TempDir dir;
  net.ToHDF5(dir.file("w.h5"), true);
  Net<Dtype> other(ParseNet(shared_net));
  other.CopyTrainedLayersFrom(dir.file("w.h5"));
  EXPECT_EQ(other.params()[0]->cpu_data()[1], 8);
  // The sharing layer reads its weights through the owner.
  EXPECT_EQ(other.params()[1]->cpu_data()[1], 8);
  EXPECT_EQ(other.params()[0]->cpu_data()[2], 3);
  // A net with the same layers but no sharing needs every blob stored: the
  // owner's is, the sharing layer's is not.
  Net<Dtype> unshared_owner(ParseNet(
      "layer { name: 'data' type: 'Input' top: 'data' "
      "        input_param { shape { dim: 2 dim: 3 } } } "
      "layer { name: 'a' type: 'TestScale' bottom: 'data' top: 'a' } "));
  unshared_owner.CopyTrainedLayersFrom(dir.file("w.h5"));
  EXPECT_EQ(unshared_owner.params()[0]->cpu_data()[1], 8);
  EXPECT_THROW(
      {
        Net<Dtype> unshared_pair(ParseNet(
            "layer { name: 'data' type: 'Input' top: 'data' "
            "        input_param { shape { dim: 2 dim: 3 } } } "
            "layer { name: 'b' type: 'TestScale' bottom: 'data' top: 'b' } "));
        unshared_pair.CopyTrainedLayersFrom(dir.file("w.h5"));
      },
      Error);
}

TYPED_TEST(NetTest, CopyTrainedLayersIgnoresUnknownLayers) {
  this->Build(kScaleNet);
  NetParameter weights = ParseNet(
      "layer { name: 'elsewhere' type: 'TestScale' "
      "        blobs { shape { dim: 1 } data: 5 } }");
  this->net_->CopyTrainedLayersFrom(weights);
  EXPECT_EQ(this->net_->params()[0]->cpu_data()[0], 1);
}

TYPED_TEST(NetTest, ShareTrainedLayersWith) {
  typedef typename TypeParam::Dtype Dtype;
  this->Build(kScaleNet, TRAIN);
  Net<Dtype> test_net(ParseNet(kScaleNet));
  test_net.ShareTrainedLayersWith(this->net_.get());
  EXPECT_EQ(test_net.params()[0]->cpu_data(),
            this->net_->params()[0]->cpu_data());
}

TYPED_TEST(NetTest, LayersWithWeightsInTheDefinitionKeepThem) {
  this->Build(
      "layer { name: 'data' type: 'Input' top: 'data' "
      "        input_param { shape { dim: 1 dim: 2 } } } "
      "layer { name: 's' type: 'TestScale' bottom: 'data' top: 's' "
      "        blobs { shape { dim: 2 } data: 4 data: 5 } } ");
  EXPECT_EQ(this->net_->params()[0]->cpu_data()[1], 5);
}

TYPED_TEST(NetTest, FromFileWithPhaseLevelAndStages) {
  typedef typename TypeParam::Dtype Dtype;
  TempDir dir;
  NetParameter param = ParseNet(
      string(kScaleNet) +
      "layer { name: 'extra' type: 'TestAddOne' bottom: 'loss' top: 'e' "
      "        include { phase: TEST stage: 'x' min_level: 2 } } ");
  WriteProtoToTextFile(param, dir.file("net.prototxt"));
  Net<Dtype> train(dir.file("net.prototxt"), TRAIN);
  EXPECT_FALSE(train.has_layer("extra"));
  const vector<string> stages = {"x"};
  Net<Dtype> test(dir.file("net.prototxt"), TEST, 2, &stages);
  EXPECT_TRUE(test.has_layer("extra"));
  EXPECT_EQ(test.phase(), TEST);
  Net<Dtype> low(dir.file("net.prototxt"), TEST, 1, &stages);
  EXPECT_FALSE(low.has_layer("extra"));
}

TYPED_TEST(NetTest, LegacyNetLevelInputsBecomeAnInputLayer) {
  this->Build(
      "input: 'data' input_dim: 2 input_dim: 3 input_dim: 1 input_dim: 1 "
      "layer { name: 'scale' type: 'TestScale' bottom: 'data' top: 's' } ");
  auto& net = *this->net_;
  EXPECT_EQ(net.layer_names()[0], "input");
  EXPECT_EQ(net.input_blobs()[0]->shape(), (vector<int>{2, 3, 1, 1}));
}

namespace {

class CountingCallback : public Net<float>::Callback {
 public:
  vector<int> layers;

 protected:
  void run(int layer) override { layers.push_back(layer); }
};

}  // namespace

TEST(NetRequireLayersTest, AnEmptyNetIsBuiltButRefusedByRequireLayers) {
  // Every layer is left out of the TRAIN phase.
  Net<float> net(ParseNet(
      "state { phase: TRAIN } "
      "layer { name: 'data' type: 'Input' top: 'data' "
      "        input_param { shape { dim: 1 } } include { phase: TEST } }"));
  EXPECT_TRUE(net.layers().empty());
  EXPECT_EQ(ErrorMessage([&] { RequireLayers(net, "net.prototxt"); }),
            "net.prototxt: the net has no layers for phase TRAIN (the "
            "definition has none, or every layer's include/exclude rules "
            "leave it out for this phase, level and stages)");
  Net<float> scale_net(ParseNet(kScaleNet));
  EXPECT_EQ(ErrorMessage([&] { RequireLayers(scale_net, "net.prototxt"); }),
            "");
}

TEST(NetCallbackTest, RunsAroundEachLayer) {
  NetParameter param = ParseNet(kScaleNet);
  Net<float> net(param);
  CountingCallback before, after;
  net.add_before_forward(&before);
  net.add_after_backward(&after);
  net.Forward();
  net.Backward();
  EXPECT_EQ(before.layers, (vector<int>{0, 1, 2}));
  EXPECT_EQ(after.layers, (vector<int>{2, 1, 0}));
}

TEST(NetDebugInfoTest, ForwardBackwardUpdateWithDebugInfo) {
  NetParameter param = ParseNet(string("debug_info: true ") + kScaleNet);
  Net<float> net(param);
  net.Forward();
  net.Backward();
  net.Update();
  SUCCEED();
}

}  // namespace caffe

// ---- A net of real layers: whole-net gradients ----------------------------

namespace caffe {

template <typename Dtype>
class NetRealLayersTest : public ::testing::Test {
 protected:
  // data feeds two InnerProducts (a split) whose sum goes through an
  // in-place ReLU, a final InnerProduct and a weighted softmax loss.
  void SetUp() override {
    Caffe::set_random_seed(1701);
    NetParameter param = ParseNet(
        "force_backward: true "
        "layer { name: 'data' type: 'Input' top: 'data' top: 'label' "
        "  input_param { shape { dim: 4 dim: 5 } shape { dim: 4 } } } "
        "layer { name: 'ip_a' type: 'InnerProduct' bottom: 'data' top: 'a' "
        "  inner_product_param { num_output: 3 "
        "    weight_filler { type: 'gaussian' std: 0.5 } "
        "    bias_filler { type: 'constant' value: 0.2 } } } "
        "layer { name: 'ip_b' type: 'InnerProduct' bottom: 'data' top: 'b' "
        "  param { lr_mult: 2 } param { lr_mult: 0 } "
        "  inner_product_param { num_output: 3 "
        "    weight_filler { type: 'gaussian' std: 0.5 } } } "
        "layer { name: 'sum' type: 'Eltwise' bottom: 'a' bottom: 'b' "
        "        top: 'sum' } "
        "layer { name: 'relu' type: 'ReLU' bottom: 'sum' top: 'sum' } "
        "layer { name: 'ip2' type: 'InnerProduct' bottom: 'sum' top: 'score' "
        "  inner_product_param { num_output: 2 "
        "    weight_filler { type: 'gaussian' std: 0.5 } } } "
        "layer { name: 'loss' type: 'SoftmaxWithLoss' bottom: 'score' "
        "        bottom: 'label' top: 'loss' loss_weight: 2 } ");
    param.mutable_state()->set_phase(TRAIN);
    net_.reset(new Net<Dtype>(param));
    Blob<Dtype>* data = net_->input_blobs()[0];
    for (int i = 0; i < data->count(); ++i) {
      data->mutable_cpu_data()[i] = std::sin(Dtype(0.7) * i + 1);
    }
    Blob<Dtype>* label = net_->input_blobs()[1];
    for (int i = 0; i < label->count(); ++i)
      label->mutable_cpu_data()[i] = i % 2;
  }

  Dtype Loss() {
    Dtype loss = 0;
    net_->Forward(&loss);
    return loss;
  }

  // Compares d(loss)/d(element) from Backward with central differences.
  void ExpectGradientsMatch(Blob<Dtype>* blob, const Dtype* analytic,
                            const string& what) {
    const Dtype step = 1e-4;
    for (int i = 0; i < blob->count(); ++i) {
      Dtype* value = blob->mutable_cpu_data() + i;
      const Dtype saved = *value;
      *value = saved + step;
      const Dtype plus = Loss();
      *value = saved - step;
      const Dtype minus = Loss();
      *value = saved;
      EXPECT_NEAR(analytic[i], (plus - minus) / (2 * step), 1e-6)
          << what << " element " << i;
    }
  }

  std::unique_ptr<Net<Dtype> > net_;
};

TYPED_TEST_SUITE(NetRealLayersTest, ::testing::Types<double>);

TYPED_TEST(NetRealLayersTest, BackwardMatchesFiniteDifferences) {
  Net<TypeParam>& net = *this->net_;
  EXPECT_EQ(net.layer_names()[1], "data_data_0_split");
  net.ClearParamDiffs();
  net.Forward();
  net.Backward();
  vector<vector<TypeParam> > param_diffs;
  for (const auto& param : net.params()) {
    param_diffs.emplace_back(param->cpu_diff(),
                             param->cpu_diff() + param->count());
  }
  Blob<TypeParam>* data = net.input_blobs()[0];
  const vector<TypeParam> data_diff(data->cpu_diff(),
                                    data->cpu_diff() + data->count());
  for (size_t i = 0; i < net.params().size(); ++i) {
    // ip_b's bias has lr_mult 0 but force_backward still computes it.
    this->ExpectGradientsMatch(net.params()[i].get(), param_diffs[i].data(),
                               "param " + std::to_string(i));
  }
  this->ExpectGradientsMatch(data, data_diff.data(), "data");
  EXPECT_EQ(net.params_lr(), (vector<float>{1, 1, 2, 0, 1, 1}));
}

}  // namespace caffe

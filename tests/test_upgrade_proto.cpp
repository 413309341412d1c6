#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "caffe/net.hpp"
#include "caffe/util/io.hpp"
#include "caffe/util/upgrade_proto.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {

namespace {

template <typename Proto>
Proto Parse(const string& text) {
  Proto proto;
  ReadProtoFromTextString(text, &proto, "test");
  return proto;
}

// Compares two messages by their text form, so that a failure shows both.
template <typename Proto>
void ExpectProtoEq(const Proto& actual, const string& expected_text) {
  EXPECT_EQ(actual.DebugString(), Parse<Proto>(expected_text).DebugString());
}

}  // namespace

TEST(UpgradeNetInputTest, InputDimsBecomeAnInputLayerFirst) {
  NetParameter param = Parse<NetParameter>(
      "name: 'n' input: 'data' input: 'label' "
      "input_dim: 10 input_dim: 3 input_dim: 28 input_dim: 28 "
      "input_dim: 10 input_dim: 1 input_dim: 1 input_dim: 1 "
      "layer { name: 'ip' type: 'InnerProduct' bottom: 'data' top: 'ip' }");
  EXPECT_TRUE(NetNeedsInputUpgrade(param));
  EXPECT_TRUE(NetNeedsUpgrade(param));
  UpgradeNetInput(&param);
  ExpectProtoEq(param,
                "name: 'n' "
                "layer { name: 'input' type: 'Input' top: 'data' top: 'label' "
                "  input_param { shape { dim: 10 dim: 3 dim: 28 dim: 28 } "
                "                shape { dim: 10 dim: 1 dim: 1 dim: 1 } } } "
                "layer { name: 'ip' type: 'InnerProduct' bottom: 'data' "
                "        top: 'ip' }");
  EXPECT_FALSE(NetNeedsUpgrade(param));
}

TEST(UpgradeNetInputTest, InputShapes) {
  NetParameter param =
      Parse<NetParameter>("input: 'data' input_shape { dim: 2 dim: 5 }");
  UpgradeNetInput(&param);
  ExpectProtoEq(param,
                "layer { name: 'input' type: 'Input' top: 'data' "
                "        input_param { shape { dim: 2 dim: 5 } } }");
}

TEST(UpgradeNetInputTest, InputWithoutShapeIsDropped) {
  NetParameter param =
      Parse<NetParameter>("input: 'data' layer { name: 'a' type: 'ReLU' }");
  UpgradeNetInput(&param);
  ExpectProtoEq(param, "layer { name: 'a' type: 'ReLU' }");
}

TEST(UpgradeNetInputTest, WrongNumberOfDimsIsAnError) {
  NetParameter param = Parse<NetParameter>(
      "input: 'data' input_dim: 1 input_dim: 2 input_dim: 3");
  try {
    UpgradeNetInput(&param);
    FAIL() << "expected caffe::Error";
  } catch (const Error& error) {
    EXPECT_NE(string(error.what()).find("3 input_dim"), string::npos)
        << error.what();
  }
}

TEST(UpgradeV1Test, LayersWithMultipliersSharingAndParams) {
  NetParameter param = Parse<NetParameter>(
      "name: 'v1' "
      "layers { name: 'conv1' type: CONVOLUTION bottom: 'data' top: 'conv1' "
      "  blobs_lr: 1 blobs_lr: 2 weight_decay: 1 weight_decay: 0 "
      "  param: 'w' param: 'b' blob_share_mode: PERMISSIVE "
      "  convolution_param { num_output: 4 kernel_size: 3 } "
      "  include { phase: TRAIN } "
      "  blobs { shape { dim: 1 } data: 7 } } "
      "layers { name: 'relu1' type: RELU bottom: 'conv1' top: 'conv1' } "
      "layers { name: 'loss' type: SOFTMAX_LOSS bottom: 'conv1' "
      "  bottom: 'label' top: 'loss' loss_weight: 2 "
      "  loss_param { ignore_label: 3 } }");
  EXPECT_TRUE(NetNeedsV1ToV2Upgrade(param));
  EXPECT_TRUE(UpgradeNetAsNeeded("v1.prototxt", &param));
  ExpectProtoEq(param,
                "name: 'v1' "
                "layer { name: 'conv1' type: 'Convolution' bottom: 'data' "
                "  top: 'conv1' "
                "  param { name: 'w' share_mode: PERMISSIVE lr_mult: 1 "
                "          decay_mult: 1 } "
                "  param { name: 'b' lr_mult: 2 decay_mult: 0 } "
                "  include { phase: TRAIN } "
                "  blobs { shape { dim: 1 } data: 7 } "
                "  convolution_param { num_output: 4 kernel_size: 3 } } "
                "layer { name: 'relu1' type: 'ReLU' bottom: 'conv1' "
                "        top: 'conv1' } "
                "layer { name: 'loss' type: 'SoftmaxWithLoss' bottom: 'conv1' "
                "  bottom: 'label' top: 'loss' loss_weight: 2 "
                "  loss_param { ignore_label: 3 } }");
  EXPECT_FALSE(NetNeedsUpgrade(param));
}

TEST(UpgradeV1Test, DataTransformFieldsMoveToTransformParam) {
  NetParameter param = Parse<NetParameter>(
      "layers { name: 'data' type: DATA top: 'data' top: 'label' "
      "  data_param { source: 'db' batch_size: 4 scale: 0.5 mirror: true "
      "               crop_size: 10 mean_file: 'mean.binaryproto' } }");
  EXPECT_TRUE(NetNeedsDataUpgrade(param));
  EXPECT_TRUE(UpgradeNetAsNeeded("data.prototxt", &param));
  ExpectProtoEq(param,
                "layer { name: 'data' type: 'Data' top: 'data' top: 'label' "
                "  transform_param { scale: 0.5 mirror: true crop_size: 10 "
                "                    mean_file: 'mean.binaryproto' } "
                "  data_param { source: 'db' batch_size: 4 } }");
}

TEST(UpgradeV1Test, MixedV1AndV2LayersAreRefused) {
  const NetParameter mixed = Parse<NetParameter>(
      "layer { name: 'new' type: 'ReLU' } "
      "layers { name: 'old' type: RELU } layers { name: 'older' type: TANH }");
  const string refusal =
      "the net has both layer and layers fields (1 V2 layer { } and 2 V1 "
      "layers { } blocks); Caffe refuses such a definition: write every layer "
      "as layer { type: \"...\" }";
  NetParameter upgraded;
  try {
    UpgradeV1Net(mixed, &upgraded);
    ADD_FAILURE() << "expected caffe::Error";
  } catch (const Error& error) {
    EXPECT_EQ(string(error.what()), refusal);
  }
  NetParameter param = mixed;
  try {
    UpgradeNetAsNeeded("mixed.prototxt", &param);
    ADD_FAILURE() << "expected caffe::Error";
  } catch (const Error& error) {
    EXPECT_EQ(error.file(), "mixed.prototxt");
    EXPECT_EQ(string(error.what()), "mixed.prototxt: " + refusal);
  }
}

TEST(UpgradeBatchNormTest, ThreeParamSpecsAreRemoved) {
  NetParameter param = Parse<NetParameter>(
      "layer { name: 'bn' type: 'BatchNorm' param { lr_mult: 0 } "
      "        param { lr_mult: 0 } param { lr_mult: 0 } }");
  EXPECT_TRUE(NetNeedsBatchNormUpgrade(param));
  UpgradeNetAsNeeded("bn.prototxt", &param);
  ExpectProtoEq(param, "layer { name: 'bn' type: 'BatchNorm' }");
}

TEST(UpgradeFileTest, ReadsAndUpgradesTextAndBinaryNets) {
  TempDir dir;
  const string text_path = dir.file("v1.prototxt");
  std::ofstream(text_path)
      << "name: 'v1'\ninput: 'data'\ninput_dim: 2\ninput_dim: 3\n"
      << "input_dim: 1\ninput_dim: 1\n"
      << "layers { name: 'ip' type: INNER_PRODUCT bottom: 'data' top: 'ip' "
      << "  inner_product_param { num_output: 2 } }\n";
  NetParameter param;
  ReadNetParamsFromTextFileOrDie(text_path, &param);
  ASSERT_EQ(param.layer_size(), 2);
  EXPECT_EQ(param.layer(0).type(), "Input");
  EXPECT_EQ(param.layer(1).type(), "InnerProduct");

  // A V1 caffemodel is upgraded on load too.
  NetParameter v1 = Parse<NetParameter>(
      "layers { name: 'ip' type: INNER_PRODUCT "
      "         blobs { shape { dim: 1 } data: 3 } }");
  const string binary_path = dir.file("v1.caffemodel");
  WriteProtoToBinaryFile(v1, binary_path);
  ReadNetParamsFromBinaryFileOrDie(binary_path, &param);
  ExpectProtoEq(param,
                "layer { name: 'ip' type: 'InnerProduct' "
                "        blobs { shape { dim: 1 } data: 3 } }");
}

TEST(UpgradeFileTest, MissingNetFileIsNamed) {
  TempDir dir;
  NetParameter param;
  try {
    ReadNetParamsFromTextFileOrDie(dir.file("none.prototxt"), &param);
    FAIL() << "expected caffe::Error";
  } catch (const Error& error) {
    EXPECT_NE(string(error.what()).find("none.prototxt"), string::npos);
  }
}

TEST(UpgradeSolverTest, SolverTypeBecomesTypeString) {
  const struct {
    const char* old_type;
    const char* new_type;
  } cases[] = {{"SGD", "SGD"},           {"NESTEROV", "Nesterov"},
               {"ADAGRAD", "AdaGrad"},   {"RMSPROP", "RMSProp"},
               {"ADADELTA", "AdaDelta"}, {"ADAM", "Adam"}};
  for (const auto& c : cases) {
    SolverParameter param =
        Parse<SolverParameter>(string("solver_type: ") + c.old_type);
    EXPECT_TRUE(SolverNeedsTypeUpgrade(param));
    EXPECT_TRUE(UpgradeSolverAsNeeded("solver.prototxt", &param));
    EXPECT_EQ(param.type(), c.new_type);
    EXPECT_FALSE(param.has_solver_type());
  }
}

TEST(UpgradeSolverTest, BothTypeFieldsIsAnError) {
  SolverParameter param =
      Parse<SolverParameter>("solver_type: ADAM type: 'Adam'");
  EXPECT_THROW(UpgradeSolverAsNeeded("solver.prototxt", &param), Error);
}

TEST(UpgradeSolverTest, ReadsSolverFiles) {
  TempDir dir;
  const string path = dir.file("solver.prototxt");
  SolverParameter param;
  try {
    ReadSolverParamsFromTextFileOrDie(path, &param);
    FAIL() << "expected caffe::Error";
  } catch (const Error& error) {
    EXPECT_NE(string(error.what()).find("solver file"), string::npos);
    EXPECT_NE(string(error.what()).find(path), string::npos);
  }
  std::ofstream(path) << "base_lr: 0.01\nsolver_type: NESTEROV\n";
  ReadSolverParamsFromTextFileOrDie(path, &param);
  EXPECT_EQ(param.type(), "Nesterov");
  EXPECT_FLOAT_EQ(param.base_lr(), 0.01f);
}

}  // namespace caffe

namespace caffe {

TEST(UpgradeStepsTest, V1LayerTypes) {
  EXPECT_STREQ(UpgradeV1LayerType(V1LayerParameter::CONVOLUTION),
               "Convolution");
  EXPECT_STREQ(UpgradeV1LayerType(V1LayerParameter::SOFTMAX_LOSS),
               "SoftmaxWithLoss");
  EXPECT_STREQ(UpgradeV1LayerType(V1LayerParameter::HDF5_DATA), "HDF5Data");
  EXPECT_STREQ(UpgradeV1LayerType(V1LayerParameter::NONE), "");
}

TEST(UpgradeStepsTest, V1NetAndLayerDirectly) {
  NetParameter v1;
  ReadProtoFromTextString(
      "name: 'n' force_backward: true "
      "layers { name: 'p' type: POOLING bottom: 'x' top: 'y' "
      "         pooling_param { pool: AVE kernel_size: 2 } }",
      &v1);
  NetParameter v2;
  EXPECT_TRUE(UpgradeV1Net(v1, &v2));
  EXPECT_EQ(v2.name(), "n");
  EXPECT_TRUE(v2.force_backward());
  ASSERT_EQ(v2.layer_size(), 1);
  EXPECT_EQ(v2.layer(0).type(), "Pooling");
  EXPECT_EQ(v2.layer(0).pooling_param().pool(), PoolingParameter::AVE);
  EXPECT_EQ(v2.layers_size(), 0);
  LayerParameter layer;
  EXPECT_TRUE(UpgradeV1LayerParameter(v1.layers(0), &layer));
  EXPECT_EQ(layer.DebugString(), v2.layer(0).DebugString());
}

TEST(UpgradeStepsTest, SolverTypeDirectly) {
  SolverParameter param;
  param.set_solver_type(SolverParameter::RMSPROP);
  EXPECT_TRUE(UpgradeSolverType(&param));
  EXPECT_EQ(param.type(), "RMSProp");
  param.set_solver_type(SolverParameter::ADAM);
  EXPECT_THROW(UpgradeSolverType(&param), Error);
}

}  // namespace caffe

namespace caffe {

TEST(UpgradeV0Test, PaddingLayersMergeAndFieldsMove) {
  NetParameter v0;
  ReadProtoFromTextString(
      "name: 'v0' input: 'data' input_dim: 1 input_dim: 3 input_dim: 8 "
      "input_dim: 8 "
      "layers { layer { name: 'pad1' type: 'padding' pad: 2 } "
      "         bottom: 'data' top: 'pad1' } "
      "layers { layer { name: 'conv1' type: 'conv' num_output: 4 "
      "                 kernelsize: 3 stride: 2 group: 1 biasterm: false "
      "                 weight_filler { type: 'gaussian' std: 0.01 } "
      "                 blobs_lr: 1 weight_decay: 0 } "
      "         bottom: 'pad1' top: 'conv1' } "
      "layers { layer { name: 'pool1' type: 'pool' pool: AVE kernelsize: 2 "
      "                 stride: 2 } bottom: 'conv1' top: 'pool1' } "
      "layers { layer { name: 'norm1' type: 'lrn' local_size: 3 alpha: 0.1 "
      "                 beta: 0.5 } bottom: 'pool1' top: 'norm1' } "
      "layers { layer { name: 'ip' type: 'innerproduct' num_output: 2 } "
      "         bottom: 'norm1' top: 'ip' } ",
      &v0);
  EXPECT_TRUE(NetNeedsV0ToV1Upgrade(v0));
  NetParameter v1;
  EXPECT_TRUE(UpgradeV0Net(v0, &v1));
  NetParameter expected;
  ReadProtoFromTextString(
      "name: 'v0' input: 'data' input_dim: 1 input_dim: 3 input_dim: 8 "
      "input_dim: 8 "
      "layers { name: 'conv1' type: CONVOLUTION bottom: 'data' top: 'conv1' "
      "  blobs_lr: 1 weight_decay: 0 "
      "  convolution_param { num_output: 4 bias_term: false pad: 2 "
      "    kernel_size: 3 stride: 2 group: 1 "
      "    weight_filler { type: 'gaussian' std: 0.01 } } } "
      "layers { name: 'pool1' type: POOLING bottom: 'conv1' top: 'pool1' "
      "  pooling_param { pool: AVE kernel_size: 2 stride: 2 } } "
      "layers { name: 'norm1' type: LRN bottom: 'pool1' top: 'norm1' "
      "  lrn_param { local_size: 3 alpha: 0.1 beta: 0.5 } } "
      "layers { name: 'ip' type: INNER_PRODUCT bottom: 'norm1' top: 'ip' "
      "  inner_product_param { num_output: 2 } } ",
      &expected);
  EXPECT_EQ(v1.DebugString(), expected.DebugString());
}

TEST(UpgradeV0Test, DataLayerFieldsGoToDataAndTransformParams) {
  NetParameter v0;
  ReadProtoFromTextString(
      "layers { layer { name: 'data' type: 'data' source: 'db' "
      "                 batchsize: 8 meanfile: 'mean' cropsize: 4 mirror: true "
      "                 scale: 0.5 rand_skip: 3 } "
      "         top: 'data' top: 'label' }",
      &v0);
  NetParameter upgraded(v0);
  EXPECT_TRUE(UpgradeNetAsNeeded("v0.prototxt", &upgraded));
  NetParameter expected;
  ReadProtoFromTextString(
      "layer { name: 'data' type: 'Data' top: 'data' top: 'label' "
      "  transform_param { scale: 0.5 mirror: true crop_size: 4 "
      "                    mean_file: 'mean' } "
      "  data_param { source: 'db' batch_size: 8 rand_skip: 3 } }",
      &expected);
  EXPECT_EQ(upgraded.DebugString(), expected.DebugString());
}

TEST(UpgradeV0Test, FieldWithoutAPlaceIsReported) {
  V1LayerParameter v0, v1;
  ReadProtoFromTextString("layer { name: 'r' type: 'relu' num_output: 3 }",
                          &v0);
  EXPECT_FALSE(UpgradeV0LayerParameter(v0, &v1));
  EXPECT_EQ(v1.type(), V1LayerParameter::RELU);
}

TEST(UpgradeV0Test, UnknownTypeAndBadPaddingAreErrors) {
  EXPECT_THROW(UpgradeV0LayerType("mystery"), Error);
  EXPECT_EQ(UpgradeV0LayerType("images"), V1LayerParameter::IMAGE_DATA);
  NetParameter v0, v1;
  ReadProtoFromTextString(
      "input: 'data' "
      "layers { layer { name: 'pad' type: 'padding' pad: 1 } "
      "         bottom: 'data' top: 'p' } "
      "layers { layer { name: 'r' type: 'relu' } bottom: 'p' top: 'r' }",
      &v0);
  try {
    UpgradeV0Net(v0, &v1);
    FAIL() << "expected caffe::Error";
  } catch (const Error& error) {
    EXPECT_NE(string(error.what()).find("\"pad\""), string::npos)
        << error.what();
  }
}

}  // namespace caffe

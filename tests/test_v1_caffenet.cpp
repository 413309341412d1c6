// CaffeNet as the model zoo first published it: a V1 prototxt (layers {
// type: ENUM }, blobs_lr, an input_dim header), a V1 train_val and a
// caffemodel of V1 layers. Upgraded, the definitions equal those of
// models/bvlc_reference_caffenet, the V1 weights load and the net computes
// exactly what the current net computes with the same weights.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "caffe/caffe.hpp"
#include "caffe/util/io.hpp"
#include "caffe/util/upgrade_proto.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {
namespace {

// 131x131 instead of 227x227 keeps fc6, and the test, small (pool5 is
// 256x3x3); every other shape is CaffeNet's.
const int kSide = 131;

// The current definition at batch 1, with the learning-rate multipliers the
// BVLC deploy files carried (weights 1, biases 2 without decay), so that the
// V1 copy has blobs_lr and weight_decay to upgrade.
NetParameter CurrentCaffeNet() {
  NetParameter param;
  ReadNetParamsFromTextFileOrDie(
      SourcePath("models/bvlc_reference_caffenet/deploy.prototxt"), &param);
  param.mutable_state()->set_phase(TEST);
  BlobShape* shape =
      param.mutable_layer(0)->mutable_input_param()->mutable_shape(0);
  shape->set_dim(0, 1);
  shape->set_dim(2, kSide);
  shape->set_dim(3, kSide);
  for (LayerParameter& layer : *param.mutable_layer()) {
    if (layer.type() != "Convolution" && layer.type() != "InnerProduct")
      continue;
    ParamSpec* weights = layer.add_param();
    weights->set_lr_mult(1);
    weights->set_decay_mult(1);
    ParamSpec* biases = layer.add_param();
    biases->set_lr_mult(2);
    biases->set_decay_mult(0);
  }
  return param;
}

V1LayerParameter::LayerType V1Type(const std::string& type) {
  static const std::map<std::string, V1LayerParameter::LayerType> types = {
      {"Convolution", V1LayerParameter::CONVOLUTION},
      {"ReLU", V1LayerParameter::RELU},
      {"Pooling", V1LayerParameter::POOLING},
      {"LRN", V1LayerParameter::LRN},
      {"InnerProduct", V1LayerParameter::INNER_PRODUCT},
      {"Dropout", V1LayerParameter::DROPOUT},
      {"Softmax", V1LayerParameter::SOFTMAX},
      {"Data", V1LayerParameter::DATA},
      {"Accuracy", V1LayerParameter::ACCURACY},
      {"SoftmaxWithLoss", V1LayerParameter::SOFTMAX_LOSS},
  };
  auto found = types.find(type);
  CHECK(found != types.end()) << "no V1 type for " << type;
  return found->second;
}

// The V1 form of a layer other than Input, without weights. A data layer
// keeps its transformation in data_param, as V1 files did.
V1LayerParameter V1Layer(const LayerParameter& layer) {
  V1LayerParameter v1;
  v1.set_name(layer.name());
  v1.set_type(V1Type(layer.type()));
  *v1.mutable_bottom() = layer.bottom();
  *v1.mutable_top() = layer.top();
  *v1.mutable_include() = layer.include();
  if (layer.has_data_param()) {
    DataParameter* data = v1.mutable_data_param();
    *data = layer.data_param();
    const TransformationParameter& transform = layer.transform_param();
    data->set_mirror(transform.mirror());
    data->set_crop_size(transform.crop_size());
    data->set_mean_file(transform.mean_file());
  }
  if (layer.has_accuracy_param())
    *v1.mutable_accuracy_param() = layer.accuracy_param();
  for (float weight : layer.loss_weight()) v1.add_loss_weight(weight);
  for (const ParamSpec& spec : layer.param()) {
    v1.add_blobs_lr(spec.lr_mult());
    v1.add_weight_decay(spec.decay_mult());
  }
  if (layer.has_convolution_param())
    *v1.mutable_convolution_param() = layer.convolution_param();
  if (layer.has_pooling_param())
    *v1.mutable_pooling_param() = layer.pooling_param();
  if (layer.has_lrn_param()) *v1.mutable_lrn_param() = layer.lrn_param();
  if (layer.has_inner_product_param())
    *v1.mutable_inner_product_param() = layer.inner_product_param();
  if (layer.has_dropout_param())
    *v1.mutable_dropout_param() = layer.dropout_param();
  return v1;
}

// The V1 prototxt: `input: "data"` and four input_dim values, then layers.
NetParameter V1Definition(const NetParameter& current) {
  NetParameter v1;
  v1.set_name(current.name());
  const LayerParameter& input = current.layer(0);
  v1.add_input(input.top(0));
  for (int64_t dim : input.input_param().shape(0).dim()) v1.add_input_dim(dim);
  for (int i = 1; i < current.layer_size(); ++i)
    *v1.add_layers() = V1Layer(current.layer(i));
  return v1;
}

// Blob shapes as V1-era files wrote them: num, channels, height, width, with
// missing leading axes set to 1.
BlobProto WithLegacyShape(BlobProto blob) {
  std::vector<int> dims(4, 1);
  const int axes = blob.shape().dim_size();
  CHECK_LE(axes, 4);
  for (int i = 0; i < axes; ++i) dims[4 - axes + i] = blob.shape().dim(i);
  blob.clear_shape();
  blob.set_num(dims[0]);
  blob.set_channels(dims[1]);
  blob.set_height(dims[2]);
  blob.set_width(dims[3]);
  return blob;
}

// The caffemodel of a V1-era zoo release: the net's input named without
// dims, and every layer a V1 `layers` entry carrying its blobs.
NetParameter V1Weights(const NetParameter& trained, bool legacy_shapes) {
  NetParameter v1;
  v1.set_name(trained.name());
  v1.add_input("data");
  for (const LayerParameter& layer : trained.layer()) {
    if (layer.type() == "Input") continue;
    V1LayerParameter* v1_layer = v1.add_layers();
    *v1_layer = V1Layer(layer);
    for (const BlobProto& blob : layer.blobs()) {
      *v1_layer->add_blobs() = legacy_shapes ? WithLegacyShape(blob) : blob;
    }
  }
  return v1;
}

void RandomizeWeights(Net<float>* net) {
  for (Blob<float>* blob : net->learnable_params()) {
    caffe_rng_uniform(blob->count(), -0.05f, 0.05f, blob->mutable_cpu_data());
  }
}

void ExpectSameWeights(const Net<float>& expected, const Net<float>& actual) {
  ASSERT_EQ(expected.learnable_params().size(),
            actual.learnable_params().size());
  for (size_t i = 0; i < expected.learnable_params().size(); ++i) {
    const Blob<float>* want = expected.learnable_params()[i];
    const Blob<float>* got = actual.learnable_params()[i];
    ASSERT_EQ(want->shape(), got->shape()) << "param " << i;
    for (int j = 0; j < want->count(); ++j) {
      ASSERT_EQ(want->cpu_data()[j], got->cpu_data()[j])
          << "param " << i << " at " << j;
    }
  }
}

TEST(V1CaffeNetTest, V1PrototxtUpgradesToTheCurrentDefinition) {
  const NetParameter current = CurrentCaffeNet();
  TempDir dir;
  const std::string v1_file = dir.file("v1.prototxt");
  WriteProtoToTextFile(V1Definition(current), v1_file);
  {
    NetParameter written;
    ReadProtoFromTextFileOrDie(v1_file, &written);
    ASSERT_EQ(current.layer_size() - 1, written.layers_size());
    EXPECT_EQ(0, written.layer_size());
    EXPECT_EQ(V1LayerParameter::CONVOLUTION, written.layers(0).type());
    EXPECT_EQ(2, written.layers(0).blobs_lr_size());
    EXPECT_EQ(4, written.input_dim_size());
  }

  NetParameter upgraded;
  ReadNetParamsFromTextFileOrDie(v1_file, &upgraded);
  // The tool's output is the same net.
  UpgradeNetFile(v1_file, dir.file("upgraded.prototxt"), false);
  NetParameter from_tool;
  ReadProtoFromTextFileOrDie(dir.file("upgraded.prototxt"), &from_tool);
  EXPECT_EQ(upgraded.DebugString(), from_tool.DebugString());

  EXPECT_EQ(current.name(), upgraded.name());
  EXPECT_EQ(0, upgraded.layers_size());
  EXPECT_EQ(0, upgraded.input_size());
  EXPECT_EQ(0, upgraded.input_dim_size());
  ASSERT_EQ(current.layer_size(), upgraded.layer_size());
  // The input_dim header becomes an Input layer named "input", as in Caffe.
  LayerParameter input = upgraded.layer(0);
  EXPECT_EQ("input", input.name());
  input.set_name(current.layer(0).name());
  EXPECT_EQ(current.layer(0).DebugString(), input.DebugString());
  for (int i = 1; i < current.layer_size(); ++i) {
    EXPECT_EQ(current.layer(i).DebugString(), upgraded.layer(i).DebugString())
        << current.layer(i).name();
  }
}

// CaffeNet's train_val as a V1 file: DATA layers with mean_file, crop_size
// and mirror in data_param, ACCURACY and SOFTMAX_LOSS.
TEST(V1CaffeNetTest, V1TrainValUpgradesToTheCurrentTrainVal) {
  NetParameter current;
  ReadNetParamsFromTextFileOrDie(
      SourcePath("models/bvlc_reference_caffenet/train_val.prototxt"),
      &current);
  NetParameter v1;
  v1.set_name(current.name());
  for (const LayerParameter& layer : current.layer())
    *v1.add_layers() = V1Layer(layer);
  ASSERT_EQ("Data", current.layer(0).type());
  ASSERT_TRUE(v1.layers(0).data_param().has_mean_file());
  TempDir dir;
  WriteProtoToTextFile(v1, dir.file("train_val.prototxt"));

  NetParameter upgraded;
  ReadNetParamsFromTextFileOrDie(dir.file("train_val.prototxt"), &upgraded);
  EXPECT_EQ(current.DebugString(), upgraded.DebugString());
}

TEST(V1CaffeNetTest,
     UpgradedNetWithV1WeightsComputesWhatTheCurrentNetComputes) {
  Caffe::set_random_seed(1701);
  const NetParameter current_param = CurrentCaffeNet();
  Net<float> current(current_param);
  RandomizeWeights(&current);
  TempDir dir;
  {
    NetParameter trained;
    current.ToProto(&trained);
    WriteProtoToTextFile(V1Definition(current_param), dir.file("v1.prototxt"));
    WriteProtoToBinaryFile(V1Weights(trained, false),
                           dir.file("v1.caffemodel"));
  }
  NetParameter upgraded_param;
  ReadNetParamsFromTextFileOrDie(dir.file("v1.prototxt"), &upgraded_param);
  upgraded_param.mutable_state()->set_phase(TEST);
  Net<float> upgraded(upgraded_param);
  upgraded.CopyTrainedLayersFrom(dir.file("v1.caffemodel"));
  ExpectSameWeights(current, upgraded);

  Blob<float>* input = current.input_blobs()[0];
  caffe_rng_uniform(input->count(), -1.0f, 1.0f, input->mutable_cpu_data());
  upgraded.input_blobs()[0]->CopyFrom(*input);
  const Blob<float>* expected = current.Forward()[0];
  const Blob<float>* actual = upgraded.Forward()[0];
  ASSERT_EQ(expected->shape(), actual->shape());
  ASSERT_EQ(1000, expected->count());
  for (int i = 0; i < expected->count(); ++i) {
    ASSERT_EQ(expected->cpu_data()[i], actual->cpu_data()[i]) << "class " << i;
  }
}

TEST(V1CaffeNetTest, V1WeightsWithLegacyFourDShapesLoadIntoTheCurrentNet) {
  Caffe::set_random_seed(1702);
  const NetParameter current_param = CurrentCaffeNet();
  Net<float> source(current_param);
  RandomizeWeights(&source);
  TempDir dir;
  {
    NetParameter trained;
    source.ToProto(&trained);
    const NetParameter v1 = V1Weights(trained, true);
    for (const V1LayerParameter& layer : v1.layers()) {
      if (layer.name() != "fc6") continue;
      // fc6's weights are 4096x2304, written as 1x1x4096x2304.
      const BlobProto& weights = layer.blobs(0);
      EXPECT_EQ(0, weights.shape().dim_size());
      EXPECT_EQ(1, weights.num());
      EXPECT_EQ(4096, weights.height());
      EXPECT_EQ(2304, weights.width());
    }
    WriteProtoToBinaryFile(v1, dir.file("v1_legacy.caffemodel"));
  }
  Net<float> target(current_param);
  target.CopyTrainedLayersFrom(dir.file("v1_legacy.caffemodel"));
  ExpectSameWeights(source, target);
}

}  // namespace
}  // namespace caffe

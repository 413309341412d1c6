#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "caffe/blob.hpp"
#include "caffe/filler.hpp"
#include "caffe/layer_factory.hpp"
#include "caffe/layers/infogain_loss_layer.hpp"
#include "caffe/net.hpp"
#include "caffe/util/io.hpp"
#include "layers/layer_error_util.hpp"
#include "support/gradient_checker.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {

template <typename TypeParam>
class InfogainLossLayerTest : public MultiDeviceTest<TypeParam> {
  typedef typename TypeParam::Dtype Dtype;

 protected:
  static const int kClasses = 4;

  // Scores 2 x 3 x 4 with the classes on axis 2 (6 positions), labels
  // 2 x 3, and a random non-negative H.
  void SetUp() override {
    MultiDeviceTest<TypeParam>::SetUp();
    if (this->IsSkipped()) return;
    scores_.Reshape(vector<int>{2, 3, kClasses});
    labels_.Reshape(vector<int>{2, 3});
    infogain_.Reshape(vector<int>{kClasses, kClasses});
    FillerParameter gaussian;
    gaussian.set_std(2);
    GaussianFiller<Dtype>(gaussian).Fill(&scores_);
    FillerParameter uniform;
    uniform.set_min(0);
    uniform.set_max(1);
    UniformFiller<Dtype>(uniform).Fill(&infogain_);
    const Dtype labels[] = {0, 3, 1, 1, 2, 3};
    for (int i = 0; i < 6; ++i) labels_.mutable_cpu_data()[i] = labels[i];
    bottom_vec_ = {&scores_, &labels_, &infogain_};
    top_vec_ = {&loss_};
    param_.mutable_infogain_loss_param()->set_axis(2);
  }

  // The summed loss over positions whose label is not `ignored`, from the
  // definition in double, and how many those are.
  double ExpectedLossSum(const int ignored, int* valid) const {
    double sum = 0;
    *valid = 0;
    for (int pos = 0; pos < 6; ++pos) {
      const int label = static_cast<int>(labels_.cpu_data()[pos]);
      if (label == ignored) continue;
      const Dtype* x = scores_.cpu_data() + pos * kClasses;
      double z = 0;
      for (int k = 0; k < kClasses; ++k) z += std::exp(double(x[k]));
      for (int k = 0; k < kClasses; ++k) {
        sum -= infogain_.cpu_data()[label * kClasses + k] *
               (double(x[k]) - std::log(z));
      }
      ++*valid;
    }
    return sum;
  }

  Dtype ForwardLoss() {
    InfogainLossLayer<Dtype> layer(param_);
    layer.SetUp(bottom_vec_, top_vec_);
    return layer.Forward(bottom_vec_, top_vec_);
  }

  void ExpectError(const vector<std::string>& fragments) {
    InfogainLossLayer<Dtype> layer(param_);
    ExpectLayerError(&layer, bottom_vec_, top_vec_, fragments);
  }

  Blob<Dtype> scores_, labels_, infogain_, loss_;
  vector<Blob<Dtype>*> bottom_vec_, top_vec_;
  LayerParameter param_;
};

TYPED_TEST_SUITE(InfogainLossLayerTest, TestDtypesAndDevices);

TYPED_TEST(InfogainLossLayerTest, ForwardFromBottom) {
  int valid = 0;
  const double sum = this->ExpectedLossSum(-1, &valid);
  EXPECT_NEAR(sum / 6, this->ForwardLoss(), 1e-4);
  this->param_.mutable_loss_param()->set_normalization(
      LossParameter_NormalizationMode_NONE);
  EXPECT_NEAR(sum, this->ForwardLoss(), 1e-4 * sum);
}

TYPED_TEST(InfogainLossLayerTest, ForwardFromSourceFile) {
  typedef typename TypeParam::Dtype Dtype;
  TempDir dir;
  BlobProto proto;
  this->infogain_.ToProto(&proto);
  WriteProtoToBinaryFile(proto, dir.file("H.binaryproto"));
  this->param_.mutable_infogain_loss_param()->set_source(
      dir.file("H.binaryproto"));
  this->bottom_vec_.pop_back();
  Blob<Dtype> prob;
  this->top_vec_.push_back(&prob);
  int valid = 0;
  const double sum = this->ExpectedLossSum(-1, &valid);
  EXPECT_NEAR(sum / 6, this->ForwardLoss(), 1e-4);
  // The second top holds the probabilities.
  ASSERT_EQ(this->scores_.shape(), prob.shape());
  double z = 0;
  for (int k = 0; k < 4; ++k)
    z += std::exp(double(this->scores_.cpu_data()[k]));
  EXPECT_NEAR(std::exp(this->scores_.cpu_data()[1]) / z, prob.cpu_data()[1],
              1e-5);
}

TYPED_TEST(InfogainLossLayerTest, IdentityIsSoftmaxLoss) {
  typedef typename TypeParam::Dtype Dtype;
  caffe_set(16, Dtype(0), this->infogain_.mutable_cpu_data());
  for (int k = 0; k < 4; ++k) this->infogain_.mutable_cpu_data()[k * 5] = 1;
  double expected = 0;
  for (int pos = 0; pos < 6; ++pos) {
    const Dtype* x = this->scores_.cpu_data() + pos * 4;
    double z = 0;
    for (int k = 0; k < 4; ++k) z += std::exp(double(x[k]));
    expected +=
        std::log(z) - x[static_cast<int>(this->labels_.cpu_data()[pos])];
  }
  EXPECT_NEAR(expected / 6, this->ForwardLoss(), 1e-4);
}

TYPED_TEST(InfogainLossLayerTest, ForwardIgnoreLabel) {
  int valid = 0;
  const double sum = this->ExpectedLossSum(3, &valid);
  EXPECT_EQ(4, valid);
  this->param_.mutable_loss_param()->set_ignore_label(3);
  EXPECT_NEAR(sum / 4, this->ForwardLoss(), 1e-4);
}

TYPED_TEST(InfogainLossLayerTest, Gradient) {
  typedef typename TypeParam::Dtype Dtype;
  InfogainLossLayer<Dtype> layer(this->param_);
  GradientChecker<Dtype> checker(1e-2, 1e-3, 1701);
  checker.CheckGradientExhaustive(&layer, this->bottom_vec_, this->top_vec_, 0);
}

TYPED_TEST(InfogainLossLayerTest, GradientIgnoreLabelAxis1) {
  typedef typename TypeParam::Dtype Dtype;
  // Classes on axis 1: scores 2 x 4 x 3.
  this->scores_.Reshape(vector<int>{2, 4, 3});
  this->param_.mutable_infogain_loss_param()->set_axis(1);
  this->param_.mutable_loss_param()->set_ignore_label(1);
  this->param_.mutable_loss_param()->set_normalization(
      LossParameter_NormalizationMode_FULL);
  InfogainLossLayer<Dtype> layer(this->param_);
  GradientChecker<Dtype> checker(1e-2, 1e-3, 1701);
  checker.CheckGradientExhaustive(&layer, this->bottom_vec_, this->top_vec_, 0);
}

TYPED_TEST(InfogainLossLayerTest, MissingSource) {
  this->bottom_vec_.pop_back();
  this->ExpectError({"infogain_loss_param.source"});
  this->param_.mutable_infogain_loss_param()->set_source(
      "/nonexistent/dir/H.binaryproto");
  this->ExpectError({"/nonexistent/dir/H.binaryproto"});
}

TYPED_TEST(InfogainLossLayerTest, MissingSourceInNet) {
  typedef typename TypeParam::Dtype Dtype;
  NetParameter net_param;
  ReadProtoFromTextString(
      "layer { name: 'in' type: 'Input' top: 'scores' top: 'label' "
      "        input_param { shape { dim: 2 dim: 4 } shape { dim: 2 } } } "
      "layer { name: 'info' type: 'InfogainLoss' bottom: 'scores' "
      "        bottom: 'label' top: 'loss' "
      "        infogain_loss_param { source: '/nonexistent/H.binaryproto' } }",
      &net_param, "infogain net");
  try {
    Net<Dtype> net(net_param);
    FAIL() << "expected caffe::Error";
  } catch (const Error& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("info"), std::string::npos) << message;
    EXPECT_NE(message.find("/nonexistent/H.binaryproto"), std::string::npos)
        << message;
  }
}

TYPED_TEST(InfogainLossLayerTest, BadShapes) {
  this->infogain_.Reshape(vector<int>{3, 3});
  this->ExpectError({"3 3 (9)", "4 x 4 = 16"});
  this->infogain_.Reshape(vector<int>{4, 4});
  this->labels_.Reshape(vector<int>{2, 2});
  this->ExpectError({"2 3 4 (24)", "2 2 (4)"});
}

TYPED_TEST(InfogainLossLayerTest, LabelOutOfRange) {
  typedef typename TypeParam::Dtype Dtype;
  this->labels_.mutable_cpu_data()[2] = Dtype(4);
  this->ExpectError({"label 4", "[0, 4)"});
}

TYPED_TEST(InfogainLossLayerTest, BackwardToLabelsOrMatrixRejected) {
  typedef typename TypeParam::Dtype Dtype;
  InfogainLossLayer<Dtype> layer(this->param_);
  layer.SetUp(this->bottom_vec_, this->top_vec_);
  layer.Forward(this->bottom_vec_, this->top_vec_);
  EXPECT_FALSE(layer.AllowForceBackward(2));
  EXPECT_THROW(
      layer.Backward(this->top_vec_, {true, false, true}, this->bottom_vec_),
      Error);
  EXPECT_THROW(
      layer.Backward(this->top_vec_, {true, true, false}, this->bottom_vec_),
      Error);
}

TYPED_TEST(InfogainLossLayerTest, Registered) {
  typedef typename TypeParam::Dtype Dtype;
  LayerParameter param;
  param.set_type("InfogainLoss");
  EXPECT_STREQ("InfogainLoss",
               LayerRegistry<Dtype>::CreateLayer(param)->type());
}

}  // namespace caffe

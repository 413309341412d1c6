// The deploy definitions under models/: every one builds, and the small ones
// compute what OpenCV's independent Caffe importer computes from the same
// random weights, saved by Crema as a .caffemodel. The large nets (VGG,
// GoogLeNet, the ResNets) are compared by the DISABLED_ tests, run by
// bench/compare_opencv.sh.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <opencv2/dnn.hpp>
#include <string>
#include <vector>

#include "caffe/caffe.hpp"
#include "support/random_weights.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {
namespace {

std::vector<std::string> ZooDeployFiles() {
  std::vector<std::string> files;
  for (const auto& entry :
       std::filesystem::directory_iterator(SourcePath("models"))) {
    const std::filesystem::path deploy = entry.path() / "deploy.prototxt";
    if (std::filesystem::exists(deploy)) files.push_back(deploy.string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string ModelPath(const std::string& folder) {
  return SourcePath("models/" + folder + "/deploy.prototxt");
}

// The deploy net in TEST phase, its input resized to batch 1 (and to
// height x width when those are given).
NetParameter ReadDeploy(const std::string& path, int height = 0,
                        int width = 0) {
  NetParameter param;
  ReadNetParamsFromTextFileOrDie(path, &param);
  param.mutable_state()->set_phase(TEST);
  LayerParameter* input = param.mutable_layer(0);
  CHECK_EQ(input->type(), "Input") << path;
  BlobShape* shape = input->mutable_input_param()->mutable_shape(0);
  shape->set_dim(0, 1);
  if (height > 0) {
    shape->set_dim(2, height);
    shape->set_dim(3, width);
  }
  return param;
}

// The blob fed to the final Softmax (the logits), or the net's output when
// it has no Softmax.
std::string LogitsBlob(const NetParameter& param) {
  const LayerParameter& last = param.layer(param.layer_size() - 1);
  return last.type() == "Softmax" ? last.bottom(0) : last.top(0);
}

float MaxAbs(const float* data, int count) {
  float result = 0;
  for (int i = 0; i < count; ++i) result = std::max(result, std::fabs(data[i]));
  return result;
}

struct Comparison {
  float max_relative_difference;  // max |ours - opencv| / max |opencv|
  double crema_ms;
  double opencv_ms;
};

double MillisecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(
             std::chrono::steady_clock::now() - start)
      .count();
}

// Runs one random input through the net with random weights, in Crema and
// in OpenCV (weights passed through a .caffemodel written by Crema), and
// compares the logits.
Comparison CompareWithOpenCv(const NetParameter& param) {
  Caffe::set_random_seed(1701);
  Net<float> net(param);
  RandomizeWeights(&net);
  TempDir dir;
  const std::string deploy = dir.file("deploy.prototxt");
  const std::string weights = dir.file("weights.caffemodel");
  WriteProtoToTextFile(param, deploy);
  {
    NetParameter trained;
    net.ToProto(&trained);
    WriteProtoToBinaryFile(trained, weights);
  }
  cv::dnn::Net reference = cv::dnn::readNetFromCaffe(deploy, weights);
  reference.setPreferableBackend(cv::dnn::DNN_BACKEND_OPENCV);
  reference.setPreferableTarget(cv::dnn::DNN_TARGET_CPU);

  Blob<float>* input = net.input_blobs()[0];
  Uniform(input, -1.0f, 1.0f);
  const std::vector<int> sizes(input->shape().begin(), input->shape().end());
  const cv::Mat input_mat(static_cast<int>(sizes.size()), sizes.data(), CV_32F,
                          input->mutable_cpu_data());
  reference.setInput(input_mat.clone());
  const std::string logits = LogitsBlob(param);

  auto start = std::chrono::steady_clock::now();
  const cv::Mat expected = reference.forward(logits);
  Comparison result{0, 0, MillisecondsSince(start)};
  start = std::chrono::steady_clock::now();
  net.Forward();
  result.crema_ms = MillisecondsSince(start);

  const Blob<float>* ours = net.blob_by_name(logits).get();
  EXPECT_EQ(static_cast<size_t>(ours->count()), expected.total()) << logits;
  if (static_cast<size_t>(ours->count()) != expected.total()) return result;
  const float* theirs = expected.ptr<float>();
  const float scale = std::max(MaxAbs(theirs, ours->count()), 1e-6f);
  for (int i = 0; i < ours->count(); ++i) {
    result.max_relative_difference =
        std::max(result.max_relative_difference,
                 std::fabs(ours->cpu_data()[i] - theirs[i]) / scale);
  }
  return result;
}

void ExpectMatchesOpenCv(const NetParameter& param) {
  const Comparison result = CompareWithOpenCv(param);
  EXPECT_LT(result.max_relative_difference, 1e-4f) << param.name();
}

TEST(ModelZooTest, EveryDeployDefinitionBuilds) {
  const std::vector<std::string> files = ZooDeployFiles();
  EXPECT_GE(files.size(), 14u);
  for (const std::string& file : files) {
    SCOPED_TRACE(file);
    const NetParameter param = ReadDeploy(file);
    Net<float> net(param);
    ASSERT_EQ(1, net.num_inputs());
    ASSERT_EQ(1, net.num_outputs());
    const Blob<float>* logits = net.blob_by_name(LogitsBlob(param)).get();
    // Classifiers end in 1000 ImageNet classes, except the two fine-tuned nets
    // and our Fashion-MNIST LeNet.
    const int classes = logits->count() / logits->shape(0);
    if (file.find("rcnn") != std::string::npos) {
      EXPECT_EQ(200, classes);
    } else if (file.find("flickr") != std::string::npos) {
      EXPECT_EQ(20, classes);
    } else if (file.find("fashion_mnist") != std::string::npos) {
      EXPECT_EQ(10, classes);
    } else {
      EXPECT_EQ(1000, classes);
    }
  }
}

// Weights are found by layer name and must have the published shapes; the
// parameter counts of the published models (without GoogLeNet's auxiliary
// classifiers) check the shapes.
TEST(ModelZooTest, LearnedParameterCountsMatchThePublishedModels) {
  const std::vector<std::pair<std::string, long>> expected = {
      {"bvlc_alexnet", 60965224},   {"bvlc_reference_caffenet", 60965224},
      {"bvlc_googlenet", 6998552},  {"squeezenet_v1.0", 1248424},
      {"squeezenet_v1.1", 1235496}, {"vgg16", 138357544},
      {"vgg19", 143667240},
  };
  for (const auto& [folder, count] : expected) {
    Net<float> net(ReadDeploy(ModelPath(folder)));
    long learned = 0;
    for (const Blob<float>* blob : net.learnable_params())
      learned += blob->count();
    EXPECT_EQ(count, learned) << folder;
  }
}

// The ResNets' published counts (He et al.; the MSRA release) leave out the
// BatchNorm statistics, which are not learned; ResNet-50's conv1 alone has a
// bias (64 more than torchvision's 25,557,032).
TEST(ModelZooTest, ResNetParameterCountsMatchThePublishedModels) {
  const std::vector<std::pair<std::string, long>> expected = {
      {"resnet50", 25557096}, {"resnet101", 44549160}, {"resnet152", 60192808}};
  for (const auto& [folder, count] : expected) {
    Net<float> net(ReadDeploy(ModelPath(folder)));
    long learned = 0;
    for (const auto& layer : net.layers()) {
      if (std::string(layer->type()) == "BatchNorm") continue;
      for (const auto& blob : layer->blobs()) learned += blob->count();
    }
    EXPECT_EQ(count, learned) << folder;
  }
}

// In the MSRA release of ResNet-101 and ResNet-152 the blocks after 'a' of
// stage 3 and 4 are numbered (res4b1 ... res4b22), those of stages 2 and 5
// lettered; the weights load by these names.
TEST(ModelZooTest, ResNetBlocksHaveTheReleasedNames) {
  const std::vector<std::pair<std::string, std::vector<std::string>>> expected =
      {
          {"resnet50", {"res3d_branch2c", "res4f_branch2c", "res5c_branch2c"}},
          {"resnet101",
           {"res2c", "res3b3_branch2c", "res4b22_branch2a", "bn4b22_branch2a",
            "scale4b22_branch2a", "res4b22_relu", "res5c"}},
          {"resnet152",
           {"res3b7_branch2c", "res4b35_branch2c", "res5c_branch2c"}},
      };
  for (const auto& [folder, names] : expected) {
    Net<float> net(ReadDeploy(ModelPath(folder)));
    for (const std::string& name : names) {
      EXPECT_TRUE(net.has_layer(name)) << folder << ": " << name;
    }
  }
  Net<float> resnet101(ReadDeploy(ModelPath("resnet101")));
  EXPECT_FALSE(resnet101.has_layer("res4b23_branch2a"));
  EXPECT_FALSE(resnet101.has_layer("res4c_branch2a"));
}

// SqueezeNet v1.0's released conv10 is a 1x1 convolution padded by 1, so
// its 13x13 input gives 15x15 scores before the global average; v1.1 keeps
// its 14x14.
TEST(ModelZooTest, SqueezeNetConv10PaddingIsTheReleased) {
  Net<float> v10(ReadDeploy(ModelPath("squeezenet_v1.0")));
  EXPECT_EQ("1 1000 15 15 (225000)",
            v10.blob_by_name("conv10")->shape_string());
  Net<float> v11(ReadDeploy(ModelPath("squeezenet_v1.1")));
  EXPECT_EQ("1 1000 14 14 (196000)",
            v11.blob_by_name("conv10")->shape_string());
}

TEST(ModelZooTest, SqueezeNet11MatchesOpenCv) {
  ExpectMatchesOpenCv(ReadDeploy(ModelPath("squeezenet_v1.1")));
}

TEST(ModelZooTest, SqueezeNet10MatchesOpenCv) {
  ExpectMatchesOpenCv(ReadDeploy(ModelPath("squeezenet_v1.0")));
}

TEST(ModelZooTest, CaffeNetMatchesOpenCv) {
  // A smaller input keeps fc6, and the test, small: pool5 is 256x3x3.
  ExpectMatchesOpenCv(
      ReadDeploy(ModelPath("bvlc_reference_caffenet"), 131, 131));
}

TEST(ModelZooTest, NinMatchesOpenCv) {
  ExpectMatchesOpenCv(ReadDeploy(ModelPath("nin_imagenet")));
}

TEST(ModelZooTest, MobileNetMatchesOpenCv) {
  ExpectMatchesOpenCv(ReadDeploy(ModelPath("mobilenet_v1")));
}

// Large nets: run by bench/compare_opencv.sh, which prints the comparison.
void CompareAndPrint(const std::string& folder) {
  const Comparison result = CompareWithOpenCv(ReadDeploy(ModelPath(folder)));
  std::printf(
      "%-30s max relative difference %.3g  crema %.1f ms  opencv %.1f ms\n",
      folder.c_str(), result.max_relative_difference, result.crema_ms,
      result.opencv_ms);
  EXPECT_LT(result.max_relative_difference, 1e-4f) << folder;
}

TEST(ModelZooLargeTest, DISABLED_GoogLeNetMatchesOpenCv) {
  CompareAndPrint("bvlc_googlenet");
}
TEST(ModelZooLargeTest, DISABLED_ResNet50MatchesOpenCv) {
  CompareAndPrint("resnet50");
}
TEST(ModelZooLargeTest, DISABLED_ResNet101MatchesOpenCv) {
  CompareAndPrint("resnet101");
}
TEST(ModelZooLargeTest, DISABLED_ResNet152MatchesOpenCv) {
  CompareAndPrint("resnet152");
}
TEST(ModelZooLargeTest, DISABLED_Vgg16MatchesOpenCv) {
  CompareAndPrint("vgg16");
}
TEST(ModelZooLargeTest, DISABLED_Vgg19MatchesOpenCv) {
  CompareAndPrint("vgg19");
}
TEST(ModelZooLargeTest, DISABLED_AlexNetMatchesOpenCv) {
  CompareAndPrint("bvlc_alexnet");
}
TEST(ModelZooLargeTest, DISABLED_RcnnIlsvrc13MatchesOpenCv) {
  CompareAndPrint("bvlc_reference_rcnn_ilsvrc13");
}
TEST(ModelZooLargeTest, DISABLED_FlickrStyleMatchesOpenCv) {
  CompareAndPrint("finetune_flickr_style");
}

}  // namespace
}  // namespace caffe

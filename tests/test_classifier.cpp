// The Classifier API and the classification tool.
#ifdef USE_OPENCV
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "caffe/caffe.hpp"
#include "caffe/classifier.hpp"
#include "caffe/util/rng.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {
namespace {

const char kTinyDeploy[] = R"(
name: "tiny"
layer { name: "data" type: "Input" top: "data"
        input_param { shape { dim: 1 dim: 1 dim: 28 dim: 28 } } }
layer { name: "ip" type: "InnerProduct" bottom: "data" top: "ip"
        inner_product_param { num_output: 10
          weight_filler { type: "gaussian" std: 0.01 }
          bias_filler { type: "gaussian" std: 0.5 } } }
layer { name: "prob" type: "Softmax" bottom: "ip" top: "prob" }
)";

const char kLeNetDeploy[] = R"(
name: "LeNet"
layer { name: "data" type: "Input" top: "data"
        input_param { shape { dim: 1 dim: 1 dim: 28 dim: 28 } } }
layer { name: "conv1" type: "Convolution" bottom: "data" top: "conv1"
        convolution_param { num_output: 20 kernel_size: 5 stride: 1 } }
layer { name: "pool1" type: "Pooling" bottom: "conv1" top: "pool1"
        pooling_param { pool: MAX kernel_size: 2 stride: 2 } }
layer { name: "conv2" type: "Convolution" bottom: "pool1" top: "conv2"
        convolution_param { num_output: 50 kernel_size: 5 stride: 1 } }
layer { name: "pool2" type: "Pooling" bottom: "conv2" top: "pool2"
        pooling_param { pool: MAX kernel_size: 2 stride: 2 } }
layer { name: "ip1" type: "InnerProduct" bottom: "pool2" top: "ip1"
        inner_product_param { num_output: 500 } }
layer { name: "relu1" type: "ReLU" bottom: "ip1" top: "ip1" }
layer { name: "ip2" type: "InnerProduct" bottom: "ip1" top: "ip2"
        inner_product_param { num_output: 10 } }
layer { name: "prob" type: "Softmax" bottom: "ip2" top: "prob" }
)";

const std::string kClassification = ToolPath("classification");

void WriteText(const std::string& path, const std::string& text) {
  std::ofstream file(path);
  file << text;
}

std::string ReadText(const std::string& path) {
  std::ifstream file(path);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

std::string Labels(int count, const std::string& prefix) {
  std::string text;
  for (int i = 0; i < count; ++i) text += prefix + std::to_string(i) + "\n";
  return text;
}

// A mean .binaryproto of shape 1 x channels x 28 x 28 holding
// base + (h * 28 + w) % 7, so that its per-channel average is base + 2.9...
std::string WriteMean(const std::string& path, int channels, float base) {
  Blob<float> mean(1, channels, 28, 28);
  float* data = mean.mutable_cpu_data();
  for (int i = 0; i < mean.count(); ++i) data[i] = base + (i % (28 * 28)) % 7;
  BlobProto proto;
  mean.ToProto(&proto);
  WriteProtoToBinaryFile(proto, path);
  return path;
}

double MeanOfWrittenMean(float base) {
  double sum = 0;
  for (int i = 0; i < 28 * 28; ++i) sum += base + i % 7;
  return sum / (28 * 28);
}

cv::Mat RandomImage(int rows, int cols, int type, unsigned seed) {
  cv::Mat image(rows, cols, type);
  cv::RNG rng(seed);
  rng.fill(image, cv::RNG::UNIFORM, 0, 256);
  return image;
}

class ClassifierTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Caffe::set_mode(Caffe::CPU);
    Caffe::set_random_seed(1701);
    deploy_ = dir_.file("deploy.prototxt");
    weights_ = dir_.file("tiny.caffemodel");
    mean_ = WriteMean(dir_.file("mean.binaryproto"), 1, 100.0f);
    labels_ = dir_.file("labels.txt");
    WriteText(deploy_, kTinyDeploy);
    WriteText(labels_, Labels(10, "class "));
    NetParameter param;
    ReadProtoFromTextString(kTinyDeploy, &param, "tiny");
    Net<float> net(param);
    NetParameter trained;
    net.ToProto(&trained);
    WriteProtoToBinaryFile(trained, weights_);
  }

  // The net's probabilities for an 8-bit grey 28x28 image, with the mean's
  // per-channel average subtracted by hand.
  std::vector<float> ManualForward(const cv::Mat& image, double mean) {
    Net<float> net(deploy_, TEST);
    net.CopyTrainedLayersFrom(weights_);
    float* data = net.input_blobs()[0]->mutable_cpu_data();
    for (int h = 0; h < 28; ++h) {
      for (int w = 0; w < 28; ++w) {
        data[h * 28 + w] = static_cast<float>(image.at<uchar>(h, w) - mean);
      }
    }
    const Blob<float>* prob = net.Forward()[0];
    return std::vector<float>(prob->cpu_data(), prob->cpu_data() + 10);
  }

  TempDir dir_;
  std::string deploy_, weights_, mean_, labels_;
};

TEST_F(ClassifierTest, TopKMatchesAManualForwardSortedByProbability) {
  Classifier classifier(deploy_, weights_, mean_, labels_);
  const cv::Mat image = RandomImage(28, 28, CV_8UC1, 3);
  const std::vector<float> expected =
      ManualForward(image, MeanOfWrittenMean(100.0f));
  const std::vector<Prediction> top = classifier.Classify(image, 4);
  ASSERT_EQ(top.size(), 4u);
  std::vector<int> order = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
  std::sort(order.begin(), order.end(),
            [&](int a, int b) { return expected[a] > expected[b]; });
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(top[i].first, "class " + std::to_string(order[i]));
    EXPECT_NEAR(top[i].second, expected[order[i]], 1e-6);
  }
  EXPECT_GT(top[0].second, top[3].second);
  EXPECT_EQ(classifier.Classify(image).size(), 5u);  // Caffe's default
  EXPECT_EQ(classifier.Classify(image, 50).size(), 10u);
}

TEST_F(ClassifierTest, MeanValuesAndNoMeanSubtractTheGivenValue) {
  const cv::Mat image = RandomImage(28, 28, CV_8UC1, 4);
  Classifier with_values(deploy_, weights_, std::vector<float>{42.0f},
                         labels_);
  Classifier without(deploy_, weights_, "", labels_);
  const std::vector<float> expected_values = ManualForward(image, 42.0);
  const std::vector<float> expected_none = ManualForward(image, 0.0);
  for (const Prediction& p : with_values.Classify(image, 10)) {
    EXPECT_NEAR(p.second, expected_values[std::stoi(p.first.substr(6))], 1e-6);
  }
  for (const Prediction& p : without.Classify(image, 10)) {
    EXPECT_NEAR(p.second, expected_none[std::stoi(p.first.substr(6))], 1e-6);
  }
}

TEST_F(ClassifierTest, PreprocessConvertsResizesAndSubtractsTheMean) {
  Classifier classifier(deploy_, weights_, mean_, labels_);
  const cv::Mat colour = RandomImage(40, 30, CV_8UC3, 5);
  cv::Mat grey, resized, expected;
  cv::cvtColor(colour, grey, cv::COLOR_BGR2GRAY);
  cv::resize(grey, resized, cv::Size(28, 28));
  resized.convertTo(expected, CV_32FC1);
  expected -= MeanOfWrittenMean(100.0f);
  const cv::Mat actual = classifier.Preprocess(colour);
  ASSERT_EQ(actual.type(), CV_32FC1);
  ASSERT_EQ(actual.size(), cv::Size(28, 28));
  EXPECT_LT(cv::norm(actual, expected, cv::NORM_INF), 1e-4);
}

TEST_F(ClassifierTest, BatchEqualsSingleImagesInOneForward) {
  Classifier classifier(deploy_, weights_, mean_, labels_);
  const std::vector<cv::Mat> images = {RandomImage(28, 28, CV_8UC1, 6),
                                       RandomImage(50, 20, CV_8UC3, 7),
                                       RandomImage(28, 28, CV_8UC4, 8)};
  const std::vector<std::vector<Prediction> > batch =
      classifier.Classify(images, 3);
  EXPECT_EQ(classifier.net()->input_blobs()[0]->num(), 3);
  EXPECT_EQ(classifier.net()->output_blobs()[0]->num(), 3);
  ASSERT_EQ(batch.size(), 3u);
  for (size_t n = 0; n < images.size(); ++n) {
    const std::vector<Prediction> single = classifier.Classify(images[n], 3);
    EXPECT_EQ(classifier.net()->input_blobs()[0]->num(), 1);
    ASSERT_EQ(batch[n].size(), single.size());
    for (size_t i = 0; i < single.size(); ++i) {
      EXPECT_EQ(batch[n][i].first, single[i].first) << n;
      EXPECT_NEAR(batch[n][i].second, single[i].second, 1e-6) << n;
    }
  }
}

void ExpectErrorMentions(const std::function<void()>& action,
                         const std::vector<std::string>& words) {
  try {
    action();
    ADD_FAILURE() << "expected caffe::Error";
  } catch (const Error& error) {
    for (const std::string& word : words) {
      EXPECT_NE(std::string(error.what()).find(word), std::string::npos)
          << error.what() << " should mention " << word;
    }
  }
}

TEST_F(ClassifierTest, MissingFilesAreErrorsNamingTheFile) {
  const std::string missing = dir_.file("missing.file");
  ExpectErrorMentions([&] { Classifier(missing, weights_, mean_, labels_); },
                      {"missing.file"});
  ExpectErrorMentions([&] { Classifier(deploy_, missing, mean_, labels_); },
                      {"missing.file"});
  ExpectErrorMentions([&] { Classifier(deploy_, weights_, missing, labels_); },
                      {"missing.file"});
  ExpectErrorMentions([&] { Classifier(deploy_, weights_, mean_, missing); },
                      {"missing.file"});
}

TEST_F(ClassifierTest, EmptyWeightsFileIsAnErrorNamingIt) {
  const std::string empty = dir_.file("empty.caffemodel");
  std::ofstream(empty, std::ios::binary).flush();
  ExpectErrorMentions([&] { Classifier(deploy_, empty, mean_, labels_); },
                      {empty, "the file holds no layers"});
}

TEST_F(ClassifierTest, NetsWithSeveralInputsOrOutputsAreErrors) {
  const std::string two_inputs = dir_.file("two_inputs.prototxt");
  WriteText(two_inputs, std::string(kTinyDeploy) + R"(
layer { name: "extra" type: "Input" top: "extra"
        input_param { shape { dim: 1 dim: 3 } } })");
  ExpectErrorMentions([&] { Classifier(two_inputs, weights_, "", labels_); },
                      {"two_inputs.prototxt", "one input", "2"});
  const std::string two_outputs = dir_.file("two_outputs.prototxt");
  WriteText(two_outputs, std::string(kTinyDeploy) + R"(
layer { name: "sig" type: "Sigmoid" bottom: "ip" top: "sig" })");
  ExpectErrorMentions([&] { Classifier(two_outputs, weights_, "", labels_); },
                      {"two_outputs.prototxt", "one output", "2"});
}

TEST_F(ClassifierTest, TooFewLabelsIsAnError) {
  const std::string nine = dir_.file("nine.txt");
  WriteText(nine, Labels(9, "c"));
  ExpectErrorMentions([&] { Classifier(deploy_, weights_, mean_, nine); },
                      {"nine.txt", "9 labels", "1 10"});
}

TEST_F(ClassifierTest, MeanWithOtherChannelsIsAnError) {
  const std::string colour_mean =
      WriteMean(dir_.file("colour_mean.binaryproto"), 3, 10.0f);
  ExpectErrorMentions(
      [&] { Classifier(deploy_, weights_, colour_mean, labels_); },
      {"colour_mean.binaryproto", "1 3 28 28", "1 channel"});
  ExpectErrorMentions(
      [&] {
        Classifier(deploy_, weights_, std::vector<float>{1, 2, 3}, labels_);
      },
      {"3 mean values", "1 input channel"});
}

TEST_F(ClassifierTest, EmptyImageIsAnError) {
  Classifier classifier(deploy_, weights_, mean_, labels_);
  EXPECT_THROW(classifier.Classify(cv::Mat()), Error);
  EXPECT_THROW(classifier.Classify(std::vector<cv::Mat>(), 5), Error);
}

// Runs the tool, returning its exit status; stdout and stderr go to files.
int RunTool(const TempDir& dir, const std::vector<std::string>& args) {
  std::string command = kClassification;
  for (const std::string& arg : args) command += " '" + arg + "'";
  command += " >" + dir.file("out.txt") + " 2>" + dir.file("err.txt");
  const int raw = std::system(command.c_str());
  return raw != -1 && WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
}

TEST_F(ClassifierTest, ToolPrintsTheTopFiveLikeCaffe) {
  const cv::Mat image = RandomImage(28, 28, CV_8UC1, 9);
  const std::string png = dir_.file("digit.png");
  ASSERT_TRUE(cv::imwrite(png, image));
  ASSERT_EQ(RunTool(dir_, {deploy_, weights_, mean_, labels_, png}), 0)
      << ReadText(dir_.file("err.txt"));
  Classifier classifier(deploy_, weights_, mean_, labels_);
  std::string expected = "---------- Prediction for " + png + " ----------\n";
  for (const Prediction& p : classifier.Classify(image)) {
    char line[64];
    std::snprintf(line, sizeof(line), "%.4f - \"%s\"\n", p.second,
                  p.first.c_str());
    expected += line;
  }
  EXPECT_EQ(ReadText(dir_.file("out.txt")), expected);
  // "-" means no mean.
  ASSERT_EQ(RunTool(dir_, {deploy_, weights_, "-", labels_, png}), 0)
      << ReadText(dir_.file("err.txt"));
}

TEST_F(ClassifierTest, ToolErrorsAreOneLine) {
  const std::string missing = dir_.file("nope.png");
  EXPECT_EQ(RunTool(dir_, {deploy_, weights_, mean_, labels_, missing}), 1);
  const std::string err = ReadText(dir_.file("err.txt"));
  EXPECT_EQ(err.rfind("classification: error: ", 0), 0u) << err;
  EXPECT_NE(err.find("nope.png"), std::string::npos) << err;
  EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), 1) << err;
  EXPECT_EQ(RunTool(dir_, {deploy_, weights_, mean_, missing, missing}), 1);
  EXPECT_EQ(ReadText(dir_.file("err.txt"))
                .rfind("classification: error: ", 0), 0u);
}

// A 28x28 white-on-black digit, drawn like an MNIST sample (the glyph fills a
// 20x20 box in the centre).
cv::Mat RenderDigit(int digit) {
  cv::Mat canvas = cv::Mat::zeros(100, 100, CV_8UC1);
  cv::putText(canvas, std::to_string(digit), cv::Point(20, 85),
              cv::FONT_HERSHEY_SIMPLEX, 3.0, cv::Scalar(255), 9, cv::LINE_AA);
  const cv::Rect box = cv::boundingRect(canvas);
  const double scale = 20.0 / std::max(box.width, box.height);
  cv::Mat glyph;
  cv::resize(canvas(box), glyph, cv::Size(), scale, scale, cv::INTER_AREA);
  cv::Mat image = cv::Mat::zeros(28, 28, CV_8UC1);
  glyph.copyTo(image(cv::Rect((28 - glyph.cols) / 2, (28 - glyph.rows) / 2,
                              glyph.cols, glyph.rows)));
  return image;
}

TEST(ClassifierBvlcLeNetTest, ClassifiesRenderedDigits) {
  const std::string weights =
      "real_models/bvlc_lenet/lenet_iter_10000.caffemodel";
  CAFFE_SKIP_WITHOUT_SHARED_DATA(weights);
  Caffe::set_mode(Caffe::CPU);
  TempDir dir;
  const std::string deploy = dir.file("lenet_deploy.prototxt");
  const std::string labels = dir.file("digits.txt");
  WriteText(deploy, kLeNetDeploy);
  WriteText(labels, Labels(10, ""));
  Classifier classifier(deploy, SharedPath(weights), "", labels);
  // A colour image exercises the conversion to LeNet's single channel.
  cv::Mat three;
  cv::cvtColor(RenderDigit(3), three, cv::COLOR_GRAY2BGR);
  const std::vector<Prediction> top = classifier.Classify(three, 2);
  ASSERT_EQ(top.size(), 2u);
  EXPECT_EQ(top[0].first, "3");
  EXPECT_GT(top[0].second, 0.5f);
}

}  // namespace
}  // namespace caffe
#endif  // USE_OPENCV

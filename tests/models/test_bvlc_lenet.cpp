// Interoperability with files written by BVLC Caffe and read by OpenCV's
// independent Caffe importer.
#include <gtest/gtest.h>

#include <opencv2/dnn.hpp>
#include <opencv2/imgproc.hpp>

#include <fstream>
#include <sstream>
#include <string>

#include "caffe/caffe.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {
namespace {

const char* kLeNetDeploy = R"(
name: "LeNet"
layer { name: "data" type: "Input" top: "data"
        input_param { shape { dim: 1 dim: 1 dim: 28 dim: 28 } } }
layer { name: "conv1" type: "Convolution" bottom: "data" top: "conv1"
        convolution_param { num_output: 20 kernel_size: 5 stride: 1
          weight_filler { type: "xavier" } } }
layer { name: "pool1" type: "Pooling" bottom: "conv1" top: "pool1"
        pooling_param { pool: MAX kernel_size: 2 stride: 2 } }
layer { name: "conv2" type: "Convolution" bottom: "pool1" top: "conv2"
        convolution_param { num_output: 50 kernel_size: 5 stride: 1
          weight_filler { type: "xavier" } } }
layer { name: "pool2" type: "Pooling" bottom: "conv2" top: "pool2"
        pooling_param { pool: MAX kernel_size: 2 stride: 2 } }
layer { name: "ip1" type: "InnerProduct" bottom: "pool2" top: "ip1"
        inner_product_param { num_output: 500
          weight_filler { type: "xavier" } } }
layer { name: "relu1" type: "ReLU" bottom: "ip1" top: "ip1" }
layer { name: "ip2" type: "InnerProduct" bottom: "ip1" top: "ip2"
        inner_product_param { num_output: 10
          weight_filler { type: "xavier" } } }
layer { name: "prob" type: "Softmax" bottom: "ip2" top: "prob" }
)";

constexpr char kBvlcLeNet[] =
    "real_models/bvlc_lenet/lenet_iter_10000.caffemodel";

std::string BvlcLeNetPath() { return SharedPath(kBvlcLeNet); }

// The tests on BVLC Caffe's own weights, which live in the shared data.
class BvlcLeNetTest : public ::testing::Test {
 protected:
  void SetUp() override { CAFFE_SKIP_WITHOUT_SHARED_DATA(kBvlcLeNet); }
};

std::string ReadBytes(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << file.rdbuf();
  return bytes.str();
}

NetParameter LeNetDeployParam() {
  NetParameter param;
  ReadProtoFromTextString(kLeNetDeploy, &param, "lenet_deploy");
  return param;
}

// A 28x28 grey digit drawn with a Hershey font, scaled like MNIST: the glyph
// fits a 20x20 box centred in the image, white on black.
cv::Mat RenderDigit(int digit) {
  cv::Mat canvas = cv::Mat::zeros(100, 100, CV_8UC1);
  cv::putText(canvas, std::to_string(digit), cv::Point(20, 85),
              cv::FONT_HERSHEY_SIMPLEX, 3.0, cv::Scalar(255), 9, cv::LINE_AA);
  const cv::Rect box = cv::boundingRect(canvas);
  const cv::Mat glyph = canvas(box);
  const double scale = 20.0 / std::max(box.width, box.height);
  cv::Mat resized;
  cv::resize(glyph, resized, cv::Size(), scale, scale, cv::INTER_AREA);
  cv::Mat digit_image = cv::Mat::zeros(28, 28, CV_8UC1);
  const int x = (28 - resized.cols) / 2;
  const int y = (28 - resized.rows) / 2;
  resized.copyTo(digit_image(cv::Rect(x, y, resized.cols, resized.rows)));
  return digit_image;
}

// Copies an 8-bit image into the net's input, scaled by 1/256 as LeNet was
// trained.
template <typename Dtype>
void FillInput(const cv::Mat& image, Blob<Dtype>* input) {
  Dtype* data = input->mutable_cpu_data();
  for (int i = 0; i < 28 * 28; ++i) {
    data[i] = image.data[i] * Dtype(0.00390625);
  }
}

TEST_F(BvlcLeNetTest, SchemaReserializesTheFileByteForByte) {
  NetParameter param;
  ReadProtoFromBinaryFileOrDie(BvlcLeNetPath(), &param);
  std::string bytes;
  ASSERT_TRUE(param.SerializeToString(&bytes));
  EXPECT_EQ(ReadBytes(BvlcLeNetPath()), bytes);
}

TEST_F(BvlcLeNetTest, WeightsLoadAndSaveBackUnchanged) {
  Net<float> net(LeNetDeployParam());
  net.CopyTrainedLayersFrom(BvlcLeNetPath());
  NetParameter original;
  ReadProtoFromBinaryFileOrDie(BvlcLeNetPath(), &original);
  NetParameter saved;
  net.ToProto(&saved);
  int learned_layers = 0;
  for (const LayerParameter& from_file : original.layer()) {
    if (from_file.blobs_size() == 0) continue;
    ++learned_layers;
    const LayerParameter* ours = nullptr;
    for (const LayerParameter& layer : saved.layer()) {
      if (layer.name() == from_file.name()) ours = &layer;
    }
    ASSERT_TRUE(ours != nullptr) << from_file.name();
    ASSERT_EQ(from_file.blobs_size(), ours->blobs_size());
    for (int i = 0; i < from_file.blobs_size(); ++i) {
      EXPECT_EQ(from_file.blobs(i).SerializeAsString(),
                ours->blobs(i).SerializeAsString())
          << from_file.name() << " blob " << i;
    }
  }
  EXPECT_EQ(4, learned_layers);
}

TEST_F(BvlcLeNetTest, ClassifiesRenderedDigits) {
  Net<float> net(LeNetDeployParam());
  net.CopyTrainedLayersFrom(BvlcLeNetPath());
  int correct = 0;
  for (int digit = 0; digit < 10; ++digit) {
    FillInput(RenderDigit(digit), net.input_blobs()[0]);
    const Blob<float>* prob = net.Forward()[0];
    ASSERT_EQ(10, prob->count());
    const float* p = prob->cpu_data();
    const int predicted = static_cast<int>(std::max_element(p, p + 10) - p);
    if (predicted == digit) ++correct;
  }
  // Printed digits are not handwriting; a trained LeNet still reads most.
  EXPECT_GE(correct, 8);
}

TEST_F(BvlcLeNetTest, MatchesOpenCvImporterOnBvlcWeights) {
  TempDir dir;
  const std::string deploy = dir.file("deploy.prototxt");
  WriteProtoToTextFile(LeNetDeployParam(), deploy);
  cv::dnn::Net reference = cv::dnn::readNetFromCaffe(deploy, BvlcLeNetPath());
  Net<float> net(LeNetDeployParam());
  net.CopyTrainedLayersFrom(BvlcLeNetPath());
  for (int digit : {3, 7}) {
    const cv::Mat image = RenderDigit(digit);
    cv::Mat scaled;
    image.convertTo(scaled, CV_32F, 0.00390625);
    reference.setInput(cv::dnn::blobFromImage(scaled));
    const cv::Mat expected = reference.forward("prob");
    FillInput(image, net.input_blobs()[0]);
    const float* ours = net.Forward()[0]->cpu_data();
    for (int i = 0; i < 10; ++i) {
      EXPECT_NEAR(expected.ptr<float>()[i], ours[i], 1e-5) << "class " << i;
    }
  }
}

// A .caffemodel written by Crema is read by OpenCV with the same outputs.
TEST(CaffemodelInteropTest, OpenCvReadsOurWeights) {
  Caffe::set_random_seed(7);
  Net<float> net(LeNetDeployParam());
  TempDir dir;
  const std::string deploy = dir.file("deploy.prototxt");
  const std::string weights = dir.file("lenet_random.caffemodel");
  WriteProtoToTextFile(LeNetDeployParam(), deploy);
  NetParameter trained;
  net.ToProto(&trained);
  WriteProtoToBinaryFile(trained, weights);

  cv::Mat input(28, 28, CV_32F);
  cv::randu(input, 0.0f, 1.0f);
  cv::dnn::Net reference = cv::dnn::readNetFromCaffe(deploy, weights);
  reference.setInput(cv::dnn::blobFromImage(input));
  const cv::Mat expected = reference.forward("ip2");

  caffe_copy(28 * 28, input.ptr<float>(), net.input_blobs()[0]->mutable_cpu_data());
  net.Forward();
  const float* ours = net.blob_by_name("ip2")->cpu_data();
  for (int i = 0; i < 10; ++i) {
    const float tolerance = 1e-4f * std::max(1.0f, std::fabs(ours[i]));
    EXPECT_NEAR(expected.ptr<float>()[i], ours[i], tolerance) << "class " << i;
  }
}

}  // namespace
}  // namespace caffe

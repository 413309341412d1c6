// The LeNet we train and ship (models/fashion_mnist_lenet/): its deploy net,
// mean file and labels, through caffe::Classifier and the classification
// tool, classify the first 1,000 Fashion-MNIST test images (as PNG files) as
// accurately as the training net scores them the way `caffe test` does.
// Needs the Debian package dataset-fashion-mnist (scripts/install_deps.sh
// installs it); skips without it.
#if defined(USE_OPENCV) && defined(USE_LMDB)
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <opencv2/imgcodecs.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "caffe/caffe.hpp"
#include "caffe/classifier.hpp"
#include "caffe/util/db.hpp"
#include "caffe/util/upgrade_proto.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {
namespace {

const int kImages = 1000;
const int kBatch = 100;
const int kSide = 28;

std::string ModelFile(const std::string& name) {
  return SourcePath("models/fashion_mnist_lenet/" + name);
}

// Where get_fashion_mnist.sh looks for the package's files.
std::string DatasetFile(const std::string& name) {
  const char* dir = std::getenv("FASHION_MNIST_DIR");
  return std::string(dir ? dir : "/usr/share/datasets/fashion-mnist") + "/" +
         name;
}

// The whole decompressed content of a .gz file (gzip is on every Debian).
std::string Gunzip(const std::string& path) {
  const std::string command = "gzip -dc '" + path + "'";
  FILE* pipe = popen(command.c_str(), "r");
  CHECK(pipe) << command;
  std::string bytes;
  char buffer[1 << 16];
  size_t read;
  while ((read = std::fread(buffer, 1, sizeof(buffer), pipe)) > 0) {
    bytes.append(buffer, read);
  }
  EXPECT_EQ(pclose(pipe), 0) << command;
  return bytes;
}

uint32_t BigEndian32(const std::string& bytes, size_t offset) {
  uint32_t value = 0;
  for (size_t i = 0; i < 4; ++i) {
    value = (value << 8) | static_cast<uint8_t>(bytes[offset + i]);
  }
  return value;
}

// The first `count` test images (28x28, 8-bit grey) and their labels, read
// from the idx files as convert_mnist_data reads them.
void ReadTestSet(int count, std::vector<cv::Mat>* images,
                 std::vector<int>* labels) {
  const std::string image_bytes =
      Gunzip(DatasetFile("t10k-images-idx3-ubyte.gz"));
  const std::string label_bytes =
      Gunzip(DatasetFile("t10k-labels-idx1-ubyte.gz"));
  ASSERT_GE(image_bytes.size(), 16u + count * kSide * kSide);
  ASSERT_GE(label_bytes.size(), 8u + count);
  ASSERT_EQ(BigEndian32(image_bytes, 0), 2051u);
  ASSERT_EQ(BigEndian32(label_bytes, 0), 2049u);
  ASSERT_EQ(BigEndian32(image_bytes, 8), static_cast<uint32_t>(kSide));
  ASSERT_EQ(BigEndian32(image_bytes, 12), static_cast<uint32_t>(kSide));
  for (int i = 0; i < count; ++i) {
    cv::Mat image(kSide, kSide, CV_8UC1);
    std::copy_n(image_bytes.data() + 16 + i * kSide * kSide, kSide * kSide,
                image.data);
    images->push_back(image);
    labels->push_back(static_cast<uint8_t>(label_bytes[8 + i]));
  }
}

std::string ReadText(const std::string& path) {
  std::ifstream file(path);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

// Writes the images as LMDB Datums, keyed in order as convert_mnist_data
// keys them.
void WriteLmdb(const std::vector<cv::Mat>& images,
               const std::vector<int>& labels, const std::string& path) {
  std::unique_ptr<db::DB> lmdb(db::GetDB("lmdb"));
  lmdb->Open(path, db::NEW);
  std::unique_ptr<db::Transaction> transaction(lmdb->NewTransaction());
  for (size_t i = 0; i < images.size(); ++i) {
    Datum datum;
    datum.set_channels(1);
    datum.set_height(kSide);
    datum.set_width(kSide);
    datum.set_label(labels[i]);
    datum.set_data(images[i].data, kSide * kSide);
    char key[16];
    std::snprintf(key, sizeof(key), "%08zu", i);
    transaction->Put(key, datum.SerializeAsString());
  }
  transaction->Commit();
}

// What `caffe test --iterations=N` reports: the TEST phase of the training
// net over N batches, the mean of the per-batch accuracies.
float CaffeTestAccuracy(const std::string& lmdb, int iterations) {
  NetParameter param;
  ReadNetParamsFromTextFileOrDie(
      SourcePath("examples/fashion_mnist/lenet_train_test.prototxt"), &param);
  param.mutable_state()->set_phase(TEST);
  for (LayerParameter& layer : *param.mutable_layer()) {
    if (layer.type() == "Data") layer.mutable_data_param()->set_source(lmdb);
  }
  Net<float> net(param);
  net.CopyTrainedLayersFrom(ModelFile("fashion_mnist_lenet.caffemodel"));
  EXPECT_EQ(net.blob_by_name("data")->num(), kBatch);
  double sum = 0;
  for (int i = 0; i < iterations; ++i) {
    net.Forward();
    sum += net.blob_by_name("accuracy")->cpu_data()[0];
  }
  return static_cast<float>(sum / iterations);
}

class FashionMnistLeNetTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* name : {"t10k-images-idx3-ubyte.gz",
                             "t10k-labels-idx1-ubyte.gz"}) {
      if (!std::filesystem::exists(DatasetFile(name))) {
        GTEST_SKIP() << DatasetFile(name) << " not found: install it with "
                     << "apt-get install dataset-fashion-mnist";
      }
    }
    Caffe::set_mode(Caffe::CPU);
    std::vector<cv::Mat> images;
    ReadTestSet(kImages, &images, &labels_);
    if (HasFatalFailure()) return;
    for (int i = 0; i < kImages; ++i) {
      pngs_.push_back(dir_.file("test_" + std::to_string(i) + ".png"));
      ASSERT_TRUE(cv::imwrite(pngs_[i], images[i])) << pngs_[i];
    }
  }

  Classifier MakeClassifier() const {
    return Classifier(ModelFile("deploy.prototxt"),
                      ModelFile("fashion_mnist_lenet.caffemodel"),
                      ModelFile("mean.binaryproto"), ModelFile("labels.txt"));
  }

  TempDir dir_;
  std::vector<std::string> pngs_;
  std::vector<int> labels_;
};

TEST_F(FashionMnistLeNetTest, ClassifierAccuracyMatchesCaffeTest) {
  Classifier classifier = MakeClassifier();
  ASSERT_EQ(classifier.labels().size(), 10u);
  EXPECT_EQ(classifier.labels()[0], "T-shirt/top");
  EXPECT_EQ(classifier.labels()[9], "Ankle boot");
  std::vector<cv::Mat> decoded;
  int correct = 0;
  for (int start = 0; start < kImages; start += kBatch) {
    std::vector<cv::Mat> batch;
    for (int i = start; i < start + kBatch; ++i) {
      batch.push_back(cv::imread(pngs_[i], cv::IMREAD_UNCHANGED));
      decoded.push_back(batch.back());
    }
    const std::vector<std::vector<Prediction> > top =
        classifier.Classify(batch, 1);
    // The whole batch goes through one forward pass.
    EXPECT_EQ(classifier.net()->input_blobs()[0]->num(), kBatch);
    for (int i = 0; i < kBatch; ++i) {
      correct += top[i][0].first == classifier.labels()[labels_[start + i]];
    }
  }
  const float classifier_accuracy = static_cast<float>(correct) / kImages;

  const std::string lmdb = dir_.file("test_lmdb");
  WriteLmdb(decoded, labels_, lmdb);
  const float caffe_test_accuracy = CaffeTestAccuracy(lmdb, kImages / kBatch);

  std::printf("first %d test images: classifier accuracy %.4f, caffe test "
              "accuracy %.4f\n", kImages, classifier_accuracy,
              caffe_test_accuracy);
  EXPECT_NEAR(classifier_accuracy, caffe_test_accuracy, 0.005f);
  EXPECT_GT(classifier_accuracy, 0.85f);
  EXPECT_GT(caffe_test_accuracy, 0.85f);
}

// The tool prints what the API computes, for a few of the same images.
TEST_F(FashionMnistLeNetTest, ToolAgreesWithClassifier) {
  Classifier classifier = MakeClassifier();
  for (int i = 0; i < 3; ++i) {
    const std::string out = dir_.file("out.txt");
    const std::string err = dir_.file("err.txt");
    const std::string command =
        "'" + ToolPath("classification") + "' '" +
        ModelFile("deploy.prototxt") + "' '" +
        ModelFile("fashion_mnist_lenet.caffemodel") + "' '" +
        ModelFile("mean.binaryproto") + "' '" + ModelFile("labels.txt") +
        "' '" + pngs_[i] + "' > '" + out + "' 2>&1";
    const int status = std::system(command.c_str());
    const std::string printed = ReadText(out);
    ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
        << ReadText(err);
    const std::vector<Prediction> top =
        classifier.Classify(cv::imread(pngs_[i], cv::IMREAD_UNCHANGED), 5);
    std::string expected =
        "---------- Prediction for " + pngs_[i] + " ----------\n";
    for (const Prediction& prediction : top) {
      char line[64];
      std::snprintf(line, sizeof(line), "%.4f - \"%s\"\n", prediction.second,
                    prediction.first.c_str());
      expected += line;
    }
    EXPECT_EQ(printed, expected);
  }
}

}  // namespace
}  // namespace caffe
#endif  // USE_OPENCV && USE_LMDB

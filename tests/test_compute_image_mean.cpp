#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "caffe/blob.hpp"
#include "caffe/common.hpp"
#include "caffe/net.hpp"
#include "caffe/proto/caffe.pb.h"
#include "caffe/solver.hpp"
#include "caffe/solver_factory.hpp"
#include "caffe/util/db.hpp"
#include "caffe/util/io.hpp"
#include "support/image_set.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {

namespace {

const std::string kConvert = ToolPath("convert_imageset");
const std::string kMean = ToolPath("compute_image_mean");
const int kImages = 3, kHeight = 4, kWidth = 5;

}  // namespace

class ComputeImageMeanTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const std::string& tool : {kConvert, kMean}) {
      if (!std::filesystem::exists(tool)) FAIL() << tool << " is missing";
    }
    list_ = WriteImageSet(temp_dir_.path(), kImages, kHeight, kWidth);
  }

  // Converts the image set into db with extra flags; fails the test on error.
  void Convert(const string& flags, const string& db) {
    string output;
    ASSERT_EQ(0, RunCommand(StrCat("'", kConvert, "' ", flags, " '",
                                   temp_dir_.path(), "/' '", list_, "' '", db,
                                   "'"),
                            temp_dir_.file("convert.txt"), &output))
        << output;
  }

  int ComputeMean(const string& db, const string& mean_file) {
    return RunCommand(StrCat("'", kMean, "' '", db, "' '", mean_file, "'"),
                      temp_dir_.file("mean.txt"), &output_);
  }

  // The mean of the test images, computed here.
  static double ExpectedMean(int c, int h, int w) {
    double sum = 0;
    for (int i = 0; i < kImages; ++i) sum += ImagePixel(i, c, h, w);
    return sum / kImages;
  }

  void ExpectMeanFile(const string& mean_file) {
    BlobProto proto;
    ReadProtoFromBinaryFileOrDie(mean_file, &proto);
    Blob<float> mean;
    mean.FromProto(proto);
    ASSERT_EQ((vector<int>{1, 3, kHeight, kWidth}), mean.shape());
    for (int c = 0; c < 3; ++c) {
      for (int h = 0; h < kHeight; ++h) {
        for (int w = 0; w < kWidth; ++w) {
          EXPECT_NEAR(ExpectedMean(c, h, w), mean.data_at(0, c, h, w), 1e-4);
        }
      }
    }
  }

  TempDir temp_dir_;
  string list_;
  string output_;
};

TEST_F(ComputeImageMeanTest, MeanOfRawDatums) {
  const string db = temp_dir_.file("db"), mean = temp_dir_.file("mean.bin");
  Convert("", db);
  ASSERT_EQ(0, ComputeMean(db, mean)) << output_;
  ExpectMeanFile(mean);
  // Channel means printed like Caffe's tool.
  for (int c = 0; c < 3; ++c) {
    double total = 0;
    for (int h = 0; h < kHeight; ++h) {
      for (int w = 0; w < kWidth; ++w) total += ExpectedMean(c, h, w);
    }
    EXPECT_NE(string::npos,
              output_.find(StrCat("mean_value channel [", c, "]: ",
                                  total / (kHeight * kWidth))))
        << output_;
  }
}

TEST_F(ComputeImageMeanTest, MeanOfEncodedDatums) {
  const string db = temp_dir_.file("db"), mean = temp_dir_.file("mean.bin");
  Convert("--encoded --encode_type=png", db);
  ASSERT_EQ(0, ComputeMean(db, mean)) << output_;
  ExpectMeanFile(mean);
}

TEST_F(ComputeImageMeanTest, EmptyDatabaseIsAnError) {
  const string db = temp_dir_.file("empty_db");
  {
    std::unique_ptr<db::DB> empty(db::GetDB("lmdb"));
    empty->Open(db, db::NEW);
    empty->Close();
  }
  EXPECT_EQ(1, ComputeMean(db, temp_dir_.file("mean.bin"))) << output_;
  EXPECT_NE(string::npos, output_.find("compute_image_mean: error:"))
      << output_;
  EXPECT_NE(string::npos, output_.find("is empty")) << output_;
}

TEST_F(ComputeImageMeanTest, MissingDatabaseIsAnError) {
  EXPECT_EQ(1, ComputeMean(temp_dir_.file("absent_db"),
                           temp_dir_.file("mean.bin")))
      << output_;
  EXPECT_NE(string::npos, output_.find("absent_db")) << output_;
}

namespace {

// Data (mean_file, crop_size 3) -> InnerProduct -> SoftmaxWithLoss.
NetParameter TinyNet(const string& db, const string& mean_file) {
  NetParameter net;
  ReadProtoFromTextString(
      StrCat("name: 'tiny' "
             "layer { name: 'data' type: 'Data' top: 'data' top: 'label' "
             "  data_param { source: '", db, "' backend: LMDB batch_size: 2 } "
             "  transform_param { mean_file: '", mean_file, "' crop_size: 3 "
             "    scale: 0.01 } } "
             "layer { name: 'ip' type: 'InnerProduct' bottom: 'data' "
             "  top: 'ip' inner_product_param { num_output: 8 "
             "    weight_filler { type: 'xavier' } } } "
             "layer { name: 'loss' type: 'SoftmaxWithLoss' bottom: 'ip' "
             "  bottom: 'label' top: 'loss' }"),
      &net);
  return net;
}

}  // namespace

TEST_F(ComputeImageMeanTest, ConvertMeanAndTrainEndToEnd) {
  const string db = temp_dir_.file("db"), mean = temp_dir_.file("mean.bin");
  Convert("", db);
  ASSERT_EQ(0, ComputeMean(db, mean)) << output_;
  Caffe::set_mode(Caffe::CPU);
  SolverParameter param;
  *param.mutable_net_param() = TinyNet(db, mean);
  param.set_base_lr(0.01f);
  param.set_lr_policy("fixed");
  param.set_max_iter(4);
  param.set_display(0);
  param.set_snapshot_after_train(false);
  std::unique_ptr<Solver<float>> solver(
      SolverRegistry<float>::CreateSolver(param));
  solver->Step(4);
  EXPECT_EQ(4, solver->iter());
  float loss = 0;
  solver->net()->Forward(&loss);
  EXPECT_TRUE(std::isfinite(loss)) << loss;
  EXPECT_GT(loss, 0);
}

TEST_F(ComputeImageMeanTest, MeanFileNotFittingTheImagesIsAnError) {
  const string db = temp_dir_.file("db"), small = temp_dir_.file("small_db");
  const string mean = temp_dir_.file("mean.bin");
  Convert("", db);
  Convert("--resize_height=3 --resize_width=3", small);
  ASSERT_EQ(0, ComputeMean(small, mean)) << output_;
  Caffe::set_mode(Caffe::CPU);
  // The mean is checked against each image as it is transformed.
  try {
    Net<float> net(TinyNet(db, mean));
    net.Forward();
    FAIL() << "expected caffe::Error";
  } catch (const Error& error) {
    const string message = error.what();
    EXPECT_NE(string::npos, message.find("mean_file")) << message;
    EXPECT_NE(string::npos, message.find("1 3 3 3")) << message;
  }
}

}  // namespace caffe

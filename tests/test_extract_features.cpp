#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "caffe/blob.hpp"
#include "caffe/common.hpp"
#include "caffe/net.hpp"
#include "caffe/proto/caffe.pb.h"
#include "caffe/util/db.hpp"
#include "caffe/util/io.hpp"
#include "support/image_set.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {

namespace {

const std::string kTool = ToolPath("extract_features");
// The Data layer wraps around its kImages entries, so the kBatches batches
// repeat them; 1100 features per blob cross one commit of 1000.
const int kImages = 7, kBatchSize = 100, kBatches = 11;
const int kChannels = 3, kHeight = 4, kWidth = 5;

// Data (3 x 4 x 5) -> conv (2 x 3 x 4) -> ip (3).
string NetText(const string& source) {
  return StrCat(
      "name: 'features'\n"
      "layer { name: 'data' type: 'Data' top: 'data' top: 'label'\n"
      "  data_param { source: '",
      source, "' backend: LMDB batch_size: ", kBatchSize,
      " } }\n"
      "layer { name: 'conv' type: 'Convolution' bottom: 'data' top: 'conv'\n"
      "  convolution_param { num_output: 2 kernel_size: 2\n"
      "    weight_filler { type: 'gaussian' std: 0.1 }\n"
      "    bias_filler { type: 'gaussian' std: 0.1 } } }\n"
      "layer { name: 'ip' type: 'InnerProduct' bottom: 'conv' top: 'ip'\n"
      "  inner_product_param { num_output: 3\n"
      "    weight_filler { type: 'gaussian' std: 0.1 }\n"
      "    bias_filler { type: 'gaussian' std: 0.1 } } }\n");
}

}  // namespace

class ExtractFeaturesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists(kTool)) FAIL() << kTool << " is missing";
    WriteInputDatabase(temp_dir_.file("input_db"));
    net_file_ = temp_dir_.file("net.prototxt");
    std::ofstream(net_file_) << NetText(temp_dir_.file("input_db"));
    weights_file_ = temp_dir_.file("net.caffemodel");
    Caffe::set_random_seed(1701);
    Net<float> net(net_file_, TEST);
    NetParameter weights;
    net.ToProto(&weights);
    WriteProtoToBinaryFile(weights, weights_file_);
  }

  // kImages raw datums with distinct pixels, keys in order.
  static void WriteInputDatabase(const string& path) {
    std::unique_ptr<db::DB> input(db::GetDB("lmdb"));
    input->Open(path, db::NEW);
    std::unique_ptr<db::Transaction> txn(input->NewTransaction());
    for (int i = 0; i < kImages; ++i) {
      Datum datum;
      datum.set_channels(kChannels);
      datum.set_height(kHeight);
      datum.set_width(kWidth);
      datum.set_label(i);
      string pixels;
      for (int j = 0; j < kChannels * kHeight * kWidth; ++j)
        pixels.push_back(static_cast<char>((37 * i + 11 * j) % 256));
      datum.set_data(pixels);
      char key[16];
      snprintf(key, sizeof(key), "%08d", i);
      txn->Put(key, datum.SerializeAsString());
    }
    txn->Commit();
    input->Close();
  }

  int Run(const string& args) {
    return RunCommand(StrCat("'", kTool, "' ", args),
                      temp_dir_.file("output.txt"), &output_);
  }

  // The standard arguments with the given blob and dataset lists.
  string Args(const string& blobs, const string& datasets,
              const string& db_type = "lmdb", int batches = kBatches) {
    return StrCat("'", weights_file_, "' '", net_file_, "' ", blobs, " ",
                  datasets, " ", batches, " ", db_type);
  }

  // Values of blob_name over kBatches forward passes of the same net and
  // weights, done here.
  vector<vector<float> > ExpectedFeatures(const string& blob_name) {
    Net<float> net(net_file_, TEST);
    net.CopyTrainedLayersFrom(weights_file_);
    vector<vector<float> > features;
    for (int b = 0; b < kBatches; ++b) {
      net.Forward();
      const Blob<float>& blob = *net.blob_by_name(blob_name);
      const int dim = blob.count() / blob.num();
      for (int n = 0; n < blob.num(); ++n) {
        features.emplace_back(blob.cpu_data() + n * dim,
                              blob.cpu_data() + (n + 1) * dim);
      }
    }
    return features;
  }

  void CheckDatabase(const string& path, const string& db_type,
                     const string& blob_name, const vector<int>& chw) {
    const vector<vector<float> > expected = ExpectedFeatures(blob_name);
    ASSERT_EQ(static_cast<size_t>(kBatchSize * kBatches), expected.size());
    std::unique_ptr<db::DB> features(db::GetDB(db_type));
    features->Open(path, db::READ);
    std::unique_ptr<db::Cursor> cursor(features->NewCursor());
    size_t count = 0;
    for (; cursor->valid(); cursor->Next(), ++count) {
      ASSERT_LT(count, expected.size());
      char key[16];
      snprintf(key, sizeof(key), "%010d", static_cast<int>(count));
      EXPECT_EQ(key, cursor->key());
      Datum datum;
      ASSERT_TRUE(datum.ParseFromString(cursor->value()));
      EXPECT_EQ(chw,
                (vector<int>{datum.channels(), datum.height(), datum.width()}));
      EXPECT_TRUE(datum.data().empty());
      ASSERT_EQ(expected[count].size(),
                static_cast<size_t>(datum.float_data_size()));
      for (int d = 0; d < datum.float_data_size(); ++d)
        EXPECT_FLOAT_EQ(expected[count][d], datum.float_data(d)) << key;
    }
    EXPECT_EQ(expected.size(), count);
  }

  void ExtractBothBlobs(const string& db_type) {
    const string conv_db = temp_dir_.file("conv_db");
    const string ip_db = temp_dir_.file("ip_db");
    ASSERT_EQ(0, Run(Args("conv,ip", StrCat(conv_db, ",", ip_db), db_type)))
        << output_;
    for (const char* line :
         {"Extracted features of 1000 query images for feature blob conv",
          "Extracted features of 1100 query images for feature blob ip",
          "images/s)"}) {
      EXPECT_NE(string::npos, output_.find(line)) << line << "\n" << output_;
    }
    CheckDatabase(conv_db, db_type, "conv", {2, 3, 4});
    CheckDatabase(ip_db, db_type, "ip", {3, 1, 1});
  }

  // Exit status 1, one "extract_features: error:" line that mentions
  // mention, and no output database written.
  void ExpectFailure(int code, const string& mention, const string& output_db) {
    EXPECT_EQ(1, code) << output_;
    EXPECT_NE(string::npos, output_.find("extract_features: error:"))
        << output_;
    EXPECT_NE(string::npos, output_.find(mention)) << output_;
    EXPECT_FALSE(std::filesystem::exists(output_db)) << output_db;
  }

  TempDir temp_dir_;
  string net_file_, weights_file_;
  string output_;
};

#ifdef USE_LMDB
TEST_F(ExtractFeaturesTest, TwoBlobsIntoLMDBMatchForwardPasses) {
  ExtractBothBlobs("lmdb");
}

TEST_F(ExtractFeaturesTest, UnknownBlobIsAnError) {
  const string db = temp_dir_.file("out_db");
  ExpectFailure(Run(Args("conv,nosuchblob", StrCat(db, ",", db, "2"))),
                "nosuchblob", db);
}

TEST_F(ExtractFeaturesTest, MismatchedNameCountsAreAnError) {
  const string db = temp_dir_.file("out_db");
  ExpectFailure(Run(Args("conv,ip", db)), "dataset names", db);
}

TEST_F(ExtractFeaturesTest, MissingWeightsOrNetAreErrors) {
  const string db = temp_dir_.file("out_db");
  const string missing = temp_dir_.file("absent.caffemodel");
  ExpectFailure(
      Run(StrCat("'", missing, "' '", net_file_, "' ip ", db, " 1 lmdb")),
      missing, db);
  const string missing_net = temp_dir_.file("absent.prototxt");
  ExpectFailure(Run(StrCat("'", weights_file_, "' '", missing_net, "' ip ", db,
                           " 1 lmdb")),
                missing_net, db);
}

TEST_F(ExtractFeaturesTest, ExistingOutputIsNotOverwritten) {
  const string db = temp_dir_.file("ip_db");
  ASSERT_EQ(0, Run(Args("ip", db))) << output_;
  EXPECT_EQ(1, Run(Args("ip", db))) << output_;
  EXPECT_NE(string::npos, output_.find("extract_features: error:")) << output_;
  EXPECT_NE(string::npos, output_.find("already exists")) << output_;
  CheckDatabase(db, "lmdb", "ip", {3, 1, 1});
}

TEST_F(ExtractFeaturesTest, BadBatchCountDbTypeAndModeAreErrors) {
  const string db = temp_dir_.file("out_db");
  ExpectFailure(Run(Args("ip", db, "lmdb", 0)), "num_mini_batches", db);
  ExpectFailure(Run(StrCat("'", weights_file_, "' '", net_file_, "' ip ", db,
                           " two lmdb")),
                "num_mini_batches", db);
  ExpectFailure(Run(Args("ip", db, "nosuchdb")), "nosuchdb", db);
  ExpectFailure(Run(Args("ip", db) + " TPU"), "TPU", db);
  EXPECT_EQ(1, Run(StrCat("'", weights_file_, "' ip"))) << output_;
  EXPECT_NE(string::npos, output_.find("Usage")) << output_;
}

TEST_F(ExtractFeaturesTest, GpuWithoutDeviceIsReported) {
  if (GpuAvailable()) GTEST_SKIP() << "a GPU is present";
  const string db = temp_dir_.file("out_db");
  ExpectFailure(Run(Args("ip", db) + " GPU 0"), "GPU", db);
  EXPECT_TRUE(output_.find("CUDA") != string::npos) << output_;
}
#endif  // USE_LMDB

#if defined(USE_LMDB) && defined(USE_LEVELDB)
TEST_F(ExtractFeaturesTest, TwoBlobsIntoLevelDBMatchForwardPasses) {
  ExtractBothBlobs("leveldb");
}
#endif

}  // namespace caffe

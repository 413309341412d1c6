#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "caffe/common.hpp"
#include "caffe/proto/caffe.pb.h"
#include "caffe/util/db.hpp"
#include "caffe/util/io.hpp"
#include "support/image_set.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {

namespace {

const std::string kTool = ToolPath("convert_imageset");
const int kImages = 3, kHeight = 4, kWidth = 5;

}  // namespace

class ConvertImagesetTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists(kTool)) {
      FAIL() << kTool << " is missing: build it (ninja convert_imageset)";
    }
    list_ = WriteImageSet(temp_dir_.path(), kImages, kHeight, kWidth);
  }

  int Run(const string& flags) {
    return RunCommand(StrCat("'", kTool, "' ", flags, " '", temp_dir_.path(),
                             "/' '", list_, "' '", db_path(), "'"),
                      temp_dir_.file("log.txt"), &output_);
  }

  string db_path() const { return temp_dir_.file("out_db"); }

  // Every datum in the database, with its key, in key order.
  std::vector<std::pair<string, Datum>> ReadDatabase() {
    std::unique_ptr<db::DB> db(db::GetDB("lmdb"));
    db->Open(db_path(), db::READ);
    std::unique_ptr<db::Cursor> cursor(db->NewCursor());
    std::vector<std::pair<string, Datum>> entries;
    for (; cursor->valid(); cursor->Next()) {
      Datum datum;
      EXPECT_TRUE(datum.ParseFromString(cursor->value()));
      entries.emplace_back(cursor->key(), datum);
    }
    return entries;
  }

  // Checks a decoded colour datum against test image i.
  void ExpectImage(const Datum& datum, int i) {
    EXPECT_EQ(2 * i + 1, datum.label());
    ASSERT_EQ(3, datum.channels());
    ASSERT_EQ(kHeight, datum.height());
    ASSERT_EQ(kWidth, datum.width());
    ASSERT_EQ(static_cast<size_t>(3 * kHeight * kWidth), datum.data().size());
    for (int c = 0; c < 3; ++c) {
      for (int h = 0; h < kHeight; ++h) {
        for (int w = 0; w < kWidth; ++w) {
          EXPECT_EQ(ImagePixel(i, c, h, w),
                    static_cast<unsigned char>(
                        datum.data()[(c * kHeight + h) * kWidth + w]));
        }
      }
    }
  }

  TempDir temp_dir_;
  string list_;
  string output_;
};

TEST_F(ConvertImagesetTest, StoresPixelsAndLabelsInListOrder) {
  ASSERT_EQ(0, Run("")) << output_;
  const auto entries = ReadDatabase();
  ASSERT_EQ(static_cast<size_t>(kImages), entries.size());
  for (int i = 0; i < kImages; ++i) {
    EXPECT_EQ(StrCat("0000000", i, "_img ", i, ".png"), entries[i].first);
    EXPECT_FALSE(entries[i].second.encoded());
    ExpectImage(entries[i].second, i);
  }
  EXPECT_NE(string::npos, output_.find("Processed 3 files.")) << output_;
}

TEST_F(ConvertImagesetTest, GrayAndResize) {
  ASSERT_EQ(0, Run("--gray --resize_height=2 --resize_width=3 --check_size"))
      << output_;
  const auto entries = ReadDatabase();
  ASSERT_EQ(static_cast<size_t>(kImages), entries.size());
  for (const auto& entry : entries) {
    EXPECT_EQ(1, entry.second.channels());
    EXPECT_EQ(2, entry.second.height());
    EXPECT_EQ(3, entry.second.width());
    EXPECT_EQ(6u, entry.second.data().size());
  }
}

TEST_F(ConvertImagesetTest, EncodedKeepsDecodablePng) {
  ASSERT_EQ(0, Run("--encoded")) << output_;
  const auto entries = ReadDatabase();
  ASSERT_EQ(static_cast<size_t>(kImages), entries.size());
  for (int i = 0; i < kImages; ++i) {
    Datum datum = entries[i].second;
    EXPECT_TRUE(datum.encoded());
    ASSERT_TRUE(DecodeDatumNative(&datum));
    ExpectImage(datum, i);
  }
}

TEST_F(ConvertImagesetTest, ShuffleKeepsEveryImage) {
  ASSERT_EQ(0, Run("--shuffle")) << output_;
  const auto entries = ReadDatabase();
  ASSERT_EQ(static_cast<size_t>(kImages), entries.size());
  std::vector<int> labels;
  for (const auto& entry : entries) {
    const int i = (entry.second.label() - 1) / 2;
    ExpectImage(entry.second, i);
    labels.push_back(i);
  }
  std::sort(labels.begin(), labels.end());
  EXPECT_EQ(std::vector<int>({0, 1, 2}), labels);
}

TEST_F(ConvertImagesetTest, SkipsNonImageWithWarningAndCount) {
  std::ofstream(temp_dir_.file("notes.txt")) << "not an image";
  std::ofstream(list_, std::ios::app) << "notes.txt 7\nmissing.png 8\n";
  ASSERT_EQ(0, Run("")) << output_;
  EXPECT_EQ(static_cast<size_t>(kImages), ReadDatabase().size());
  EXPECT_NE(string::npos, output_.find("Skipping " + temp_dir_.file("notes.txt")))
      << output_;
  EXPECT_NE(string::npos, output_.find("missing.png")) << output_;
  EXPECT_NE(string::npos, output_.find("Skipped 2 of 5 files")) << output_;
}

TEST_F(ConvertImagesetTest, LineWithoutLabelIsAnError) {
  std::ofstream(list_, std::ios::app) << "img 0.png 1\nunlabelled.png\n";
  EXPECT_EQ(1, Run("")) << output_;
  EXPECT_NE(string::npos, output_.find("convert_imageset: error:")) << output_;
  EXPECT_NE(string::npos, output_.find("list.txt:5: no label")) << output_;
  EXPECT_FALSE(std::filesystem::exists(db_path()));
}

TEST_F(ConvertImagesetTest, NonIntegerLabelIsAnError) {
  std::ofstream(list_, std::ios::app) << "img 0.png one\n";
  EXPECT_EQ(1, Run("")) << output_;
  EXPECT_NE(string::npos, output_.find("list.txt:4: label \"one\"")) << output_;
}

TEST_F(ConvertImagesetTest, CheckSizeRejectsDifferentSizes) {
  WriteTestImage(temp_dir_.file("big.png"), 0, kHeight + 1, kWidth);
  std::ofstream(list_, std::ios::app) << "big.png 3\n";
  EXPECT_EQ(1, Run("--check_size")) << output_;
  EXPECT_NE(string::npos, output_.find("convert_imageset: error:")) << output_;
  EXPECT_NE(string::npos, output_.find("big.png")) << output_;
}

TEST_F(ConvertImagesetTest, MissingListFileIsAnError) {
  list_ = temp_dir_.file("absent.txt");
  EXPECT_EQ(1, Run("")) << output_;
  EXPECT_NE(string::npos, output_.find("absent.txt")) << output_;
}

}  // namespace caffe

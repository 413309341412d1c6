#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "caffe/common.hpp"
#include "caffe/proto/caffe.pb.h"
#include "caffe/util/db.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {

namespace {

const std::string kTool = ToolPath("convert_mnist_data");
const int kRows = 4, kCols = 3, kItems = 3;

void PutUint32(uint32_t value, string* out) {
  for (int shift = 24; shift >= 0; shift -= 8) {
    out->push_back(static_cast<char>((value >> shift) & 0xff));
  }
}

void WriteFile(const string& filename, const string& bytes) {
  std::ofstream(filename, std::ios::binary) << bytes;
}

// Image i has pixel j = 20 * i + j; label i is 9 - i.
string ImageFile(uint32_t magic = 2051, uint32_t items = kItems) {
  string bytes;
  PutUint32(magic, &bytes);
  PutUint32(items, &bytes);
  PutUint32(kRows, &bytes);
  PutUint32(kCols, &bytes);
  for (int i = 0; i < kItems; ++i) {
    for (int j = 0; j < kRows * kCols; ++j) {
      bytes.push_back(static_cast<char>(20 * i + j));
    }
  }
  return bytes;
}

string LabelFile(uint32_t magic = 2049, uint32_t items = kItems) {
  string bytes;
  PutUint32(magic, &bytes);
  PutUint32(items, &bytes);
  for (int i = 0; i < kItems; ++i) bytes.push_back(static_cast<char>(9 - i));
  return bytes;
}

}  // namespace

class ConvertMnistDataTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists(kTool)) {
      FAIL() << kTool << " is missing: build it (ninja convert_mnist_data)";
    }
  }

  // Runs the tool on the given file contents; returns its exit code (-1 if
  // it did not exit normally) and leaves its output in output_.
  int Run(const string& images, const string& labels, const string& backend) {
    WriteFile(temp_dir_.file("images"), images);
    WriteFile(temp_dir_.file("labels"), labels);
    const string log = temp_dir_.file("output.txt");
    const string command =
        StrCat("'", kTool, "' --backend=", backend, " '",
               temp_dir_.file("images"), "' '", temp_dir_.file("labels"), "' '",
               db_path(), "' > '", log, "' 2>&1");
    const int status = std::system(command.c_str());
    std::ifstream file(log);
    output_.assign(std::istreambuf_iterator<char>(file),
                   std::istreambuf_iterator<char>());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

  string db_path() const { return temp_dir_.file("out_db"); }

  void CheckDatabase(const string& backend) {
    std::unique_ptr<db::DB> db(db::GetDB(backend));
    db->Open(db_path(), db::READ);
    std::unique_ptr<db::Cursor> cursor(db->NewCursor());
    int count = 0;
    for (; cursor->valid(); cursor->Next(), ++count) {
      char key[16];
      snprintf(key, sizeof(key), "%08d", count);
      EXPECT_EQ(key, cursor->key());
      Datum datum;
      ASSERT_TRUE(datum.ParseFromString(cursor->value()));
      EXPECT_EQ(1, datum.channels());
      EXPECT_EQ(kRows, datum.height());
      EXPECT_EQ(kCols, datum.width());
      EXPECT_EQ(9 - count, datum.label());
      EXPECT_FALSE(datum.encoded());
      ASSERT_EQ(static_cast<size_t>(kRows * kCols), datum.data().size());
      for (int j = 0; j < kRows * kCols; ++j) {
        EXPECT_EQ(20 * count + j, static_cast<uint8_t>(datum.data()[j]));
      }
    }
    EXPECT_EQ(kItems, count);
  }

  // Expects a clean failure: exit code 1, one error line, no database.
  void ExpectFailure(int code, const string& mention) {
    EXPECT_EQ(1, code) << output_;
    EXPECT_NE(string::npos, output_.find("convert_mnist_data: error:"))
        << output_;
    EXPECT_NE(string::npos, output_.find(mention)) << output_;
    EXPECT_FALSE(std::filesystem::exists(db_path()));
  }

  TempDir temp_dir_;
  string output_;
};

#ifdef USE_LMDB
TEST_F(ConvertMnistDataTest, WritesLMDB) {
  ASSERT_EQ(0, Run(ImageFile(), LabelFile(), "lmdb")) << output_;
  EXPECT_NE(string::npos, output_.find("Processed 3 files.")) << output_;
  CheckDatabase("lmdb");
}

TEST_F(ConvertMnistDataTest, BadImageMagicFailsCleanly) {
  ExpectFailure(Run(ImageFile(2049), LabelFile(), "lmdb"), "magic");
}

TEST_F(ConvertMnistDataTest, BadLabelMagicFailsCleanly) {
  ExpectFailure(Run(ImageFile(), LabelFile(1234), "lmdb"), "magic");
}

TEST_F(ConvertMnistDataTest, CountMismatchFailsCleanly) {
  ExpectFailure(Run(ImageFile(), LabelFile(2049, kItems + 1), "lmdb"),
                "labels");
}

TEST_F(ConvertMnistDataTest, TruncatedFileFailsCleanly) {
  const string images = ImageFile();
  const int code =
      Run(images.substr(0, images.size() - 5), LabelFile(), "lmdb");
  EXPECT_EQ(1, code) << output_;
  EXPECT_NE(string::npos, output_.find("truncated")) << output_;
}

TEST_F(ConvertMnistDataTest, ExistingOutputIsNotOverwritten) {
  ASSERT_EQ(0, Run(ImageFile(), LabelFile(), "lmdb")) << output_;
  EXPECT_EQ(1, Run(ImageFile(), LabelFile(), "lmdb")) << output_;
  EXPECT_NE(string::npos, output_.find("already exists")) << output_;
  CheckDatabase("lmdb");
}
#endif  // USE_LMDB

#ifdef USE_LEVELDB
TEST_F(ConvertMnistDataTest, WritesLevelDB) {
  ASSERT_EQ(0, Run(ImageFile(), LabelFile(), "leveldb")) << output_;
  CheckDatabase("leveldb");
}
#endif

TEST_F(ConvertMnistDataTest, UnknownBackendFailsCleanly) {
  ExpectFailure(Run(ImageFile(), LabelFile(), "nosuchdb"), "nosuchdb");
}

}  // namespace caffe

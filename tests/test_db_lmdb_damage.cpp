// Damaged LMDB databases (cut short, or with broken pages) are caffe::Errors
// naming the database, read in this process: a SIGBUS or an LMDB assertion
// would end the whole test binary.
#include "caffe/config.hpp"

#ifdef USE_LMDB

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "caffe/error.hpp"
#include "caffe/util/db.hpp"
#include "support/image_set.hpp"
#include "support/script_runner.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {

namespace {

// 300 entries of 1000 bytes fill some 75 leaf pages under one branch page.
const int kEntries = 300;
const size_t kValueSize = 1000;

// LMDB's page layout (lmdb.h's MDB_page, MDB_node), which these tests damage
// on purpose: flags at byte 10 of a page, node offsets from byte 16, and a
// branch node's child page number in its first six bytes.
const size_t kPageFlagsOffset = 10;
const size_t kPageNodeOffsets = 16;
const uint16_t kBranchPage = 0x01, kLeafPage = 0x02;

string Key(int i) {
  char key[16];
  snprintf(key, sizeof(key), "%08d", i);
  return key;
}

size_t PageSize() { return static_cast<size_t>(sysconf(_SC_PAGESIZE)); }

uint16_t ReadU16(const string& bytes, size_t offset) {
  uint16_t value;
  std::memcpy(&value, bytes.data() + offset, sizeof(value));
  return value;
}

}  // namespace

class LMDBDamageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_path_ = temp_dir_.file("db");
    std::unique_ptr<db::DB> db(db::GetDB("lmdb"));
    db->Open(db_path_, db::NEW);
    std::unique_ptr<db::Transaction> txn(db->NewTransaction());
    for (int i = 0; i < kEntries; ++i) {
      txn->Put(Key(i), string(kValueSize, static_cast<char>('a' + i % 26)));
    }
    txn->Commit();
    txn.reset();
    db->Close();
    data_file_ = db_path_ + "/data.mdb";
  }

  void Truncate(uintmax_t size) {
    std::filesystem::resize_file(data_file_, size);
  }

  // Opens the database and reads every entry; returns the Error it threw
  // ("" if it threw none) and how many entries it read first.
  string ReadAll(int* read = nullptr) {
    int count = 0;
    try {
      std::unique_ptr<db::DB> db(db::GetDB("lmdb"));
      db->Open(db_path_, db::READ);
      std::unique_ptr<db::Cursor> cursor(db->NewCursor());
      for (; cursor->valid(); cursor->Next()) ++count;
    } catch (const Error& error) {
      EXPECT_EQ(db_path_, error.file()) << error.what();
      if (read) *read = count;
      return error.what();
    }
    if (read) *read = count;
    return "";
  }

  // Every page of the data file whose flags are exactly flags.
  vector<size_t> PagesFlagged(const string& bytes, uint16_t flags) {
    vector<size_t> pages;
    // Pages 0 and 1 are the meta pages.
    for (size_t page = 2; (page + 1) * PageSize() <= bytes.size(); ++page) {
      if (ReadU16(bytes, page * PageSize() + kPageFlagsOffset) == flags) {
        pages.push_back(page);
      }
    }
    return pages;
  }

  TempDir temp_dir_;
  string db_path_, data_file_;
};

TEST_F(LMDBDamageTest, IntactDatabaseReadsWhole) {
  int read = 0;
  EXPECT_EQ("", ReadAll(&read));
  EXPECT_EQ(kEntries, read);
}

TEST_F(LMDBDamageTest, HalfFileIsTruncated) {
  const uintmax_t size = std::filesystem::file_size(data_file_);
  Truncate(size / 2);
  const string error = ReadAll();
  EXPECT_NE(string::npos, error.find(db_path_)) << error;
  EXPECT_NE(string::npos, error.find(StrCat("is truncated: ", size / 2,
                                            " bytes, needs ", size)))
      << error;
}

TEST_F(LMDBDamageTest, FileCutToThreePagesIsTruncated) {
  Truncate(3 * PageSize());
  const string error = ReadAll();
  EXPECT_NE(string::npos,
            error.find(StrCat("is truncated: ", 3 * PageSize(), " bytes")))
      << error;
}

TEST_F(LMDBDamageTest, FileCutInsideTheMetaPagesIsAnError) {
  Truncate(PageSize());
  const string error = ReadAll();
  EXPECT_NE(string::npos, error.find(StrCat("data.mdb has ", PageSize(),
                                            " bytes: it is truncated")))
      << error;
}

TEST_F(LMDBDamageTest, EmptyDataFileIsAnError) {
  Truncate(0);
  const string error = ReadAll();
  EXPECT_NE(string::npos, error.find("data.mdb has 0 bytes: it is truncated"))
      << error;
}

TEST_F(LMDBDamageTest, ZeroedLeafPagesAreAnError) {
  string bytes = ReadWholeFile(data_file_);
  const vector<size_t> leaves = PagesFlagged(bytes, kLeafPage);
  ASSERT_GT(leaves.size(), 10u);
  for (size_t page : leaves) {
    std::memset(&bytes[page * PageSize()], 0, PageSize());
  }
  WriteWholeFile(data_file_, bytes);
  const string error = ReadAll();
  EXPECT_NE(string::npos, error.find("is damaged: reading the first entry"))
      << error;
  EXPECT_NE(string::npos, error.find("MDB_CORRUPTED")) << error;
}

TEST_F(LMDBDamageTest, BrokenChildPageNamesTheLastKeyRead) {
  string bytes = ReadWholeFile(data_file_);
  const vector<size_t> branches = PagesFlagged(bytes, kBranchPage);
  ASSERT_EQ(1u, branches.size()) << "expected one root branch page";
  // Point the root's second child at a page far past the end.
  const size_t page_start = branches[0] * PageSize();
  const size_t node =
      page_start + ReadU16(bytes, page_start + kPageNodeOffsets + 2);
  std::memset(&bytes[node], 0xff, 6);
  WriteWholeFile(data_file_, bytes);
  int read = 0;
  const string error = ReadAll(&read);
  ASSERT_GT(read, 0) << error;
  ASSERT_LT(read, kEntries) << error;
  EXPECT_NE(string::npos,
            error.find("reading the entry after key \"" + Key(read - 1) + "\""))
      << error;
  EXPECT_NE(string::npos, error.find("MDB_PAGE_NOTFOUND")) << error;
}

TEST_F(LMDBDamageTest, ComputeImageMeanReportsTruncationInOneLine) {
  const string tool = ToolPath("compute_image_mean");
  if (!std::filesystem::exists(tool)) FAIL() << tool << " is missing";
  Truncate(std::filesystem::file_size(data_file_) / 2);
  string output;
  // RunCommand's shell turns a signal into an exit code above 128.
  EXPECT_EQ(1, RunCommand(StrCat("'", tool, "' '", db_path_, "' '",
                                 temp_dir_.file("mean.bin"), "'"),
                          temp_dir_.file("log.txt"), &output))
      << output;
  size_t error_lines = 0;
  for (size_t at = output.find("error:"); at != string::npos;
       at = output.find("error:", at + 1)) {
    ++error_lines;
  }
  EXPECT_EQ(1u, error_lines) << output;
  EXPECT_NE(string::npos, output.find("compute_image_mean: error: " + db_path_ +
                                      ": LMDB data file is truncated"))
      << output;
}

TEST_F(LMDBDamageTest, CaffeTrainReportsTruncationInOneLine) {
  const string tool = ToolPath("caffe");
  if (!std::filesystem::exists(tool)) FAIL() << tool << " is missing";
  Truncate(std::filesystem::file_size(data_file_) / 2);
  const string net = temp_dir_.file("net.prototxt");
  WriteWholeFile(net, StrCat("layer { name: 'data' type: 'Data' top: 'data' ",
                             "top: 'label' data_param { source: '", db_path_,
                             "' backend: LMDB batch_size: 2 } }"));
  const string solver = temp_dir_.file("solver.prototxt");
  WriteWholeFile(solver, StrCat("net: '", net, "' base_lr: 0.1 max_iter: 1 ",
                                "lr_policy: 'fixed' solver_mode: CPU"));
  string output;
  EXPECT_EQ(1, RunCommand(StrCat("'", tool, "' train --solver='", solver, "'"),
                          temp_dir_.file("log.txt"), &output))
      << output;
  const size_t at = output.find("caffe: error: ");
  ASSERT_NE(string::npos, at) << output;
  const string line = output.substr(at, output.find('\n', at) - at);
  EXPECT_NE(string::npos, line.find(db_path_)) << line;
  EXPECT_NE(string::npos, line.find("LMDB data file is truncated")) << line;
}

}  // namespace caffe

#endif  // USE_LMDB

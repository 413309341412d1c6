// A database whose writer did not finish is reported on the next open, never
// read as if it were whole: by the db layer, by the Data layer and by the
// tools, including when convert_imageset and extract_features are killed.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "caffe/error.hpp"
#include "caffe/net.hpp"
#include "caffe/util/db.hpp"
#include "caffe/util/db_write_marker.hpp"
#include "caffe/util/io.hpp"
#include "support/child_process.hpp"
#include "support/image_set.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {

namespace {

struct LMDBBackend {
  static const char* name() { return "lmdb"; }
};
struct LevelDBBackend {
  static const char* name() { return "leveldb"; }
};

// Writes count entries to a new database at path.
void WriteEntries(const string& backend, const string& path, int count) {
  std::unique_ptr<db::DB> db(db::GetDB(backend));
  db->Open(path, db::NEW);
  std::unique_ptr<db::Transaction> txn(db->NewTransaction());
  for (int i = 0; i < count; ++i) txn->Put(std::to_string(i), "value");
  txn->Commit();
  txn.reset();
  db->Close();
}

// Opens path for reading and counts its entries; returns the Error's message,
// "" when there was none.
string OpenAndCount(const string& backend, const string& path, int* count) {
  *count = 0;
  try {
    std::unique_ptr<db::DB> db(db::GetDB(backend));
    db->Open(path, db::READ);
    std::unique_ptr<db::Cursor> cursor(db->NewCursor());
    for (; cursor->valid(); cursor->Next()) ++*count;
  } catch (const Error& error) {
    EXPECT_EQ(path, error.file()) << error.what();
    return error.what();
  }
  return "";
}

bool SaysIncomplete(const string& message) {
  return message.find(
             "database is incomplete: the program writing it did "
             "not finish") != string::npos;
}

string MarkerOf(const string& path) {
  return path + "/" + db::kWriteMarkerName;
}

// Waits until the writer has created its marker (it is then writing), then a
// random while longer, and kills it with SIGKILL unless it has finished.
void KillWhileWriting(ChildProcess* writer, const string& db_path,
                      std::mt19937* random) {
  while (writer->Running() && !std::filesystem::exists(MarkerOf(db_path))) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  std::uniform_int_distribution<int> delay_ms(0, 300);
  std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms(*random)));
  writer->Kill(SIGKILL);
  writer->Wait();
}

}  // namespace

template <typename Backend>
class DBWriteMarkerTest : public ::testing::Test {
 protected:
  TempDir temp_dir_;
};

#if defined(USE_LMDB) && defined(USE_LEVELDB)
typedef ::testing::Types<LMDBBackend, LevelDBBackend> MarkerBackends;
#elif defined(USE_LMDB)
typedef ::testing::Types<LMDBBackend> MarkerBackends;
#else
typedef ::testing::Types<LevelDBBackend> MarkerBackends;
#endif
TYPED_TEST_SUITE(DBWriteMarkerTest, MarkerBackends);

TYPED_TEST(DBWriteMarkerTest, MarkedDatabaseIsIncompleteUntilFinished) {
  const string backend = TypeParam::name();
  const string path = this->temp_dir_.file("db");
  WriteEntries(backend, path, 3);
  db::MarkWriteStarted(path);
  int count = 0;
  const string error = OpenAndCount(backend, path, &count);
  EXPECT_TRUE(SaysIncomplete(error)) << error;
  EXPECT_NE(string::npos, error.find(path)) << error;
  db::MarkWriteFinished(path);
  EXPECT_EQ("", OpenAndCount(backend, path, &count));
  EXPECT_EQ(3, count);
}

TYPED_TEST(DBWriteMarkerTest, UnmarkedDatabaseOpensAsCaffeWroteIt) {
  const string backend = TypeParam::name();
  const string path = this->temp_dir_.file("db");
  WriteEntries(backend, path, 2);
  ASSERT_FALSE(std::filesystem::exists(MarkerOf(path)));
  int count = 0;
  EXPECT_EQ("", OpenAndCount(backend, path, &count));
  EXPECT_EQ(2, count);
}

TYPED_TEST(DBWriteMarkerTest, WritersMayReopenAMarkedDatabase) {
  const string backend = TypeParam::name();
  const string path = this->temp_dir_.file("db");
  WriteEntries(backend, path, 1);
  db::MarkWriteStarted(path);
  std::unique_ptr<db::DB> db(db::GetDB(backend));
  EXPECT_NO_THROW(db->Open(path, db::WRITE));
}

#ifdef USE_LMDB
TEST(DBWriteMarkerDataLayerTest, DataLayerRefusesAnIncompleteDatabase) {
  TempDir temp_dir;
  const string path = temp_dir.file("db");
  {
    std::unique_ptr<db::DB> db(db::GetDB("lmdb"));
    db->Open(path, db::NEW);
    std::unique_ptr<db::Transaction> txn(db->NewTransaction());
    Datum datum;
    datum.set_channels(1);
    datum.set_height(1);
    datum.set_width(2);
    datum.set_data(string(2, '\1'));
    txn->Put("0", datum.SerializeAsString());
    txn->Commit();
  }
  db::MarkWriteStarted(path);
  NetParameter param;
  ReadProtoFromTextString(
      StrCat("layer { name: 'data' type: 'Data' top: 'data' top: 'label' "
             "data_param { source: '",
             path, "' backend: LMDB batch_size: 1 } }"),
      &param);
  try {
    Net<float> net(param);
    FAIL() << "the Data layer opened an incomplete database";
  } catch (const Error& error) {
    EXPECT_TRUE(SaysIncomplete(error.what())) << error.what();
    EXPECT_EQ(path, error.file());
  }
}

class InterruptedToolTest : public ::testing::Test {
 protected:
  // A killed writer's database must be whole or say it is not.
  void ExpectCompleteOrReported(const string& path, int entries) {
    int count = 0;
    const string error = OpenAndCount("lmdb", path, &count);
    if (error.empty()) {
      EXPECT_EQ(entries, count) << "a database silently short";
    } else {
      EXPECT_TRUE(SaysIncomplete(error)) << error;
      ++reported_runs_;
    }
  }

  TempDir temp_dir_;
  std::mt19937 random_{20261203};
  int reported_runs_ = 0;
};

TEST_F(InterruptedToolTest, KilledConvertImagesetLeavesAReportedDatabase) {
  const string tool = ToolPath("convert_imageset");
  if (!std::filesystem::exists(tool)) FAIL() << tool << " is missing";
  WriteImageSet(temp_dir_.path(), 1, 4, 5);
  // Thousands of lines naming one tiny image keep the tool busy for a while.
  const int kLines = 20000;
  const string list = temp_dir_.file("long_list.txt");
  {
    std::ofstream file(list);
    for (int i = 0; i < kLines; ++i) file << "img 0.png 1\n";
  }
  for (int run = 0; run < 3; ++run) {
    const string db_path = temp_dir_.file("db" + std::to_string(run));
    ChildProcess writer({tool, temp_dir_.path() + "/", list, db_path},
                        temp_dir_.file("convert.log"));
    ASSERT_TRUE(writer.started());
    KillWhileWriting(&writer, db_path, &random_);
    ExpectCompleteOrReported(db_path, kLines);
  }
  EXPECT_GT(reported_runs_, 0) << "no kill stopped convert_imageset mid-way";
}

TEST_F(InterruptedToolTest, KilledExtractFeaturesLeavesAReportedDatabase) {
  const string tool = ToolPath("extract_features");
  if (!std::filesystem::exists(tool)) FAIL() << tool << " is missing";
  const string input = temp_dir_.file("input_db");
  {
    std::unique_ptr<db::DB> db(db::GetDB("lmdb"));
    db->Open(input, db::NEW);
    std::unique_ptr<db::Transaction> txn(db->NewTransaction());
    Datum datum;
    datum.set_channels(1);
    datum.set_height(2);
    datum.set_width(2);
    datum.set_data(string(4, '\7'));
    txn->Put("0", datum.SerializeAsString());
    txn->Commit();
  }
  const string net_file = temp_dir_.file("net.prototxt");
  std::ofstream(net_file)
      << "layer { name: 'data' type: 'Data' top: 'data' top: 'label' "
      << "data_param { source: '" << input
      << "' backend: LMDB batch_size: 100 } }";
  const string weights = temp_dir_.file("net.caffemodel");
  {
    NetParameter empty;
    empty.set_name("features");
    WriteProtoToBinaryFile(empty, weights);
  }
  const int kBatches = 2000;
  for (int run = 0; run < 3; ++run) {
    const string db_path = temp_dir_.file("features" + std::to_string(run));
    ChildProcess writer({tool, weights, net_file, "data", db_path,
                         std::to_string(kBatches), "lmdb"},
                        temp_dir_.file("extract.log"));
    ASSERT_TRUE(writer.started());
    KillWhileWriting(&writer, db_path, &random_);
    ExpectCompleteOrReported(db_path, kBatches * 100);
  }
  EXPECT_GT(reported_runs_, 0) << "no kill stopped extract_features mid-way";
}

TEST(DBWriteMarkerToolTest, ComputeImageMeanReportsAnIncompleteDatabase) {
  const string tool = ToolPath("compute_image_mean");
  if (!std::filesystem::exists(tool)) FAIL() << tool << " is missing";
  TempDir temp_dir;
  const string path = temp_dir.file("db");
  WriteEntries("lmdb", path, 1);
  db::MarkWriteStarted(path);
  string output;
  EXPECT_EQ(1, RunCommand(StrCat("'", tool, "' '", path, "' '",
                                 temp_dir.file("mean.bin"), "'"),
                          temp_dir.file("log.txt"), &output))
      << output;
  EXPECT_NE(string::npos, output.find("compute_image_mean: error: " + path +
                                      ": database is incomplete"))
      << output;
}
#endif  // USE_LMDB

}  // namespace caffe

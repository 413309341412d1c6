// db::NEW on LevelDB: Caffe's create_if_missing + error_if_exists creates a
// database in an empty folder made for it, and refuses anything else there.
#ifdef USE_LEVELDB

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "caffe/util/db_leveldb.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {

TEST(LevelDBNewTest, CreatesTheDatabaseInAnExistingEmptyFolder) {
  TempDir dir;
  const string path = dir.file("db");
  std::filesystem::create_directory(path);
  {
    db::LevelDB db;
    db.Open(path, db::NEW);
    std::unique_ptr<db::Transaction> txn(db.NewTransaction());
    txn->Put("key", "value");
    txn->Commit();
  }
  db::LevelDB db;
  db.Open(path, db::READ);
  std::unique_ptr<db::Cursor> cursor(db.NewCursor());
  ASSERT_TRUE(cursor->valid());
  EXPECT_EQ("key", cursor->key());
  EXPECT_EQ("value", cursor->value());
}

TEST(LevelDBNewTest, RefusesAFolderThatHoldsAnything) {
  TempDir dir;
  const string path = dir.file("db");
  std::filesystem::create_directory(path);
  std::ofstream(path + "/notes.txt") << "not a database";
  db::LevelDB db;
  try {
    db.Open(path, db::NEW);
    FAIL() << "NEW on a non-empty folder should throw";
  } catch (const Error& error) {
    const string message = error.what();
    EXPECT_NE(string::npos, message.find(path)) << message;
    EXPECT_NE(string::npos, message.find("not an empty folder")) << message;
  }
  // Nothing was written beside the file that was there.
  EXPECT_FALSE(std::filesystem::exists(path + "/CURRENT"));
}

TEST(LevelDBNewTest, RefusesAPlainFile) {
  TempDir dir;
  const string path = dir.file("db");
  std::ofstream(path) << "a file";
  db::LevelDB db;
  EXPECT_THROW(db.Open(path, db::NEW), Error);
}

}  // namespace caffe

#endif  // USE_LEVELDB

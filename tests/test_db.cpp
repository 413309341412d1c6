#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "caffe/common.hpp"
#include "caffe/util/db.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {

struct LMDBBackend {
  static const char* name() { return "lmdb"; }
  static DataParameter::DB backend() { return DataParameter_DB_LMDB; }
};
struct LevelDBBackend {
  static const char* name() { return "leveldb"; }
  static DataParameter::DB backend() { return DataParameter_DB_LEVELDB; }
};

template <typename Backend>
class DBTest : public ::testing::Test {
 protected:
  std::unique_ptr<db::DB> NewDB() {
    return std::unique_ptr<db::DB>(db::GetDB(Backend::backend()));
  }

  // Writes key -> value pairs in one transaction.
  void Write(const string& path, db::Mode mode,
             const vector<pair<string, string> >& entries) {
    std::unique_ptr<db::DB> db = NewDB();
    db->Open(path, mode);
    std::unique_ptr<db::Transaction> txn(db->NewTransaction());
    for (const auto& entry : entries) txn->Put(entry.first, entry.second);
    txn->Commit();
  }

  // All entries in cursor order.
  vector<pair<string, string> > ReadAll(const string& path) {
    std::unique_ptr<db::DB> db = NewDB();
    db->Open(path, db::READ);
    std::unique_ptr<db::Cursor> cursor(db->NewCursor());
    vector<pair<string, string> > entries;
    for (; cursor->valid(); cursor->Next()) {
      entries.emplace_back(cursor->key(), cursor->value());
    }
    return entries;
  }

  TempDir temp_dir_;
};

#if defined(USE_LMDB) && defined(USE_LEVELDB)
typedef ::testing::Types<LMDBBackend, LevelDBBackend> Backends;
#elif defined(USE_LMDB)
typedef ::testing::Types<LMDBBackend> Backends;
#else
typedef ::testing::Types<LevelDBBackend> Backends;
#endif
TYPED_TEST_SUITE(DBTest, Backends);

TYPED_TEST(DBTest, WriteThenReadInKeyOrder) {
  const string path = this->temp_dir_.file("db");
  this->Write(path, db::NEW,
              {{"00000002", "two"}, {"00000000", "zero"}, {"00000001", "one"}});
  const vector<pair<string, string> > expected = {
      {"00000000", "zero"}, {"00000001", "one"}, {"00000002", "two"}};
  EXPECT_EQ(expected, this->ReadAll(path));
}

TYPED_TEST(DBTest, ValuesMayHoldZeroBytes) {
  const string path = this->temp_dir_.file("db");
  const string value("a\0b\0", 4);
  this->Write(path, db::NEW, {{"k", value}});
  const vector<pair<string, string> > entries = this->ReadAll(path);
  ASSERT_EQ(1u, entries.size());
  EXPECT_EQ(value, entries[0].second);
}

TYPED_TEST(DBTest, CursorSeeksBackToFirst) {
  const string path = this->temp_dir_.file("db");
  this->Write(path, db::NEW, {{"a", "1"}, {"b", "2"}});
  std::unique_ptr<db::DB> db = this->NewDB();
  db->Open(path, db::READ);
  std::unique_ptr<db::Cursor> cursor(db->NewCursor());
  ASSERT_TRUE(cursor->valid());
  EXPECT_EQ("a", cursor->key());
  cursor->Next();
  EXPECT_EQ("b", cursor->key());
  EXPECT_EQ("2", cursor->value());
  cursor->Next();
  EXPECT_FALSE(cursor->valid());
  cursor->SeekToFirst();
  ASSERT_TRUE(cursor->valid());
  EXPECT_EQ("a", cursor->key());
  EXPECT_EQ("1", cursor->value());
}

TYPED_TEST(DBTest, CursorsAreIndependent) {
  const string path = this->temp_dir_.file("db");
  this->Write(path, db::NEW, {{"a", "1"}, {"b", "2"}});
  std::unique_ptr<db::DB> db = this->NewDB();
  db->Open(path, db::READ);
  std::unique_ptr<db::Cursor> first(db->NewCursor());
  std::unique_ptr<db::Cursor> second(db->NewCursor());
  first->Next();
  EXPECT_EQ("b", first->key());
  EXPECT_EQ("a", second->key());
}

TYPED_TEST(DBTest, CursorWorksOnAnotherThread) {
  const string path = this->temp_dir_.file("db");
  this->Write(path, db::NEW, {{"a", "1"}, {"b", "2"}});
  std::unique_ptr<db::DB> db = this->NewDB();
  db->Open(path, db::READ);
  std::unique_ptr<db::Cursor> cursor(db->NewCursor());
  string key;
  std::thread reader([&] {
    cursor->Next();
    key = cursor->key();
  });
  reader.join();
  EXPECT_EQ("b", key);
}

TYPED_TEST(DBTest, EmptyDatabaseHasNoEntries) {
  const string path = this->temp_dir_.file("db");
  this->Write(path, db::NEW, {});
  EXPECT_TRUE(this->ReadAll(path).empty());
}

TYPED_TEST(DBTest, WriteModeAddsAndOverwrites) {
  const string path = this->temp_dir_.file("db");
  this->Write(path, db::NEW, {{"a", "1"}, {"b", "2"}});
  this->Write(path, db::WRITE, {{"b", "two"}, {"c", "3"}});
  const vector<pair<string, string> > expected = {
      {"a", "1"}, {"b", "two"}, {"c", "3"}};
  EXPECT_EQ(expected, this->ReadAll(path));
}

TYPED_TEST(DBTest, SeveralCommitsOfOneDatabase) {
  const string path = this->temp_dir_.file("db");
  {
    std::unique_ptr<db::DB> db = this->NewDB();
    db->Open(path, db::NEW);
    for (int i = 0; i < 3; ++i) {
      std::unique_ptr<db::Transaction> txn(db->NewTransaction());
      txn->Put(StrCat("key", i), StrCat("value", i));
      txn->Commit();
    }
    db->Close();
  }
  const vector<pair<string, string> > entries = this->ReadAll(path);
  ASSERT_EQ(3u, entries.size());
  EXPECT_EQ("key2", entries[2].first);
  EXPECT_EQ("value2", entries[2].second);
}

TYPED_TEST(DBTest, ReadOfMissingPathThrowsNamingIt) {
  const string path = this->temp_dir_.file("no_such_db");
  std::unique_ptr<db::DB> db = this->NewDB();
  try {
    db->Open(path, db::READ);
    FAIL() << "opening a missing database should throw";
  } catch (const Error& error) {
    EXPECT_NE(string::npos, string(error.what()).find(path)) << error.what();
  }
}

TYPED_TEST(DBTest, NewOnExistingPathThrowsNamingIt) {
  const string path = this->temp_dir_.file("db");
  this->Write(path, db::NEW, {{"a", "1"}});
  std::unique_ptr<db::DB> db = this->NewDB();
  try {
    db->Open(path, db::NEW);
    FAIL() << "NEW on an existing database should throw";
  } catch (const Error& error) {
    EXPECT_NE(string::npos, string(error.what()).find(path)) << error.what();
  }
}

TYPED_TEST(DBTest, GetDBByName) {
  std::unique_ptr<db::DB> db(db::GetDB(TypeParam::name()));
  const string path = this->temp_dir_.file("db");
  db->Open(path, db::NEW);
  std::unique_ptr<db::Transaction> txn(db->NewTransaction());
  txn->Put("k", "v");
  txn->Commit();
  txn.reset();
  db->Close();
  EXPECT_EQ(1u, this->ReadAll(path).size());
}

TEST(DBFactoryTest, UnknownBackendNameThrows) {
  try {
    delete db::GetDB("rocksdb");
    FAIL() << "an unknown backend should throw";
  } catch (const Error& error) {
    EXPECT_NE(string::npos, string(error.what()).find("rocksdb"))
        << error.what();
  }
}

#ifdef USE_LMDB
// More than LMDB's default 1 MiB map (and more than one doubling) in a single
// transaction, then more in later ones.
TEST(LMDBTest, MapGrowsAsNeeded) {
  TempDir temp_dir;
  const string path = temp_dir.file("db");
  std::unique_ptr<db::DB> db(db::GetDB(DataParameter_DB_LMDB));
  db->Open(path, db::NEW);
  const int kValueSize = 64 * 1024;
  const int kPerCommit = 64;  // 4 MiB per commit
  for (int commit = 0; commit < 3; ++commit) {
    std::unique_ptr<db::Transaction> txn(db->NewTransaction());
    for (int i = 0; i < kPerCommit; ++i) {
      const int id = commit * kPerCommit + i;
      char key[16];
      snprintf(key, sizeof(key), "%08d", id);
      txn->Put(key, string(kValueSize, static_cast<char>('a' + id % 26)));
    }
    txn->Commit();
  }
  db->Close();

  db->Open(path, db::READ);
  std::unique_ptr<db::Cursor> cursor(db->NewCursor());
  int count = 0;
  for (; cursor->valid(); cursor->Next(), ++count) {
    const string value = cursor->value();
    ASSERT_EQ(static_cast<size_t>(kValueSize), value.size());
    EXPECT_EQ(static_cast<char>('a' + count % 26), value[kValueSize - 1]);
  }
  EXPECT_EQ(3 * kPerCommit, count);
}
#endif  // USE_LMDB

}  // namespace caffe

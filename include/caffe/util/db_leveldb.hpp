#ifndef CAFFE_UTIL_DB_LEVELDB_HPP_
#define CAFFE_UTIL_DB_LEVELDB_HPP_

#include "caffe/config.hpp"

#ifdef USE_LEVELDB

#include <leveldb/db.h>
#include <leveldb/write_batch.h>

#include <memory>
#include <string>

#include "caffe/util/db.hpp"

namespace caffe {
namespace db {

// Walks a LevelDB iterator; starts at the first entry.
class LevelDBCursor : public Cursor {
 public:
  explicit LevelDBCursor(leveldb::Iterator* iter) : iter_(iter) {
    SeekToFirst();
  }
  void SeekToFirst() override { iter_->SeekToFirst(); }
  void Next() override { iter_->Next(); }
  string key() override { return iter_->key().ToString(); }
  string value() override { return iter_->value().ToString(); }
  bool valid() override { return iter_->Valid(); }

 private:
  std::unique_ptr<leveldb::Iterator> iter_;
};

// Buffers Puts in a WriteBatch written atomically on Commit.
class LevelDBTransaction : public Transaction {
 public:
  explicit LevelDBTransaction(leveldb::DB* db) : db_(db) { CHECK_NOTNULL(db_); }
  void Put(const string& key, const string& value) override {
    batch_.Put(key, value);
  }
  void Commit() override;

 private:
  leveldb::DB* db_;
  leveldb::WriteBatch batch_;
};

// A LevelDB directory, opened with Caffe's options (64 KiB blocks, 256 MiB
// write buffer, 100 open files).
class LevelDB : public DB {
 public:
  LevelDB() = default;
  ~LevelDB() override { Close(); }
  void Open(const string& source, Mode mode) override;
  void Close() override { db_.reset(); }
  LevelDBCursor* NewCursor() override;
  LevelDBTransaction* NewTransaction() override;

 private:
  std::unique_ptr<leveldb::DB> db_;
};

}  // namespace db
}  // namespace caffe

#endif  // USE_LEVELDB
#endif  // CAFFE_UTIL_DB_LEVELDB_HPP_

#ifndef CAFFE_UTIL_DB_HPP_
#define CAFFE_UTIL_DB_HPP_

#include <string>

#include "caffe/common.hpp"
#include "caffe/proto/caffe.pb.h"

namespace caffe {
namespace db {

// READ opens an existing database; WRITE opens one for adding entries,
// creating it if missing; NEW creates one and refuses an existing path.
enum Mode { READ, WRITE, NEW };

// Walks a database's entries in key order.
class Cursor {
 public:
  Cursor() = default;
  virtual ~Cursor() = default;
  virtual void SeekToFirst() = 0;
  virtual void Next() = 0;
  virtual string key() = 0;
  virtual string value() = 0;
  // False past the last entry (and for an empty database).
  virtual bool valid() = 0;

  DISABLE_COPY_AND_ASSIGN(Cursor);
};

// Collects Puts and writes them together on Commit.
class Transaction {
 public:
  Transaction() = default;
  virtual ~Transaction() = default;
  virtual void Put(const string& key, const string& value) = 0;
  virtual void Commit() = 0;

  DISABLE_COPY_AND_ASSIGN(Transaction);
};

// A key-value store. Open throws caffe::Error naming the path when it cannot
// be opened (missing in READ mode, existing in NEW mode, unreadable, damaged,
// or in READ mode marked as still being written: see db_write_marker.hpp).
// Cursors and transactions must be destroyed before their database.
class DB {
 public:
  DB() = default;
  virtual ~DB() = default;
  virtual void Open(const string& source, Mode mode) = 0;
  virtual void Close() = 0;
  virtual Cursor* NewCursor() = 0;
  virtual Transaction* NewTransaction() = 0;

  DISABLE_COPY_AND_ASSIGN(DB);
};

// A new, unopened database of the given backend; throws caffe::Error for a
// backend this build does not have.
DB* GetDB(DataParameter::DB backend);
// Backend by name: "lmdb" or "leveldb".
DB* GetDB(const string& backend);

}  // namespace db
}  // namespace caffe

#endif  // CAFFE_UTIL_DB_HPP_

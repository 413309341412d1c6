#ifndef CAFFE_UTIL_DB_LMDB_HPP_
#define CAFFE_UTIL_DB_LMDB_HPP_

#include "caffe/config.hpp"

#ifdef USE_LMDB

#include <lmdb.h>

#include <memory>
#include <string>
#include <vector>

#include "caffe/util/db.hpp"

namespace caffe {
namespace db {

namespace lmdb_handle {
// Deleters that give LMDB's C handles unique ownership.
struct EnvClose {
  void operator()(MDB_env* env) const { mdb_env_close(env); }
};
struct TxnAbort {
  void operator()(MDB_txn* txn) const { mdb_txn_abort(txn); }
};
struct CursorClose {
  void operator()(MDB_cursor* cursor) const { mdb_cursor_close(cursor); }
};
}  // namespace lmdb_handle

typedef std::unique_ptr<MDB_env, lmdb_handle::EnvClose> LMDBEnvPtr;
typedef std::unique_ptr<MDB_txn, lmdb_handle::TxnAbort> LMDBTxnPtr;
typedef std::unique_ptr<MDB_cursor, lmdb_handle::CursorClose> LMDBCursorPtr;

// Throws caffe::Error with LMDB's message when an mdb_* call failed; what
// names the operation and the database.
void MDB_CHECK(int mdb_status, const string& what);

// Reads in its own read-only transaction: a snapshot of the database taken
// when the cursor was made. Starts at the first entry. A damaged page
// (MDB_CORRUPTED, MDB_PAGE_NOTFOUND, ...) is a caffe::Error whose file() is
// the database's path and whose message names the last key read.
class LMDBCursor : public Cursor {
 public:
  LMDBCursor(LMDBTxnPtr txn, LMDBCursorPtr cursor, const string& source);
  void SeekToFirst() override { Seek(MDB_FIRST); }
  void Next() override { Seek(MDB_NEXT); }
  string key() override;
  string value() override;
  bool valid() override { return valid_; }

 private:
  void Seek(MDB_cursor_op op);

  string source_;
  // Declared before cursor_ so that the cursor is closed first.
  LMDBTxnPtr txn_;
  LMDBCursorPtr cursor_;
  MDB_val mdb_key_{}, mdb_value_{};
  bool valid_ = false;
};

// Buffers Puts and writes them in one write transaction on Commit. When the
// memory map is full, the map size is doubled and the commit retried, so a
// database grows as needed (no other transaction of this process may be
// open on the environment meanwhile).
class LMDBTransaction : public Transaction {
 public:
  explicit LMDBTransaction(MDB_env* mdb_env) : mdb_env_(mdb_env) {}
  void Put(const string& key, const string& value) override;
  void Commit() override;

 private:
  // Returns MDB_MAP_FULL when the batch did not fit, else MDB_SUCCESS.
  int TryCommit();
  void DoubleMapSize();

  MDB_env* mdb_env_;
  vector<string> keys_, values_;
};

// An LMDB environment (a directory holding data.mdb and lock.mdb). READ opens
// with MDB_RDONLY | MDB_NOTLS, so that cursors may move between threads; a
// database in a directory the process cannot write is opened again with
// MDB_NOLOCK, as nothing can be writing it through this process. Open
// refuses a data file shorter than the pages its meta page counts (a copy
// cut short), because LMDB would map the missing pages and the first read
// of one would kill the process with SIGBUS.
class LMDB : public DB {
 public:
  LMDB() = default;
  ~LMDB() override { Close(); }
  void Open(const string& source, Mode mode) override;
  void Close() override { mdb_env_.reset(); }
  LMDBCursor* NewCursor() override;
  LMDBTransaction* NewTransaction() override;

 private:
  LMDBEnvPtr mdb_env_;
  string source_;
};

}  // namespace db
}  // namespace caffe

#endif  // USE_LMDB
#endif  // CAFFE_UTIL_DB_LMDB_HPP_

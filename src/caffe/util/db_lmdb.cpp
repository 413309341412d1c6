#ifdef USE_LMDB
#include "caffe/util/db_lmdb.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <filesystem>

#include "caffe/util/db_write_marker.hpp"

namespace caffe {
namespace db {

void MDB_CHECK(int mdb_status, const string& what) {
  CAFFE_REQUIRE(mdb_status == MDB_SUCCESS)
      << what << ": " << mdb_strerror(mdb_status);
}

namespace {

// The Error names the database as its file (the tools print it first).
[[noreturn]] void ThrowForDatabase(const string& source, const string& detail) {
  Error error(detail);
  error.set_file(source);
  throw error;
}

}  // namespace

LMDBCursor::LMDBCursor(LMDBTxnPtr txn, LMDBCursorPtr cursor,
                       const string& source)
    : source_(source), txn_(std::move(txn)), cursor_(std::move(cursor)) {
  SeekToFirst();
}

void LMDBCursor::Seek(MDB_cursor_op op) {
  // Still points into the map if the read fails: it names the last good key.
  const MDB_val previous_key = mdb_key_;
  const bool had_entry = valid_;
  const int status = mdb_cursor_get(cursor_.get(), &mdb_key_, &mdb_value_, op);
  if (status == MDB_NOTFOUND) {
    valid_ = false;
    return;
  }
  if (status != MDB_SUCCESS) {
    valid_ = false;
    const string where =
        op == MDB_NEXT && had_entry
            ? "the entry after key \"" +
                  string(static_cast<const char*>(previous_key.mv_data),
                         previous_key.mv_size) +
                  "\""
            : string("the first entry");
    ThrowForDatabase(source_, "LMDB database is damaged: reading " + where +
                                  " failed: " + mdb_strerror(status));
  }
  valid_ = true;
}

string LMDBCursor::key() {
  CHECK(valid_) << "key() of an LMDB cursor past the end";
  return string(static_cast<const char*>(mdb_key_.mv_data), mdb_key_.mv_size);
}

string LMDBCursor::value() {
  CHECK(valid_) << "value() of an LMDB cursor past the end";
  return string(static_cast<const char*>(mdb_value_.mv_data),
                mdb_value_.mv_size);
}

void LMDBTransaction::Put(const string& key, const string& value) {
  keys_.push_back(key);
  values_.push_back(value);
}

int LMDBTransaction::TryCommit() {
  MDB_txn* raw_txn = nullptr;
  MDB_CHECK(mdb_txn_begin(mdb_env_, nullptr, 0, &raw_txn),
            "LMDB begin write transaction");
  LMDBTxnPtr txn(raw_txn);
  MDB_dbi dbi;
  MDB_CHECK(mdb_dbi_open(txn.get(), nullptr, 0, &dbi), "LMDB open database");
  for (size_t i = 0; i < keys_.size(); ++i) {
    MDB_val key{keys_[i].size(), const_cast<char*>(keys_[i].data())};
    MDB_val value{values_[i].size(), const_cast<char*>(values_[i].data())};
    const int status = mdb_put(txn.get(), dbi, &key, &value, 0);
    if (status == MDB_MAP_FULL) return status;
    MDB_CHECK(status, "LMDB put of key " + keys_[i]);
  }
  // mdb_txn_commit frees the transaction whatever it returns.
  const int status = mdb_txn_commit(txn.release());
  if (status == MDB_MAP_FULL) return status;
  MDB_CHECK(status, "LMDB commit");
  return MDB_SUCCESS;
}

void LMDBTransaction::Commit() {
  while (TryCommit() == MDB_MAP_FULL) DoubleMapSize();
  keys_.clear();
  values_.clear();
}

void LMDBTransaction::DoubleMapSize() {
  MDB_envinfo info;
  MDB_CHECK(mdb_env_info(mdb_env_, &info), "LMDB environment info");
  const size_t new_size = info.me_mapsize * 2;
  LOG(INFO) << "Doubling LMDB map size to " << (new_size >> 20) << " MB";
  MDB_CHECK(mdb_env_set_mapsize(mdb_env_, new_size), "LMDB set map size");
}

namespace {

// Opens env at source; returns the mdb status (the handle must be discarded
// on failure).
int OpenEnv(const string& source, unsigned int flags, LMDBEnvPtr* env) {
  MDB_env* raw_env = nullptr;
  MDB_CHECK(mdb_env_create(&raw_env), "LMDB create environment");
  env->reset(raw_env);
  return mdb_env_open(raw_env, source.c_str(), flags, 0664);
}

// Refuses a data file with fewer bytes than the pages the environment has in
// use: LMDB maps them all, and touching a page past the end of the file is
// SIGBUS, not an error code.
void RequireWholeDataFile(MDB_env* env, const string& source) {
  mdb_filehandle_t fd;
  MDB_CHECK(mdb_env_get_fd(env, &fd), "LMDB data file of " + source);
  struct stat file_stat;
  CAFFE_REQUIRE(fstat(fd, &file_stat) == 0)
      << "cannot stat the LMDB data file of " << source << ": "
      << std::strerror(errno);
  MDB_envinfo info;
  MDB_CHECK(mdb_env_info(env, &info), "LMDB environment info of " + source);
  MDB_stat env_stat;
  MDB_CHECK(mdb_env_stat(env, &env_stat), "LMDB statistics of " + source);
  const uint64_t needed =
      (static_cast<uint64_t>(info.me_last_pgno) + 1) * env_stat.ms_psize;
  const uint64_t size = static_cast<uint64_t>(file_stat.st_size);
  if (size < needed) {
    ThrowForDatabase(
        source, StrCat("LMDB data file is truncated: ", size, " bytes, needs ",
                       needed, " (copy or write the database again)"));
  }
}

// What a failed mdb_env_open means for a database that should exist: LMDB's
// own words for an empty or one-page file (EBADF, MDB_INVALID) do not say
// that the file was cut short.
[[noreturn]] void ThrowCannotOpen(const string& source, int status) {
  struct stat file_stat;
  const string data_file = source + "/data.mdb";
  if (stat(data_file.c_str(), &file_stat) == 0 &&
      (status == EBADF || status == MDB_INVALID)) {
    ThrowForDatabase(source,
                     StrCat("cannot open LMDB database: ", mdb_strerror(status),
                            " (data.mdb has ", file_stat.st_size,
                            " bytes: it is truncated or not LMDB)"));
  }
  ThrowForDatabase(source,
                   StrCat("cannot open LMDB database: ", mdb_strerror(status)));
}

}  // namespace

void LMDB::Open(const string& source, Mode mode) {
  namespace fs = std::filesystem;
  Close();
  source_ = source;
  std::error_code error;
  if (mode == READ) {
    CAFFE_REQUIRE(fs::is_directory(source, error))
        << "LMDB database " << source << " does not exist (or is not a "
        << "directory)";
    RequireWriteFinished(source);
  } else {
    CAFFE_REQUIRE(mode != NEW || !fs::exists(source, error))
        << "cannot create LMDB database " << source
        << ": the path already exists";
    fs::create_directories(source, error);
    CAFFE_REQUIRE(!error) << "cannot create LMDB directory " << source << ": "
                          << error.message();
  }
  LMDBEnvPtr env;
  const unsigned int flags = mode == READ ? MDB_RDONLY | MDB_NOTLS : 0;
  int status = OpenEnv(source, flags, &env);
  if (mode == READ && (status == EACCES || status == EROFS)) {
    LOG(INFO) << "LMDB " << source << " is not writable; opening without lock";
    status = OpenEnv(source, flags | MDB_NOLOCK, &env);
  }
  if (status != MDB_SUCCESS) ThrowCannotOpen(source, status);
  RequireWholeDataFile(env.get(), source);
  mdb_env_ = std::move(env);
  LOG(INFO) << "Opened lmdb " << source;
}

LMDBCursor* LMDB::NewCursor() {
  CHECK(mdb_env_) << "NewCursor on a closed LMDB";
  MDB_txn* raw_txn = nullptr;
  MDB_CHECK(mdb_txn_begin(mdb_env_.get(), nullptr, MDB_RDONLY, &raw_txn),
            "LMDB begin read transaction on " + source_);
  LMDBTxnPtr txn(raw_txn);
  MDB_dbi dbi;
  MDB_CHECK(mdb_dbi_open(txn.get(), nullptr, 0, &dbi),
            "LMDB open database " + source_);
  MDB_cursor* raw_cursor = nullptr;
  MDB_CHECK(mdb_cursor_open(txn.get(), dbi, &raw_cursor),
            "LMDB open cursor on " + source_);
  return new LMDBCursor(std::move(txn), LMDBCursorPtr(raw_cursor), source_);
}

LMDBTransaction* LMDB::NewTransaction() {
  CHECK(mdb_env_) << "NewTransaction on a closed LMDB";
  return new LMDBTransaction(mdb_env_.get());
}

}  // namespace db
}  // namespace caffe
#endif  // USE_LMDB

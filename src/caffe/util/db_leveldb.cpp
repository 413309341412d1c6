#ifdef USE_LEVELDB
#include "caffe/util/db_leveldb.hpp"

#include <filesystem>

#include "caffe/util/db_write_marker.hpp"

namespace caffe {
namespace db {

void LevelDBTransaction::Commit() {
  const leveldb::Status status = db_->Write(leveldb::WriteOptions(), &batch_);
  CAFFE_REQUIRE(status.ok()) << "LevelDB write failed: " << status.ToString();
  batch_.Clear();
}

void LevelDB::Open(const string& source, Mode mode) {
  Close();
  std::error_code error;
  CAFFE_REQUIRE(mode != READ || std::filesystem::is_directory(source, error))
      << "LevelDB database " << source << " does not exist (or is not a "
      << "directory)";
  if (mode == READ) RequireWriteFinished(source);
  // As in Caffe, NEW may create the database in an empty folder (one made
  // for it beforehand), never over anything already there.
  CAFFE_REQUIRE(mode != NEW || !std::filesystem::exists(source, error) ||
                (std::filesystem::is_directory(source, error) &&
                 std::filesystem::is_empty(source, error)))
      << "cannot create LevelDB database " << source
      << ": the path already exists and is not an empty folder";
  leveldb::Options options;
  options.block_size = 65536;
  options.write_buffer_size = 268435456;
  options.max_open_files = 100;
  options.create_if_missing = mode != READ;
  options.error_if_exists = mode == NEW;
  leveldb::DB* raw_db = nullptr;
  const leveldb::Status status = leveldb::DB::Open(options, source, &raw_db);
  CAFFE_REQUIRE(status.ok())
      << "cannot open LevelDB database " << source << ": " << status.ToString();
  db_.reset(raw_db);
  LOG(INFO) << "Opened leveldb " << source;
}

LevelDBCursor* LevelDB::NewCursor() {
  CHECK(db_) << "NewCursor on a closed LevelDB";
  return new LevelDBCursor(db_->NewIterator(leveldb::ReadOptions()));
}

LevelDBTransaction* LevelDB::NewTransaction() {
  CHECK(db_) << "NewTransaction on a closed LevelDB";
  return new LevelDBTransaction(db_.get());
}

}  // namespace db
}  // namespace caffe
#endif  // USE_LEVELDB

#include "caffe/util/db.hpp"

#include "caffe/util/db_leveldb.hpp"
#include "caffe/util/db_lmdb.hpp"

namespace caffe {
namespace db {

DB* GetDB(DataParameter::DB backend) {
  switch (backend) {
#ifdef USE_LEVELDB
    case DataParameter_DB_LEVELDB:
      return new LevelDB();
#endif
#ifdef USE_LMDB
    case DataParameter_DB_LMDB:
      return new LMDB();
#endif
    default:
      break;
  }
  CAFFE_THROW() << "database backend " << DataParameter_DB_Name(backend).c_str()
                << " is not available in this build (rebuild with USE_"
                << DataParameter_DB_Name(backend).c_str() << "=ON)";
}

DB* GetDB(const string& backend) {
  if (backend == "leveldb") return GetDB(DataParameter_DB_LEVELDB);
  if (backend == "lmdb") return GetDB(DataParameter_DB_LMDB);
  CAFFE_THROW() << "unknown database backend \"" << backend
                << "\" (expected lmdb or leveldb)";
}

}  // namespace db
}  // namespace caffe

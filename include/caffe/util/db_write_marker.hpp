#ifndef CAFFE_UTIL_DB_WRITE_MARKER_HPP_
#define CAFFE_UTIL_DB_WRITE_MARKER_HPP_

#include <string>

namespace caffe {
namespace db {

// Programs that fill a database over minutes (convert_imageset,
// extract_features) mark it while they write: a file named
// kWriteMarkerName in the database's directory, created right after the
// database and removed after the last Commit and Close. Both backends'
// Open(READ) refuse a marked database, so that a writer killed mid-way leaves
// one that says so rather than one silently short. Databases without the
// marker (all of Caffe's) open as before. LevelDB and LMDB both ignore files
// of other names in their directories.
extern const char kWriteMarkerName[];

void MarkWriteStarted(const std::string& source);
void MarkWriteFinished(const std::string& source);
// Throws caffe::Error, whose file() is source, while source carries the
// marker.
void RequireWriteFinished(const std::string& source);

}  // namespace db
}  // namespace caffe

#endif  // CAFFE_UTIL_DB_WRITE_MARKER_HPP_

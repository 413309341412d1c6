#ifndef CAFFE_UTIL_ATOMIC_FILE_HPP_
#define CAFFE_UTIL_ATOMIC_FILE_HPP_

#include <functional>
#include <string>
#include <vector>

namespace caffe {

// Runs write(temporary path) on a hidden file beside filename
// (".<name>.tmpXXXXXX"), flushes it to disk, renames it over filename and
// flushes the directory, so that a reader, or a run resumed after kill -9 or
// a power cut, sees the old file or the whole new one. The temporary file is
// removed if write throws; one that a killed process left behind is found by
// RemoveAtomicWriteLeftovers. Throws caffe::Error naming filename when a
// step fails.
void WriteFileAtomically(
    const std::string& filename,
    const std::function<void(const std::string& temp_filename)>& write);
void WriteFileAtomically(const std::string& filename, const std::string& bytes);

// Deletes the temporary files that WriteFileAtomically leaves when its
// process dies mid-write, for every target whose path begins with
// path_prefix ("snapshots/net_iter_" covers "snapshots/net_iter_500.
// caffemodel"); returns the paths it deleted.
std::vector<std::string> RemoveAtomicWriteLeftovers(
    const std::string& path_prefix);

}  // namespace caffe

#endif  // CAFFE_UTIL_ATOMIC_FILE_HPP_

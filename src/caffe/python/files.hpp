#ifndef CAFFE_PYTHON_FILES_HPP_
#define CAFFE_PYTHON_FILES_HPP_

#include <string>

namespace caffe {
namespace python {

// Raises the OSError Python's own open() would (FileNotFoundError,
// PermissionError, ...) naming path, where path cannot be read: a missing
// file is an IOError in Python, not a caffe.Error.
void RequireReadableFile(const std::string& path);

}  // namespace python
}  // namespace caffe

#endif  // CAFFE_PYTHON_FILES_HPP_

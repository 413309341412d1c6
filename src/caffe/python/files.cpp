#include "files.hpp"

#include <pybind11/pybind11.h>
#include <unistd.h>

#include <cerrno>

namespace caffe {
namespace python {

void RequireReadableFile(const std::string& path) {
  if (::access(path.c_str(), R_OK) == 0) return;
  if (errno == 0) errno = ENOENT;
  PyErr_SetFromErrnoWithFilename(PyExc_OSError, path.c_str());
  throw pybind11::error_already_set();
}

}  // namespace python
}  // namespace caffe

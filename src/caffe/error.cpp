#include "caffe/error.hpp"

#include <cstdio>

namespace caffe {

namespace {

// "4294967296 bytes (4.0 GiB)"; plain bytes below a KiB.
std::string ByteCount(std::size_t bytes) {
  std::string text = StrCat(bytes, " bytes");
  static const char* const kUnits[] = {"KiB", "MiB", "GiB", "TiB", "PiB",
                                       "EiB"};
  double value = static_cast<double>(bytes);
  int unit = -1;
  while (value >= 1024 && unit + 1 < 6) {
    value /= 1024;
    ++unit;
  }
  if (unit >= 0) {
    char scaled[32];
    std::snprintf(scaled, sizeof(scaled), " (%.1f %s)", value, kUnits[unit]);
    text += scaled;
  }
  return text;
}

std::string OutOfMemoryDetail(std::size_t bytes, int device,
                              const std::string& how) {
  const std::string where =
      device == OutOfMemoryError::kHost ? "the host" : StrCat("GPU ", device);
  std::string detail =
      bytes ? StrCat("out of memory: cannot allocate ", ByteCount(bytes),
                     " on ", where)
            : StrCat("out of memory on ", where);
  if (!how.empty()) detail += ": " + how;
  return detail;
}

}  // namespace

namespace internal {

std::string ShortSourcePath(const std::string& path) {
  for (const char* root : {"/src/caffe/", "/include/caffe/", "/tests/"}) {
    const std::size_t at = path.rfind(root);
    if (at != std::string::npos) return path.substr(at + 1);
  }
  return path;
}

std::string DescribeFailedCall(const std::string& library,
                               const std::string& call,
                               const std::string& status_name,
                               const std::string& description,
                               const std::string& source_file,
                               int source_line) {
  std::string text = StrCat(library, " call ", call, " failed with ",
                            status_name);
  if (!description.empty() && description != status_name) {
    text += " (" + description + ")";
  }
  return text + StrCat(" at ", ShortSourcePath(source_file), ":", source_line);
}

void ThrowFailedCall(const std::string& library, const std::string& call,
                     int status, const std::string& status_name,
                     const std::string& description, bool out_of_memory,
                     int device, const std::string& source_file,
                     int source_line) {
  if (out_of_memory) {
    throw OutOfMemoryError(0, device,
                           DescribeFailedCall(library, call, status_name,
                                              description, source_file,
                                              source_line));
  }
  throw DeviceError(library, call, status, status_name, description,
                    source_file, source_line);
}

}  // namespace internal

Error::Error(const std::string& detail)
    : std::runtime_error(detail), detail_(detail) {
  ComposeMessage();
}

Error& Error::set_file(const std::string& file, int line, int column) {
  if (file_.empty()) {
    file_ = file;
    line_ = line;
    column_ = column;
    ComposeMessage();
  }
  return *this;
}

Error& Error::set_layer(const std::string& name, const std::string& type) {
  if (layer_.empty()) {
    layer_ = name;
    layer_type_ = type;
    ComposeMessage();
  }
  return *this;
}

Error& Error::set_blob(const std::string& name) {
  if (blob_.empty()) {
    blob_ = name;
    ComposeMessage();
  }
  return *this;
}

Error& Error::set_bottoms(const std::string& bottoms) {
  if (bottoms_.empty()) {
    bottoms_ = bottoms;
    ComposeMessage();
  }
  return *this;
}

Error& Error::add_context(const std::string& context) {
  if (!context.empty()) {
    detail_ = context + ": " + detail_;
    ComposeMessage();
  }
  return *this;
}

// The one place the message is written; the wording is what Caffe's users
// and the tests read: a compiler-style location first, then the layer as the
// net names it, then the blob.
void Error::ComposeMessage() {
  std::ostringstream message;
  if (!file_.empty()) {
    message << file_;
    if (line_ > 0) {
      message << ":" << line_;
      if (column_ > 0) message << ":" << column_;
    }
    message << ": ";
  }
  if (!layer_.empty()) {
    message << "layer \"" << layer_ << "\"";
    if (!layer_type_.empty()) message << " (" << layer_type_ << ")";
    message << ": ";
  }
  if (!blob_.empty()) message << "blob \"" << blob_ << "\": ";
  message << detail_;
  if (!bottoms_.empty()) message << " [bottoms: " << bottoms_ << "]";
  message_ = message.str();
}

OutOfMemoryError::OutOfMemoryError(std::size_t bytes, int device,
                                   const std::string& how)
    : Error(OutOfMemoryDetail(bytes, device, how)),
      bytes_(bytes),
      device_(device) {}

DeviceError::DeviceError(const std::string& library, const std::string& call,
                         int status, const std::string& status_name,
                         const std::string& description,
                         const std::string& source_file, int source_line)
    : Error(internal::DescribeFailedCall(library, call, status_name,
                                         description, source_file,
                                         source_line)),
      library_(library),
      call_(call),
      status_(status),
      status_name_(status_name),
      description_(description),
      source_file_(internal::ShortSourcePath(source_file)),
      source_line_(source_line) {}

}  // namespace caffe

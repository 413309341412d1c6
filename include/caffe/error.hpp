#ifndef CAFFE_ERROR_HPP_
#define CAFFE_ERROR_HPP_

#include <cstddef>
#include <sstream>
#include <stdexcept>
#include <string>

namespace caffe {

// The exception for everything a user can get wrong: malformed files, unknown
// layer types, missing blobs, incompatible shapes, bad paths. Programmer
// invariants stay CHECKs; anything caused by input is an Error, so that API
// callers can recover and the command-line tools can print one line and exit.
//
// Besides the free-text detail an Error carries optional fields that say
// where the fault is: a place in an input file, the layer and the blob.
// what() is composed from them (see ComposeMessage), so code that catches an
// Error on its way out adds what it knows and rethrows the same object:
//
//   } catch (Error& error) {
//     error.set_layer(param.name(), param.type());
//     throw;
//   }
//
// Each setter keeps a value that is already there: the code nearest the fault
// names it first and knows it best.
class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& detail);

  // "file:line:column: layer "conv1" (Convolution): blob "data": detail
  // [bottoms: ...]", leaving out what is not known.
  const char* what() const noexcept override { return message_.c_str(); }

  // The description of the fault without the fields below.
  const std::string& detail() const { return detail_; }
  // The input file, and the 1-based line and column in it (0: unknown).
  const std::string& file() const { return file_; }
  int line() const { return line_; }
  int column() const { return column_; }
  // The layer's name and type as the net definition gives them.
  const std::string& layer() const { return layer_; }
  const std::string& layer_type() const { return layer_type_; }
  // The blob's name as the net definition gives it.
  const std::string& blob() const { return blob_; }
  // The layer's bottoms with their shapes ("\"data\" 2 3 (6)"), as the net
  // describes them when a layer fails.
  const std::string& bottoms() const { return bottoms_; }

  bool has_file() const { return !file_.empty(); }
  bool has_layer() const { return !layer_.empty(); }
  bool has_blob() const { return !blob_.empty(); }

  Error& set_file(const std::string& file, int line = 0, int column = 0);
  Error& set_layer(const std::string& name, const std::string& type = "");
  Error& set_blob(const std::string& name);
  Error& set_bottoms(const std::string& bottoms);
  // Puts what encloses the fault before the detail ("entry 7 of train_lmdb",
  // "cannot load weights from \"w.caffemodel\""); unlike the setters it
  // nests, the outermost context coming first.
  Error& add_context(const std::string& context);

 private:
  void ComposeMessage();

  std::string detail_;
  std::string file_;
  int line_ = 0;
  int column_ = 0;
  std::string layer_;
  std::string layer_type_;
  std::string blob_;
  std::string bottoms_;
  std::string message_;
};

// An allocation that failed: on the host (device() == kHost) or on a CUDA
// device. The message names the bytes asked for and where; a Net that catches
// it adds the layer and, when the memory was a blob's, the blob.
class OutOfMemoryError : public Error {
 public:
  static constexpr int kHost = -1;

  // bytes: the size asked for, 0 when the failing call does not tell (a
  // cuBLAS workspace, say); device: kHost or the CUDA device id; how: the
  // call that failed and its reason, when there is more to say.
  OutOfMemoryError(std::size_t bytes, int device, const std::string& how = "");

  std::size_t bytes() const { return bytes_; }
  int device() const { return device_; }
  bool on_host() const { return device_ == kHost; }

  // Identifies the buffer whose allocation failed (a SyncedMemory), so that
  // the owner of several buffers can tell which one it was; never
  // dereferenced. Kept once set, like the fields of Error.
  const void* buffer() const { return buffer_; }
  void set_buffer(const void* buffer) {
    if (buffer_ == nullptr) buffer_ = buffer;
  }

 private:
  std::size_t bytes_;
  int device_;
  const void* buffer_ = nullptr;
};

// A failed call into CUDA or one of its libraries (cuBLAS, cuRAND, cuDNN):
// an environment fault (a lost device, a kernel that faulted, a bad launch)
// rather than bad input, but thrown so that a notebook or a server survives
// it. The message names the call as written, the status and the source line.
class DeviceError : public Error {
 public:
  // description: the library's words for the status ("" when it has only
  // the name).
  DeviceError(const std::string& library, const std::string& call,
              int status, const std::string& status_name,
              const std::string& description, const std::string& source_file,
              int source_line);

  // "CUDA", "cuBLAS", "cuRAND" or "cuDNN".
  const std::string& library() const { return library_; }
  // The call's text as the source wrote it.
  const std::string& call() const { return call_; }
  // The library's status code and its name ("cudaErrorInvalidValue").
  int status() const { return status_; }
  const std::string& status_name() const { return status_name_; }
  const std::string& description() const { return description_; }
  // Where in Caffe's sources the call was made.
  const std::string& source_file() const { return source_file_; }
  int source_line() const { return source_line_; }

 private:
  std::string library_;
  std::string call_;
  int status_;
  std::string status_name_;
  std::string description_;
  std::string source_file_;
  int source_line_;
};

namespace internal {

// "CUDA call cudaMalloc(&ptr, size) failed with cudaErrorMemoryAllocation
// (out of memory) at src/caffe/syncedmem.cpp:40": the words DeviceError and
// the out-of-memory errors of device calls share.
std::string DescribeFailedCall(const std::string& library,
                               const std::string& call,
                               const std::string& status_name,
                               const std::string& description,
                               const std::string& source_file,
                               int source_line);

// Throws for a failed device-library call: OutOfMemoryError (on device)
// where the status says an allocation failed, else DeviceError.
[[noreturn]] void ThrowFailedCall(const std::string& library,
                                  const std::string& call, int status,
                                  const std::string& status_name,
                                  const std::string& description,
                                  bool out_of_memory, int device,
                                  const std::string& source_file,
                                  int source_line);

// The path of a source file from its "src/" or "include/" on, so that
// messages do not carry the checkout's location.
std::string ShortSourcePath(const std::string& path);

// Collects a message with operator<< so that CAFFE_REQUIRE reads like CHECK.
class ErrorMessage {
 public:
  template <typename T>
  ErrorMessage& operator<<(const T& value) {
    stream_ << value;
    return *this;
  }
  std::string str() const { return stream_.str(); }

 private:
  std::ostringstream stream_;
};

// operator& binds looser than operator<<, so the whole message is built
// before the throw.
struct ErrorThrower {
  [[noreturn]] void operator&(const ErrorMessage& message) const {
    throw Error(message.str());
  }
};

}  // namespace internal

// Concatenates any streamable values into a string.
template <typename... Args>
std::string StrCat(const Args&... args) {
  std::ostringstream stream;
  (stream << ... << args);
  return stream.str();
}

}  // namespace caffe

// Validates user input: CAFFE_REQUIRE(bottom.size() == 2) << "needs two
// inputs"; throws caffe::Error with the streamed message when false.
#define CAFFE_REQUIRE(condition) \
  if (condition) {               \
  } else                         \
    ::caffe::internal::ErrorThrower() & ::caffe::internal::ErrorMessage()

// Throws caffe::Error unconditionally: CAFFE_THROW() << "unknown type " << t;
#define CAFFE_THROW() \
  ::caffe::internal::ErrorThrower() & ::caffe::internal::ErrorMessage()

#endif  // CAFFE_ERROR_HPP_

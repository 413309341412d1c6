#ifndef CAFFE_ERROR_HPP_
#define CAFFE_ERROR_HPP_

#include <sstream>
#include <stdexcept>
#include <string>

namespace caffe {

// The exception for everything a user can get wrong: malformed files, unknown
// layer types, missing blobs, incompatible shapes, bad paths. Programmer
// invariants stay CHECKs; anything caused by input is an Error, so that API
// callers can recover and the command-line tools can print one line and exit.
class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message) : std::runtime_error(message) {}
};

namespace internal {

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

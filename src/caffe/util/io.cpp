#include "caffe/util/io.hpp"

#include <fcntl.h>
#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/io/zero_copy_stream_impl.h>
#include <google/protobuf/text_format.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "caffe/common.hpp"
#include "caffe/util/atomic_file.hpp"

namespace caffe {

using google::protobuf::TextFormat;
using google::protobuf::io::CodedInputStream;
using google::protobuf::io::ColumnNumber;
using google::protobuf::io::ErrorCollector;
using google::protobuf::io::FileInputStream;
using google::protobuf::io::ZeroCopyInputStream;

namespace {

// Keeps the first parse error and where it is, with line and column
// counted from 1 as editors do (protobuf counts from 0).
class FirstErrorCollector : public ErrorCollector {
 public:
  explicit FirstErrorCollector(const string& name) : name_(name) {}

  void AddError(int line, ColumnNumber column,
                const std::string& message) override {
    if (has_error_) return;
    has_error_ = true;
    line_ = line + 1;
    column_ = static_cast<int>(column) + 1;
    message_ = message;
  }
  void AddWarning(int line, ColumnNumber column,
                  const std::string& message) override {
    LOG(WARNING) << name_ << ":" << line + 1 << ":" << column + 1 << ": "
                 << message;
  }

  // The error as "name:LINE:COLUMN: message", the position in its fields.
  Error first_error(const string& fallback) const {
    Error error(has_error_ ? message_ : fallback);
    error.set_file(name_, has_error_ ? line_ : 0, has_error_ ? column_ : 0);
    return error;
  }

 private:
  string name_;
  bool has_error_ = false;
  int line_ = 0;
  int column_ = 0;
  string message_;
};

// Opens a file for reading, or throws naming it and the system's reason.
class ReadableFile {
 public:
  // what names the file's role in messages ("solver", "weights").
  explicit ReadableFile(const string& filename, const string& what = "") {
    const string role = what.empty() ? "" : what + " file ";
    fd_ = open(filename.c_str(), O_RDONLY);
    CAFFE_REQUIRE(fd_ >= 0) << "cannot open " << role << "\"" << filename
                            << "\": " << std::strerror(errno);
    struct stat info;
    if (fstat(fd_, &info) == 0 && S_ISDIR(info.st_mode)) {
      close(fd_);
      CAFFE_THROW() << "cannot read " << role << "\"" << filename
                    << "\": it is a directory";
    }
  }
  ~ReadableFile() { close(fd_); }
  int fd() const { return fd_; }

 private:
  int fd_;
};

void ParseText(ZeroCopyInputStream* input, const string& name, Message* proto) {
  FirstErrorCollector errors(name);
  TextFormat::Parser parser;
  parser.RecordErrorsTo(&errors);
  if (!parser.Parse(input, proto)) {
    throw errors.first_error("cannot parse as " + proto->GetTypeName());
  }
}

void ParseBinary(const string& filename, Message* proto) {
  ReadableFile file(filename);
  FileInputStream raw_input(file.fd());
  CodedInputStream coded_input(&raw_input);
  // Caffe models can exceed protobuf's 64 MB default; allow up to 2 GB.
  coded_input.SetTotalBytesLimit(INT_MAX);
  const bool parsed = proto->ParseFromCodedStream(&coded_input) &&
                      coded_input.ConsumedEntireMessage();
  CAFFE_REQUIRE(parsed)
      << "\"" << filename << "\" is not a valid binary " << proto->GetTypeName()
      << " (the file is truncated, corrupt or not a Caffe file)";
  // Unknown fields alone mean the bytes happened to parse, not that they are
  // a Caffe file of this kind.
  vector<const google::protobuf::FieldDescriptor*> fields;
  proto->GetReflection()->ListFields(*proto, &fields);
  CAFFE_REQUIRE(!fields.empty() || coded_input.CurrentPosition() == 0)
      << "\"" << filename << "\" is not a binary " << proto->GetTypeName()
      << " (none of its fields were found; is it a Caffe file?)";
  CAFFE_REQUIRE(proto->IsInitialized())
      << "\"" << filename << "\" is missing required fields of "
      << proto->GetTypeName() << ": " << proto->InitializationErrorString();
}

}  // namespace

void ReadProtoFromTextFileOrDie(const char* filename, Message* proto) {
  ReadableFile file(filename);
  FileInputStream input(file.fd());
  ParseText(&input, filename, proto);
}

bool ReadProtoFromTextFile(const char* filename, Message* proto) {
  try {
    ReadProtoFromTextFileOrDie(filename, proto);
    return true;
  } catch (const Error& error) {
    LOG(ERROR) << error.what();
    return false;
  }
}

void ReadProtoFromTextString(const string& text, Message* proto,
                             const string& name) {
  google::protobuf::io::ArrayInputStream input(text.data(),
                                               static_cast<int>(text.size()));
  ParseText(&input, name, proto);
}

void WriteProtoToTextFile(const Message& proto, const char* filename) {
  string text;
  CHECK(TextFormat::PrintToString(proto, &text));
  WriteFileAtomically(filename, text);
}

void ReadProtoFromBinaryFileOrDie(const char* filename, Message* proto) {
  ParseBinary(filename, proto);
}

bool ReadProtoFromBinaryFile(const char* filename, Message* proto) {
  try {
    ParseBinary(filename, proto);
    return true;
  } catch (const Error& error) {
    LOG(ERROR) << error.what();
    return false;
  }
}

void WriteProtoToBinaryFile(const Message& proto, const char* filename) {
  string bytes;
  CAFFE_REQUIRE(proto.SerializeToString(&bytes))
      << "cannot serialize " << proto.GetTypeName() << " for \"" << filename
      << "\" (is it over 2 GB?)";
  WriteFileAtomically(filename, bytes);
}

void CheckFileReadable(const string& filename, const string& what) {
  CAFFE_REQUIRE(!filename.empty()) << "no " << what << " file given";
  ReadableFile file(filename, what);
}

void MakeTempDir(string* temp_dirname) {
  string pattern =
      (std::filesystem::temp_directory_path() / "caffe_XXXXXX").string();
  CHECK(mkdtemp(&pattern[0])) << "mkdtemp: " << std::strerror(errno);
  *temp_dirname = pattern;
}

void MakeTempFilename(string* temp_filename) {
  string pattern =
      (std::filesystem::temp_directory_path() / "caffe_XXXXXX").string();
  const int fd = mkstemp(&pattern[0]);
  CHECK_GE(fd, 0) << "mkstemp: " << std::strerror(errno);
  close(fd);
  *temp_filename = pattern;
}

}  // namespace caffe

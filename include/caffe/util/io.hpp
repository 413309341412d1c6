#ifndef CAFFE_UTIL_IO_HPP_
#define CAFFE_UTIL_IO_HPP_

#include <google/protobuf/message.h>

#include <string>

#include "caffe/blob.hpp"
#include "caffe/common.hpp"
#include "caffe/proto/caffe.pb.h"

#ifdef USE_OPENCV
#include <opencv2/core/core.hpp>
#endif

namespace caffe {

using ::google::protobuf::Message;

// ---- Protocol buffers (src/caffe/util/io.cpp) ---------------------------
//
// The *OrDie names are Caffe's; here they throw caffe::Error rather than
// abort. Text-format errors carry "file:line:column: message"; a missing,
// unreadable, truncated or foreign binary file is named with its path.

// Returns false (and logs why) instead of throwing.
bool ReadProtoFromTextFile(const char* filename, Message* proto);
inline bool ReadProtoFromTextFile(const string& filename, Message* proto) {
  return ReadProtoFromTextFile(filename.c_str(), proto);
}
void ReadProtoFromTextFileOrDie(const char* filename, Message* proto);
inline void ReadProtoFromTextFileOrDie(const string& filename, Message* proto) {
  ReadProtoFromTextFileOrDie(filename.c_str(), proto);
}
// Parses text held in memory; name labels error messages.
void ReadProtoFromTextString(const string& text, Message* proto,
                             const string& name = "<string>");

// Writes via a temporary file renamed into place, so that a reader never
// sees a partial file.
void WriteProtoToTextFile(const Message& proto, const char* filename);
inline void WriteProtoToTextFile(const Message& proto, const string& filename) {
  WriteProtoToTextFile(proto, filename.c_str());
}

bool ReadProtoFromBinaryFile(const char* filename, Message* proto);
inline bool ReadProtoFromBinaryFile(const string& filename, Message* proto) {
  return ReadProtoFromBinaryFile(filename.c_str(), proto);
}
void ReadProtoFromBinaryFileOrDie(const char* filename, Message* proto);
inline void ReadProtoFromBinaryFileOrDie(const string& filename,
                                         Message* proto) {
  ReadProtoFromBinaryFileOrDie(filename.c_str(), proto);
}

// Atomic and durable: temporary file, fsync, rename.
void WriteProtoToBinaryFile(const Message& proto, const char* filename);
inline void WriteProtoToBinaryFile(const Message& proto,
                                   const string& filename) {
  WriteProtoToBinaryFile(proto, filename.c_str());
}

// Throws caffe::Error naming the path when it does not exist or cannot be
// read; what says what the file was meant to be ("solver", "weights").
void CheckFileReadable(const string& filename, const string& what);

// A fresh temporary directory / file name (for tests and tools).
void MakeTempDir(string* temp_dirname);
void MakeTempFilename(string* temp_filename);

// ---- Images and datums (src/caffe/util/image_io.cpp) --------------------

bool ReadFileToDatum(const string& filename, const int label, Datum* datum);
inline bool ReadFileToDatum(const string& filename, Datum* datum) {
  return ReadFileToDatum(filename, -1, datum);
}

#ifdef USE_OPENCV
// Decodes an image to 8-bit BGR (or grey), resized when height and width are
// positive. Returns an empty Mat (and logs) if the file is not an image.
cv::Mat ReadImageToCVMat(const string& filename, const int height,
                         const int width, const bool is_color);
cv::Mat ReadImageToCVMat(const string& filename, const int height,
                         const int width);
cv::Mat ReadImageToCVMat(const string& filename, const bool is_color);
cv::Mat ReadImageToCVMat(const string& filename);
cv::Mat DecodeDatumToCVMatNative(const Datum& datum);
cv::Mat DecodeDatumToCVMat(const Datum& datum, bool is_color);
void CVMatToDatum(const cv::Mat& cv_img, Datum* datum);

// Stores raw pixels, or the file's own bytes when encoding is non-empty
// ("jpg", "png") and the format matches.
bool ReadImageToDatum(const string& filename, const int label,
                      const int height, const int width, const bool is_color,
                      const std::string& encoding, Datum* datum);
inline bool ReadImageToDatum(const string& filename, const int label,
                             const int height, const int width,
                             const bool is_color, Datum* datum) {
  return ReadImageToDatum(filename, label, height, width, is_color, "", datum);
}
inline bool ReadImageToDatum(const string& filename, const int label,
                             const int height, const int width, Datum* datum) {
  return ReadImageToDatum(filename, label, height, width, true, datum);
}
inline bool ReadImageToDatum(const string& filename, const int label,
                             const bool is_color, Datum* datum) {
  return ReadImageToDatum(filename, label, 0, 0, is_color, datum);
}
inline bool ReadImageToDatum(const string& filename, const int label,
                             Datum* datum) {
  return ReadImageToDatum(filename, label, 0, 0, true, datum);
}
inline bool ReadImageToDatum(const string& filename, const int label,
                             const std::string& encoding, Datum* datum) {
  return ReadImageToDatum(filename, label, 0, 0, true, encoding, datum);
}

// Replaces an encoded datum's bytes with decoded pixels; false if it was not
// encoded.
bool DecodeDatumNative(Datum* datum);
bool DecodeDatum(Datum* datum, bool is_color);
#endif  // USE_OPENCV

}  // namespace caffe

#endif  // CAFFE_UTIL_IO_HPP_

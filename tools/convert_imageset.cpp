// Converts a list of images into a database of Datums:
//   convert_imageset [FLAGS] ROOTFOLDER/ LISTFILE DB_NAME
// Each LISTFILE line is "path label"; the label follows the last space, so
// paths may contain spaces. Keys are "%08d_path" in list (or shuffled) order.
// Files that cannot be read as images are skipped with a warning.
#include <gflags/gflags.h>
#include <glog/logging.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <exception>
#include <fstream>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "caffe/common.hpp"
#include "caffe/proto/caffe.pb.h"
#include "caffe/util/db.hpp"
#include "caffe/util/db_write_marker.hpp"
#include "caffe/util/io.hpp"
#include "caffe/util/rng.hpp"
#include "caffe/util/tool_main.hpp"
#include "progress.hpp"

DEFINE_bool(gray, false,
            "When this option is on, treat images as grayscale ones");
DEFINE_bool(shuffle, false,
            "Randomly shuffle the order of images and their labels");
DEFINE_string(backend, "lmdb",
              "The backend {lmdb, leveldb} for storing the result");
DEFINE_int32(resize_width, 0, "Width images are resized to");
DEFINE_int32(resize_height, 0, "Height images are resized to");
DEFINE_bool(check_size, false,
            "When this option is on, check that all the datum have the same "
            "size");
DEFINE_bool(encoded, false,
            "When this option is on, the encoded image will be save in datum");
DEFINE_string(encode_type, "",
              "Optional: What type should we encode the image as ('png','jpg',"
              "...).");

namespace {

using caffe::string;

constexpr int kCommitEvery = 1000;

struct Entry {
  string path;
  int label;
};

// Parses the list; throws caffe::Error naming file and line for a line
// without an integer label after its last space. Blank lines are ignored.
std::vector<Entry> ReadList(const string& list_filename) {
  std::ifstream file(list_filename);
  CAFFE_REQUIRE(file.is_open()) << "cannot open list file " << list_filename;
  std::vector<Entry> entries;
  string line;
  for (int line_number = 1; std::getline(file, line); ++line_number) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == string::npos) continue;
    const size_t space = line.find_last_of(' ');
    CAFFE_REQUIRE(space != string::npos && space > 0)
        << list_filename << ":" << line_number << ": no label in \"" << line
        << "\" (expected \"path label\")";
    const string label_text = line.substr(space + 1);
    size_t parsed = 0;
    int label = 0;
    try {
      label = std::stoi(label_text, &parsed);
    } catch (const std::exception&) {
      parsed = 0;
    }
    CAFFE_REQUIRE(parsed > 0 && parsed == label_text.size())
        << list_filename << ":" << line_number << ": label \"" << label_text
        << "\" is not an integer in \"" << line << "\"";
    entries.push_back({line.substr(0, space), label});
  }
  return entries;
}

string LowerExtension(const string& path) {
  const size_t dot = path.rfind('.');
  if (dot == string::npos) return "";
  string extension = path.substr(dot + 1);
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return extension;
}

void ConvertImageset(const string& root_folder, const string& list_filename,
                     const string& db_path) {
  CAFFE_REQUIRE(FLAGS_resize_width >= 0 && FLAGS_resize_height >= 0)
      << "--resize_width and --resize_height must be non-negative (got "
      << FLAGS_resize_width << " and " << FLAGS_resize_height << ")";
  std::vector<Entry> entries = ReadList(list_filename);
  if (FLAGS_shuffle) {
    LOG(INFO) << "Shuffling data";
    caffe::shuffle(entries.begin(), entries.end());
  }
  LOG(INFO) << "A total of " << entries.size() << " images.";
  const bool encoded = FLAGS_encoded || !FLAGS_encode_type.empty();
  if (!FLAGS_encoded && encoded)
    LOG(INFO) << "encode_type specified, assuming encoded=true.";

  std::unique_ptr<caffe::db::DB> db(caffe::db::GetDB(FLAGS_backend));
  db->Open(db_path, caffe::db::NEW);
  caffe::db::MarkWriteStarted(db_path);
  std::unique_ptr<caffe::db::Transaction> txn(db->NewTransaction());

  const caffe::tools::ProgressRate progress("files");
  auto report = [&progress](int count) {
    LOG(INFO) << "Processed " << count << " files." << progress.Rate(count);
  };
  caffe::Datum datum;
  string value;
  int count = 0, skipped = 0, expected_size = -1;
  for (size_t line_id = 0; line_id < entries.size(); ++line_id) {
    const Entry& entry = entries[line_id];
    const string filename = root_folder + entry.path;
    string encoding = FLAGS_encode_type;
    if (encoded && encoding.empty()) encoding = LowerExtension(entry.path);
    if (!caffe::ReadImageToDatum(filename, entry.label, FLAGS_resize_height,
                                 FLAGS_resize_width, !FLAGS_gray, encoding,
                                 &datum)) {
      LOG(WARNING) << "Skipping " << filename << ": cannot be read as an image";
      ++skipped;
      continue;
    }
    if (FLAGS_check_size && !datum.encoded()) {
      const int size = datum.channels() * datum.height() * datum.width();
      if (expected_size < 0) expected_size = size;
      CAFFE_REQUIRE(size == expected_size)
          << filename << " has " << size << " values (" << datum.channels()
          << " x " << datum.height() << " x " << datum.width()
          << "), but the first image has " << expected_size;
    }
    char prefix[16];
    snprintf(prefix, sizeof(prefix), "%08d", static_cast<int>(line_id));
    datum.SerializeToString(&value);
    txn->Put(string(prefix) + "_" + entry.path, value);
    if (++count % kCommitEvery == 0) {
      txn->Commit();
      txn.reset(db->NewTransaction());
      report(count);
    }
  }
  if (count % kCommitEvery != 0) {
    txn->Commit();
    report(count);
  }
  if (skipped > 0)
    LOG(WARNING) << "Skipped " << skipped << " of " << entries.size()
                 << " files that could not be read as images.";
  db->Close();
  caffe::db::MarkWriteFinished(db_path);
}

}  // namespace

int main(int argc, char** argv) {
  FLAGS_alsologtostderr = 1;  // Progress and warnings reach the terminal.
  return caffe::RunTool(
      argc, argv, "convert_imageset",
      "Convert a set of images to the leveldb/lmdb\n"
      "format used as input for Caffe.\n"
      "Usage:\n"
      "    convert_imageset [FLAGS] ROOTFOLDER/ LISTFILE DB_NAME\n"
      "LISTFILE holds one \"path label\" per line (the label follows the\n"
      "last space); paths are relative to ROOTFOLDER/.",
      3, 3, [](const std::vector<std::string>& args) {
        ConvertImageset(args[0], args[1], args[2]);
      });
}

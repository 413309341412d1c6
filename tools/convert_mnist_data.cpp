// Converts the MNIST-format (idx) image and label files into a database of
// Datums (1 x rows x cols pixels plus label), keyed "%08d" in file order:
//   convert_mnist_data [--backend=lmdb|leveldb] images labels output_db
// Works for MNIST and Fashion-MNIST. The files must be uncompressed.
#include <gflags/gflags.h>
#include <glog/logging.h>

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <memory>
#include <string>

#include "caffe/common.hpp"
#include "caffe/proto/caffe.pb.h"
#include "caffe/util/db.hpp"
#include "caffe/util/tool_main.hpp"
#include "progress.hpp"

DEFINE_string(backend, "lmdb",
              "The backend for storing the result: lmdb or leveldb");

namespace {

using caffe::string;

constexpr uint32_t kImageMagic = 2051;
constexpr uint32_t kLabelMagic = 2049;
constexpr int kCommitEvery = 1000;
constexpr int kReportEvery = 10000;

// An idx file being read from the front; every read is checked.
class IdxReader {
 public:
  explicit IdxReader(const string& filename)
      : filename_(filename), file_(filename, std::ios::in | std::ios::binary) {
    CAFFE_REQUIRE(file_.is_open()) << "cannot open " << filename;
  }

  // Reads the big-endian header word; magic tells what the file must hold.
  void ExpectMagic(uint32_t magic, const char* what) {
    const uint32_t found = ReadUint32();
    CAFFE_REQUIRE((found >> 16) != 0x1f8b)
        << filename_ << " is gzip-compressed; gunzip it first";
    CAFFE_REQUIRE(found == magic)
        << filename_ << " is not an idx " << what << " file (magic number "
        << found << ", expected " << magic << ")";
  }

  uint32_t ReadUint32() {
    unsigned char bytes[4];
    Read(reinterpret_cast<char*>(bytes), sizeof(bytes));
    return (uint32_t(bytes[0]) << 24) | (uint32_t(bytes[1]) << 16) |
           (uint32_t(bytes[2]) << 8) | uint32_t(bytes[3]);
  }

  void Read(char* buffer, size_t size) {
    file_.read(buffer, static_cast<std::streamsize>(size));
    CAFFE_REQUIRE(file_.gcount() == static_cast<std::streamsize>(size))
        << filename_ << " is truncated";
  }

 private:
  string filename_;
  std::ifstream file_;
};

void ConvertDataset(const string& image_filename, const string& label_filename,
                    const string& db_path, const string& db_backend) {
  IdxReader images(image_filename);
  IdxReader labels(label_filename);
  images.ExpectMagic(kImageMagic, "image");
  labels.ExpectMagic(kLabelMagic, "label");
  const uint32_t num_items = images.ReadUint32();
  const uint32_t num_labels = labels.ReadUint32();
  CAFFE_REQUIRE(num_items == num_labels)
      << image_filename << " holds " << num_items << " images but "
      << label_filename << " holds " << num_labels << " labels";
  const uint32_t rows = images.ReadUint32();
  const uint32_t cols = images.ReadUint32();
  CAFFE_REQUIRE(rows > 0 && cols > 0 && rows <= 65536 && cols <= 65536)
      << image_filename << " has implausible image size " << rows << " x "
      << cols;

  std::unique_ptr<caffe::db::DB> db(caffe::db::GetDB(db_backend));
  db->Open(db_path, caffe::db::NEW);
  std::unique_ptr<caffe::db::Transaction> txn(db->NewTransaction());

  LOG(INFO) << "A total of " << num_items << " items.";
  LOG(INFO) << "Rows: " << rows << " Cols: " << cols;
  string pixels(static_cast<size_t>(rows) * cols, '\0');
  caffe::Datum datum;
  datum.set_channels(1);
  datum.set_height(static_cast<int>(rows));
  datum.set_width(static_cast<int>(cols));
  string value;
  uint32_t count = 0;
  const caffe::tools::ProgressRate progress("files");
  for (uint32_t item_id = 0; item_id < num_items; ++item_id) {
    char label;
    images.Read(&pixels[0], pixels.size());
    labels.Read(&label, 1);
    datum.set_data(pixels);
    datum.set_label(static_cast<unsigned char>(label));
    char key[16];
    snprintf(key, sizeof(key), "%08u", item_id);
    datum.SerializeToString(&value);
    txn->Put(key, value);
    if (++count % kCommitEvery == 0) {
      txn->Commit();
      txn.reset(db->NewTransaction());
    }
    if (count % kReportEvery == 0)
      LOG(INFO) << "Processed " << count << " files." << progress.Rate(count);
  }
  if (count % kCommitEvery != 0) txn->Commit();
  if (count % kReportEvery != 0)
    LOG(INFO) << "Processed " << count << " files." << progress.Rate(count);
  db->Close();
}

}  // namespace

int main(int argc, char** argv) {
  FLAGS_alsologtostderr = 1;  // Progress and warnings reach the terminal.
  return caffe::RunTool(
      argc, argv, "convert_mnist_data",
      "converts idx image and label files (MNIST, Fashion-MNIST) into an\n"
      "LMDB or LevelDB database of Datums.\n"
      "Usage:\n"
      "    convert_mnist_data [FLAGS] input_image_file input_label_file "
      "output_db_file\n"
      "The idx files must be uncompressed (data/fashion_mnist/"
      "get_fashion_mnist.sh unpacks them).",
      3, 3, [](const std::vector<std::string>& args) {
        ConvertDataset(args[0], args[1], args[2], FLAGS_backend);
      });
}

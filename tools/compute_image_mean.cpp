// Computes the mean image of a database of Datums and saves it as a
// BlobProto (1 x channels x height x width):
//   compute_image_mean [FLAGS] INPUT_DB [OUTPUT_FILE]
// Encoded datums are decoded first. Prints the mean of each channel.
#include <gflags/gflags.h>
#include <glog/logging.h>

#include <cstdio>
#include <exception>
#include <memory>
#include <string>
#include <vector>

#include "caffe/common.hpp"
#include "caffe/proto/caffe.pb.h"
#include "caffe/util/db.hpp"
#include "caffe/util/io.hpp"
#include "caffe/util/tool_main.hpp"
#include "progress.hpp"

DEFINE_string(backend, "lmdb",
              "The backend {leveldb, lmdb} containing the images");

namespace {

using caffe::string;

constexpr int kReportEvery = 10000;

// Adds the datum's values (bytes or float_data) to sum, which it sizes from
// the first datum; every later datum must have the same shape.
void Accumulate(const caffe::Datum& datum, const string& key,
                const caffe::Datum& first, std::vector<double>* sum) {
  CAFFE_REQUIRE(datum.channels() == first.channels() &&
                datum.height() == first.height() &&
                datum.width() == first.width())
      << "datum " << key << " is " << datum.channels() << " x "
      << datum.height() << " x " << datum.width() << ", but the first is "
      << first.channels() << " x " << first.height() << " x " << first.width();
  const size_t size = sum->size();
  const string& bytes = datum.data();
  if (!bytes.empty()) {
    CAFFE_REQUIRE(bytes.size() == size)
        << "datum " << key << " holds " << bytes.size() << " bytes, expected "
        << size;
    for (size_t i = 0; i < size; ++i)
      (*sum)[i] += static_cast<unsigned char>(bytes[i]);
  } else {
    CAFFE_REQUIRE(static_cast<size_t>(datum.float_data_size()) == size)
        << "datum " << key << " holds " << datum.float_data_size()
        << " float values, expected " << size;
    for (size_t i = 0; i < size; ++i) (*sum)[i] += datum.float_data(i);
  }
}

void ComputeImageMean(const string& db_path, const string& output_file) {
  std::unique_ptr<caffe::db::DB> db(caffe::db::GetDB(FLAGS_backend));
  db->Open(db_path, caffe::db::READ);
  std::unique_ptr<caffe::db::Cursor> cursor(db->NewCursor());
  CAFFE_REQUIRE(cursor->valid()) << "database " << db_path << " is empty";

  caffe::Datum first, datum;
  std::vector<double> sum;
  int count = 0;
  const caffe::tools::ProgressRate progress("files");
  LOG(INFO) << "Starting iteration";
  for (; cursor->valid(); cursor->Next()) {
    const string key = cursor->key();
    CAFFE_REQUIRE(datum.ParseFromString(cursor->value()))
        << "entry " << key << " of " << db_path << " is not a Datum";
    if (datum.encoded()) caffe::DecodeDatumNative(&datum);
    if (count == 0) {
      first = datum;
      first.clear_data();
      first.clear_float_data();
      sum.assign(static_cast<size_t>(datum.channels()) * datum.height() *
                     datum.width(),
                 0.0);
      CAFFE_REQUIRE(!sum.empty())
          << "datum " << key << " of " << db_path << " is empty";
    }
    Accumulate(datum, key, first, &sum);
    if (++count % kReportEvery == 0)
      LOG(INFO) << "Processed " << count << " files." << progress.Rate(count);
  }
  if (count % kReportEvery != 0)
    LOG(INFO) << "Processed " << count << " files." << progress.Rate(count);
  cursor.reset();
  db->Close();

  caffe::BlobProto mean;
  mean.set_num(1);
  mean.set_channels(first.channels());
  mean.set_height(first.height());
  mean.set_width(first.width());
  for (double value : sum) mean.add_data(static_cast<float>(value / count));
  if (!output_file.empty()) {
    LOG(INFO) << "Write to " << output_file;
    caffe::WriteProtoToBinaryFile(mean, output_file);
  }
  const int channels = first.channels();
  const size_t plane = sum.size() / channels;
  LOG(INFO) << "Number of channels: " << channels;
  for (int c = 0; c < channels; ++c) {
    double total = 0;
    for (size_t i = 0; i < plane; ++i) total += mean.data(c * plane + i);
    LOG(INFO) << "mean_value channel [" << c << "]: " << total / plane;
  }
}

}  // namespace

int main(int argc, char** argv) {
  FLAGS_alsologtostderr = 1;  // Progress and warnings reach the terminal.
  return caffe::RunTool(
      argc, argv, "compute_image_mean",
      "Compute the mean_image of a set of images given by"
      " a leveldb/lmdb\n"
      "Usage:\n"
      "    compute_image_mean [FLAGS] INPUT_DB [OUTPUT_FILE]\n",
      1, 2, [](const std::vector<std::string>& args) {
        ComputeImageMean(args[0], args.size() == 2 ? args[1] : "");
      });
}

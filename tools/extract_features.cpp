// Runs a trained net (TEST phase) over its own data layer and stores the
// values of chosen blobs, one Datum per image, in new databases:
//
//   extract_features  pretrained_net_param  feature_extraction_proto_file
//     extract_feature_blob_name1[,name2,...]
//     save_feature_dataset_name1[,name2,...]  num_mini_batches  db_type
//     [CPU/GPU] [DEVICE_ID=0]
//
// Blob i goes to dataset i. Each Datum holds the image's values in
// float_data with the blob's channels x height x width (Caffe 1.0's legacy
// shape; a blob of more than 4 axes is stored as count/num x 1 x 1). Keys are
// the image's running index as "%010d". Every mistake in the arguments or
// files ends the program with one line on stderr,
// "extract_features: error: <message>", and exit status 1.
#include <gflags/gflags.h>
#include <glog/logging.h>

#include <cstdio>
#include <exception>
#include <filesystem>
#include <iostream>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "caffe/blob.hpp"
#include "caffe/common.hpp"
#include "caffe/net.hpp"
#include "caffe/proto/caffe.pb.h"
#include "caffe/util/db.hpp"
#include "caffe/util/db_write_marker.hpp"
#include "caffe/util/io.hpp"
#include "caffe/util/tool_main.hpp"
#include "progress.hpp"

namespace {

using caffe::Blob;
using caffe::Caffe;
using caffe::Net;
using caffe::string;
using caffe::vector;

constexpr int kCommitEvery = 1000;

const char kUsage[] =
    "Extract features of a trained net into leveldb/lmdb databases.\n"
    "Usage:\n"
    "    extract_features  pretrained_net_param  feature_extraction_proto_file"
    "  extract_feature_blob_name1[,name2,...]"
    "  save_feature_dataset_name1[,name2,...]  num_mini_batches  db_type"
    "  [CPU/GPU] [DEVICE_ID=0]\n"
    "Note: you can extract multiple features in one pass by specifying\n"
    "multiple feature blob names and dataset names separated by ','.\n"
    "The names cannot contain white space characters and the number of blobs\n"
    "and datasets must be equal.\n";

struct Arguments {
  string weights_file;
  string net_file;
  vector<string> blob_names;
  vector<string> dataset_names;
  int num_mini_batches = 0;
  string db_type;
  bool use_gpu = false;
  int device_id = 0;
};

vector<string> SplitOnComma(const string& text) {
  vector<string> parts;
  std::istringstream stream(text);
  string part;
  while (std::getline(stream, part, ',')) parts.push_back(part);
  if (!text.empty() && text.back() == ',') parts.push_back("");
  return parts;
}

// A whole decimal integer, or an error naming the argument.
int ParseInt(const string& text, const string& what) {
  size_t used = 0;
  int value = 0;
  try {
    value = std::stoi(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  CAFFE_REQUIRE(used > 0 && used == text.size())
      << what << " '" << text << "' is not an integer";
  return value;
}

Arguments ParseArguments(const vector<string>& positional) {
  Arguments args;
  args.weights_file = positional[0];
  args.net_file = positional[1];
  args.blob_names = SplitOnComma(positional[2]);
  args.dataset_names = SplitOnComma(positional[3]);
  CAFFE_REQUIRE(!args.blob_names.empty()) << "no feature blob name given";
  CAFFE_REQUIRE(args.blob_names.size() == args.dataset_names.size())
      << args.blob_names.size() << " feature blob names (" << positional[2]
      << ") but " << args.dataset_names.size() << " dataset names ("
      << positional[3] << "); give one dataset per blob";
  for (size_t i = 0; i < args.blob_names.size(); ++i) {
    CAFFE_REQUIRE(!args.blob_names[i].empty() && !args.dataset_names[i].empty())
        << "empty name in the blob names '" << positional[2]
        << "' or the dataset names '" << positional[3] << "'";
  }
  args.num_mini_batches = ParseInt(positional[4], "num_mini_batches");
  CAFFE_REQUIRE(args.num_mini_batches > 0)
      << "num_mini_batches is " << args.num_mini_batches
      << "; it must be positive";
  args.db_type = positional[5];
  CAFFE_REQUIRE(args.db_type == "lmdb" || args.db_type == "leveldb")
      << "unknown db_type '" << args.db_type << "' (expected lmdb or leveldb)";
  if (positional.size() > 6) {
    const string mode = positional[6];
    CAFFE_REQUIRE(mode == "CPU" || mode == "GPU")
        << "unknown mode '" << mode << "' (expected CPU or GPU)";
    args.use_gpu = mode == "GPU";
  }
  if (positional.size() > 7) {
    CAFFE_REQUIRE(args.use_gpu)
        << "DEVICE_ID " << positional[7] << " given for CPU mode; it needs GPU";
    args.device_id = ParseInt(positional[7], "DEVICE_ID");
    CAFFE_REQUIRE(args.device_id >= 0)
        << "DEVICE_ID " << args.device_id << " is negative";
  }
  return args;
}

void UseDevice(const Arguments& args) {
  if (!args.use_gpu) {
    LOG(INFO) << "Using CPU";
    Caffe::set_mode(Caffe::CPU);
    return;
  }
#ifdef CPU_ONLY
  CAFFE_THROW() << "GPU: this Crema was built without CUDA (CPU_ONLY); "
                   "pass CPU instead";
#else
  int count = 0;
  if (cudaGetDeviceCount(&count) != cudaSuccess) {
    cudaGetLastError();
    count = 0;
  }
  CAFFE_REQUIRE(count > 0) << "GPU: no CUDA device is available; pass CPU";
  CAFFE_REQUIRE(args.device_id < count)
      << "GPU: there is no CUDA device " << args.device_id << " (" << count
      << " available)";
  LOG(INFO) << "Using Device_id=" << args.device_id;
  Caffe::SetDevice(args.device_id);
  Caffe::set_mode(Caffe::GPU);
#endif
}

// Refuses, before anything is written, an output that exists already or is
// named twice.
void CheckOutputsAreNew(const vector<string>& dataset_names) {
  std::set<string> seen;
  for (const string& name : dataset_names) {
    CAFFE_REQUIRE(!std::filesystem::exists(name))
        << "output database " << name << " already exists; remove it or "
        << "choose another name";
    CAFFE_REQUIRE(seen.insert(name).second)
        << "output database " << name << " is named more than once";
  }
}

void CheckBlobsExist(const Net<float>& net, const Arguments& args) {
  for (const string& name : args.blob_names) {
    if (net.has_blob(name)) continue;
    std::ostringstream known;
    for (size_t i = 0; i < net.blob_names().size(); ++i)
      known << (i ? ", " : "") << net.blob_names()[i];
    CAFFE_THROW() << "unknown feature blob name " << name << " in the net "
                  << args.net_file << " (its blobs: " << known.str() << ")";
  }
}

// One feature blob's output database, with its running image index.
class FeatureWriter {
 public:
  FeatureWriter(const string& blob_name, const string& path,
                const string& db_type)
      : blob_name_(blob_name),
        path_(path),
        db_(caffe::db::GetDB(db_type)),
        progress_("images") {
    db_->Open(path, caffe::db::NEW);
    caffe::db::MarkWriteStarted(path);
    txn_.reset(db_->NewTransaction());
  }

  // Stores one Datum per image of the blob's current values.
  void Write(const Blob<float>& blob) {
    const int num = blob.num_axes() > 0 ? blob.shape(0) : 1;
    CAFFE_REQUIRE(num > 0 && blob.count() % num == 0)
        << "feature blob " << blob_name_ << " has shape " << blob.shape_string()
        << "; it holds no images";
    const int dim = blob.count() / num;
    caffe::Datum datum;
    if (blob.num_axes() <= 4) {
      datum.set_channels(blob.channels());
      datum.set_height(blob.height());
      datum.set_width(blob.width());
    } else {
      datum.set_channels(dim);
      datum.set_height(1);
      datum.set_width(1);
    }
    const float* data = blob.cpu_data();
    string value;
    for (int n = 0; n < num; ++n) {
      datum.clear_float_data();
      for (int d = 0; d < dim; ++d) datum.add_float_data(data[n * dim + d]);
      char key[16];
      snprintf(key, sizeof(key), "%010d", count_);
      datum.SerializeToString(&value);
      txn_->Put(key, value);
      if (++count_ % kCommitEvery == 0) Commit();
    }
  }

  void Finish() {
    if (count_ % kCommitEvery != 0) Commit();
    txn_.reset();
    db_->Close();
    caffe::db::MarkWriteFinished(path_);
  }

 private:
  void Commit() {
    txn_->Commit();
    txn_.reset(db_->NewTransaction());
    LOG(INFO) << "Extracted features of " << count_
              << " query images for feature blob " << blob_name_
              << progress_.Rate(count_);
  }

  string blob_name_;
  string path_;
  std::unique_ptr<caffe::db::DB> db_;
  std::unique_ptr<caffe::db::Transaction> txn_;
  caffe::tools::ProgressRate progress_;
  int count_ = 0;
};

void ExtractFeatures(const Arguments& args) {
  caffe::CheckFileReadable(args.weights_file, "pretrained net parameters");
  caffe::CheckFileReadable(args.net_file, "feature extraction net");
  CheckOutputsAreNew(args.dataset_names);
  UseDevice(args);

  Net<float> net(args.net_file, caffe::TEST);
  net.CopyTrainedLayersFrom(args.weights_file);
  CheckBlobsExist(net, args);

  vector<std::unique_ptr<FeatureWriter> > writers;
  for (size_t i = 0; i < args.blob_names.size(); ++i) {
    writers.emplace_back(new FeatureWriter(
        args.blob_names[i], args.dataset_names[i], args.db_type));
  }
  LOG(INFO) << "Extracting Features";
  for (int batch = 0; batch < args.num_mini_batches; ++batch) {
    net.Forward();
    for (size_t i = 0; i < writers.size(); ++i)
      writers[i]->Write(*net.blob_by_name(args.blob_names[i]));
  }
  for (auto& writer : writers) writer->Finish();
  LOG(INFO) << "Successfully extracted the features!";
}

}  // namespace

int main(int argc, char** argv) {
  FLAGS_alsologtostderr = 1;  // Progress and warnings reach the terminal.
  return caffe::RunTool(argc, argv, "extract_features", kUsage, 6, 8,
                        [](const vector<string>& args) {
                          ExtractFeatures(ParseArguments(args));
                        });
}

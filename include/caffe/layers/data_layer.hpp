#ifndef CAFFE_DATA_LAYER_HPP_
#define CAFFE_DATA_LAYER_HPP_

#include <cstdint>
#include <vector>

#include "caffe/blob.hpp"
#include "caffe/layers/base_data_layer.hpp"
#include "caffe/proto/caffe.pb.h"
#include "caffe/util/db.hpp"

namespace caffe {

// Reads serialized Datums (raw pixels, float_data, or encoded JPEG/PNG
// images) from an LMDB or LevelDB database, in key order, wrapping around at
// the end. Tops: data (batch_size x C x H x W, after transform_param) and,
// optionally, label (batch_size). Parameters (data_param):
//   source     the database path;
//   backend    LEVELDB (default) or LMDB;
//   batch_size images per batch;
//   rand_skip  skip a random number of entries in [0, rand_skip) at start;
//   prefetch   batches loaded ahead (default 4).
// With several solvers (multi-GPU), solver k of n reads in TRAIN only the
// entries whose position is k modulo n.
template <typename Dtype>
class DataLayer : public BasePrefetchingDataLayer<Dtype> {
 public:
  explicit DataLayer(const LayerParameter& param);
  ~DataLayer() override;
  // Opens the database and shapes the tops from its first Datum.
  void DataLayerSetUp(const vector<Blob<Dtype>*>& bottom,
                      const vector<Blob<Dtype>*>& top) override;
  inline const char* type() const override { return "Data"; }
  inline int ExactNumBottomBlobs() const override { return 0; }
  inline int MinTopBlobs() const override { return 1; }
  inline int MaxTopBlobs() const override { return 2; }

 protected:
  // Moves to the next entry, back to the first after the last.
  void Next();
  // Whether the current entry belongs to another solver.
  bool Skip();
  void load_batch(Batch<Dtype>* batch) override;

  shared_ptr<db::DB> db_;
  shared_ptr<db::Cursor> cursor_;
  // Entries passed since the start.
  uint64_t offset_ = 0;

 private:
  // Parses the entry under the cursor; throws caffe::Error naming its key.
  void ReadDatum(Datum* datum);
  // "entry KEY of SOURCE", for error messages.
  string EntryName();
};

}  // namespace caffe

#endif  // CAFFE_DATA_LAYER_HPP_

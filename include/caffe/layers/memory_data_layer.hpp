#ifndef CAFFE_MEMORY_DATA_LAYER_HPP_
#define CAFFE_MEMORY_DATA_LAYER_HPP_

#include <vector>

#include "caffe/blob.hpp"
#include "caffe/layer.hpp"
#include "caffe/layers/base_data_layer.hpp"
#include "caffe/proto/caffe.pb.h"

namespace caffe {

// Serves batches from memory the caller provides: tops are data
// (batch_size x channels x height x width) and labels (batch_size x 1 x 1 x
// 1), pointing straight into the caller's arrays (no copy).
//
// memory_data_param:
//   batch_size, channels, height, width  the shape of one batch (all > 0).
// Reset(data, labels, n) hands over n examples (n a multiple of batch_size;
// the arrays must outlive their use); AddDatumVector / AddMatVector
// transform examples (transform_param) into the layer's own storage first.
// Forward: the next batch, wrapping around after the n-th example.
// Backward: nothing.
template <typename Dtype>
class MemoryDataLayer : public BaseDataLayer<Dtype> {
 public:
  explicit MemoryDataLayer(const LayerParameter& param)
      : BaseDataLayer<Dtype>(param) {}
  void DataLayerSetUp(const vector<Blob<Dtype>*>& bottom,
                      const vector<Blob<Dtype>*>& top) override;

  inline const char* type() const override { return "MemoryData"; }
  inline int ExactNumBottomBlobs() const override { return 0; }
  inline int ExactNumTopBlobs() const override { return 2; }

  // Labels are taken from each datum's label.
  virtual void AddDatumVector(const vector<Datum>& datum_vector);
#ifdef USE_OPENCV
  virtual void AddMatVector(const vector<cv::Mat>& mat_vector,
                            const vector<int>& labels);
#endif  // USE_OPENCV

  // Serves data (n x channels x height x width) and labels (n) from now on.
  void Reset(Dtype* data, Dtype* label, int n);
  // Changes the batch size; not while added examples are being served.
  void set_batch_size(int new_size);

  int batch_size() { return batch_size_; }
  int channels() { return channels_; }
  int height() { return height_; }
  int width() { return width_; }

 protected:
  void Forward_cpu(const vector<Blob<Dtype>*>& bottom,
                   const vector<Blob<Dtype>*>& top) override;

  int batch_size_ = 0, channels_ = 0, height_ = 0, width_ = 0, size_ = 0;
  Dtype* data_ = nullptr;
  Dtype* labels_ = nullptr;
  int n_ = 0;
  size_t pos_ = 0;
  Blob<Dtype> added_data_;
  Blob<Dtype> added_label_;
  // Whether added examples remain unserved (they may not be replaced then).
  bool has_new_data_ = false;
};

}  // namespace caffe

#endif  // CAFFE_MEMORY_DATA_LAYER_HPP_

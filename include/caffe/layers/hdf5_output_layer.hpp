#ifndef CAFFE_HDF5_OUTPUT_LAYER_HPP_
#define CAFFE_HDF5_OUTPUT_LAYER_HPP_

#include <string>
#include <vector>

#include "caffe/blob.hpp"
#include "caffe/layer.hpp"
#include "caffe/proto/caffe.pb.h"

#define HDF5_DATA_DATASET_NAME "data"
#define HDF5_DATA_LABEL_NAME "label"

namespace caffe {

// Writes its two bottoms to an HDF5 file as the datasets "data" (bottom 0)
// and "label" (bottom 1), each num x channels x height x width.
//
// hdf5_output_param:
//   file_name  the file, created (truncated) at set-up and closed when the
//              layer is destroyed.
// Forward: writes the current bottoms; a later Forward replaces the datasets
// (Caffe failed on it), so the file holds the last batch. Backward: nothing.
template <typename Dtype>
class HDF5OutputLayer : public Layer<Dtype> {
 public:
  explicit HDF5OutputLayer(const LayerParameter& param)
      : Layer<Dtype>(param), file_opened_(false) {}
  ~HDF5OutputLayer() override;
  void LayerSetUp(const vector<Blob<Dtype>*>& bottom,
                  const vector<Blob<Dtype>*>& top) override;
  // Writes bottoms as they come; there are no tops to shape.
  void Reshape(const vector<Blob<Dtype>*>& bottom,
               const vector<Blob<Dtype>*>& top) override {}

  inline const char* type() const override { return "HDF5Output"; }
  inline int ExactNumBottomBlobs() const override { return 2; }
  inline int ExactNumTopBlobs() const override { return 0; }

  inline std::string file_name() const { return file_name_; }

 protected:
  void Forward_cpu(const vector<Blob<Dtype>*>& bottom,
                   const vector<Blob<Dtype>*>& top) override;
  void Backward_cpu(const vector<Blob<Dtype>*>& top,
                    const vector<bool>& propagate_down,
                    const vector<Blob<Dtype>*>& bottom) override {}
  virtual void SaveBlobs();

  bool file_opened_;
  std::string file_name_;
  // An hid_t, kept as a wide integer so that this header needs no HDF5.
  long long file_id_ = -1;  // NOLINT(runtime/int)
  Blob<Dtype> data_blob_;
  Blob<Dtype> label_blob_;
};

}  // namespace caffe

#endif  // CAFFE_HDF5_OUTPUT_LAYER_HPP_

#ifndef CAFFE_HDF5_DATA_LAYER_HPP_
#define CAFFE_HDF5_DATA_LAYER_HPP_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "caffe/blob.hpp"
#include "caffe/layer.hpp"
#include "caffe/proto/caffe.pb.h"

namespace caffe {

// Reads batches from HDF5 files. Each top is filled from the dataset named
// like the top; all of a file's datasets have the same first dimension (the
// number of rows), and each top is batch_size x (the dataset's other dims).
//
// hdf5_data_param:
//   source      a text file listing one .h5 file per line.
//   batch_size  rows per Forward (> 0).
//   shuffle     visit the files, and each file's rows, in random order
//               (reshuffled at every pass).
// Forward: copies the next batch_size rows, moving on to the next file when
// one is used up and wrapping around after the last. Backward: nothing.
// Solvers training together (Caffe::solver_count() > 1) take turns: in the
// TRAIN phase, solver r reads the rows r, r + count, r + 2 * count... of the
// sequence a single solver would read, so that each sees its own part.
template <typename Dtype>
class HDF5DataLayer : public Layer<Dtype> {
 public:
  explicit HDF5DataLayer(const LayerParameter& param) : Layer<Dtype>(param) {}
  void LayerSetUp(const vector<Blob<Dtype>*>& bottom,
                  const vector<Blob<Dtype>*>& top) override;
  // The tops keep the shapes set in LayerSetUp.
  void Reshape(const vector<Blob<Dtype>*>& bottom,
               const vector<Blob<Dtype>*>& top) override {}

  inline const char* type() const override { return "HDF5Data"; }
  inline int ExactNumBottomBlobs() const override { return 0; }
  inline int MinTopBlobs() const override { return 1; }

 protected:
  void Forward_cpu(const vector<Blob<Dtype>*>& bottom,
                   const vector<Blob<Dtype>*>& top) override;
  void Backward_cpu(const vector<Blob<Dtype>*>& top,
                    const vector<bool>& propagate_down,
                    const vector<Blob<Dtype>*>& bottom) override {}
  // Reads every top's dataset from filename into hdf_blobs_.
  virtual void LoadHDF5FileData(const char* filename);
  // Whether the current row belongs to another solver (see above); counts
  // the row as visited.
  virtual bool Skip();
  // Advances to the next row, loading the next file when needed.
  void Next();

  vector<string> hdf_filenames_;
  unsigned int num_files_ = 0;
  unsigned int current_file_ = 0;
  int current_row_ = 0;
  vector<shared_ptr<Blob<Dtype> > > hdf_blobs_;
  vector<unsigned int> data_permutation_;
  vector<unsigned int> file_permutation_;
  // Rows visited since SetUp, over every file and pass (for Skip).
  uint64_t offset_ = 0;
};

}  // namespace caffe

#endif  // CAFFE_HDF5_DATA_LAYER_HPP_

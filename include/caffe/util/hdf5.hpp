#ifndef CAFFE_UTIL_HDF5_HPP_
#define CAFFE_UTIL_HDF5_HPP_

// Caffe's HDF5 functions (hdf5_load_nd_dataset and the others below), and
// small RAII and typed wrappers over the HDF5 C API; shared by the net and
// solver snapshot code and the HDF5 data layers. Only with USE_HDF5.
#include "caffe/config.hpp"

#ifdef USE_HDF5

#include <hdf5.h>
#include <hdf5_hl.h>

#include <string>
#include <vector>

#include "caffe/blob.hpp"

namespace caffe {

// Caffe's free functions. Each throws a caffe::Error naming the dataset (or
// the link index) when the file does not hold what it asks for, or when
// HDF5 fails; HDF5's own error printing is off while they run.

// Checks that dataset_name_ is a numeric dataset with min_dim to max_dim
// dimensions and fits a Blob; then reshapes blob to it (reshape) or
// requires that blob already has its shape.
template <typename Dtype>
void hdf5_load_nd_dataset_helper(hid_t file_id, const char* dataset_name_,
                                 int min_dim, int max_dim, Blob<Dtype>* blob,
                                 bool reshape);

// As the helper, then reads the values into blob's data (integers are
// converted).
template <typename Dtype>
void hdf5_load_nd_dataset(hid_t file_id, const char* dataset_name_,
                          int min_dim, int max_dim, Blob<Dtype>* blob,
                          bool reshape = false);

// Writes blob's data (or its diff) as a dataset of blob's shape.
template <typename Dtype>
void hdf5_save_nd_dataset(const hid_t file_id, const string& dataset_name,
                          const Blob<Dtype>& blob, bool write_diff = false);

// One int, stored as Caffe does: a dataset of one element.
int hdf5_load_int(hid_t loc_id, const string& dataset_name);
void hdf5_save_int(hid_t loc_id, const string& dataset_name, int i);
// A string dataset.
string hdf5_load_string(hid_t loc_id, const string& dataset_name);
void hdf5_save_string(hid_t loc_id, const string& dataset_name,
                      const string& s);

// The number of links (datasets, groups) in the group loc_id, and the name
// of the idx-th in name order (0 <= idx < hdf5_get_num_links).
int hdf5_get_num_links(hid_t loc_id);
string hdf5_get_name_by_idx(hid_t loc_id, int idx);

namespace hdf5 {

// Closes an HDF5 object (file, group, dataset...) when it goes out of scope.
class Handle {
 public:
  Handle(hid_t id, herr_t (*close)(hid_t)) : id_(id), close_(close) {}
  ~Handle() {
    if (id_ >= 0) close_(id_);
  }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  hid_t get() const { return id_; }
  bool ok() const { return id_ >= 0; }

 private:
  hid_t id_;
  herr_t (*close_)(hid_t);
};

// HDF5 prints its error stack on every failed call; callers turn failures
// into caffe::Errors instead, so it stays quiet while one of these is alive.
class QuietErrors {
 public:
  QuietErrors() {
    H5Eget_auto2(H5E_DEFAULT, &function_, &data_);
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  }
  ~QuietErrors() { H5Eset_auto2(H5E_DEFAULT, function_, data_); }
  QuietErrors(const QuietErrors&) = delete;
  QuietErrors& operator=(const QuietErrors&) = delete;

 private:
  H5E_auto2_t function_ = nullptr;
  void* data_ = nullptr;
};

inline bool HasLink(hid_t location, const std::string& name) {
  return H5Lexists(location, name.c_str(), H5P_DEFAULT) > 0;
}

// Reads a whole dataset, converting its values to the buffer's type.
inline herr_t ReadDataset(hid_t location, const char* name, float* values) {
  return H5LTread_dataset_float(location, name, values);
}
inline herr_t ReadDataset(hid_t location, const char* name, double* values) {
  return H5LTread_dataset_double(location, name, values);
}
inline herr_t WriteDataset(hid_t location, const char* name, int rank,
                           const hsize_t* dims, const float* values) {
  return H5LTmake_dataset_float(location, name, rank, dims, values);
}
inline herr_t WriteDataset(hid_t location, const char* name, int rank,
                           const hsize_t* dims, const double* values) {
  return H5LTmake_dataset_double(location, name, rank, dims, values);
}

// The dataset's dimensions and type class, or false if name is not a
// readable dataset.
inline bool DatasetInfo(hid_t location, const char* name,
                        std::vector<hsize_t>* dims, H5T_class_t* type_class) {
  int rank = 0;
  if (H5LTget_dataset_ndims(location, name, &rank) < 0) return false;
  dims->resize(rank);
  size_t type_size = 0;
  return H5LTget_dataset_info(location, name, dims->data(), type_class,
                              &type_size) >= 0;
}

}  // namespace hdf5
}  // namespace caffe

#endif  // USE_HDF5
#endif  // CAFFE_UTIL_HDF5_HPP_

#ifndef CAFFE_UTIL_HDF5_HPP_
#define CAFFE_UTIL_HDF5_HPP_

// Small RAII and typed wrappers over the HDF5 C API, shared by the net and
// solver snapshot code and the HDF5 data layers. Only with USE_HDF5.
#include "caffe/config.hpp"

#ifdef USE_HDF5

#include <hdf5.h>
#include <hdf5_hl.h>

#include <string>
#include <vector>

namespace caffe {
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

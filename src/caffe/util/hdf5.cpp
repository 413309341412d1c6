// Caffe's HDF5 functions (caffe/util/hdf5.hpp), the one place that reads and
// writes blobs, ints and strings in HDF5 files: the net and solver
// snapshots and the HDF5 layers go through them.
#include "caffe/util/hdf5.hpp"

#ifdef USE_HDF5

#include <climits>
#include <string>
#include <vector>

namespace caffe {

namespace {

const char* TypeClassName(H5T_class_t type_class) {
  switch (type_class) {
    case H5T_INTEGER:
      return "integer";
    case H5T_FLOAT:
      return "floating-point";
    case H5T_STRING:
      return "string";
    case H5T_TIME:
      return "time";
    case H5T_BITFIELD:
      return "bitfield";
    case H5T_OPAQUE:
      return "opaque";
    case H5T_COMPOUND:
      return "compound";
    case H5T_REFERENCE:
      return "reference";
    case H5T_ENUM:
      return "enum";
    case H5T_VLEN:
      return "variable-length";
    case H5T_ARRAY:
      return "array";
    default:
      return "unknown";
  }
}

// "HDF5 dataset \"name\"", the words that name a dataset in the messages.
string Label(const string& name) {
  return StrCat("HDF5 dataset \"", name, "\"");
}

// The dimensions and type class of dataset name, which must exist.
void RequireDataset(hid_t location, const string& name, vector<hsize_t>* dims,
                    H5T_class_t* type_class) {
  CAFFE_REQUIRE(H5LTfind_dataset(location, name.c_str()) > 0)
      << Label(name) << " does not exist";
  CAFFE_REQUIRE(hdf5::DatasetInfo(location, name.c_str(), dims, type_class))
      << "cannot read the shape of " << Label(name);
}

}  // namespace

template <typename Dtype>
void hdf5_load_nd_dataset_helper(hid_t file_id, const char* dataset_name_,
                                 int min_dim, int max_dim, Blob<Dtype>* blob,
                                 bool reshape) {
  hdf5::QuietErrors quiet;
  const string name = dataset_name_;
  vector<hsize_t> dims;
  H5T_class_t type_class;
  RequireDataset(file_id, name, &dims, &type_class);
  const int rank = static_cast<int>(dims.size());
  CAFFE_REQUIRE(rank >= min_dim && rank <= max_dim)
      << Label(name) << " has " << rank << " dimension(s); between " << min_dim
      << " and " << max_dim << " are expected";
  CAFFE_REQUIRE(type_class == H5T_FLOAT || type_class == H5T_INTEGER)
      << Label(name) << " holds " << TypeClassName(type_class)
      << " values; only floating-point and integer values load into a blob";
  vector<int> shape;
  hsize_t count = 1;
  for (hsize_t dim : dims) {
    count *= dim;
    CAFFE_REQUIRE(dim <= hsize_t(INT_MAX) && count <= hsize_t(INT_MAX))
        << Label(name) << " is too large for a blob (more than " << INT_MAX
        << " values)";
    shape.push_back(static_cast<int>(dim));
  }
  if (reshape) {
    blob->Reshape(shape);
    return;
  }
  if (shape != blob->shape()) {
    Blob<Dtype> in_file(shape);
    CAFFE_THROW() << Label(name) << " has shape " << in_file.shape_string()
                  << " but the blob it loads into has shape "
                  << blob->shape_string();
  }
}

template <typename Dtype>
void hdf5_load_nd_dataset(hid_t file_id, const char* dataset_name_, int min_dim,
                          int max_dim, Blob<Dtype>* blob, bool reshape) {
  hdf5_load_nd_dataset_helper(file_id, dataset_name_, min_dim, max_dim, blob,
                              reshape);
  hdf5::QuietErrors quiet;
  CAFFE_REQUIRE(
      hdf5::ReadDataset(file_id, dataset_name_, blob->mutable_cpu_data()) >= 0)
      << "cannot read " << Label(dataset_name_);
}

template <typename Dtype>
void hdf5_save_nd_dataset(const hid_t file_id, const string& dataset_name,
                          const Blob<Dtype>& blob, bool write_diff) {
  hdf5::QuietErrors quiet;
  const vector<hsize_t> dims(blob.shape().begin(), blob.shape().end());
  const Dtype* values = write_diff ? blob.cpu_diff() : blob.cpu_data();
  CAFFE_REQUIRE(hdf5::WriteDataset(file_id, dataset_name.c_str(),
                                   blob.num_axes(), dims.data(), values) >= 0)
      << "cannot write " << Label(dataset_name)
      << " (does the name exist already?)";
}

int hdf5_load_int(hid_t loc_id, const string& dataset_name) {
  hdf5::QuietErrors quiet;
  vector<hsize_t> dims;
  H5T_class_t type_class;
  RequireDataset(loc_id, dataset_name, &dims, &type_class);
  hsize_t count = 1;
  for (hsize_t dim : dims) count *= dim;
  CAFFE_REQUIRE(type_class == H5T_INTEGER && count == 1)
      << Label(dataset_name) << " is not a single integer";
  int value = 0;
  CAFFE_REQUIRE(H5LTread_dataset_int(loc_id, dataset_name.c_str(), &value) >= 0)
      << "cannot read " << Label(dataset_name);
  return value;
}

void hdf5_save_int(hid_t loc_id, const string& dataset_name, int i) {
  hdf5::QuietErrors quiet;
  const hsize_t one = 1;
  CAFFE_REQUIRE(
      H5LTmake_dataset_int(loc_id, dataset_name.c_str(), 1, &one, &i) >= 0)
      << "cannot write " << Label(dataset_name)
      << " (does the name exist already?)";
}

string hdf5_load_string(hid_t loc_id, const string& dataset_name) {
  hdf5::QuietErrors quiet;
  CAFFE_REQUIRE(H5LTfind_dataset(loc_id, dataset_name.c_str()) > 0)
      << Label(dataset_name) << " does not exist";
  H5T_class_t type_class;
  size_t size = 0;
  CAFFE_REQUIRE(H5LTget_dataset_info(loc_id, dataset_name.c_str(), nullptr,
                                     &type_class, &size) >= 0)
      << "cannot read " << Label(dataset_name);
  CAFFE_REQUIRE(type_class == H5T_STRING)
      << Label(dataset_name) << " holds " << TypeClassName(type_class)
      << " values, not a string";
  // size counts the terminating null.
  string value(size, '\0');
  CAFFE_REQUIRE(
      H5LTread_dataset_string(loc_id, dataset_name.c_str(), &value[0]) >= 0)
      << "cannot read " << Label(dataset_name);
  value.resize(value.find('\0') == string::npos ? value.size()
                                                : value.find('\0'));
  return value;
}

void hdf5_save_string(hid_t loc_id, const string& dataset_name,
                      const string& s) {
  hdf5::QuietErrors quiet;
  CAFFE_REQUIRE(
      H5LTmake_dataset_string(loc_id, dataset_name.c_str(), s.c_str()) >= 0)
      << "cannot write " << Label(dataset_name)
      << " (does the name exist already?)";
}

int hdf5_get_num_links(hid_t loc_id) {
  hdf5::QuietErrors quiet;
  H5G_info_t info;
  CAFFE_REQUIRE(H5Gget_info(loc_id, &info) >= 0)
      << "cannot list the links of an HDF5 group (is the id a group or "
         "file?)";
  CAFFE_REQUIRE(info.nlinks <= hsize_t(INT_MAX))
      << "an HDF5 group has " << info.nlinks << " links, too many to count";
  return static_cast<int>(info.nlinks);
}

string hdf5_get_name_by_idx(hid_t loc_id, int idx) {
  hdf5::QuietErrors quiet;
  const ssize_t size =
      idx < 0 ? -1
              : H5Lget_name_by_idx(loc_id, ".", H5_INDEX_NAME, H5_ITER_NATIVE,
                                   idx, nullptr, 0, H5P_DEFAULT);
  CAFFE_REQUIRE(size >= 0) << "an HDF5 group has no link number " << idx
                           << " (it has " << hdf5_get_num_links(loc_id) << ")";
  string name(static_cast<size_t>(size) + 1, '\0');
  CAFFE_REQUIRE(H5Lget_name_by_idx(loc_id, ".", H5_INDEX_NAME, H5_ITER_NATIVE,
                                   idx, &name[0], name.size(),
                                   H5P_DEFAULT) >= 0)
      << "cannot read the name of HDF5 link number " << idx;
  name.resize(static_cast<size_t>(size));
  return name;
}

#define CAFFE_INSTANTIATE_HDF5(Dtype)                                        \
  template void hdf5_load_nd_dataset_helper<Dtype>(hid_t, const char*, int,  \
                                                   int, Blob<Dtype>*, bool); \
  template void hdf5_load_nd_dataset<Dtype>(hid_t, const char*, int, int,    \
                                            Blob<Dtype>*, bool);             \
  template void hdf5_save_nd_dataset<Dtype>(const hid_t, const string&,      \
                                            const Blob<Dtype>&, bool);
CAFFE_INSTANTIATE_HDF5(float)
CAFFE_INSTANTIATE_HDF5(double)
#undef CAFFE_INSTANTIATE_HDF5

}  // namespace caffe

#endif  // USE_HDF5

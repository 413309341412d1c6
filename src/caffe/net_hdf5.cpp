// Net weights in Caffe's HDF5 layout: /data/<layer name>/<blob index> holds
// each learned blob (owners of shared blobs only) and, when diffs are
// written, /diff/<layer name>/<blob index> each blob's diff.

#include <string>
#include <vector>

#include "caffe/net.hpp"
#include "caffe/util/hdf5.hpp"
#include "caffe/util/io.hpp"

namespace caffe {

#ifdef USE_HDF5
namespace {

using hdf5::Handle;
using hdf5::HasLink;
using hdf5::ReadDataset;
using QuietHDF5Errors = hdf5::QuietErrors;

vector<string> LinkNames(hid_t group) {
  vector<string> names;
  const int count = hdf5_get_num_links(group);
  for (int i = 0; i < count; ++i) {
    names.push_back(hdf5_get_name_by_idx(group, i));
  }
  return names;
}

// "20 1 5 5 (500)", as Blob::shape_string() writes it.
string DimsString(const vector<hsize_t>& dims) {
  string text;
  hsize_t count = 1;
  for (hsize_t dim : dims) {
    text += StrCat(dim, " ");
    count *= dim;
  }
  return StrCat(text, "(", count, ")");
}

// Reads dataset name into blob, whose shape it must have; what names the
// blob in errors.
template <typename Dtype>
void LoadBlob(hid_t group, const string& name, const string& what,
              Blob<Dtype>* blob) {
  vector<hsize_t> dims;
  H5T_class_t type_class;
  CAFFE_REQUIRE(hdf5::DatasetInfo(group, name.c_str(), &dims, &type_class))
      << what << " is not a dataset";
  CAFFE_REQUIRE(type_class == H5T_FLOAT)
      << what << " does not hold floating-point values";
  const vector<int> shape(dims.begin(), dims.end());
  CAFFE_REQUIRE(shape == blob->shape())
      << what << " has shape " << DimsString(dims) << " in the file but "
      << blob->shape_string()
      << " in the net (rename the layer to learn it from scratch)";
  CAFFE_REQUIRE(ReadDataset(group, name.c_str(), blob->mutable_cpu_data()) >= 0)
      << "cannot read " << what;
}

}  // namespace

template <typename Dtype>
void Net<Dtype>::CopyTrainedLayersFromHDF5(const string& trained_filename) {
  CheckFileReadable(trained_filename, "weights");
  QuietHDF5Errors quiet;
  const string file_label = "\"" + trained_filename + "\"";
  CAFFE_REQUIRE(H5Fis_hdf5(trained_filename.c_str()) > 0)
      << file_label << " is not an HDF5 file";
  Handle file(H5Fopen(trained_filename.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT),
              H5Fclose);
  CAFFE_REQUIRE(file.ok()) << "cannot open " << file_label;
  CAFFE_REQUIRE(HasLink(file.get(), "data"))
      << file_label << " has no /data group; it is not a Caffe weights file";
  Handle data(H5Gopen2(file.get(), "data", H5P_DEFAULT), H5Gclose);
  CAFFE_REQUIRE(data.ok()) << "cannot open /data in " << file_label;
  const vector<string> file_layer_names = LinkNames(data.get());
  for (const string& layer_name : file_layer_names) {
    auto target = layer_names_index_.find(layer_name);
    if (target == layer_names_index_.end()) {
      DLOG(INFO) << "Ignoring source layer " << layer_name;
      continue;
    }
    const int layer_id = target->second;
    vector<shared_ptr<Blob<Dtype> > >& target_blobs =
        layers_[layer_id]->blobs();
    Handle layer(H5Gopen2(data.get(), layer_name.c_str(), H5P_DEFAULT),
                 H5Gclose);
    CAFFE_REQUIRE(layer.ok())
        << file_label << ": /data/" << layer_name << " is not a group";
    const size_t num_source_blobs = LinkNames(layer.get()).size();
    CAFFE_REQUIRE(num_source_blobs <= target_blobs.size())
        << file_label << ": layer \"" << layer_name << "\": the file has "
        << num_source_blobs << " weight blob(s) but the net's layer has "
        << target_blobs.size();
    for (size_t j = 0; j < target_blobs.size(); ++j) {
      const string dataset = StrCat(j);
      if (!HasLink(layer.get(), dataset)) {
        // Shared blobs are stored once, under their owner.
        const int net_param_id = param_id_vecs_[layer_id][j];
        CAFFE_REQUIRE(param_owners_[net_param_id] != -1)
            << file_label << ": layer \"" << layer_name << "\": weight blob "
            << j << " is missing from the file";
        continue;
      }
      LoadBlob(
          layer.get(), dataset,
          StrCat(file_label, ": layer \"", layer_name, "\": weight blob ", j),
          target_blobs[j].get());
    }
  }
  ReportCopiedLayers(file_layer_names, trained_filename);
}

template <typename Dtype>
void Net<Dtype>::ToHDF5(const string& filename, bool write_diff) const {
  QuietHDF5Errors quiet;
  Handle file(
      H5Fcreate(filename.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT),
      H5Fclose);
  CAFFE_REQUIRE(file.ok()) << "cannot create \"" << filename << "\"";
  Handle data(
      H5Gcreate2(file.get(), "data", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
      H5Gclose);
  Handle diff(write_diff ? H5Gcreate2(file.get(), "diff", H5P_DEFAULT,
                                      H5P_DEFAULT, H5P_DEFAULT)
                         : -1,
              H5Gclose);
  CAFFE_REQUIRE(data.ok() && (diff.ok() || !write_diff))
      << "cannot write to \"" << filename << "\"";
  for (size_t i = 0; i < layers_.size(); ++i) {
    const string& layer_name = layer_names_[i];
    // Split layers repeat in every net; their (empty) groups are harmless.
    Handle layer_data(H5Gcreate2(data.get(), layer_name.c_str(), H5P_DEFAULT,
                                 H5P_DEFAULT, H5P_DEFAULT),
                      H5Gclose);
    CAFFE_REQUIRE(layer_data.ok())
        << "cannot write layer \"" << layer_name << "\" to \"" << filename
        << "\" (is the layer name used twice?)";
    Handle layer_diff(write_diff
                          ? H5Gcreate2(diff.get(), layer_name.c_str(),
                                       H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT)
                          : -1,
                      H5Gclose);
    for (size_t j = 0; j < layers_[i]->blobs().size(); ++j) {
      const string dataset = StrCat(j);
      const int net_param_id = param_id_vecs_[i][j];
      const Blob<Dtype>& blob = *params_[net_param_id];
      if (param_owners_[net_param_id] == -1) {
        hdf5_save_nd_dataset(layer_data.get(), dataset, blob, false);
      }
      if (write_diff) {
        hdf5_save_nd_dataset(layer_diff.get(), dataset, blob, true);
      }
    }
  }
}

#else  // USE_HDF5

template <typename Dtype>
void Net<Dtype>::CopyTrainedLayersFromHDF5(const string& trained_filename) {
  CAFFE_THROW() << "cannot load \"" << trained_filename
                << "\": this build has no HDF5 support (USE_HDF5=OFF)";
}

template <typename Dtype>
void Net<Dtype>::ToHDF5(const string& filename, bool write_diff) const {
  CAFFE_THROW() << "cannot write \"" << filename
                << "\": this build has no HDF5 support (USE_HDF5=OFF)";
}

#endif  // USE_HDF5

template void Net<float>::CopyTrainedLayersFromHDF5(const string&);
template void Net<double>::CopyTrainedLayersFromHDF5(const string&);
template void Net<float>::ToHDF5(const string&, bool) const;
template void Net<double>::ToHDF5(const string&, bool) const;

}  // namespace caffe

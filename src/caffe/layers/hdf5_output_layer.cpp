#include "caffe/layers/hdf5_output_layer.hpp"

#include <string>
#include <vector>

#include "caffe/util/hdf5.hpp"

namespace caffe {

template <typename Dtype>
HDF5OutputLayer<Dtype>::~HDF5OutputLayer() {
#ifdef USE_HDF5
  if (file_opened_) H5Fclose(static_cast<hid_t>(file_id_));
#endif
}

template <typename Dtype>
void HDF5OutputLayer<Dtype>::LayerSetUp(const vector<Blob<Dtype>*>& bottom,
                                        const vector<Blob<Dtype>*>& top) {
  file_name_ = this->layer_param_.hdf5_output_param().file_name();
#ifdef USE_HDF5
  CAFFE_REQUIRE(!file_name_.empty()) << "hdf5_output_param.file_name is empty";
  if (file_opened_) H5Fclose(static_cast<hid_t>(file_id_));
  hdf5::QuietErrors quiet;
  const hid_t id =
      H5Fcreate(file_name_.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  file_opened_ = id >= 0;
  CAFFE_REQUIRE(file_opened_) << "cannot create \"" << file_name_ << "\"";
  file_id_ = id;
#else
  CAFFE_THROW() << "cannot write \"" << file_name_
                << "\": this build has no HDF5 support (USE_HDF5=OFF)";
#endif
}

template <typename Dtype>
void HDF5OutputLayer<Dtype>::SaveBlobs() {
#ifdef USE_HDF5
  hdf5::QuietErrors quiet;
  const hid_t file = static_cast<hid_t>(file_id_);
  const Blob<Dtype>* blobs[] = {&data_blob_, &label_blob_};
  const char* names[] = {HDF5_DATA_DATASET_NAME, HDF5_DATA_LABEL_NAME};
  for (int i = 0; i < 2; ++i) {
    if (hdf5::HasLink(file, names[i])) H5Ldelete(file, names[i], H5P_DEFAULT);
    try {
      hdf5_save_nd_dataset(file, names[i], *blobs[i]);
    } catch (Error& error) {
      error.add_context(StrCat("\"", file_name_, "\""));
      throw;
    }
  }
  H5Fflush(file, H5F_SCOPE_GLOBAL);
#endif
}

template <typename Dtype>
void HDF5OutputLayer<Dtype>::Forward_cpu(const vector<Blob<Dtype>*>& bottom,
                                         const vector<Blob<Dtype>*>& top) {
  CAFFE_REQUIRE(bottom[0]->num() == bottom[1]->num())
      << "data " << bottom[0]->shape_string() << " and label "
      << bottom[1]->shape_string() << " differ in num";
  data_blob_.Reshape(bottom[0]->num(), bottom[0]->channels(),
                     bottom[0]->height(), bottom[0]->width());
  label_blob_.Reshape(bottom[1]->num(), bottom[1]->channels(),
                      bottom[1]->height(), bottom[1]->width());
  data_blob_.CopyFrom(*bottom[0], false, true);
  label_blob_.CopyFrom(*bottom[1], false, true);
  SaveBlobs();
}

INSTANTIATE_CLASS(HDF5OutputLayer);
REGISTER_LAYER_CLASS(HDF5Output);

}  // namespace caffe

// SGD solver state in Caffe's HDF5 layout (<prefix>_iter_N.solverstate.h5):
// scalar int datasets "iter" and "current_step", string dataset
// "learned_net", and a group "history" holding one dataset per learnable
// parameter, named by its index and shaped like the parameter.

#include <string>
#include <vector>

#include "caffe/sgd_solvers.hpp"
#include "caffe/solver_validation.hpp"
#include "caffe/util/atomic_file.hpp"
#include "caffe/util/hdf5.hpp"

namespace caffe {

#ifdef USE_HDF5
namespace {

using Hid = hdf5::Handle;
using hdf5::ReadDataset;
using hdf5::WriteDataset;
using QuietHDF5Errors = hdf5::QuietErrors;

// The dataset's dimensions, or false if name is not a dataset.
bool DatasetShape(hid_t group, const char* name, vector<int>* shape) {
  vector<hsize_t> dims;
  H5T_class_t type_class;
  if (!hdf5::DatasetInfo(group, name, &dims, &type_class)) return false;
  shape->assign(dims.begin(), dims.end());
  return true;
}

string ReadString(hid_t file, const char* name) {
  H5T_class_t type_class;
  size_t type_size = 0;
  if (H5LTget_dataset_info(file, name, nullptr, &type_class, &type_size) < 0 ||
      type_class != H5T_STRING) {
    return "";
  }
  string value(type_size, '\0');
  if (H5LTread_dataset_string(file, name, &value[0]) < 0) return "";
  value.resize(value.find('\0') == string::npos ? value.size()
                                                : value.find('\0'));
  return value;
}

}  // namespace

template <typename Dtype>
void SGDSolver<Dtype>::SnapshotSolverStateToHDF5(const string& model_filename) {
  const string snapshot_filename = this->SnapshotFilename(".solverstate.h5");
  LOG(INFO) << "Snapshotting solver state to HDF5 file " << snapshot_filename;
  WriteFileAtomically(snapshot_filename, [&](const string& temp_filename) {
    QuietHDF5Errors quiet;
    Hid file(H5Fcreate(temp_filename.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT,
                       H5P_DEFAULT),
             H5Fclose);
    CAFFE_REQUIRE(file.ok()) << "cannot create \"" << temp_filename << "\"";
    const int iter = this->iter_;
    const int current_step = this->current_step_;
    bool written =
        H5LTmake_dataset_int(file.get(), "iter", 0, nullptr, &iter) >= 0 &&
        H5LTmake_dataset_string(file.get(), "learned_net",
                                model_filename.c_str()) >= 0 &&
        H5LTmake_dataset_int(file.get(), "current_step", 0, nullptr,
                             &current_step) >= 0;
    Hid history(H5Gcreate2(file.get(), "history", H5P_DEFAULT, H5P_DEFAULT,
                           H5P_DEFAULT),
                H5Gclose);
    written = written && history.ok();
    for (size_t i = 0; written && i < history_.size(); ++i) {
      const vector<hsize_t> dims(history_[i]->shape().begin(),
                                 history_[i]->shape().end());
      written = WriteDataset(history.get(), std::to_string(i).c_str(),
                             history_[i]->num_axes(), dims.data(),
                             history_[i]->cpu_data()) >= 0;
    }
    CAFFE_REQUIRE(written) << "cannot write solver state to \""
                           << snapshot_filename << "\"";
  });
}

template <typename Dtype>
void SGDSolver<Dtype>::RestoreSolverStateFromHDF5(const string& state_file) {
  QuietHDF5Errors quiet;
  const string label = "solver state \"" + state_file + "\"";
  CAFFE_REQUIRE(H5Fis_hdf5(state_file.c_str()) > 0)
      << label << " is not an HDF5 file";
  Hid file(H5Fopen(state_file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
  CAFFE_REQUIRE(file.ok()) << "cannot open " << label;
  int iter = 0;
  int current_step = 0;
  // A .caffemodel.h5 has neither.
  CAFFE_REQUIRE(
      H5LTread_dataset_int(file.get(), "iter", &iter) >= 0 &&
      H5LTread_dataset_int(file.get(), "current_step", &current_step) >= 0)
      << label << " is not a solver state (no iter or current_step dataset)";
  ValidateRestoredCounters(iter, current_step, state_file);
  Hid history(H5Gopen2(file.get(), "history", H5P_DEFAULT), H5Gclose);
  H5G_info_t info;
  CAFFE_REQUIRE(history.ok() && H5Gget_info(history.get(), &info) >= 0)
      << label << " has no history group";
  CAFFE_REQUIRE(info.nlinks == history_.size())
      << label << " holds " << info.nlinks << " history blobs but the net \""
      << this->net_->name() << "\" has " << history_.size()
      << " learnable parameters; was it written for another net or solver "
         "type?";
  for (size_t i = 0; i < history_.size(); ++i) {
    vector<int> shape;
    CAFFE_REQUIRE(
        DatasetShape(history.get(), std::to_string(i).c_str(), &shape))
        << label << ": history/" << i << " is missing";
    if (shape != history_[i]->shape()) {
      Blob<Dtype> saved(shape);
      CAFFE_THROW() << label << ": history blob " << i << " has shape "
                    << saved.shape_string()
                    << " but the net's parameter has shape "
                    << history_[i]->shape_string();
    }
  }
  const string learned_net = ReadString(file.get(), "learned_net");
  if (!learned_net.empty()) this->RestoreLearnedNet(learned_net, state_file);
  for (size_t i = 0; i < history_.size(); ++i) {
    CAFFE_REQUIRE(ReadDataset(history.get(), std::to_string(i).c_str(),
                              history_[i]->mutable_cpu_data()) >= 0)
        << "cannot read history/" << i << " from " << label;
  }
  this->iter_ = iter;
  this->current_step_ = current_step;
}

#else  // USE_HDF5

template <typename Dtype>
void SGDSolver<Dtype>::SnapshotSolverStateToHDF5(const string& model_filename) {
  CAFFE_THROW() << "snapshot_format: HDF5 needs a build with USE_HDF5; use "
                   "snapshot_format: BINARYPROTO";
}

template <typename Dtype>
void SGDSolver<Dtype>::RestoreSolverStateFromHDF5(const string& state_file) {
  CAFFE_THROW() << "cannot restore \"" << state_file
                << "\": this build has no HDF5 support (USE_HDF5=OFF)";
}

#endif  // USE_HDF5

template void SGDSolver<float>::SnapshotSolverStateToHDF5(const string&);
template void SGDSolver<double>::SnapshotSolverStateToHDF5(const string&);
template void SGDSolver<float>::RestoreSolverStateFromHDF5(const string&);
template void SGDSolver<double>::RestoreSolverStateFromHDF5(const string&);

}  // namespace caffe

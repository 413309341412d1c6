// SGD solver state in Caffe's HDF5 layout (<prefix>_iter_N.solverstate.h5):
// one-element int datasets "iter" and "current_step" (scalar ones, which
// earlier Crema snapshots hold, read as well), string dataset
// "learned_net", and a group "history" holding one dataset per learnable
// parameter, named by its index and shaped like the parameter.

#include <climits>
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
using QuietHDF5Errors = hdf5::QuietErrors;

// The dataset's dimensions, or false if name is not a dataset.
bool DatasetShape(hid_t group, const char* name, vector<int>* shape) {
  vector<hsize_t> dims;
  H5T_class_t type_class;
  if (!hdf5::DatasetInfo(group, name, &dims, &type_class)) return false;
  shape->assign(dims.begin(), dims.end());
  return true;
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
    try {
      hdf5_save_int(file.get(), "iter", this->iter_);
      hdf5_save_string(file.get(), "learned_net", model_filename);
      hdf5_save_int(file.get(), "current_step", this->current_step_);
      Hid history(H5Gcreate2(file.get(), "history", H5P_DEFAULT, H5P_DEFAULT,
                             H5P_DEFAULT),
                  H5Gclose);
      CAFFE_REQUIRE(history.ok()) << "cannot create the history group";
      for (size_t i = 0; i < history_.size(); ++i) {
        hdf5_save_nd_dataset(history.get(), std::to_string(i), *history_[i]);
      }
    } catch (Error& error) {
      error.add_context(
          StrCat("cannot write solver state to \"", snapshot_filename, "\""));
      throw;
    }
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
  // A .caffemodel.h5 has neither.
  CAFFE_REQUIRE(hdf5::HasLink(file.get(), "iter") &&
                hdf5::HasLink(file.get(), "current_step"))
      << label << " is not a solver state (no iter or current_step dataset)";
  int iter = 0;
  int current_step = 0;
  try {
    iter = hdf5_load_int(file.get(), "iter");
    current_step = hdf5_load_int(file.get(), "current_step");
  } catch (Error& error) {
    error.add_context(label);
    throw;
  }
  ValidateRestoredCounters(iter, current_step, state_file);
  Hid history(H5Gopen2(file.get(), "history", H5P_DEFAULT), H5Gclose);
  CAFFE_REQUIRE(history.ok()) << label << " has no history group";
  const size_t num_history = hdf5_get_num_links(history.get());
  CAFFE_REQUIRE(num_history == history_.size())
      << label << " holds " << num_history << " history blobs but the net \""
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
  // Caffe writes the weights' file name; a state without it restores only
  // the history.
  if (hdf5::HasLink(file.get(), "learned_net")) {
    const string learned_net = hdf5_load_string(file.get(), "learned_net");
    if (!learned_net.empty()) this->RestoreLearnedNet(learned_net, state_file);
  }
  for (size_t i = 0; i < history_.size(); ++i) {
    try {
      hdf5_load_nd_dataset(history.get(), std::to_string(i).c_str(), 0,
                           INT_MAX, history_[i].get());
    } catch (Error& error) {
      error.add_context(label);
      throw;
    }
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

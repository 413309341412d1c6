// Stopping training at the first NaN or infinity: the checks Step makes on
// every iteration (the loss of each pass, the gradient's L1 norm), and the
// search for the layer to blame, run only once a value is seen not to be
// finite.
#include "caffe/solver_nonfinite.hpp"

#include <cmath>
#include <sstream>
#include <string>

#include "caffe/solver.hpp"

namespace caffe {

namespace {

// A non-finite value of a net: the layer, the index of the top or parameter
// blob holding it, and the value.
template <typename Dtype>
struct NonFiniteSite {
  int layer = -1;
  int blob = -1;
  Dtype value = 0;

  bool found() const { return layer >= 0; }
};

template <typename Dtype>
bool FindNonFinite(const Dtype* values, int count, Dtype* value) {
  for (int i = 0; i < count; ++i) {
    if (!std::isfinite(values[i])) {
      *value = values[i];
      return true;
    }
  }
  return false;
}

// The first layer, in forward order, with an output that is not finite. The
// outputs are read after the pass, so a layer computing in place shares its
// output with the layer before it, and that earlier layer is named.
template <typename Dtype>
NonFiniteSite<Dtype> FirstNonFiniteTop(const Net<Dtype>& net) {
  NonFiniteSite<Dtype> site;
  const vector<vector<Blob<Dtype>*> >& tops = net.top_vecs();
  for (size_t i = 0; i < tops.size(); ++i) {
    for (size_t j = 0; j < tops[i].size(); ++j) {
      if (FindNonFinite(tops[i][j]->cpu_data(), tops[i][j]->count(),
                        &site.value)) {
        site.layer = static_cast<int>(i);
        site.blob = static_cast<int>(j);
        return site;
      }
    }
  }
  return site;
}

// The first layer, in backward order, with a parameter blob whose gradient
// (diff) or value (data) is not finite.
template <typename Dtype>
NonFiniteSite<Dtype> LastNonFiniteParam(const Net<Dtype>& net, bool diff) {
  NonFiniteSite<Dtype> site;
  for (int i = static_cast<int>(net.layers().size()) - 1; i >= 0; --i) {
    const vector<shared_ptr<Blob<Dtype> > >& params = net.layers()[i]->blobs();
    for (size_t j = 0; j < params.size(); ++j) {
      const Dtype* values =
          diff ? params[j]->cpu_diff() : params[j]->cpu_data();
      if (FindNonFinite(values, params[j]->count(), &site.value)) {
        site.layer = i;
        site.blob = static_cast<int>(j);
        return site;
      }
    }
  }
  return site;
}

const char kCarryOn[] = " (--allow_nonfinite trains on regardless)";

}  // namespace

NonFiniteError::NonFiniteError(int iteration, const std::string& detail)
    : Error(detail), iteration_(iteration) {}

template <typename Dtype>
void Solver<Dtype>::CheckLossIsFinite(Dtype loss) {
  if (std::isfinite(loss)) return;
  const NonFiniteSite<Dtype> site = FirstNonFiniteTop(*net_);
  std::ostringstream detail;
  detail << "iteration " << iter_ << ": the loss is " << loss;
  if (site.found()) {
    detail << "; this is the first output, in forward order, that is not "
              "finite ("
           << site.value << ")";
  } else {
    // Every output finite: the loss weights made it overflow.
    detail << " although every layer's output is finite";
  }
  detail << "; training stopped" << KeepLastFiniteWeights() << kCarryOn;
  NonFiniteError error(iter_, detail.str());
  if (site.found()) {
    error.set_layer(net_->layer_names()[site.layer],
                    net_->layers()[site.layer]->type());
    error.set_blob(net_->blob_names()[net_->top_ids(site.layer)[site.blob]]);
  }
  throw error;
}

template <typename Dtype>
void Solver<Dtype>::CheckGradientsAreFinite() {
  double abs_sum = 0;
  for (const Blob<Dtype>* param : net_->learnable_params()) {
    abs_sum += param->asum_diff();
  }
  if (std::isfinite(abs_sum)) return;
  // Finite gradients can still overflow the sum; only a value that is not
  // finite stops training.
  const NonFiniteSite<Dtype> site = LastNonFiniteParam(*net_, true);
  if (!site.found()) return;
  std::ostringstream detail;
  detail << "iteration " << iter_ << ": the gradient of parameter blob "
         << site.blob << " is not finite (" << site.value
         << "); this is the first layer, in backward order, with such a "
            "gradient; training stopped before the update"
         << KeepLastFiniteWeights() << kCarryOn;
  NonFiniteError error(iter_, detail.str());
  error.set_layer(net_->layer_names()[site.layer],
                  net_->layers()[site.layer]->type());
  throw error;
}

template <typename Dtype>
string Solver<Dtype>::KeepLastFiniteWeights() {
  if (!Caffe::root_solver()) return "";
  if (param_.snapshot_prefix().empty()) {
    return "; no snapshot_prefix is set, so the weights were not saved";
  }
  const NonFiniteSite<Dtype> weights = LastNonFiniteParam(*net_, false);
  if (weights.found()) {
    return "; the weights of layer \"" + net_->layer_names()[weights.layer] +
           "\" are not finite either, so they were not saved";
  }
  try {
    Snapshot();
  } catch (const Error& error) {
    return string("; saving the last finite weights failed: ") + error.what();
  }
  const string weights_file = SnapshotFilename(
      param_.snapshot_format() == SolverParameter::HDF5 ? ".caffemodel.h5"
                                                        : ".caffemodel");
  LOG(WARNING) << "The last finite weights (iteration " << iter_ << ") are in "
               << weights_file;
  return "; the last finite weights are in " + weights_file;
}

template void Solver<float>::CheckLossIsFinite(float);
template void Solver<double>::CheckLossIsFinite(double);
template void Solver<float>::CheckGradientsAreFinite();
template void Solver<double>::CheckGradientsAreFinite();
template string Solver<float>::KeepLastFiniteWeights();
template string Solver<double>::KeepLastFiniteWeights();

}  // namespace caffe

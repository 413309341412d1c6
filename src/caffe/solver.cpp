#include "caffe/solver.hpp"

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "caffe/solver_validation.hpp"
#include "caffe/util/atomic_file.hpp"
#include "caffe/util/comma_list.hpp"
#include "caffe/util/io.hpp"
#include "caffe/util/upgrade_proto.hpp"

namespace caffe {

namespace {

// Whether filename ends with suffix.
bool EndsWith(const string& filename, const string& suffix) {
  return filename.size() >= suffix.size() &&
         filename.compare(filename.size() - suffix.size(), suffix.size(),
                          suffix) == 0;
}

}  // namespace

template <typename Dtype>
Solver<Dtype>::Solver(const SolverParameter& param) {
  Init(param);
}

template <typename Dtype>
Solver<Dtype>::Solver(const string& param_file) : param_file_(param_file) {
  SolverParameter param;
  ReadSolverParamsFromTextFileOrDie(param_file, &param);
  Init(param);
}

template <typename Dtype>
void Solver<Dtype>::Init(const SolverParameter& param) {
  LOG_IF(INFO, Caffe::root_solver())
      << "Initializing solver from parameters: " << std::endl
      << param.DebugString();
  param_ = param;
  ValidateSolverParameter(param_, param_file_);
  CheckSnapshotWritePermissions();
  RemoveSnapshotLeftovers();
  if (param_.random_seed() >= 0) {
    Caffe::set_random_seed(
        static_cast<unsigned int>(param_.random_seed() + Caffe::solver_rank()));
  }
  InitTrainNet();
  // Only the root tests (replicas of data-parallel training do not).
  if (Caffe::root_solver()) InitTestNets();
  LOG_IF(INFO, Caffe::root_solver()) << "Solver scaffolding done.";
  iter_ = 0;
  current_step_ = 0;
}

namespace {

// The train net's file, or the solver field that holds the net, for messages.
string TrainNetSource(const SolverParameter& param) {
  if (param.has_train_net_param()) return "the solver's train_net_param";
  if (param.has_train_net()) return param.train_net();
  if (param.has_net_param()) return "the solver's net_param";
  return param.net();
}

}  // namespace

template <typename Dtype>
void Solver<Dtype>::InitTrainNet() {
  const int num_train_nets = param_.has_net() + param_.has_net_param() +
                             param_.has_train_net() +
                             param_.has_train_net_param();
  const string field_names = "net, net_param, train_net, or train_net_param";
  CAFFE_REQUIRE(num_train_nets >= 1)
      << "solver has no net: SolverParameter must specify a train net using "
         "one of these fields: "
      << field_names;
  CAFFE_REQUIRE(num_train_nets <= 1)
      << "SolverParameter must not contain more than one of these fields "
         "specifying a train net: "
      << field_names << " (it has " << num_train_nets << ")";
  NetParameter net_param;
  if (param_.has_train_net_param()) {
    LOG_IF(INFO, Caffe::root_solver())
        << "Creating training net specified in train_net_param.";
    net_param.CopyFrom(param_.train_net_param());
  } else if (param_.has_train_net()) {
    LOG_IF(INFO, Caffe::root_solver())
        << "Creating training net from train_net file: " << param_.train_net();
    ReadNetParamsFromTextFileOrDie(param_.train_net(), &net_param);
  } else if (param_.has_net_param()) {
    LOG_IF(INFO, Caffe::root_solver())
        << "Creating training net specified in net_param.";
    net_param.CopyFrom(param_.net_param());
  } else {
    LOG_IF(INFO, Caffe::root_solver())
        << "Creating training net from net file: " << param_.net();
    ReadNetParamsFromTextFileOrDie(param_.net(), &net_param);
  }
  // Precedence, lowest first: the TRAIN phase, the net's own state, then
  // the solver's train_state.
  NetState net_state;
  net_state.set_phase(TRAIN);
  net_state.MergeFrom(net_param.state());
  net_state.MergeFrom(param_.train_state());
  *net_param.mutable_state() = net_state;
  net_.reset(new Net<Dtype>(net_param));
  RequireLayers(*net_, TrainNetSource(param_));
  for (int i = 0; i < param_.weights_size(); ++i) {
    LoadNetWeights<Dtype>(param_.weights(i), {net_.get()});
  }
}

template <typename Dtype>
void Solver<Dtype>::InitTestNets() {
  if (!Caffe::root_solver()) return;
  const bool has_net_param = param_.has_net_param();
  const bool has_net_file = param_.has_net();
  const int num_generic_nets = has_net_param + has_net_file;
  CAFFE_REQUIRE(num_generic_nets <= 1)
      << "Both net_param and net may not be specified.";
  const int num_test_net_params = param_.test_net_param_size();
  const int num_test_net_files = param_.test_net_size();
  const int num_test_nets = num_test_net_params + num_test_net_files;
  // The shared net may be instantiated as several test nets (one per extra
  // test_iter); explicit test nets need exactly one test_iter each.
  if (num_generic_nets) {
    CAFFE_REQUIRE(param_.test_iter_size() >= num_test_nets)
        << "test_iter must be specified for each test network: "
        << num_test_nets << " test nets but " << param_.test_iter_size()
        << " test_iter values";
  } else {
    CAFFE_REQUIRE(param_.test_iter_size() == num_test_nets)
        << "test_iter must be specified for each test network: "
        << num_test_nets << " test nets but " << param_.test_iter_size()
        << " test_iter values";
  }
  const int num_generic_net_instances = param_.test_iter_size() - num_test_nets;
  const int num_test_net_instances = num_test_nets + num_generic_net_instances;
  if (param_.test_state_size()) {
    CAFFE_REQUIRE(param_.test_state_size() == num_test_net_instances)
        << "test_state must be unspecified or specified once per test net: "
        << num_test_net_instances << " test nets but "
        << param_.test_state_size() << " test_state values";
  }
  if (num_test_net_instances) {
    CAFFE_REQUIRE(param_.test_interval() > 0)
        << "test_interval must be positive when there are test nets, got "
        << param_.test_interval();
  }
  vector<string> sources(num_test_net_instances);
  vector<NetParameter> net_params(num_test_net_instances);
  int test_net_id = 0;
  for (int i = 0; i < num_test_net_params; ++i, ++test_net_id) {
    sources[test_net_id] = "test_net_param";
    net_params[test_net_id].CopyFrom(param_.test_net_param(i));
  }
  for (int i = 0; i < num_test_net_files; ++i, ++test_net_id) {
    sources[test_net_id] = "test_net file: " + param_.test_net(i);
    ReadNetParamsFromTextFileOrDie(param_.test_net(i),
                                   &net_params[test_net_id]);
  }
  for (int i = 0; i < num_generic_net_instances; ++i, ++test_net_id) {
    if (has_net_param) {
      sources[test_net_id] = "net_param";
      net_params[test_net_id].CopyFrom(param_.net_param());
    } else {
      sources[test_net_id] = "net file: " + param_.net();
      ReadNetParamsFromTextFileOrDie(param_.net(), &net_params[test_net_id]);
    }
  }
  test_nets_.resize(num_test_net_instances);
  for (int i = 0; i < num_test_net_instances; ++i) {
    NetState net_state;
    net_state.set_phase(TEST);
    net_state.MergeFrom(net_params[i].state());
    if (param_.test_state_size()) net_state.MergeFrom(param_.test_state(i));
    *net_params[i].mutable_state() = net_state;
    LOG(INFO) << "Creating test net (#" << i << ") specified by " << sources[i];
    test_nets_[i].reset(new Net<Dtype>(net_params[i]));
    test_nets_[i]->set_debug_info(param_.debug_info());
    for (int w = 0; w < param_.weights_size(); ++w) {
      LoadNetWeights<Dtype>(param_.weights(w), {test_nets_[i].get()});
    }
  }
}

template <typename Dtype>
void Solver<Dtype>::SetActionFunction(ActionCallback func) {
  action_request_function_ = func;
}

template <typename Dtype>
SolverAction::Enum Solver<Dtype>::GetRequestedAction() {
  if (action_request_function_) return action_request_function_();
  return SolverAction::NONE;
}

template <typename Dtype>
SolverAction::Enum Solver<Dtype>::AgreedAction(SolverAction::Enum request) {
  for (Callback* callback : callbacks_) request = callback->on_action(request);
  return request;
}

template <typename Dtype>
Dtype Solver<Dtype>::AgreedLoss(Dtype loss) {
  for (Callback* callback : callbacks_) callback->on_loss_ready(&loss);
  return loss;
}

template <typename Dtype>
void Solver<Dtype>::Step(int iters) {
  const int start_iter = iter_;
  const int stop_iter = iter_ + iters;
  const int average_loss = param_.average_loss();
  losses_.clear();
  smoothed_loss_ = 0;
  iteration_timer_.Start();

  while (iter_ < stop_iter) {
    net_->ClearParamDiffs();
    if (param_.test_interval() && iter_ % param_.test_interval() == 0 &&
        (iter_ > 0 || param_.test_initialization())) {
      if (Caffe::root_solver()) TestAll();
      // A stop requested while testing ends training here, on every replica.
      requested_early_exit_ =
          AgreedAction(requested_early_exit_ ? SolverAction::STOP
                                             : SolverAction::NONE) ==
          SolverAction::STOP;
      if (requested_early_exit_) break;
    }
    for (Callback* callback : callbacks_) callback->on_start();

    const bool display = param_.display() && iter_ % param_.display() == 0;
    net_->set_debug_info(display && param_.debug_info());
    // Gradients accumulate over iter_size passes; the loss is their mean.
    Dtype loss = 0;
    for (int i = 0; i < param_.iter_size(); ++i) {
      const Dtype pass_loss = net_->ForwardBackward();
      if (!allow_nonfinite_) CheckLossIsFinite(pass_loss);
      loss += pass_loss;
    }
    loss /= param_.iter_size();
    loss = AgreedLoss(loss);
    UpdateSmoothedLoss(loss, start_iter, average_loss);
    if (display) {
      const float lapse = iteration_timer_.Seconds();
      const float per_s = (iter_ - iterations_last_) / (lapse ? lapse : 1);
      LOG_IF(INFO, Caffe::root_solver())
          << "Iteration " << iter_ << " (" << per_s << " iter/s, " << lapse
          << "s/" << param_.display() << " iters), loss = " << smoothed_loss_;
      iteration_timer_.Start();
      iterations_last_ = iter_;
      DisplayOutputBlobs();
    }
    for (Callback* callback : callbacks_) callback->on_gradients_ready();
    // Replicas hold the same gradients now: the root alone checks them (and
    // keeps the last finite weights), and its error ends the others.
    if (!allow_nonfinite_ && Caffe::root_solver()) CheckGradientsAreFinite();
    ApplyUpdate();

    // iter_ counts the updates applied so far.
    ++iter_;

    const SolverAction::Enum request = AgreedAction(GetRequestedAction());
    if (Caffe::root_solver() &&
        ((param_.snapshot() && iter_ % param_.snapshot() == 0) ||
         request == SolverAction::SNAPSHOT)) {
      Snapshot();
    }
    if (request == SolverAction::STOP) {
      requested_early_exit_ = true;
      break;
    }
  }
}

template <typename Dtype>
void Solver<Dtype>::DisplayOutputBlobs() {
  if (!Caffe::root_solver()) return;
  const vector<Blob<Dtype>*>& result = net_->output_blobs();
  int score_index = 0;
  for (size_t j = 0; j < result.size(); ++j) {
    const Dtype* result_vec = result[j]->cpu_data();
    const int blob_index = net_->output_blob_indices()[j];
    const string& output_name = net_->blob_names()[blob_index];
    const Dtype loss_weight = net_->blob_loss_weights()[blob_index];
    for (int k = 0; k < result[j]->count(); ++k) {
      LOG(INFO) << "    Train net output #" << score_index++ << ": "
                << output_name << " = " << result_vec[k]
                << LossWeightNote(loss_weight, result_vec[k]);
    }
  }
}

template <typename Dtype>
void Solver<Dtype>::UpdateSmoothedLoss(Dtype loss, int start_iter,
                                       int average_loss) {
  if (static_cast<int>(losses_.size()) < average_loss) {
    losses_.push_back(loss);
    const int size = static_cast<int>(losses_.size());
    smoothed_loss_ = (smoothed_loss_ * (size - 1) + loss) / size;
  } else {
    // A ring buffer of the last average_loss losses.
    const int idx = (iter_ - start_iter) % average_loss;
    smoothed_loss_ += (loss - losses_[idx]) / average_loss;
    losses_[idx] = loss;
  }
}

template <typename Dtype>
void Solver<Dtype>::Solve(const char* resume_file) {
  // Replicas (caffe/parallel/data_parallel.hpp) each run Solve; the root
  // alone logs, tests and snapshots.
  const bool root = Caffe::root_solver();
  LOG_IF(INFO, root) << "Solving " << net_->name();
  LOG_IF(INFO, root) << "Learning Rate Policy: " << param_.lr_policy();

  requested_early_exit_ = false;
  if (resume_file) {
    LOG_IF(INFO, root) << "Restoring previous solver status from "
                       << resume_file;
    Restore(resume_file);
  }
  ValidateIterationsToTrain(param_, iter_, param_file_);

  const int start_iter = iter_;
  Step(param_.max_iter() - iter_);
  // The last iteration's snapshot may already have been written by Step.
  if (root && param_.snapshot_after_train() &&
      (!param_.snapshot() || iter_ % param_.snapshot() != 0)) {
    Snapshot();
  }
  if (requested_early_exit_) {
    LOG_IF(INFO, root) << "Optimization stopped early.";
    return;
  }
  // Step displays and tests before each update; the final weights get one
  // more of each here.
  if (param_.display() && iter_ % param_.display() == 0) {
    Dtype loss;
    net_->Forward(&loss);
    UpdateSmoothedLoss(AgreedLoss(loss), start_iter, param_.average_loss());
    LOG_IF(INFO, root) << "Iteration " << iter_
                       << ", loss = " << smoothed_loss_;
  }
  if (root && param_.test_interval() && iter_ % param_.test_interval() == 0) {
    TestAll();
  }
  LOG_IF(INFO, root) << "Optimization Done.";
}

template <typename Dtype>
void Solver<Dtype>::TestAll() {
  for (int test_net_id = 0; test_net_id < static_cast<int>(test_nets_.size()) &&
                            !requested_early_exit_;
       ++test_net_id) {
    Test(test_net_id);
  }
}

template <typename Dtype>
void Solver<Dtype>::Test(const int test_net_id) {
  CHECK(Caffe::root_solver());
  LOG(INFO) << "Iteration " << iter_ << ", Testing net (#" << test_net_id
            << ")";
  const shared_ptr<Net<Dtype> >& test_net = test_nets_[test_net_id];
  CHECK(test_net);
  test_net->ShareTrainedLayersWith(net_.get());
  vector<Dtype> test_score;
  vector<int> test_score_output_id;
  Dtype loss = 0;
  const int test_iter = param_.test_iter(test_net_id);
  for (int i = 0; i < test_iter; ++i) {
    // Requests arriving during a long test are served between batches.
    for (SolverAction::Enum request = GetRequestedAction();
         request != SolverAction::NONE; request = GetRequestedAction()) {
      if (request == SolverAction::SNAPSHOT) {
        Snapshot();
      } else if (request == SolverAction::STOP) {
        requested_early_exit_ = true;
      }
    }
    if (requested_early_exit_) break;

    Dtype iter_loss;
    const vector<Blob<Dtype>*>& result = test_net->Forward(&iter_loss);
    if (param_.test_compute_loss()) loss += iter_loss;
    int idx = 0;
    for (size_t j = 0; j < result.size(); ++j) {
      const Dtype* result_vec = result[j]->cpu_data();
      for (int k = 0; k < result[j]->count(); ++k, ++idx) {
        if (i == 0) {
          test_score.push_back(result_vec[k]);
          test_score_output_id.push_back(static_cast<int>(j));
        } else {
          test_score[idx] += result_vec[k];
        }
      }
    }
  }
  if (requested_early_exit_) {
    LOG(INFO) << "Test interrupted.";
    return;
  }
  if (param_.test_compute_loss()) {
    loss /= test_iter;
    LOG(INFO) << "Test loss: " << loss;
  }
  for (size_t i = 0; i < test_score.size(); ++i) {
    const int blob_index =
        test_net->output_blob_indices()[test_score_output_id[i]];
    const string& output_name = test_net->blob_names()[blob_index];
    const Dtype loss_weight = test_net->blob_loss_weights()[blob_index];
    const Dtype mean_score = test_score[i] / test_iter;
    LOG(INFO) << "    Test net output #" << i << ": " << output_name << " = "
              << mean_score << LossWeightNote(loss_weight, mean_score);
  }
}

template <typename Dtype>
void Solver<Dtype>::Snapshot() {
  CHECK(Caffe::root_solver());
  string model_filename;
  switch (param_.snapshot_format()) {
    case SolverParameter::BINARYPROTO:
      model_filename = SnapshotToBinaryProto();
      break;
    case SolverParameter::HDF5:
      model_filename = SnapshotToHDF5();
      break;
  }
  SnapshotSolverState(model_filename);
}

template <typename Dtype>
void Solver<Dtype>::CheckSnapshotWritePermissions() {
  if (!Caffe::root_solver() || !param_.snapshot()) return;
  CAFFE_REQUIRE(param_.has_snapshot_prefix())
      << "In solver params, snapshot is specified but snapshot_prefix is not";
  const string probe_filename = SnapshotFilename(".tempfile");
  std::ofstream probe(probe_filename.c_str());
  CAFFE_REQUIRE(probe.good())
      << "Cannot write to snapshot prefix '" << param_.snapshot_prefix()
      << "'.  Make sure that the directory exists and is writable.";
  probe.close();
  std::remove(probe_filename.c_str());
}

template <typename Dtype>
void Solver<Dtype>::RemoveSnapshotLeftovers() {
  if (!Caffe::root_solver() || !param_.has_snapshot_prefix()) return;
  for (const string& path :
       RemoveAtomicWriteLeftovers(param_.snapshot_prefix() + "_iter_")) {
    LOG(INFO) << "Removed " << path
              << ", a snapshot left unfinished by an earlier run";
  }
}

template <typename Dtype>
string Solver<Dtype>::SnapshotFilename(const string& extension) {
  return param_.snapshot_prefix() + "_iter_" + std::to_string(iter_) +
         extension;
}

template <typename Dtype>
string Solver<Dtype>::SnapshotToBinaryProto() {
  const string model_filename = SnapshotFilename(".caffemodel");
  LOG(INFO) << "Snapshotting to binary proto file " << model_filename;
  NetParameter net_param;
  net_->ToProto(&net_param, param_.snapshot_diff());
  WriteProtoToBinaryFile(net_param, model_filename);
  return model_filename;
}

template <typename Dtype>
string Solver<Dtype>::SnapshotToHDF5() {
  const string model_filename = SnapshotFilename(".caffemodel.h5");
  LOG(INFO) << "Snapshotting to HDF5 file " << model_filename;
  WriteFileAtomically(model_filename, [this](const string& temp_filename) {
    net_->ToHDF5(temp_filename, param_.snapshot_diff());
  });
  return model_filename;
}

template <typename Dtype>
void Solver<Dtype>::RestoreLearnedNet(const string& learned_net,
                                      const string& state_file) {
  namespace fs = std::filesystem;
  const fs::path beside =
      fs::path(state_file).parent_path() / fs::path(learned_net).filename();
  if (!fs::exists(learned_net) && fs::exists(beside)) {
    LOG(INFO) << "Weights " << learned_net << " not found; using "
              << beside.string();
    net_->CopyTrainedLayersFrom(beside.string());
  } else {
    net_->CopyTrainedLayersFrom(learned_net);
  }
}

template <typename Dtype>
void Solver<Dtype>::Restore(const char* state_file) {
  // Every replica of data-parallel training restores the same state.
  const string state_filename(state_file);
  CheckFileReadable(state_filename, "solver state");
  if (EndsWith(state_filename, ".h5")) {
    RestoreSolverStateFromHDF5(state_filename);
  } else {
    RestoreSolverStateFromBinaryProto(state_filename);
  }
}

template <typename Dtype>
string LossWeightNote(const Dtype loss_weight, const Dtype value) {
  if (!loss_weight) return "";
  ostringstream note;
  note << " (* " << loss_weight << " = " << loss_weight * value << " loss)";
  return note.str();
}

template <typename Dtype>
void LoadNetWeights(const string& weight_files,
                    const vector<Net<Dtype>*>& nets) {
  for (const string& file : SplitOnComma(weight_files)) {
    LOG(INFO) << "Finetuning from " << file;
    for (Net<Dtype>* net : nets) net->CopyTrainedLayersFrom(file);
  }
}

INSTANTIATE_CLASS(Solver);
template string LossWeightNote(float, float);
template string LossWeightNote(double, double);
template void LoadNetWeights(const string&, const vector<Net<float>*>&);
template void LoadNetWeights(const string&, const vector<Net<double>*>&);

}  // namespace caffe

// caffe: the command-line brew. Trains, scores and times nets, and queries
// GPUs, with BVLC Caffe's commands, flags and log wording:
//
//   caffe train  --solver=solver.prototxt [--weights=a.caffemodel,b.caffemodel
//                | --snapshot=x.solverstate] [--gpu=0,1|all]
//                [--allow_nonfinite]
//   caffe test   --model=net.prototxt --weights=net.caffemodel
//   [--iterations=50] caffe time   --model=net.prototxt [--iterations=50]
//   [--threads=N] caffe device_query --gpu=0
//
// Every mistake in the input (a flag, a file, a definition) ends the program
// with one line on stderr, "caffe: error: <message>", and exit status 1.
#include "caffe/caffe.hpp"

#include <gflags/gflags.h>
#include <glog/logging.h>

#include <algorithm>
#include <exception>
#include <functional>
#include <iomanip>
#include <iostream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "caffe/parallel/data_parallel.hpp"
#include "caffe/solver_validation.hpp"
#include "caffe/util/comma_list.hpp"
#include "caffe/util/math_functions.hpp"
#include "caffe/util/signal_handler.h"
#include "caffe/util/tool_main.hpp"

using caffe::Blob;
using caffe::Caffe;
using caffe::Layer;
using caffe::Net;
using caffe::Solver;
namespace SolverAction = caffe::SolverAction;
using caffe::Timer;
using std::string;
using std::vector;

DEFINE_string(gpu, "",
              "Optional; run in GPU mode on the given device IDs separated by "
              "','. Use '--gpu all' to run on all available GPUs. The "
              "effective training batch size is multiplied by the number of "
              "devices.");
DEFINE_string(solver, "", "The solver definition protocol buffer text file.");
DEFINE_string(model, "", "The model definition protocol buffer text file.");
DEFINE_string(phase, "",
              "Optional; network phase (TRAIN or TEST). Only used for 'time'.");
DEFINE_int32(level, 0, "Optional; network level.");
DEFINE_string(stage, "",
              "Optional; network stages (not to be confused with phase), "
              "separated by ','.");
DEFINE_string(snapshot, "",
              "Optional; the snapshot solver state to resume training.");
DEFINE_string(weights, "",
              "Optional; the pretrained weights to initialize finetuning, "
              "separated by ','. Cannot be set simultaneously with snapshot.");
DEFINE_int32(iterations, 50, "The number of iterations to run.");
DEFINE_string(sigint_effect, "stop",
              "Optional; action to take when a SIGINT signal is received: "
              "snapshot, stop or none.");
DEFINE_string(sighup_effect, "snapshot",
              "Optional; action to take when a SIGHUP signal is received: "
              "snapshot, stop or none.");
DEFINE_bool(allow_nonfinite, false,
            "Optional (Crema); keep training when the loss or a gradient "
            "becomes NaN or infinite, as Caffe does, instead of stopping "
            "with an error that names the iteration and the layer.");
DEFINE_bool(deterministic_reduction, false,
            "Optional (Crema); when training under mpirun, sum the "
            "processes' gradients in rank order, so that a run repeats bit "
            "for bit (slower with many processes).");
DEFINE_string(engine, "",
              "Optional (Crema); engines to prefer, separated by ',', for "
              "layers whose prototxt leaves the engine open (e.g. CAFFE for "
              "the reference implementation everywhere, ONEDNN); a layer "
              "type without the engine keeps its own choice.");
DEFINE_int32(threads, 0,
             "Optional (Crema); number of CPU threads for the kernels "
             "(0: the OpenMP default, OMP_NUM_THREADS or one per core).");

namespace {

const char kCommands[] =
    "commands:\n"
    "  train           train or finetune a model\n"
    "  test            score a model\n"
    "  device_query    show GPU diagnostic information\n"
    "  time            benchmark model execution time\n";

// The engines named by --engine, each one that some layer type has.
vector<string> EnginesFromFlags() {
  const vector<string> engines = caffe::SplitOnComma(FLAGS_engine);
  std::set<string> known;
  for (const string& type : caffe::LayerRegistry<float>::LayerTypeList()) {
    for (const string& engine : caffe::LayerRegistry<float>::EngineList(type)) {
      known.insert(engine);
    }
  }
  for (const string& engine : engines) {
    if (known.count(engine)) continue;
    string names;
    for (const string& name : known) names += (names.empty() ? "" : ", ") + name;
    CAFFE_THROW() << "--engine=" << FLAGS_engine << ": no layer type of this "
                  << "build has engine '" << engine << "'; engines: " << names;
  }
  return engines;
}

// The device IDs named by --gpu: none, a list, or every device for "all".
vector<int> GpusFromFlags() {
  vector<int> gpus;
  if (FLAGS_gpu.empty()) return gpus;
#ifdef CPU_ONLY
  CAFFE_THROW() << "--gpu=" << FLAGS_gpu
                << ": this Crema was built without CUDA (CPU_ONLY); "
                   "leave out --gpu to run on the CPU";
#else
  if (FLAGS_gpu == "all") {
    int count = 0;
    CAFFE_REQUIRE(cudaGetDeviceCount(&count) == cudaSuccess && count > 0)
        << "--gpu=all: no CUDA device is available";
    for (int i = 0; i < count; ++i) gpus.push_back(i);
    return gpus;
  }
  for (const string& id : caffe::SplitOnComma(FLAGS_gpu)) {
    size_t used = 0;
    int device = -1;
    try {
      device = std::stoi(id, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    CAFFE_REQUIRE(used == id.size() && device >= 0)
        << "--gpu=" << FLAGS_gpu << ": '" << id
        << "' is not a device ID (expected IDs separated by ',' or 'all')";
    gpus.push_back(device);
  }
  CAFFE_REQUIRE(!gpus.empty()) << "--gpu=" << FLAGS_gpu << " names no device";
  return gpus;
#endif
}

void LogGpus(const vector<int>& gpus) {
#ifndef CPU_ONLY
  for (int gpu : gpus) {
    cudaDeviceProp properties;
    if (cudaGetDeviceProperties(&properties, gpu) == cudaSuccess) {
      LOG(INFO) << "GPU " << gpu << ": " << properties.name;
    } else {
      cudaGetLastError();
      CAFFE_THROW() << "--gpu: there is no CUDA device " << gpu;
    }
  }
#endif
}

caffe::Phase PhaseFromFlags(caffe::Phase default_phase) {
  if (FLAGS_phase.empty()) return default_phase;
  if (FLAGS_phase == "TRAIN") return caffe::TRAIN;
  if (FLAGS_phase == "TEST") return caffe::TEST;
  CAFFE_THROW() << "--phase=" << FLAGS_phase << ": expected TRAIN or TEST";
}

SolverAction::Enum ActionFromFlag(const string& flag_name,
                                  const string& value) {
  if (value == "stop") return SolverAction::STOP;
  if (value == "snapshot") return SolverAction::SNAPSHOT;
  if (value == "none") return SolverAction::NONE;
  CAFFE_THROW() << "--" << flag_name << "=" << value
                << ": expected stop, snapshot or none";
}

void RequireFlag(const string& value, const string& flag_name,
                 const string& purpose) {
  CAFFE_REQUIRE(!value.empty())
      << "--" << flag_name << " is required " << purpose;
}

// Train / finetune a model.
int Train(caffe::ProcessGroup* group) {
  RequireFlag(FLAGS_solver, "solver", "to train (the solver definition)");
  CAFFE_REQUIRE(FLAGS_snapshot.empty() || FLAGS_weights.empty())
      << "Give a snapshot to resume training or weights to finetune but not "
         "both.";
  caffe::CheckFileReadable(FLAGS_solver, "solver");
  const vector<string> weight_files = caffe::SplitOnComma(FLAGS_weights);
  for (const string& file : weight_files) {
    caffe::CheckFileReadable(file, "weights");
  }
  if (!FLAGS_snapshot.empty()) {
    caffe::CheckFileReadable(FLAGS_snapshot, "snapshot");
  }
  const SolverAction::Enum sigint_action =
      ActionFromFlag("sigint_effect", FLAGS_sigint_effect);
  const SolverAction::Enum sighup_action =
      ActionFromFlag("sighup_effect", FLAGS_sighup_effect);

  caffe::SolverParameter solver_param;
  caffe::ReadSolverParamsFromTextFileOrDie(FLAGS_solver, &solver_param);
  solver_param.mutable_train_state()->set_level(FLAGS_level);
  for (const string& stage : caffe::SplitOnComma(FLAGS_stage)) {
    solver_param.mutable_train_state()->add_stage(stage);
  }
  // --weights replaces the solver's own list; a snapshot brings its weights.
  if (!FLAGS_snapshot.empty() || !weight_files.empty()) {
    solver_param.clear_weights();
  }

  // A solver that asks for the GPU runs on its device_id unless --gpu says
  // otherwise; a CPU-only build trains on the CPU instead.
  if (FLAGS_gpu.empty() && solver_param.has_solver_mode() &&
      solver_param.solver_mode() == caffe::SolverParameter_SolverMode_GPU) {
#ifdef CPU_ONLY
    LOG(WARNING) << FLAGS_solver << " asks for solver_mode: GPU, but this "
                 << "Crema was built without CUDA; training on the CPU.";
#else
    FLAGS_gpu = std::to_string(solver_param.device_id());
#endif
  }
  const vector<int> gpus = GpusFromFlags();
  if (gpus.empty()) {
    LOG(INFO) << "Use CPU.";
    solver_param.set_solver_mode(caffe::SolverParameter_SolverMode_CPU);
    Caffe::set_mode(Caffe::CPU);
  } else {
    std::ostringstream ids;
    for (size_t i = 0; i < gpus.size(); ++i) ids << (i ? ", " : "") << gpus[i];
    LOG(INFO) << "Using GPUs " << ids.str();
    LogGpus(gpus);
    CAFFE_REQUIRE(gpus.size() == 1)
        << "--gpu=" << FLAGS_gpu << ": training on several GPUs at once is "
        << "not supported by this build; name one device";
    solver_param.set_device_id(gpus[0]);
    solver_param.set_solver_mode(caffe::SolverParameter_SolverMode_GPU);
    Caffe::SetDevice(gpus[0]);
    Caffe::set_mode(Caffe::GPU);
    if (!group) Caffe::set_solver_count(static_cast<int>(gpus.size()));
  }

  caffe::SignalHandler signal_handler(sigint_action, sighup_action);
  std::shared_ptr<Solver<float> > solver(
      caffe::SolverRegistry<float>::CreateSolver(solver_param));
  solver->SetActionFunction(signal_handler.GetActionFunction());
  solver->set_allow_nonfinite(FLAGS_allow_nonfinite);
  std::unique_ptr<caffe::DataParallelSync<float> > sync;
  if (group) {
    sync.reset(new caffe::DataParallelSync<float>(
        group, solver.get(), FLAGS_deterministic_reduction));
    solver->add_callback(sync.get());
  }

  if (!FLAGS_snapshot.empty()) {
    LOG(INFO) << "Resuming from " << FLAGS_snapshot;
    solver->Restore(FLAGS_snapshot.c_str());
  } else {
    vector<Net<float>*> nets = {solver->net().get()};
    for (const auto& test_net : solver->test_nets()) {
      nets.push_back(test_net.get());
    }
    caffe::LoadNetWeights(FLAGS_weights, nets);
  }
  solver->Solve();
  LOG_IF(INFO, Caffe::root_solver()) << "Optimization Done.";
  return 0;
}

// Runs Train; the solver raises errors about its fields without knowing
// which file they came from, so --solver is named here.
int TrainNamingSolverFile(caffe::ProcessGroup* group) {
  try {
    return Train(group);
  } catch (caffe::SolverParameterError& error) {
    error.set_file(FLAGS_solver);
    throw;
  }
}

// Runs Train as one process of those mpirun or srun started, if it was
// (each trains a replica: caffe/parallel/data_parallel.hpp). There an error
// is printed naming the process and ends all of them, so that none waits for
// ever on the one that stopped.
int TrainLaunched() {
  std::unique_ptr<caffe::ProcessGroup> group =
      caffe::JoinLaunchedProcessGroup();
  if (!group) return TrainNamingSolverFile(nullptr);
  caffe::UseProcessGroup(*group);
  // Only the root logs progress; warnings and errors come from every rank.
  if (group->rank() > 0) FLAGS_minloglevel = std::max(FLAGS_minloglevel, 1);
  LOG(INFO) << "Training as " << group->size() << " processes; this is rank "
            << group->rank();
  try {
    return TrainNamingSolverFile(group.get());
  } catch (const std::exception& error) {
    caffe::PrintToolError("caffe", "rank " + std::to_string(group->rank()) +
                                       " of " + std::to_string(group->size()) +
                                       ": " + error.what());
    group->Abort(1);
  }
}

void UseDeviceFromFlags() {
  const vector<int> gpus = GpusFromFlags();
  if (gpus.empty()) {
    LOG(INFO) << "Use CPU.";
    Caffe::set_mode(Caffe::CPU);
    return;
  }
  LogGpus({gpus[0]});
  LOG(INFO) << "Use GPU with device ID " << gpus[0];
  Caffe::SetDevice(gpus[0]);
  Caffe::set_mode(Caffe::GPU);
}

// Score a model: the average of every output over --iterations batches.
int Test() {
  RequireFlag(FLAGS_model, "model", "to score (the model definition)");
  RequireFlag(FLAGS_weights, "weights", "to score (the trained weights)");
  caffe::CheckFileReadable(FLAGS_model, "model");
  caffe::CheckFileReadable(FLAGS_weights, "weights");
  CAFFE_REQUIRE(FLAGS_iterations > 0)
      << "--iterations=" << FLAGS_iterations << ": must be positive";
  UseDeviceFromFlags();

  const vector<string> stages = caffe::SplitOnComma(FLAGS_stage);
  Net<float> net(FLAGS_model, caffe::TEST, FLAGS_level, &stages);
  caffe::RequireLayers(net, FLAGS_model);
  net.CopyTrainedLayersFrom(FLAGS_weights);
  LOG(INFO) << "Running for " << FLAGS_iterations << " iterations.";

  // One running sum per scalar of every output blob, in output order.
  vector<float> sums;
  vector<int> sum_output;
  float loss = 0;
  for (int i = 0; i < FLAGS_iterations; ++i) {
    float iteration_loss = 0;
    const vector<Blob<float>*>& outputs = net.Forward(&iteration_loss);
    loss += iteration_loss;
    size_t index = 0;
    for (int j = 0; j < static_cast<int>(outputs.size()); ++j) {
      const string& name = net.blob_names()[net.output_blob_indices()[j]];
      const float* values = outputs[j]->cpu_data();
      for (int k = 0; k < outputs[j]->count(); ++k, ++index) {
        if (i == 0) {
          sums.push_back(values[k]);
          sum_output.push_back(j);
        } else {
          sums[index] += values[k];
        }
        LOG(INFO) << "Batch " << i << ", " << name << " = " << values[k];
      }
    }
  }
  loss /= FLAGS_iterations;
  LOG(INFO) << "Loss: " << loss;
  for (size_t i = 0; i < sums.size(); ++i) {
    const int blob_index = net.output_blob_indices()[sum_output[i]];
    const float mean = sums[i] / FLAGS_iterations;
    const float loss_weight = net.blob_loss_weights()[blob_index];
    LOG(INFO) << net.blob_names()[blob_index] << " = " << mean
              << caffe::LossWeightNote(loss_weight, mean);
  }
  return 0;
}

// Time a model: forward and backward of every layer, averaged over
// --iterations passes.
int Time() {
  RequireFlag(FLAGS_model, "model", "to time (the model definition)");
  caffe::CheckFileReadable(FLAGS_model, "model");
  CAFFE_REQUIRE(FLAGS_iterations > 0)
      << "--iterations=" << FLAGS_iterations << ": must be positive";
  const caffe::Phase phase = PhaseFromFlags(caffe::TRAIN);
  UseDeviceFromFlags();

  const vector<string> stages = caffe::SplitOnComma(FLAGS_stage);
  Net<float> net(FLAGS_model, phase, FLAGS_level, &stages);
  caffe::RequireLayers(net, FLAGS_model);

  // A first pass outside the timing allocates buffers and warms caches.
  LOG(INFO) << "Performing Forward";
  float initial_loss = 0;
  net.Forward(&initial_loss);
  LOG(INFO) << "Initial loss: " << initial_loss;
  LOG(INFO) << "Performing Backward";
  net.Backward();

  const auto& layers = net.layers();
  const auto& bottoms = net.bottom_vecs();
  const auto& tops = net.top_vecs();
  const auto& bottom_need_backward = net.bottom_need_backward();
  const int num_layers = static_cast<int>(layers.size());
  LOG(INFO) << "*** Benchmark begins ***";
  LOG(INFO) << "Testing for " << FLAGS_iterations << " iterations.";
  Timer total_timer;
  Timer iteration_timer;
  Timer pass_timer;
  Timer layer_timer;
  vector<double> forward_us(num_layers, 0.0);
  vector<double> backward_us(num_layers, 0.0);
  double forward_total_us = 0;
  double backward_total_us = 0;
  total_timer.Start();
  for (int iteration = 0; iteration < FLAGS_iterations; ++iteration) {
    iteration_timer.Start();
    pass_timer.Start();
    for (int i = 0; i < num_layers; ++i) {
      layer_timer.Start();
      layers[i]->Forward(bottoms[i], tops[i]);
      forward_us[i] += layer_timer.MicroSeconds();
    }
    forward_total_us += pass_timer.MicroSeconds();
    pass_timer.Start();
    for (int i = num_layers - 1; i >= 0; --i) {
      layer_timer.Start();
      layers[i]->Backward(tops[i], bottom_need_backward[i], bottoms[i]);
      backward_us[i] += layer_timer.MicroSeconds();
    }
    backward_total_us += pass_timer.MicroSeconds();
    LOG(INFO) << "Iteration: " << iteration + 1
              << " forward-backward time: " << iteration_timer.MilliSeconds()
              << " ms.";
  }
  const double to_average_ms = 1.0 / (1000.0 * FLAGS_iterations);
  LOG(INFO) << "Average time per layer: ";
  for (int i = 0; i < num_layers; ++i) {
    const string& name = net.layer_names()[i];
    LOG(INFO) << std::setfill(' ') << std::setw(10) << name
              << "\tforward: " << forward_us[i] * to_average_ms << " ms.";
    LOG(INFO) << std::setfill(' ') << std::setw(10) << name
              << "\tbackward: " << backward_us[i] * to_average_ms << " ms.";
  }
  total_timer.Stop();
  LOG(INFO) << "Average Forward pass: " << forward_total_us * to_average_ms
            << " ms.";
  LOG(INFO) << "Average Backward pass: " << backward_total_us * to_average_ms
            << " ms.";
  LOG(INFO) << "Average Forward-Backward: "
            << total_timer.MilliSeconds() / FLAGS_iterations << " ms.";
  LOG(INFO) << "Total Time: " << total_timer.MilliSeconds() << " ms.";
  LOG(INFO) << "*** Benchmark ends ***";
  return 0;
}

// Show the properties of the GPUs named by --gpu.
int DeviceQuery() {
  RequireFlag(FLAGS_gpu, "gpu", "to query (a device ID, a list, or all)");
  for (int gpu : GpusFromFlags()) {
    LOG(INFO) << "Querying GPUs " << gpu;
    Caffe::SetDevice(gpu);
    Caffe::DeviceQuery();
  }
  return 0;
}

const std::map<string, std::function<int()> >& Commands() {
  static const std::map<string, std::function<int()> > commands = {
      {"train", TrainLaunched},
      {"test", Test},
      {"time", Time},
      {"device_query", DeviceQuery}};
  return commands;
}

void PrintUsage(std::ostream& out) {
  out << "usage: caffe <command> <args>\n\n"
      << kCommands << "\nRun 'caffe --helpshort' for the flags.\n";
}

}  // namespace

int main(int argc, char** argv) {
  // Like Caffe's tools, log to the terminal rather than to files.
  FLAGS_logtostderr = true;
  gflags::SetUsageMessage(string("command line brew\nusage: caffe <command> "
                                 "<args>\n\n") +
                          kCommands);
  return caffe::RunPrintingErrors("caffe", [&] {
    caffe::GlobalInit(&argc, &argv);
    if (argc < 2) {
      PrintUsage(std::cerr);
      return 1;
    }
    const string command = argv[1];
    const auto found = Commands().find(command);
    if (found == Commands().end()) {
      caffe::PrintToolError("caffe", "unknown command '" + command + "'");
      PrintUsage(std::cerr);
      return 1;
    }
    CAFFE_REQUIRE(argc == 2)
        << "unexpected argument '" << argv[2] << "' after '" << command
        << "' (flags take the form --name=value)";
    if (FLAGS_threads > 0) caffe::SetThreadCount(FLAGS_threads);
    caffe::ExecutionContext::ThreadDefault().set_preferred_engines(
        EnginesFromFlags());
    return found->second();
  });
}

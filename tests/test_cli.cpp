// Runs the built `caffe` program on good and bad input: a mistake must end it
// with status 1 and one line "caffe: error: <message>" that names the
// culprit, never an abort or a stack dump.
#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "caffe/util/io.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {
namespace {

const std::string kCaffe = ToolPath("caffe");
const char kErrorPrefix[] = "caffe: error: ";

struct RunResult {
  int status = -1;  // Exit status; -1 if the program did not exit normally.
  std::string err;  // Everything it wrote to stderr.
};

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream content;
  content << in.rdbuf();
  return content.str();
}

void WriteFile(const std::string& path, const std::string& content) {
  std::ofstream out(path);
  out << content;
  ASSERT_TRUE(out.good()) << "cannot write " << path;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) lines.push_back(line);
  }
  return lines;
}

// Shell-quotes one argument.
std::string Quote(const std::string& text) {
  std::string quoted = "'";
  for (char c : text) {
    if (c == '\'') {
      quoted += "'\\''";
    } else {
      quoted += c;
    }
  }
  return quoted + "'";
}

class CliTest : public ::testing::Test {
 protected:
  // Runs caffe with the arguments in the temporary directory.
  // env_prefix goes before the program, e.g. "env -u VARIABLE".
  RunResult Run(const std::vector<std::string>& args,
                const std::string& env_prefix = "") {
    std::string command =
        "cd " + Quote(dir_.path()) + " && " + env_prefix + " " + Quote(kCaffe);
    for (const std::string& arg : args) command += " " + Quote(arg);
    const std::string err_file = dir_.file("stderr.txt");
    command += " </dev/null >" + Quote(dir_.file("stdout.txt")) + " 2>" +
               Quote(err_file);
    RunResult result;
    const int raw = std::system(command.c_str());
    if (raw != -1 && WIFEXITED(raw)) result.status = WEXITSTATUS(raw);
    result.err = ReadFile(err_file);
    return result;
  }

  // Checks that the run failed cleanly and returns its error message.
  std::string ExpectCleanError(const RunResult& result) {
    EXPECT_EQ(result.status, 1) << result.err;
    int error_lines = 0;
    std::string message;
    for (const std::string& line : Lines(result.err)) {
      if (line.rfind(kErrorPrefix, 0) == 0) {
        ++error_lines;
        message = line.substr(sizeof(kErrorPrefix) - 1);
      }
    }
    EXPECT_EQ(error_lines, 1) << "expected one error line in:\n" << result.err;
    EXPECT_EQ(result.err.find("Check failed"), std::string::npos) << result.err;
    EXPECT_EQ(result.err.find("*** "), std::string::npos) << result.err;
    EXPECT_EQ(result.err.find("terminate called"), std::string::npos)
        << result.err;
    EXPECT_FALSE(message.empty());
    return message;
  }

  // A net of DummyData, InnerProduct and SoftmaxWithLoss.
  std::string WriteTinyNet() {
    const std::string path = dir_.file("tiny_net.prototxt");
    WriteFile(path, R"(name: "tiny"
layer {
  name: "data"
  type: "DummyData"
  top: "data"
  top: "label"
  dummy_data_param {
    shape { dim: 4 dim: 3 }
    shape { dim: 4 }
    data_filler { type: "gaussian" std: 1 }
    data_filler { type: "constant" value: 1 }
  }
}
layer {
  name: "ip"
  type: "InnerProduct"
  bottom: "data"
  top: "ip"
  inner_product_param {
    num_output: 2
    weight_filler { type: "gaussian" std: 0.1 }
  }
}
layer {
  name: "loss"
  type: "SoftmaxWithLoss"
  bottom: "ip"
  bottom: "label"
  top: "loss"
}
)");
    return path;
  }

  std::string WriteTinySolver(int max_iter) {
    const std::string path = dir_.file("tiny_solver.prototxt");
    std::ostringstream solver;
    solver << "net: \"" << WriteTinyNet() << "\"\n"
           << "base_lr: 0.1\nlr_policy: \"fixed\"\nmomentum: 0.9\n"
           << "max_iter: " << max_iter << "\ndisplay: 5\n"
           << "snapshot_prefix: \"" << dir_.file("tiny") << "\"\n"
           << "solver_mode: CPU\nrandom_seed: 1701\n";
    WriteFile(path, solver.str());
    return path;
  }

  // A solver of the tiny net with `settings` (prototxt) in file `name`.
  std::string WriteSolver(const std::string& name,
                          const std::string& settings) {
    const std::string path = dir_.file(name);
    WriteFile(path, "net: \"" + WriteTinyNet() + "\"\n" + settings +
                        "\nsolver_mode: CPU\nrandom_seed: 1701\n");
    return path;
  }

  // DummyData, InnerProduct and EuclideanLoss at base_lr 1e30: the first
  // update multiplies the weights by about 1e30, and the loss, quadratic in
  // them, overflows float in the next iteration or soon after.
  std::string WriteDivergingSolver() {
    const std::string net = dir_.file("diverging_net.prototxt");
    WriteFile(net, R"(name: "diverging"
layer {
  name: "data"
  type: "DummyData"
  top: "data"
  top: "target"
  dummy_data_param {
    shape { dim: 4 dim: 3 }
    shape { dim: 4 dim: 1 }
    data_filler { type: "gaussian" std: 1 }
    data_filler { type: "constant" value: 1 }
  }
}
layer {
  name: "ip"
  type: "InnerProduct"
  bottom: "data"
  top: "ip"
  inner_product_param {
    num_output: 1
    weight_filler { type: "gaussian" std: 1 }
  }
}
layer {
  name: "loss"
  type: "EuclideanLoss"
  bottom: "ip"
  bottom: "target"
  top: "loss"
}
)");
    const std::string path = dir_.file("diverging_solver.prototxt");
    WriteFile(path, "net: \"" + net + "\"\nbase_lr: 1e30\nlr_policy: "
                    "\"fixed\"\nmax_iter: 20\ndisplay: 1\n"
                    "snapshot_prefix: \"" + dir_.file("div") + "\"\n"
                    "snapshot_after_train: false\nsolver_mode: CPU\n"
                    "random_seed: 1701\n");
    return path;
  }

  // Trains the tiny net for 10 iterations; returns the weights file.
  std::string TrainTiny() {
    const RunResult result = Run({"train", "--solver=" + WriteTinySolver(10)});
    EXPECT_EQ(result.status, 0) << result.err;
    return dir_.file("tiny_iter_10.caffemodel");
  }

  TempDir dir_;
};

TEST_F(CliTest, UnknownCommandPrintsUsage) {
  const RunResult result = Run({"frobnicate"});
  EXPECT_EQ(ExpectCleanError(result), "unknown command 'frobnicate'");
  EXPECT_NE(result.err.find("usage: caffe <command>"), std::string::npos);
}

TEST_F(CliTest, IdleOpenMPThreadsSleepUnlessTheUserSaysOtherwise) {
  const std::string net = dir_.file("relu.prototxt");
  WriteFile(net,
            "layer { name: \"data\" type: \"Input\" top: \"data\"\n"
            "  input_param { shape { dim: 1 dim: 3 } } }\n"
            "layer { name: \"relu\" type: \"ReLU\" bottom: \"data\" "
            "top: \"data\" }\n");
  const std::vector<std::string> args = {"time", "--model=" + net,
                                         "--iterations=1"};
  // GNU OpenMP shows what it read when it loaded: a spin count of 0 is
  // passive waiting.
  const std::string display =
      "env -u OMP_WAIT_POLICY -u GOMP_SPINCOUNT OMP_DISPLAY_ENV=verbose";
  const RunResult passive = Run(args, display);
  EXPECT_EQ(passive.status, 0) << passive.err;
  EXPECT_NE(passive.err.find("GOMP_SPINCOUNT = '0'"), std::string::npos)
      << passive.err;
  const RunResult active = Run(args, display + " OMP_WAIT_POLICY=active");
  EXPECT_EQ(active.status, 0) << active.err;
  EXPECT_NE(active.err.find("OMP_WAIT_POLICY = 'ACTIVE'"), std::string::npos)
      << active.err;
}

TEST_F(CliTest, NoCommandPrintsUsage) {
  const RunResult result = Run({});
  EXPECT_EQ(result.status, 1);
  EXPECT_NE(result.err.find("usage: caffe <command>"), std::string::npos);
}

TEST_F(CliTest, MalformedPrototxtNamesFileLineAndColumn) {
  const std::string path = dir_.file("broken.prototxt");
  WriteFile(path, "name: \"broken\"\nlayer {\n  name \"data\"\n}\n");
  const std::string message =
      ExpectCleanError(Run({"time", "--model=" + path}));
  EXPECT_TRUE(std::regex_search(message, std::regex("broken\\.prototxt:3:[0-9]+")))
      << message;
}

TEST_F(CliTest, UnknownLayerTypeIsNamed) {
  const std::string path = dir_.file("unknown.prototxt");
  WriteFile(path, R"(layer {
  name: "mystery"
  type: "NoSuchLayerType"
  top: "data"
}
)");
  const std::string message =
      ExpectCleanError(Run({"time", "--model=" + path}));
  EXPECT_NE(message.find("NoSuchLayerType"), std::string::npos) << message;
}

TEST_F(CliTest, MissingSolverFileIsNamed) {
  const std::string path = dir_.file("no_such_solver.prototxt");
  const std::string message =
      ExpectCleanError(Run({"train", "--solver=" + path}));
  EXPECT_NE(message.find(path), std::string::npos) << message;
}

TEST_F(CliTest, TrainWithoutSolverFlag) {
  const std::string message = ExpectCleanError(Run({"train"}));
  EXPECT_NE(message.find("--solver"), std::string::npos) << message;
}

TEST_F(CliTest, SolverWithoutNet) {
  const std::string path = dir_.file("netless_solver.prototxt");
  WriteFile(path, "base_lr: 0.01\nmax_iter: 10\nsolver_mode: CPU\n");
  const std::string message =
      ExpectCleanError(Run({"train", "--solver=" + path}));
  EXPECT_NE(message.find("net"), std::string::npos) << message;
}

TEST_F(CliTest, SnapshotAndWeightsTogetherIsAnError) {
  const std::string message = ExpectCleanError(
      Run({"train", "--solver=" + WriteTinySolver(10),
           "--snapshot=a.solverstate", "--weights=b.caffemodel"}));
  EXPECT_NE(message.find("not both"), std::string::npos) << message;
}

TEST_F(CliTest, MissingWeightsFileIsNamed) {
  const std::string weights = dir_.file("no_such.caffemodel");
  std::string message = ExpectCleanError(
      Run({"test", "--model=" + WriteTinyNet(), "--weights=" + weights}));
  EXPECT_NE(message.find(weights), std::string::npos) << message;
  message = ExpectCleanError(Run(
      {"train", "--solver=" + WriteTinySolver(10), "--weights=" + weights}));
  EXPECT_NE(message.find(weights), std::string::npos) << message;
}

TEST_F(CliTest, BadSignalEffect) {
  const std::string message = ExpectCleanError(Run(
      {"train", "--solver=" + WriteTinySolver(10), "--sigint_effect=explode"}));
  EXPECT_NE(message.find("sigint_effect"), std::string::npos) << message;
}

TEST_F(CliTest, GpuFlagInCpuOnlyBuild) {
#ifdef CPU_ONLY
  const std::string model = WriteTinyNet();
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"time", "--model=" + model, "--gpu=0"},
        std::vector<std::string>{"train", "--solver=" + WriteTinySolver(10),
                                 "--gpu=all"},
        std::vector<std::string>{"device_query", "--gpu=0"}}) {
    const std::string message = ExpectCleanError(Run(args));
    EXPECT_NE(message.find("CPU_ONLY"), std::string::npos) << message;
  }
#else
  GTEST_SKIP() << "this build has CUDA";
#endif
}

TEST_F(CliTest, TrainTestAndTimeATinyNet) {
  const std::string weights = TrainTiny();
  EXPECT_TRUE(std::ifstream(weights).good()) << "no snapshot " << weights;
  EXPECT_TRUE(std::ifstream(dir_.file("tiny_iter_10.solverstate")).good());

  RunResult result = Run({"test", "--model=" + WriteTinyNet(),
                          "--weights=" + weights, "--iterations=3"});
  EXPECT_EQ(result.status, 0) << result.err;
  EXPECT_NE(result.err.find("Batch 0, loss = "), std::string::npos)
      << result.err;
  EXPECT_NE(result.err.find("Batch 2, loss = "), std::string::npos);
  EXPECT_TRUE(std::regex_search(
      result.err, std::regex("\\] loss = [0-9.e+-]+ \\(\\* 1 = [0-9.e+-]+ loss\\)")))
      << result.err;

  result = Run({"time", "--model=" + WriteTinyNet(), "--iterations=2",
                "--threads=1"});
  EXPECT_EQ(result.status, 0) << result.err;
  for (const char* line :
       {"Top shape: 4 3 (12)", "Top shape: 4 2 (8)",
        "Average time per layer:", "ip\tforward: ", "ip\tbackward: ",
        "Average Forward pass: ", "Average Backward pass: ",
        "Average Forward-Backward: ", "Total Time: "}) {
    EXPECT_NE(result.err.find(line), std::string::npos)
        << "no '" << line << "' in:\n" << result.err;
  }
}

TEST_F(CliTest, EngineFlagPrefersEnginesAndRefusesUnknownOnes) {
  const RunResult result = Run({"time", "--model=" + WriteTinyNet(),
                                "--iterations=1", "--engine=CAFFE"});
  EXPECT_EQ(result.status, 0) << result.err;
  const std::string message = ExpectCleanError(Run(
      {"time", "--model=" + WriteTinyNet(), "--engine=CAFFE,TURBO"}));
  EXPECT_NE(message.find("--engine=CAFFE,TURBO"), std::string::npos)
      << message;
  EXPECT_NE(message.find("'TURBO'"), std::string::npos) << message;
  EXPECT_NE(message.find("CAFFE"), std::string::npos) << message;
}

TEST_F(CliTest, ResumeAndFinetune) {
  const std::string weights = TrainTiny();
  const std::string solver = WriteTinySolver(20);
  RunResult result = Run({"train", "--solver=" + solver,
                          "--snapshot=" + dir_.file("tiny_iter_10.solverstate")});
  EXPECT_EQ(result.status, 0) << result.err;
  EXPECT_NE(result.err.find("Resuming from"), std::string::npos);
  EXPECT_TRUE(std::ifstream(dir_.file("tiny_iter_20.caffemodel")).good());

  // Empty items of the list are skipped; each file is loaded once.
  result = Run({"train", "--solver=" + solver,
                "--weights=" + weights + ",," + weights + ","});
  EXPECT_EQ(result.status, 0) << result.err;
  const std::string finetuning = "] Finetuning from " + weights;
  int finetuning_lines = 0;
  for (const std::string& line : Lines(result.err)) {
    if (line.find("Finetuning from") == std::string::npos) continue;
    ++finetuning_lines;
    EXPECT_TRUE(line.size() >= finetuning.size() &&
                line.compare(line.size() - finetuning.size(),
                             finetuning.size(), finetuning) == 0)
        << line;
  }
  EXPECT_EQ(finetuning_lines, 2) << result.err;
}

TEST_F(CliTest, SolverValueOutsideItsMeaningNamesFileAndField) {
  const std::vector<std::pair<std::string, std::string> > bad = {
      {"base_lr: -0.1\nlr_policy: \"fixed\"\nmax_iter: 10", "base_lr"},
      {"base_lr: 0.1\nlr_policy: \"fixed\"\nmomentum: 1\nmax_iter: 10",
       "momentum"},
      {"base_lr: 0.1\nlr_policy: \"fixed\"\nmax_iter: 0", "max_iter"},
      {"base_lr: 0.1\nlr_policy: \"cosine\"\nmax_iter: 10",
       "Unknown learning rate policy: \"cosine\"; known policies: fixed"},
  };
  for (const auto& value : bad) {
    const std::string path = WriteSolver("bad_solver.prototxt", value.first);
    const std::string message =
        ExpectCleanError(Run({"train", "--solver=" + path}));
    EXPECT_EQ(message.find(path + ": "), 0u) << message;
    EXPECT_NE(message.find(value.second), std::string::npos) << message;
  }
}

TEST_F(CliTest, DivergingTrainingStopsUnlessNonFiniteIsAllowed) {
  const std::string solver = WriteDivergingSolver();
  const std::string message =
      ExpectCleanError(Run({"train", "--solver=" + solver}));
  std::smatch match;
  ASSERT_TRUE(std::regex_search(
      message, match,
      std::regex("^layer \"loss\" \\(EuclideanLoss\\): blob \"loss\": "
                 "iteration ([0-9]+): the loss is inf")))
      << message;
  const std::string weights =
      dir_.file("div_iter_" + match[1].str() + ".caffemodel");
  EXPECT_NE(message.find("the last finite weights are in " + weights),
            std::string::npos)
      << message;
  EXPECT_TRUE(std::ifstream(weights).good()) << "no snapshot " << weights;

  const RunResult allowed =
      Run({"train", "--solver=" + solver, "--allow_nonfinite"});
  EXPECT_EQ(allowed.status, 0) << allowed.err;
  EXPECT_NE(allowed.err.find("Optimization Done."), std::string::npos);
}

TEST_F(CliTest, WeightsReportWhatTheyCopied) {
  const std::string weights = TrainTiny();
  const RunResult result = Run({"test", "--model=" + WriteTinyNet(),
                                "--weights=" + weights, "--iterations=1"});
  EXPECT_EQ(result.status, 0) << result.err;
  EXPECT_NE(result.err.find("] Copied weights for 1 of 1 learnable layers "
                            "from " + weights),
            std::string::npos)
      << result.err;
}

TEST_F(CliTest, EmptyWeightsFileIsAnErrorForEveryWayOfLoadingIt) {
  // What a failed download leaves: zero bytes, read as a net without layers.
  const std::string empty = dir_.file("empty.caffemodel");
  WriteFile(empty, "");
  const std::string solver_with_weights = dir_.file("weights_solver.prototxt");
  WriteFile(solver_with_weights, ReadFile(WriteTinySolver(10)) +
                                     "weights: \"" + empty + "\"\n");
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"test", "--model=" + WriteTinyNet(),
                                 "--weights=" + empty},
        std::vector<std::string>{"train", "--solver=" + WriteTinySolver(10),
                                 "--weights=" + empty},
        std::vector<std::string>{"train",
                                 "--solver=" + solver_with_weights}}) {
    const std::string message = ExpectCleanError(Run(args));
    EXPECT_EQ(message.rfind(empty + ": no weights for any of the net's 1 "
                                    "learnable layer(s) (ip): the file holds "
                                    "no layers",
                            0),
              0u)
        << message;
  }
}

TEST_F(CliTest, WeightsOfAnotherNetAreAnError) {
  NetParameter other;
  other.add_layer()->set_name("data");
  other.add_layer()->set_name("conv1");
  const std::string weights = dir_.file("other.caffemodel");
  WriteProtoToBinaryFile(other, weights);
  const std::string message = ExpectCleanError(
      Run({"test", "--model=" + WriteTinyNet(), "--weights=" + weights}));
  EXPECT_NE(message.find(weights + ": no weights for any of the net's 1 "
                                   "learnable layer(s) (ip): the file's "
                                   "layers are data, conv1"),
            std::string::npos)
      << message;
}

TEST_F(CliTest, MixedV1AndV2LayersAreRefused) {
  const std::string path = dir_.file("mixed.prototxt");
  WriteFile(path,
            "layer { name: \"data\" type: \"Input\" top: \"data\"\n"
            "  input_param { shape { dim: 1 dim: 3 } } }\n"
            "layers { name: \"relu\" type: RELU bottom: \"data\"\n"
            "  top: \"r\" }\n");
  const std::string message =
      ExpectCleanError(Run({"time", "--model=" + path}));
  EXPECT_EQ(message.rfind(path + ": the net has both layer and layers fields",
                          0),
            0u)
      << message;
}

TEST_F(CliTest, NetWithoutLayersIsAnErrorForTrainTestAndTime) {
  const std::string empty_net = dir_.file("empty.prototxt");
  WriteFile(empty_net, "name: \"nothing\"\n");
  // Every layer is left out of the TRAIN phase that time uses by default.
  const std::string test_only_net = dir_.file("test_only.prototxt");
  WriteFile(test_only_net,
            "layer { name: \"data\" type: \"Input\" top: \"data\"\n"
            "  input_param { shape { dim: 1 dim: 3 } }\n"
            "  include { phase: TEST } }\n");
  const std::string solver = dir_.file("empty_solver.prototxt");
  WriteFile(solver, "net: \"" + empty_net +
                        "\"\nbase_lr: 0.1\nmax_iter: 1\nsolver_mode: CPU\n");
  const std::string weights = dir_.file("empty.caffemodel");
  WriteFile(weights, "");
  const struct {
    std::vector<std::string> args;
    std::string net;
    std::string phase;
  } runs[] = {
      {{"train", "--solver=" + solver}, empty_net, "TRAIN"},
      {{"test", "--model=" + empty_net, "--weights=" + weights}, empty_net,
       "TEST"},
      {{"time", "--model=" + empty_net}, empty_net, "TRAIN"},
      {{"time", "--model=" + test_only_net}, test_only_net, "TRAIN"},
  };
  for (const auto& run : runs) {
    const std::string message = ExpectCleanError(Run(run.args));
    EXPECT_EQ(message.rfind(run.net + ": the net has no layers for phase " +
                                run.phase,
                            0),
              0u)
        << message;
  }
}

}  // namespace
}  // namespace caffe

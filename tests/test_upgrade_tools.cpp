// The upgrade tools: legacy nets and solvers in, current formats out, and a
// clear error for files that are not nets.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "caffe/util/io.hpp"
#include "caffe/util/upgrade_proto.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {
namespace {

const char* kV1Net = R"(
name: "v1"
input: "data"
input_dim: 1 input_dim: 1 input_dim: 8 input_dim: 8
layers { name: "conv" type: CONVOLUTION bottom: "data" top: "conv"
         convolution_param { num_output: 2 kernel_size: 3 } }
layers { name: "relu" type: RELU bottom: "conv" top: "conv" }
)";

void WriteText(const std::string& path, const std::string& text) {
  std::ofstream(path) << text;
}

std::string ReadText(const std::string& path) {
  std::ifstream file(path);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

void ExpectCurrentNet(const NetParameter& net) {
  EXPECT_EQ(0, net.layers_size());
  EXPECT_EQ(0, net.input_size());
  ASSERT_EQ(3, net.layer_size());
  EXPECT_EQ("Input", net.layer(0).type());
  EXPECT_EQ("Convolution", net.layer(1).type());
  EXPECT_EQ(2u, net.layer(1).convolution_param().num_output());
  EXPECT_EQ("ReLU", net.layer(2).type());
}

TEST(UpgradeToolsTest, TextNetIsUpgraded) {
  TempDir dir;
  WriteText(dir.file("in.prototxt"), kV1Net);
  UpgradeNetFile(dir.file("in.prototxt"), dir.file("out.prototxt"), false);
  NetParameter upgraded;
  ReadProtoFromTextFileOrDie(dir.file("out.prototxt"), &upgraded);
  ExpectCurrentNet(upgraded);
}

TEST(UpgradeToolsTest, BinaryNetIsUpgraded) {
  TempDir dir;
  NetParameter legacy;
  ReadProtoFromTextString(kV1Net, &legacy);
  WriteProtoToBinaryFile(legacy, dir.file("in.caffemodel"));
  UpgradeNetFile(dir.file("in.caffemodel"), dir.file("out.caffemodel"), true);
  NetParameter upgraded;
  ReadProtoFromBinaryFileOrDie(dir.file("out.caffemodel"), &upgraded);
  ExpectCurrentNet(upgraded);
}

TEST(UpgradeToolsTest, SolverTypeIsUpgraded) {
  TempDir dir;
  WriteText(dir.file("solver.prototxt"),
            "net: \"n.prototxt\"\nbase_lr: 0.1\nsolver_type: ADAM\n");
  UpgradeSolverFile(dir.file("solver.prototxt"), dir.file("out.prototxt"));
  SolverParameter upgraded;
  ReadProtoFromTextFileOrDie(dir.file("out.prototxt"), &upgraded);
  EXPECT_EQ("Adam", upgraded.type());
  EXPECT_FALSE(upgraded.has_solver_type());
}

TEST(UpgradeToolsTest, SolverGivenAsNetIsRejectedWithItsLine) {
  TempDir dir;
  WriteText(dir.file("solver.prototxt"), "net: \"n.prototxt\"\nbase_lr: 0.1\n");
  try {
    UpgradeNetFile(dir.file("solver.prototxt"), dir.file("out"), false);
    FAIL() << "expected caffe::Error";
  } catch (const Error& error) {
    EXPECT_NE(std::string::npos,
              std::string(error.what()).find("solver.prototxt:1:"))
        << error.what();
  }
}

TEST(UpgradeToolsTest, EmptyFileHoldsNoNet) {
  TempDir dir;
  WriteText(dir.file("empty.prototxt"), "");
  try {
    UpgradeNetFile(dir.file("empty.prototxt"), dir.file("out"), false);
    FAIL() << "expected caffe::Error";
  } catch (const Error& error) {
    EXPECT_NE(std::string::npos,
              std::string(error.what()).find("holds no net definition"))
        << error.what();
  }
}

TEST(UpgradeToolsTest, ToolsPrintOneLineAndFailOnBadInput) {
  TempDir dir;
  for (const std::string tool :
       {"upgrade_net_proto_text", "upgrade_net_proto_binary",
        "upgrade_solver_proto_text"}) {
    const std::string stderr_file = dir.file(tool + ".err");
    const std::string command = ToolPath(tool) + " " + dir.file("missing") +
                                " " + dir.file("out") + " 2> " + stderr_file;
    const int status = std::system(command.c_str());
    ASSERT_TRUE(WIFEXITED(status)) << tool;
    EXPECT_EQ(1, WEXITSTATUS(status)) << tool;
    const std::string message = ReadText(stderr_file);
    EXPECT_EQ(0u, message.find(tool + ": error: ")) << message;
    EXPECT_NE(std::string::npos, message.find("missing")) << message;
    EXPECT_FALSE(std::ifstream(dir.file("out")).good()) << tool;
  }
}

TEST(UpgradeToolsTest, ToolsShowUsageAndFailOnAWrongArgumentCount) {
  TempDir dir;
  for (const std::string tool :
       {"upgrade_net_proto_text", "upgrade_net_proto_binary",
        "upgrade_solver_proto_text"}) {
    const std::string stderr_file = dir.file(tool + ".err");
    const std::string command =
        ToolPath(tool) + " only_one_argument > " + stderr_file + " 2>&1";
    const int status = std::system(command.c_str());
    ASSERT_TRUE(WIFEXITED(status)) << tool;
    EXPECT_EQ(1, WEXITSTATUS(status)) << tool;
    EXPECT_NE(std::string::npos, ReadText(stderr_file).find("Usage:")) << tool;
  }
}

TEST(UpgradeToolsTest, TextToolWritesTheUpgradedNet) {
  TempDir dir;
  WriteText(dir.file("in.prototxt"), kV1Net);
  const std::string command = ToolPath("upgrade_net_proto_text") + " " +
                              dir.file("in.prototxt") + " " +
                              dir.file("out.prototxt") + " 2> /dev/null";
  ASSERT_EQ(0, std::system(command.c_str()));
  NetParameter upgraded;
  ReadProtoFromTextFileOrDie(dir.file("out.prototxt"), &upgraded);
  ExpectCurrentNet(upgraded);
}

}  // namespace
}  // namespace caffe

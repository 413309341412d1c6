// What CopyTrainedLayersFrom(file) says about the weights it copied: how
// many learnable layers got weights, which did not, and an error for a
// file that gives none of them anything.
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "caffe/net.hpp"
#include "caffe/util/io.hpp"
#include "net_test_layers.hpp"
#include "support/error_message.hpp"
#include "support/log_capture.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {
namespace {

// data (2 x 3) -> a -> b -> loss; a and b are the learnable layers.
const char kTwoScaleNet[] =
    "layer { name: 'data' type: 'Input' top: 'data' "
    "        input_param { shape { dim: 2 dim: 3 } } } "
    "layer { name: 'a' type: 'TestScale' bottom: 'data' top: 'a' } "
    "layer { name: 'b' type: 'TestScale' bottom: 'a' top: 'b' } "
    "layer { name: 'loss' type: 'TestSumLoss' bottom: 'b' } ";

NetParameter ParseNet(const string& text) {
  NetParameter param;
  ReadProtoFromTextString(text, &param, "test net");
  return param;
}

class NetCopyReportTest : public ::testing::Test {
 protected:
  NetCopyReportTest() : net_(ParseNet(kTwoScaleNet)) {}

  // Writes a .caffemodel of the layers in text (weights for a 3-wide
  // TestScale are "blobs { shape { dim: 3 } data: ... }").
  string WriteCaffemodel(const string& name, const string& text) {
    const string path = dir_.file(name);
    WriteProtoToBinaryFile(ParseNet(text), path);
    return path;
  }
  string WriteEmptyFile(const string& name) {
    const string path = dir_.file(name);
    std::ofstream(path, std::ios::binary).flush();
    return path;
  }

  Net<float> net_;
  TempDir dir_;
};

TEST_F(NetCopyReportTest, EveryLearnableLayerCopied) {
  NetParameter trained;
  net_.ToProto(&trained);
  trained.mutable_layer(2)->mutable_blobs(0)->set_data(0, 7);
  const string path = dir_.file("full.caffemodel");
  WriteProtoToBinaryFile(trained, path);
  LogCapture log;
  net_.CopyTrainedLayersFrom(path);
  EXPECT_EQ(net_.params()[1]->cpu_data()[0], 7);
  EXPECT_TRUE(
      log.Has("Copied weights for 2 of 2 learnable layers from " + path))
      << log.All();
  EXPECT_EQ(log.All().find("has no weights"), string::npos) << log.All();
}

TEST_F(NetCopyReportTest, PartialCopyWarnsNamingTheLayersLeftOut) {
  const string path = WriteCaffemodel(
      "partial.caffemodel",
      "layer { name: 'data' } "
      "layer { name: 'a' blobs { shape { dim: 3 } data: 7 data: 8 data: 9 } } "
      "layer { name: 'unrelated' }");
  LogCapture log;
  net_.CopyTrainedLayersFrom(path);
  EXPECT_EQ(net_.params()[0]->cpu_data()[2], 9);
  EXPECT_EQ(net_.params()[1]->cpu_data()[2], 3) << "b keeps its filler";
  EXPECT_TRUE(
      log.Has("Copied weights for 1 of 2 learnable layers from " + path))
      << log.All();
  EXPECT_TRUE(log.Has(path +
                      " has no weights for the learnable layer(s) b; they "
                      "keep the values they had"))
      << log.All();
}

TEST_F(NetCopyReportTest, FileMatchingNoLearnableLayerIsAnError) {
  // The data layer's name matches, as it does in nearly any file.
  const string path =
      WriteCaffemodel("other_net.caffemodel",
                      "layer { name: 'data' } "
                      "layer { name: 'conv1' blobs { shape { dim: 3 } } }");
  const string message =
      ErrorMessage([&] { net_.CopyTrainedLayersFrom(path); });
  EXPECT_EQ(message,
            path +
                ": no weights for any of the net's 2 learnable layer(s) "
                "(a, b): the file's layers are data, conv1; weights are "
                "copied to the layers of the same name");
}

TEST_F(NetCopyReportTest, EmptyFileIsAnErrorNamingIt) {
  // Zero bytes parse as a NetParameter without layers, as a failed
  // download leaves it.
  const string path = WriteEmptyFile("empty.caffemodel");
  const string message =
      ErrorMessage([&] { net_.CopyTrainedLayersFrom(path); });
  EXPECT_EQ(message, path +
                         ": no weights for any of the net's 2 learnable "
                         "layer(s) (a, b): the file holds no layers (an empty "
                         "file or a failed download?)");
}

TEST_F(NetCopyReportTest, NetWithoutLearnableLayersAcceptsAnyFile) {
  Net<float> relu_net(ParseNet(
      "layer { name: 'data' type: 'Input' top: 'data' "
      "        input_param { shape { dim: 2 dim: 3 } } } "
      "layer { name: 'relu' type: 'ReLU' bottom: 'data' top: 'data' }"));
  const string path = WriteEmptyFile("empty.caffemodel");
  EXPECT_EQ(ErrorMessage([&] { relu_net.CopyTrainedLayersFrom(path); }), "");
}

TEST_F(NetCopyReportTest, LongListsAreCut) {
  string text;
  for (int i = 0; i < 12; ++i) text += StrCat("layer { name: 'l", i, "' } ");
  const string path = WriteCaffemodel("twelve.caffemodel", text);
  const string message =
      ErrorMessage([&] { net_.CopyTrainedLayersFrom(path); });
  EXPECT_NE(message.find("the file's layers are l0, l1, l2, l3, l4, l5, l6, "
                         "l7, l8, l9, ... (12 in all);"),
            string::npos)
      << message;
}

#ifdef USE_HDF5
TEST_F(NetCopyReportTest, HDF5FilesAreReportedTheSameWay) {
  Net<float> only_a(ParseNet(
      "layer { name: 'data' type: 'Input' top: 'data' "
      "        input_param { shape { dim: 2 dim: 3 } } } "
      "layer { name: 'a' type: 'TestScale' bottom: 'data' top: 'a' } "));
  only_a.params()[0]->mutable_cpu_data()[0] = 5;
  const string partial = dir_.file("only_a.h5");
  only_a.ToHDF5(partial);
  {
    LogCapture log;
    net_.CopyTrainedLayersFrom(partial);
    EXPECT_EQ(net_.params()[0]->cpu_data()[0], 5);
    EXPECT_TRUE(
        log.Has("Copied weights for 1 of 2 learnable layers from " + partial))
        << log.All();
    EXPECT_TRUE(log.Has(partial +
                        " has no weights for the learnable layer(s) b; they "
                        "keep the values they had"))
        << log.All();
  }

  Net<float> renamed(ParseNet(
      "layer { name: 'data' type: 'Input' top: 'data' "
      "        input_param { shape { dim: 2 dim: 3 } } } "
      "layer { name: 'c' type: 'TestScale' bottom: 'data' top: 'c' } "));
  const string other = dir_.file("renamed.h5");
  renamed.ToHDF5(other);
  EXPECT_EQ(ErrorMessage([&] { net_.CopyTrainedLayersFrom(other); }),
            other +
                ": no weights for any of the net's 2 learnable layer(s) "
                "(a, b): the file's layers are c, data; weights are "
                "copied to the layers of the same name");
}
#endif  // USE_HDF5

}  // namespace
}  // namespace caffe

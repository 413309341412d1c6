#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#ifdef USE_HDF5
#include <hdf5.h>
#endif

#include "caffe/net.hpp"
#include "caffe/util/io.hpp"
#include "net_test_layers.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {

namespace {

const char* const kInput =
    "layer { name: 'data' type: 'Input' top: 'data' "
    "        input_param { shape { dim: 2 dim: 3 } } } ";

// Builds the net and returns the caffe::Error's message ("" if none).
string BuildError(const string& text) {
  NetParameter param;
  ReadProtoFromTextString(text, &param, "test net");
  try {
    Net<float> net(param);
  } catch (const Error& error) {
    return error.what();
  }
  return "";
}

#define EXPECT_HAS(haystack, needle) \
  EXPECT_NE(string(haystack).find(needle), string::npos) << haystack

// The process's address space in bytes (VmSize), or 0 if unknown.
size_t AddressSpaceInUse() {
  std::ifstream status("/proc/self/status");
  string line;
  while (std::getline(status, line)) {
    size_t kib = 0;
    if (std::sscanf(line.c_str(), "VmSize: %zu kB", &kib) == 1) {
      return kib * 1024;
    }
  }
  return 0;
}

// Runs body in a child process whose address space may grow by only
// headroom bytes, so that a large allocation fails there without touching
// this process or the machine, and returns what body returned. Sets
// *skipped when the child could not limit itself.
string RunWithAddressSpaceLimit(size_t headroom,
                                const std::function<string()>& body,
                                bool* skipped) {
  *skipped = false;
  int fds[2];
  if (pipe(fds) != 0) {
    *skipped = true;
    return "";
  }
  const pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    const size_t in_use = AddressSpaceInUse();
    struct rlimit limit;
    bool limited = in_use > 0 && getrlimit(RLIMIT_AS, &limit) == 0;
    if (limited) {
      limit.rlim_cur = in_use + headroom;
      limited = setrlimit(RLIMIT_AS, &limit) == 0;
    }
    // Without the limit the body would really take the memory: skip.
    const string result = limited ? body() : string();
    const ssize_t written = write(fds[1], result.data(), result.size());
    _exit(limited && written == static_cast<ssize_t>(result.size()) ? 0 : 2);
  }
  close(fds[1]);
  string result;
  char buffer[4096];
  ssize_t n;
  while ((n = read(fds[0], buffer, sizeof(buffer))) > 0) result.append(buffer, n);
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) == 2) *skipped = true;
  return result;
}

}  // namespace

TEST(NetErrorsTest, UnknownBottomBlob) {
  const string message = BuildError(
      string(kInput) +
      "layer { name: 'ip1' type: 'TestScale' bottom: 'data2' top: 'ip1' }");
  EXPECT_EQ(message,
            "layer \"ip1\" (TestScale): unknown bottom blob \"data2\" (no "
            "earlier layer produces it)");
}

TEST(NetErrorsTest, BottomProducedOnlyByALaterLayer) {
  const string message = BuildError(
      string(kInput) +
      "layer { name: 'a' type: 'TestScale' bottom: 'b' top: 'a' } "
      "layer { name: 'b' type: 'TestScale' bottom: 'data' top: 'b' } ");
  EXPECT_HAS(message, "layer \"a\" (TestScale): unknown bottom blob \"b\"");
}

TEST(NetErrorsTest, DuplicateTopThatIsNotInPlace) {
  const string message = BuildError(
      string(kInput) +
      "layer { name: 'a' type: 'TestScale' bottom: 'data' top: 'x' } "
      "layer { name: 'b' type: 'TestScale' bottom: 'data' top: 'x' } ");
  EXPECT_HAS(message, "layer \"b\" (TestScale): top blob \"x\"");
  EXPECT_HAS(message, "already produced by layer \"a\"");
}

// Found by fuzz_net_prototxt: Split aborted on a CHECK (1 vs 0 elements).
TEST(NetErrorsTest, SplittingABlobWithoutAShapeIsAnError) {
  const string message = BuildError(
      "layer { name: 'data' type: 'Input' top: 'data' } "
      "layer { name: 'relu' type: 'ReLU' bottom: 'data' top: 'a' } "
      "layer { name: 'sigmoid' type: 'Sigmoid' bottom: 'data' top: 'b' } ");
  EXPECT_HAS(message, "(Split)");
  EXPECT_HAS(message, "has no shape yet");
}

TEST(NetErrorsTest, UnknownLayerTypeListsKnownTypes) {
  const string message = BuildError(
      string(kInput) +
      "layer { name: 'conv1' type: 'Convolushun' bottom: 'data' top: 'c' }");
  EXPECT_HAS(message, "layer \"conv1\" (Convolushun)");
  EXPECT_HAS(message, "Input");
  EXPECT_HAS(message, "Split");
}

TEST(NetErrorsTest, SetUpErrorsNameTheLayerAndBottomShapes) {
  const string message = BuildError(
      string(kInput) +
      "layer { name: 'bad' type: 'TestFailing' bottom: 'data' top: 'b' }");
  EXPECT_HAS(message, "layer \"bad\" (TestFailing): this layer always fails");
  EXPECT_HAS(message, "\"data\" 2 3 (6)");
}

TEST(NetErrorsTest, WrongNumberOfBottoms) {
  const string message = BuildError(
      string(kInput) +
      "layer { name: 's' type: 'TestScale' bottom: 'data' bottom: 'data' "
      "        top: 's' }");
  EXPECT_HAS(message, "layer \"s\" (TestScale)");
  EXPECT_HAS(message, "bottom");
}

TEST(NetErrorsTest, PropagateDownCount) {
  const string message =
      BuildError(string(kInput) +
                 "layer { name: 's' type: 'TestScale' bottom: 'data' top: 's' "
                 "        propagate_down: true propagate_down: false }");
  EXPECT_HAS(message, "layer \"s\" (TestScale): propagate_down");
}

TEST(NetErrorsTest, TooManyParamSpecs) {
  const string message =
      BuildError(string(kInput) +
                 "layer { name: 's' type: 'TestScale' bottom: 'data' top: 's' "
                 "        param { } param { } }");
  EXPECT_HAS(message, "layer \"s\" (TestScale): too many param specs");
}

TEST(NetErrorsTest, SharedParamShapeMismatch) {
  const string message = BuildError(
      "layer { name: 'data' type: 'Input' top: 'x' top: 'y' "
      "        input_param { shape { dim: 1 dim: 2 dim: 3 } "
      "                      shape { dim: 1 dim: 6 } } } "
      "layer { name: 'a' type: 'TestScale' bottom: 'x' top: 'a' "
      "        param { name: 'w' } } "
      "layer { name: 'b' type: 'TestScale' bottom: 'y' top: 'b' "
      "        param { name: 'w' } } ");
  EXPECT_HAS(message, "layer \"b\" (TestScale): cannot share param \"w\"");
  EXPECT_HAS(message, "2 3 (6)");
  EXPECT_HAS(message, "6 (6)");
}

TEST(NetErrorsTest, SharedParamCountMismatchEvenWhenPermissive) {
  const string message = BuildError(
      "layer { name: 'data' type: 'Input' top: 'x' top: 'y' "
      "        input_param { shape { dim: 1 dim: 2 } "
      "                      shape { dim: 1 dim: 3 } } } "
      "layer { name: 'a' type: 'TestScale' bottom: 'x' top: 'a' "
      "        param { name: 'w' } } "
      "layer { name: 'b' type: 'TestScale' bottom: 'y' top: 'b' "
      "        param { name: 'w' share_mode: PERMISSIVE } } ");
  EXPECT_HAS(message, "count mismatch");
}

TEST(NetErrorsTest, SharedParamWithConflictingLrMult) {
  const string message =
      BuildError(string(kInput) +
                 "layer { name: 'a' type: 'TestScale' bottom: 'data' top: 'a' "
                 "        param { name: 'w' lr_mult: 1 } } "
                 "layer { name: 'b' type: 'TestScale' bottom: 'a' top: 'b' "
                 "        param { name: 'w' lr_mult: 2 } } ");
  EXPECT_HAS(message, "mismatched lr_mult");
}

TEST(NetErrorsTest, InputShapeCount) {
  const string message = BuildError(
      "layer { name: 'data' type: 'Input' top: 'a' top: 'b' top: 'c' "
      "        input_param { shape { dim: 1 } shape { dim: 2 } } }");
  EXPECT_HAS(message, "layer \"data\" (Input)");
  EXPECT_HAS(message, "3 tops, 2 shapes");
}

TEST(NetErrorsTest, ReshapeErrorsNameTheLayer) {
  NetParameter param;
  ReadProtoFromTextString(
      string(kInput) +
          "layer { name: 'scale' type: 'TestScale' bottom: 'data' top: 's' }",
      &param);
  Net<float> net(param);
  net.input_blobs()[0]->Reshape(vector<int>{2, 4});
  try {
    net.Forward();
    FAIL() << "expected caffe::Error";
  } catch (const Error& error) {
    EXPECT_HAS(error.what(), "layer \"scale\" (TestScale): bottom items");
  }
  EXPECT_THROW(net.Reshape(), Error);
}

TEST(NetErrorsTest, ErrorsFromLayersKeepTheirFields) {
  NetParameter param;
  ReadProtoFromTextString(
      string(kInput) +
          "layer { name: 'bad' type: 'TestFailing' bottom: 'data' top: 'b' }",
      &param);
  try {
    Net<float> net(param);
    FAIL() << "expected caffe::Error";
  } catch (const Error& error) {
    EXPECT_EQ(error.layer(), "bad");
    EXPECT_EQ(error.layer_type(), "TestFailing");
    EXPECT_EQ(error.detail(), "this layer always fails");
    EXPECT_EQ(error.bottoms(), "\"data\" 2 3 (6)");
  }
}

TEST(NetErrorsTest, OutOfMemoryNamesTheLayerAndTheBlob) {
  // Tile makes a 4 GiB top from a 4 KiB bottom; the child may grow by 256
  // MiB only, so its Forward cannot allocate the top.
  const auto body = [] {
    NetParameter param;
    ReadProtoFromTextString(
        "layer { name: 'data' type: 'Input' top: 'data' "
        "        input_param { shape { dim: 1 dim: 1024 } } } "
        "layer { name: 'tile' type: 'Tile' bottom: 'data' top: 'huge' "
        "        tile_param { axis: 0 tiles: 1048576 } }",
        &param);
    Net<float> net(param);
    try {
      net.Forward();
    } catch (const OutOfMemoryError& error) {
      return StrCat(error.bytes(), "|", error.layer(), "|", error.blob(), "|",
                    error.what());
    } catch (const std::exception& error) {
      return StrCat("other exception: ", error.what());
    }
    return string("no exception");
  };
  bool skipped = false;
  const string result = RunWithAddressSpaceLimit(size_t(256) << 20, body,
                                                 &skipped);
  if (skipped) GTEST_SKIP() << "could not limit a child's address space";
  const string fields = "4294967296|tile|huge|";
  EXPECT_EQ(result.substr(0, fields.size()), fields) << result;
  EXPECT_HAS(result, "layer \"tile\" (Tile): blob \"huge\": out of memory: "
                     "cannot allocate 4294967296 bytes (4.0 GiB) on the host");
  EXPECT_HAS(result, "[bottoms: \"data\" 1 1024 (1024)]");
}

class CopyTrainedLayersErrorsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    NetParameter param;
    ReadProtoFromTextString(
        string(kInput) +
            "layer { name: 'conv1' type: 'TestScale' bottom: 'data' "
            "        top: 's' }",
        &param);
    net_.reset(new Net<float>(param));
  }
  string CopyError(const NetParameter& weights) {
    try {
      net_->CopyTrainedLayersFrom(weights);
    } catch (const Error& error) {
      return error.what();
    }
    return "";
  }
  string CopyFileError(const string& path) {
    try {
      net_->CopyTrainedLayersFrom(path);
    } catch (const Error& error) {
      return error.what();
    }
    return "";
  }
  std::unique_ptr<Net<float> > net_;
  TempDir dir_;
};

TEST_F(CopyTrainedLayersErrorsTest, ShapeMismatch) {
  NetParameter weights;
  ReadProtoFromTextString(
      "layer { name: 'conv1' blobs { shape { dim: 2 dim: 2 } "
      "        data: 1 data: 2 data: 3 data: 4 } }",
      &weights);
  EXPECT_HAS(CopyError(weights),
             "layer \"conv1\": weight blob 0 has shape 2 2 (4) in the file "
             "but 3 (3) in the net");
}

TEST_F(CopyTrainedLayersErrorsTest, LegacyShapeMismatch) {
  NetParameter weights;
  ReadProtoFromTextString(
      "layer { name: 'conv1' blobs { num: 1 channels: 1 height: 1 width: 2 "
      "        data: 1 data: 2 } }",
      &weights);
  EXPECT_HAS(CopyError(weights),
             "weight blob 0 has shape 1 1 1 2 (2) in the file but 3 (3)");
}

TEST_F(CopyTrainedLayersErrorsTest, LegacyShapeThatMatchesIsAccepted) {
  NetParameter weights;
  ReadProtoFromTextString(
      "layer { name: 'conv1' blobs { num: 1 channels: 1 height: 1 width: 3 "
      "        data: 7 data: 8 data: 9 } }",
      &weights);
  EXPECT_EQ(CopyError(weights), "");
  EXPECT_EQ(net_->params()[0]->cpu_data()[2], 9);
}

TEST_F(CopyTrainedLayersErrorsTest, BlobCountMismatch) {
  NetParameter weights;
  ReadProtoFromTextString(
      "layer { name: 'conv1' blobs { shape { dim: 3 } } "
      "        blobs { shape { dim: 3 } } }",
      &weights);
  EXPECT_HAS(CopyError(weights),
             "layer \"conv1\": the file has 2 weight blob(s) but the net's "
             "layer has 1");
}

TEST_F(CopyTrainedLayersErrorsTest, TooFewValues) {
  NetParameter weights;
  ReadProtoFromTextString(
      "layer { name: 'conv1' blobs { shape { dim: 3 } data: 1 } }", &weights);
  const string message = CopyError(weights);
  EXPECT_HAS(message, "layer \"conv1\": weight blob 0: ");
  EXPECT_HAS(message, "1 values");
}

TEST_F(CopyTrainedLayersErrorsTest, MissingFile) {
  const string path = dir_.file("missing.caffemodel");
  const string message = CopyFileError(path);
  EXPECT_HAS(message, path);
  EXPECT_HAS(message, "weights");
}

TEST_F(CopyTrainedLayersErrorsTest, TruncatedFile) {
  NetParameter weights;
  net_->ToProto(&weights);
  string bytes;
  weights.SerializeToString(&bytes);
  const string path = dir_.file("truncated.caffemodel");
  std::ofstream(path, std::ios::binary) << bytes.substr(0, bytes.size() - 5);
  const string message = CopyFileError(path);
  EXPECT_HAS(message, path);
  EXPECT_HAS(message, "not a valid binary");
}

TEST_F(CopyTrainedLayersErrorsTest, ForeignFile) {
  const string path = dir_.file("net.prototxt");
  std::ofstream(path) << "name: 'not binary'\nlayer { name: 'x' }\n";
  const string message = CopyFileError(path);
  EXPECT_HAS(message, path);
}

TEST_F(CopyTrainedLayersErrorsTest, MismatchFromAFileNamesTheFile) {
  NetParameter weights;
  ReadProtoFromTextString(
      "layer { name: 'conv1' blobs { shape { dim: 4 } "
      "        data: 1 data: 2 data: 3 data: 4 } }",
      &weights);
  const string path = dir_.file("w.caffemodel");
  WriteProtoToBinaryFile(weights, path);
  const string message = CopyFileError(path);
  EXPECT_HAS(message, path);
  EXPECT_HAS(message, "weight blob 0 has shape 4 (4) in the file");
}

TEST_F(CopyTrainedLayersErrorsTest, HDF5FileThatIsNotHDF5) {
  const string path = dir_.file("w.h5");
  std::ofstream(path) << "not hdf5";
  const string message = CopyFileError(path);
  EXPECT_HAS(message, path);
  EXPECT_HAS(message, "not an HDF5 file");
  EXPECT_HAS(CopyFileError(dir_.file("missing.h5")), "missing.h5");
}

TEST_F(CopyTrainedLayersErrorsTest, HDF5ShapeMismatch) {
  NetParameter other_param;
  ReadProtoFromTextString(
      "layer { name: 'data' type: 'Input' top: 'data' "
      "        input_param { shape { dim: 2 dim: 4 } } } "
      "layer { name: 'conv1' type: 'TestScale' bottom: 'data' top: 's' }",
      &other_param);
  Net<float> other(other_param);
  const string path = dir_.file("w.h5");
  other.ToHDF5(path);
  const string message = CopyFileError(path);
  EXPECT_HAS(message, path);
  EXPECT_HAS(message,
             "layer \"conv1\": weight blob 0 has shape 4 (4) in the file but "
             "3 (3) in the net");
}

#ifdef USE_HDF5
TEST_F(CopyTrainedLayersErrorsTest, HDF5WithoutDataGroup) {
  const string path = dir_.file("w.h5");
  const hid_t file =
      H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  ASSERT_GE(file, 0);
  H5Fclose(file);
  EXPECT_HAS(CopyFileError(path), "no /data group");
}
#endif

TEST(NetFileErrorsTest, MissingDefinition) {
  TempDir dir;
  const string path = dir.file("none.prototxt");
  try {
    Net<float> net(path, TRAIN);
    FAIL() << "expected caffe::Error";
  } catch (const Error& error) {
    EXPECT_HAS(error.what(), path);
  }
}

TEST(NetFileErrorsTest, SyntaxErrorGivesLineAndColumn) {
  TempDir dir;
  const string path = dir.file("bad.prototxt");
  std::ofstream(path)
      << "name: 'x'\nlayer {\n  name: 'a'\n  tpye: 'Input'\n}\n";
  try {
    Net<float> net(path, TRAIN);
    FAIL() << "expected caffe::Error";
  } catch (const Error& error) {
    EXPECT_HAS(error.what(), path + ":4:");
    EXPECT_HAS(error.what(), "tpye");
  }
}

}  // namespace caffe

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "caffe/proto/caffe.pb.h"
#include "caffe/util/io.hpp"
#include "support/error_message.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {

namespace {

void WriteFile(const string& path, const string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

#define EXPECT_HAS(haystack, needle) \
  EXPECT_NE(string(haystack).find(needle), string::npos) << haystack

}  // namespace

class IOTest : public ::testing::Test {
 protected:
  TempDir dir_;
};

TEST_F(IOTest, TextRoundTrip) {
  NetParameter param;
  param.set_name("net");
  param.add_layer()->set_type("Input");
  const string path = dir_.file("net.prototxt");
  WriteProtoToTextFile(param, path);
  NetParameter read;
  ReadProtoFromTextFileOrDie(path, &read);
  EXPECT_EQ(read.DebugString(), param.DebugString());
  NetParameter read_again;
  EXPECT_TRUE(ReadProtoFromTextFile(path, &read_again));
  EXPECT_EQ(read_again.name(), "net");
}

TEST_F(IOTest, SyntaxErrorGivesFileLineAndColumn) {
  const string path = dir_.file("bad.prototxt");
  WriteFile(path, "name: 'x'\n\nlayer {\n    nmae: 'conv'\n}\n");
  NetParameter param;
  const string message =
      ErrorMessage([&] { ReadProtoFromTextFileOrDie(path, &param); });
  EXPECT_HAS(message, path + ":4:");
  EXPECT_HAS(message, "nmae");
  EXPECT_FALSE(ReadProtoFromTextFile(path, &param));
}

TEST_F(IOTest, UnterminatedMessage) {
  NetParameter param;
  const string message = ErrorMessage(
      [&] { ReadProtoFromTextString("layer {\n name: 'a'\n", &param, "t"); });
  EXPECT_HAS(message, "t:3:1: ");
}

TEST_F(IOTest, BadValueGivesPosition) {
  NetParameter param;
  const string message = ErrorMessage([&] {
    ReadProtoFromTextString("force_backward: maybe", &param, "net.prototxt");
  });
  EXPECT_HAS(message, "net.prototxt:1:");
}

TEST_F(IOTest, BinaryRoundTrip) {
  NetParameter param;
  param.set_name("weights");
  BlobProto* blob = param.add_layer()->add_blobs();
  blob->mutable_shape()->add_dim(3);
  for (int i = 0; i < 3; ++i) blob->add_data(i);
  const string path = dir_.file("w.caffemodel");
  WriteProtoToBinaryFile(param, path);
  NetParameter read;
  ReadProtoFromBinaryFileOrDie(path, &read);
  EXPECT_EQ(read.SerializeAsString(), param.SerializeAsString());
  EXPECT_TRUE(ReadProtoFromBinaryFile(path, &read));
  // No temporary file is left beside it.
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir_.path())) {
    (void)entry;
    ++files;
  }
  EXPECT_EQ(files, 1);
}

TEST_F(IOTest, WritesReplaceAnExistingFile) {
  const string path = dir_.file("w.caffemodel");
  WriteFile(path, "old contents that are much longer than the new ones");
  NetParameter param;
  param.set_name("new");
  WriteProtoToBinaryFile(param, path);
  NetParameter read;
  ReadProtoFromBinaryFileOrDie(path, &read);
  EXPECT_EQ(read.name(), "new");
  struct stat info;
  ASSERT_EQ(stat(path.c_str(), &info), 0);
  EXPECT_NE(info.st_mode & S_IRUSR, 0u);
}

TEST_F(IOTest, WriteIntoMissingDirectoryIsAnError) {
  NetParameter param;
  const string path = dir_.file("no/such/dir/w.caffemodel");
  EXPECT_HAS(ErrorMessage([&] { WriteProtoToBinaryFile(param, path); }), path);
  EXPECT_HAS(ErrorMessage([&] { WriteProtoToTextFile(param, path); }), path);
}

TEST_F(IOTest, TruncatedBinaryIsRejected) {
  NetParameter param;
  param.set_name("weights");
  BlobProto* blob = param.add_layer()->add_blobs();
  for (int i = 0; i < 100; ++i) blob->add_data(i);
  const string bytes = param.SerializeAsString();
  const string path = dir_.file("truncated.caffemodel");
  WriteFile(path, bytes.substr(0, bytes.size() / 2));
  NetParameter read;
  const string message =
      ErrorMessage([&] { ReadProtoFromBinaryFileOrDie(path, &read); });
  EXPECT_HAS(message, path);
  EXPECT_HAS(message, "truncated");
  EXPECT_FALSE(ReadProtoFromBinaryFile(path, &read));
}

TEST_F(IOTest, ForeignBinaryIsRejected) {
  NetParameter read;
  const string text_path = dir_.file("net.prototxt");
  WriteFile(text_path, "name: 'text, not binary'\n");
  EXPECT_HAS(
      ErrorMessage([&] { ReadProtoFromBinaryFileOrDie(text_path, &read); }),
      text_path);
  // Bytes that happen to parse, but only as fields NetParameter lacks.
  const string junk_path = dir_.file("junk.bin");
  WriteFile(junk_path, string("\xf8\x07\x01", 3));
  EXPECT_HAS(
      ErrorMessage([&] { ReadProtoFromBinaryFileOrDie(junk_path, &read); }),
      "Caffe file");
}

TEST_F(IOTest, EmptyBinaryIsAnEmptyMessage) {
  const string path = dir_.file("empty.binaryproto");
  WriteFile(path, "");
  BlobProto blob;
  ReadProtoFromBinaryFileOrDie(path, &blob);
  EXPECT_EQ(blob.data_size(), 0);
}

TEST_F(IOTest, MissingFilesAreNamed) {
  const string path = dir_.file("missing.prototxt");
  NetParameter param;
  EXPECT_HAS(ErrorMessage([&] { ReadProtoFromTextFileOrDie(path, &param); }),
             path);
  EXPECT_HAS(ErrorMessage([&] { ReadProtoFromBinaryFileOrDie(path, &param); }),
             path);
  EXPECT_FALSE(ReadProtoFromTextFile(path, &param));
  EXPECT_FALSE(ReadProtoFromBinaryFile(path, &param));
}

TEST_F(IOTest, CheckFileReadable) {
  const string path = dir_.file("solver.prototxt");
  const string message =
      ErrorMessage([&] { CheckFileReadable(path, "solver"); });
  EXPECT_HAS(message, "solver file");
  EXPECT_HAS(message, path);
  EXPECT_HAS(ErrorMessage([&] { CheckFileReadable(dir_.path(), "solver"); }),
             "directory");
  WriteFile(path, "base_lr: 0.1");
  EXPECT_EQ(ErrorMessage([&] { CheckFileReadable(path, "solver"); }), "");
}

TEST_F(IOTest, TempNames) {
  string dir, file;
  MakeTempDir(&dir);
  MakeTempFilename(&file);
  EXPECT_TRUE(std::filesystem::is_directory(dir));
  EXPECT_TRUE(std::filesystem::exists(file));
  string other;
  MakeTempFilename(&other);
  EXPECT_NE(file, other);
  std::filesystem::remove_all(dir);
  std::filesystem::remove(file);
  std::filesystem::remove(other);
}

}  // namespace caffe

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "caffe/error.hpp"
#include "caffe/util/atomic_file.hpp"
#include "support/script_runner.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {

namespace {

namespace fs = std::filesystem;

std::vector<std::string> FilesIn(const std::string& directory) {
  std::vector<std::string> names;
  for (const fs::directory_entry& entry : fs::directory_iterator(directory)) {
    names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace

TEST(AtomicFileTest, WritesThroughATemporaryFileAndLeavesNoneBehind) {
  TempDir dir;
  const std::string target = dir.file("model.caffemodel");
  std::string temp_seen;
  WriteFileAtomically(target, [&](const std::string& temp_filename) {
    temp_seen = temp_filename;
    WriteWholeFile(temp_filename, "weights");
  });
  EXPECT_EQ("weights", ReadWholeFile(target));
  EXPECT_EQ(
      0u, fs::path(temp_seen).filename().string().find(".model.caffemodel.tmp"))
      << temp_seen;
  EXPECT_EQ(std::vector<std::string>{"model.caffemodel"}, FilesIn(dir.path()));
  // Not mkstemp's 0600: readable like any other file the process writes.
  struct stat file_stat;
  ASSERT_EQ(0, stat(target.c_str(), &file_stat));
  EXPECT_NE(0u, file_stat.st_mode & S_IRGRP);
}

TEST(AtomicFileTest, FailedWriteKeepsTheOldFileAndRemovesTheTemporary) {
  TempDir dir;
  const std::string target = dir.file("state.solverstate");
  WriteFileAtomically(target, std::string("old"));
  EXPECT_THROW(WriteFileAtomically(target,
                                   [](const std::string& temp_filename) {
                                     WriteWholeFile(temp_filename, "half");
                                     CAFFE_THROW() << "disk full";
                                   }),
               Error);
  EXPECT_EQ("old", ReadWholeFile(target));
  EXPECT_EQ(std::vector<std::string>{"state.solverstate"}, FilesIn(dir.path()));
}

TEST(AtomicFileTest, MissingDirectoryIsAnErrorNamingTheFile) {
  TempDir dir;
  const std::string target = dir.file("absent/model.caffemodel");
  try {
    WriteFileAtomically(target, std::string("x"));
    FAIL() << "wrote into a missing directory";
  } catch (const Error& error) {
    EXPECT_NE(std::string::npos, std::string(error.what()).find(target))
        << error.what();
  }
}

TEST(AtomicFileTest, RemovesOnlyTheLeftoversOfTheGivenPrefix) {
  TempDir dir;
  const std::vector<std::string> leftovers = {
      ".net_iter_5.caffemodel.tmpAb12Cd", ".net_iter_5.solverstate.tmpXYZ789",
      ".net_iter_12.caffemodel.h5.tmp000000"};
  const std::vector<std::string> kept = {
      "net_iter_5.caffemodel",              // a finished snapshot
      ".net_iter_5.caffemodel.tmp",         // not mkstemp's name
      ".net_iter_5.caffemodel.tmpAb-2Cd",   // nor this
      ".other_iter_1.caffemodel.tmpAbCdEf"  // another prefix's
  };
  for (const std::string& name : leftovers) WriteWholeFile(dir.file(name), "");
  for (const std::string& name : kept) WriteWholeFile(dir.file(name), "");
  std::vector<std::string> removed =
      RemoveAtomicWriteLeftovers(dir.file("net_iter_"));
  std::sort(removed.begin(), removed.end());
  std::vector<std::string> expected;
  for (const std::string& name : leftovers) expected.push_back(dir.file(name));
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(expected, removed);
  std::vector<std::string> sorted_kept = kept;
  std::sort(sorted_kept.begin(), sorted_kept.end());
  EXPECT_EQ(sorted_kept, FilesIn(dir.path()));
}

TEST(AtomicFileTest, PrefixNamingADirectoryCoversItsFiles) {
  TempDir dir;
  // A solver's snapshot_prefix "snap/" gives the prefix "snap/_iter_".
  WriteWholeFile(dir.file("._iter_3.caffemodel.tmpAbCdEf"), "");
  EXPECT_EQ(std::vector<std::string>{dir.file("._iter_3.caffemodel.tmpAbCdEf")},
            RemoveAtomicWriteLeftovers(dir.path() + "/_iter_"));
  WriteWholeFile(dir.file(".a.caffemodel.tmpAbCdEf"), "");
  EXPECT_EQ(std::vector<std::string>{dir.file(".a.caffemodel.tmpAbCdEf")},
            RemoveAtomicWriteLeftovers(dir.path() + "/"));
  EXPECT_TRUE(RemoveAtomicWriteLeftovers(dir.file("absent/net_iter_")).empty());
}

}  // namespace caffe

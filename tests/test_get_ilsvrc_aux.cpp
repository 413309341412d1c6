// data/ilsvrc12/get_ilsvrc_aux.sh against a local HTTP server serving a small
// stand-in for caffe_ilsvrc12.tar.gz: the files are unpacked beside the
// script, a second run downloads nothing, and a missing archive, a refused
// connection, a file that is no archive or an archive without the expected
// files end it with status 1 and one line on stderr.
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "support/script_runner.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {
namespace {

const std::vector<std::string> kAuxFiles = {
    "imagenet_mean.binaryproto", "synset_words.txt", "synsets.txt",
    "train.txt",                 "val.txt",          "det_synset_words.txt"};

std::string ContentOf(const std::string& name) { return "contents of " + name + "\n"; }

class GetIlsvrcAuxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!HaveProgram("python3")) GTEST_SKIP() << "python3 is not installed";
    if (!HaveProgram("curl") && !HaveProgram("wget")) {
      GTEST_SKIP() << "neither curl nor wget is installed";
    }
    MakeArchive("caffe_ilsvrc12.tar.gz", kAuxFiles);
    server_.reset(new LocalHttpServer(served_.path()));
    ASSERT_TRUE(server_->Start()) << server_->error();
    // The script writes beside itself, so it runs from a copy.
    std::filesystem::copy_file(SourcePath("data/ilsvrc12/get_ilsvrc_aux.sh"),
                               data_.file("get_ilsvrc_aux.sh"));
  }
  void TearDown() override { server_.reset(); }

  // A .tar.gz in the served directory holding the named files.
  void MakeArchive(const std::string& archive, const std::vector<std::string>& names) {
    TempDir staging;
    for (const std::string& name : names) {
      WriteWholeFile(staging.file(name), ContentOf(name));
    }
    const std::string command = "tar -czf " + ShellQuote(served_.file(archive)) +
                                " -C " + ShellQuote(staging.path()) + " .";
    ASSERT_EQ(0, std::system(command.c_str())) << command;
  }

  CommandResult Fetch(const std::string& url) {
    return RunCaptured("ILSVRC_AUX_URL=" + ShellQuote(url) + " bash " +
                          ShellQuote(data_.file("get_ilsvrc_aux.sh")),
                      scratch_.path());
  }

  std::vector<std::string> DataFiles() const {
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(data_.path())) {
      names.push_back(entry.path().filename().string());
    }
    return names;
  }

  // Status 1, one line "get_ilsvrc_aux.sh: error: ..." with every piece,
  // and nothing but the script in its directory.
  void ExpectFailure(const CommandResult& result, const std::vector<std::string>& pieces) {
    EXPECT_EQ(1, result.status) << result.out << result.err;
    std::istringstream err(result.err);
    std::vector<std::string> lines;
    for (std::string line; std::getline(err, line);) {
      if (!line.empty()) lines.push_back(line);
    }
    ASSERT_EQ(1u, lines.size()) << result.err;
    EXPECT_EQ(0u, lines[0].find("get_ilsvrc_aux.sh: error: ")) << lines[0];
    for (const std::string& piece : pieces) {
      EXPECT_NE(std::string::npos, lines[0].find(piece))
          << "'" << piece << "' missing from: " << lines[0];
    }
    EXPECT_EQ(std::vector<std::string>{"get_ilsvrc_aux.sh"}, DataFiles());
  }

  TempDir served_, data_, scratch_;
  std::unique_ptr<LocalHttpServer> server_;
};

TEST_F(GetIlsvrcAuxTest, UnpacksTheArchiveBesideTheScript) {
  const CommandResult result = Fetch(server_->Url("caffe_ilsvrc12.tar.gz"));
  ASSERT_EQ(0, result.status) << result.out << result.err;
  for (const std::string& name : kAuxFiles) {
    EXPECT_EQ(ContentOf(name), ReadWholeFile(data_.file(name))) << name;
  }
  // The work directory is gone.
  EXPECT_EQ(kAuxFiles.size() + 1, DataFiles().size());
}

TEST_F(GetIlsvrcAuxTest, SecondRunDownloadsNothing) {
  ASSERT_EQ(0, Fetch(server_->Url("caffe_ilsvrc12.tar.gz")).status);
  server_->Stop();
  const CommandResult result = Fetch(server_->Url("caffe_ilsvrc12.tar.gz"));
  EXPECT_EQ(0, result.status) << result.err;
  EXPECT_NE(std::string::npos, result.out.find("skipping the download")) << result.out;
}

TEST_F(GetIlsvrcAuxTest, MissingArchiveNamesTheUrl) {
  const std::string url = server_->Url("missing.tar.gz");
  ExpectFailure(Fetch(url), {"cannot download " + url, "404"});
}

TEST_F(GetIlsvrcAuxTest, RefusedConnectionNamesTheUrl) {
  const std::string url =
      "http://127.0.0.1:" + std::to_string(UnusedLocalPort()) + "/caffe_ilsvrc12.tar.gz";
  ExpectFailure(Fetch(url), {"cannot download " + url});
}

TEST_F(GetIlsvrcAuxTest, FileThatIsNoArchiveIsRejected) {
  WriteWholeFile(served_.file("page.html"), "<html>moved</html>\n");
  const std::string url = server_->Url("page.html");
  ExpectFailure(Fetch(url), {url, "not a readable .tar.gz archive"});
}

TEST_F(GetIlsvrcAuxTest, ArchiveWithoutTheSynsetWordsIsRejected) {
  MakeArchive("partial.tar.gz", {"imagenet_mean.binaryproto", "synsets.txt",
                                 "train.txt", "val.txt"});
  const std::string url = server_->Url("partial.tar.gz");
  ExpectFailure(Fetch(url), {url, "has no synset_words.txt"});
}

}  // namespace
}  // namespace caffe

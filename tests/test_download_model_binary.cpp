// scripts/download_model_binary.py against a local HTTP server: the weights
// arrive intact, a good file is kept, and every failure (bad checksum,
// incomplete readme, refused connection, HTTP error) ends the script with
// status 1, one line on stderr and nothing left behind. Also checks that
// every models/*/readme.md names its weights the way the script needs.
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "support/script_runner.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {
namespace {

const char kWeightsFile[] = "weights.bin";
const char kCaffemodel[] = "tiny.caffemodel";

std::vector<std::string> NonEmptyLines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) lines.push_back(line);
  }
  return lines;
}

std::vector<std::string> FileNames(const std::string& dir) {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

// Some bytes no text editor would produce, so that a mangled transfer shows.
std::string TestWeights() {
  std::string bytes;
  for (int i = 0; i < 200000; ++i) bytes += static_cast<char>((i * 7919) % 251);
  return bytes;
}

class DownloadModelBinaryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!HaveProgram("python3")) GTEST_SKIP() << "python3 is not installed";
    if (!HaveProgram("sha1sum")) GTEST_SKIP() << "sha1sum is not installed";
    weights_ = TestWeights();
    WriteWholeFile(served_.file(kWeightsFile), weights_);
    sha1_ = Sha1sumOf(served_.file(kWeightsFile));
    ASSERT_EQ(40u, sha1_.size());
    server_.reset(new LocalHttpServer(served_.path()));
    ASSERT_TRUE(server_->Start()) << server_->error();
  }
  void TearDown() override { server_.reset(); }

  // Writes the model folder's readme.md: the front matter from these lines.
  void WriteReadme(const std::vector<std::string>& fields) {
    std::string text = "---\n";
    for (const std::string& field : fields) text += field + "\n";
    text += "---\n\nA test model.\n";
    WriteWholeFile(model_.file("readme.md"), text);
  }
  void WriteReadme(const std::string& url, const std::string& sha1) {
    WriteReadme({"name: Tiny", std::string("caffemodel: ") + kCaffemodel,
                 "caffemodel_url: " + url, "license: unrestricted", "sha1: " + sha1});
  }

  CommandResult Download() {
    return RunCaptured(
        "python3 " + ShellQuote(SourcePath("scripts/download_model_binary.py")) +
            " " + ShellQuote(model_.path()),
        scratch_.path());
  }

  // Checks a clean failure: status 1, one line "<program>: error: ..." that
  // contains every one of the expected pieces, and no weights left behind.
  void ExpectFailure(const CommandResult& result,
                     const std::vector<std::string>& pieces) {
    EXPECT_EQ(1, result.status) << result.out << result.err;
    const std::vector<std::string> lines = NonEmptyLines(result.err);
    ASSERT_EQ(1u, lines.size()) << result.err;
    EXPECT_EQ(0u, lines[0].find("download_model_binary.py: error: ")) << lines[0];
    for (const std::string& piece : pieces) {
      EXPECT_NE(std::string::npos, lines[0].find(piece))
          << "'" << piece << "' missing from: " << lines[0];
    }
    for (const std::string& name : FileNames(model_.path())) {
      EXPECT_EQ("readme.md", name) << "left behind after a failure";
    }
  }

  TempDir served_, model_, scratch_;
  std::unique_ptr<LocalHttpServer> server_;
  std::string weights_, sha1_;
};

TEST_F(DownloadModelBinaryTest, DownloadsAndVerifiesTheWeights) {
  WriteReadme(server_->Url(kWeightsFile), sha1_);
  const CommandResult result = Download();
  ASSERT_EQ(0, result.status) << result.out << result.err;
  EXPECT_EQ(weights_, ReadWholeFile(model_.file(kCaffemodel)));
  EXPECT_NE(std::string::npos, result.out.find(sha1_ + " verified")) << result.out;
  EXPECT_NE(std::string::npos, result.out.find("100.0%")) << result.out;
  // The temporary file was renamed, not left beside it.
  EXPECT_EQ((std::vector<std::string>{"readme.md", kCaffemodel}),
            FileNames(model_.path()));
}

TEST_F(DownloadModelBinaryTest, SecondRunKeepsAGoodFileWithoutDownloading) {
  WriteReadme(server_->Url(kWeightsFile), sha1_);
  ASSERT_EQ(0, Download().status);
  server_->Stop();  // A download now would fail.
  const CommandResult result = Download();
  EXPECT_EQ(0, result.status) << result.out << result.err;
  EXPECT_NE(std::string::npos, result.out.find("skipping the download")) << result.out;
  EXPECT_EQ(weights_, ReadWholeFile(model_.file(kCaffemodel)));
}

TEST_F(DownloadModelBinaryTest, ReplacesAFileWithTheWrongSha1) {
  WriteReadme(server_->Url(kWeightsFile), sha1_);
  WriteWholeFile(model_.file(kCaffemodel), "truncated");
  const CommandResult result = Download();
  ASSERT_EQ(0, result.status) << result.out << result.err;
  EXPECT_NE(std::string::npos, result.out.find("SHA-1 differs")) << result.out;
  EXPECT_EQ(weights_, ReadWholeFile(model_.file(kCaffemodel)));
}

TEST_F(DownloadModelBinaryTest, WrongSha1FailsAndRemovesTheDownload) {
  const std::string wrong(40, '0');
  WriteReadme(server_->Url(kWeightsFile), wrong);
  ExpectFailure(Download(), {"SHA-1 mismatch", server_->Url(kWeightsFile),
                             "expected " + wrong, "got " + sha1_});
}

TEST_F(DownloadModelBinaryTest, MissingFieldIsNamed) {
  const std::vector<std::string> all = {
      std::string("caffemodel: ") + kCaffemodel,
      "caffemodel_url: " + server_->Url(kWeightsFile), "sha1: " + sha1_};
  for (const std::string field : {"caffemodel", "caffemodel_url", "sha1"}) {
    std::vector<std::string> fields;
    for (const std::string& line : all) {
      if (line.compare(0, field.size() + 1, field + ":") != 0) fields.push_back(line);
    }
    WriteReadme(fields);
    ExpectFailure(Download(), {"readme.md", "no '" + field + "' field"});
  }
}

TEST_F(DownloadModelBinaryTest, MissingReadmeIsNamed) {
  ExpectFailure(Download(), {model_.file("readme.md"), "not found"});
}

TEST_F(DownloadModelBinaryTest, MalformedFrontMatterIsReported) {
  WriteWholeFile(model_.file("readme.md"), "# Tiny\n\nNo front matter.\n");
  const CommandResult no_start = Download();
  EXPECT_EQ(1, no_start.status);
  EXPECT_NE(std::string::npos, no_start.err.find("first line must be '---'"))
      << no_start.err;
  WriteWholeFile(model_.file("readme.md"), "---\ncaffemodel: a.caffemodel\n");
  const CommandResult no_end = Download();
  EXPECT_EQ(1, no_end.status);
  EXPECT_NE(std::string::npos, no_end.err.find("no closing '---'")) << no_end.err;
  WriteReadme({"caffemodel a.caffemodel"});
  const CommandResult bad_line = Download();
  EXPECT_EQ(1, bad_line.status);
  EXPECT_NE(std::string::npos, bad_line.err.find("readme.md:2: expected 'key: value'"))
      << bad_line.err;
}

TEST_F(DownloadModelBinaryTest, BadSha1AndPathsInTheReadmeAreRejected) {
  WriteReadme(server_->Url(kWeightsFile), "12345");
  ExpectFailure(Download(), {"sha1 must be 40 hexadecimal digits", "'12345'"});
  WriteReadme({"caffemodel: ../escape.caffemodel",
               "caffemodel_url: " + server_->Url(kWeightsFile), "sha1: " + sha1_});
  ExpectFailure(Download(), {"plain file name", "../escape.caffemodel"});
}

TEST_F(DownloadModelBinaryTest, RefusedConnectionNamesTheUrl) {
  const std::string url =
      "http://127.0.0.1:" + std::to_string(UnusedLocalPort()) + "/" + kWeightsFile;
  WriteReadme(url, sha1_);
  ExpectFailure(Download(), {"cannot download " + url, "refused"});
}

TEST_F(DownloadModelBinaryTest, HttpErrorNamesTheUrlAndStatus) {
  const std::string url = server_->Url("missing.bin");
  WriteReadme(url, sha1_);
  ExpectFailure(Download(), {"cannot download " + url, "HTTP 404"});
}

TEST_F(DownloadModelBinaryTest, UnpublishedSha1DownloadsAndPrintsIt) {
  WriteReadme(server_->Url(kWeightsFile), "unpublished");
  const CommandResult result = Download();
  ASSERT_EQ(0, result.status) << result.out << result.err;
  EXPECT_EQ(weights_, ReadWholeFile(model_.file(kCaffemodel)));
  EXPECT_NE(std::string::npos, result.out.find(sha1_ + ", not checked")) << result.out;
}

TEST_F(DownloadModelBinaryTest, RunsAsAProgramAndPrintsUsage) {
  const std::string script = SourcePath("scripts/download_model_binary.py");
  const CommandResult no_args = RunCaptured(ShellQuote(script), scratch_.path());
  EXPECT_EQ(1, no_args.status) << no_args.err;
  EXPECT_NE(std::string::npos, no_args.err.find("usage: download_model_binary.py <dirname>"))
      << no_args.err;
  WriteReadme(server_->Url(kWeightsFile), sha1_);
  const CommandResult run =
      RunCaptured(ShellQuote(script) + " " + ShellQuote(model_.path()), scratch_.path());
  EXPECT_EQ(0, run.status) << run.err;
}

// The front matter of a readme.md as the script reads it: `key: value` lines
// between a first line `---` and the next `---`. Empty when there is none.
std::map<std::string, std::string> FrontMatter(const std::string& path,
                                               std::string* problem) {
  std::map<std::string, std::string> fields;
  std::istringstream in(ReadWholeFile(path));
  std::string line;
  if (!std::getline(in, line) || line != "---") {
    *problem = "no front matter (first line is not ---)";
    return fields;
  }
  const std::regex key_value("([A-Za-z_][A-Za-z0-9_]*)\\s*:\\s*(.*)");
  while (std::getline(in, line)) {
    if (line == "---") return fields;
    std::smatch match;
    if (line.empty() || line[0] == '#') continue;
    if (!std::regex_match(line, match, key_value)) {
      *problem = "not a 'key: value' line: " + line;
      return fields;
    }
    fields[match[1]] = match[2];
  }
  *problem = "front matter not closed by ---";
  return fields;
}

void ExpectWeightsFields(const std::string& folder) {
  const std::string readme = SourcePath("models/" + folder + "/readme.md");
  ASSERT_TRUE(std::filesystem::exists(readme)) << readme;
  std::string problem;
  const std::map<std::string, std::string> fields = FrontMatter(readme, &problem);
  ASSERT_EQ("", problem) << readme;
  for (const char* key : {"name", "caffemodel", "caffemodel_url", "license", "sha1"}) {
    EXPECT_TRUE(fields.count(key) && !fields.at(key).empty())
        << readme << " has no '" << key << "' field";
  }
  if (!fields.count("caffemodel") || !fields.count("caffemodel_url") ||
      !fields.count("sha1")) {
    return;
  }
  const std::string& caffemodel = fields.at("caffemodel");
  EXPECT_EQ(std::string::npos, caffemodel.find('/')) << readme;
  EXPECT_TRUE(std::regex_match(caffemodel, std::regex(".+\\.caffemodel"))) << readme;
  // Weights shipped in the repository (fashion_mnist_lenet) give their path.
  const std::string& url = fields.at("caffemodel_url");
  EXPECT_TRUE(std::regex_match(url, std::regex("https?://\\S+")) ||
              std::filesystem::is_regular_file(SourcePath(url)))
      << readme << ": " << url;
  const std::string& sha1 = fields.at("sha1");
  if (sha1 == "unpublished") {
    // The text must say so too, not just the field.
    EXPECT_NE(std::string::npos, ReadWholeFile(readme).find("No SHA-1 has been published"))
        << readme;
  } else {
    EXPECT_TRUE(std::regex_match(sha1, std::regex("[0-9a-f]{40}"))) << readme << ": " << sha1;
  }
}

TEST(ModelZooReadmeTest, EveryModelNamesItsWeights) {
  for (const char* folder :
       {"bvlc_alexnet", "bvlc_googlenet", "bvlc_reference_caffenet",
        "bvlc_reference_rcnn_ilsvrc13", "finetune_flickr_style", "mobilenet_v1",
        "nin_imagenet", "resnet50", "resnet101", "resnet152", "squeezenet_v1.0",
        "squeezenet_v1.1", "vgg16", "vgg19"}) {
    SCOPED_TRACE(folder);
    ExpectWeightsFields(folder);
  }
}

// Folders added later: a readme whose front matter points to weights must
// give everything the script needs.
TEST(ModelZooReadmeTest, EveryReadmeWithAWeightsUrlIsComplete) {
  for (const auto& entry : std::filesystem::directory_iterator(SourcePath("models"))) {
    const std::filesystem::path readme = entry.path() / "readme.md";
    if (!std::filesystem::exists(readme)) continue;
    std::string problem;
    const std::map<std::string, std::string> fields = FrontMatter(readme.string(), &problem);
    if (!fields.count("caffemodel_url") || fields.at("caffemodel_url").empty()) continue;
    SCOPED_TRACE(readme.string());
    EXPECT_EQ("", problem);
    ExpectWeightsFields(entry.path().filename().string());
  }
}

}  // namespace
}  // namespace caffe

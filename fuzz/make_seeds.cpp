// Writes the seeds of fuzz/corpus/ that the repository has no file for:
// the small net's weights, a solver state of each solver type (behind the
// byte that selects the type in the solverstate target), a mean, and
// datums of each kind. Run by scripts/make_fuzz_corpus.sh:
//   fuzz_make_seeds <corpus dir>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#ifdef USE_OPENCV
#include <opencv2/core/core.hpp>
#include <opencv2/imgcodecs/imgcodecs.hpp>
#endif

#include "caffe/solver.hpp"
#include "caffe/util/io.hpp"
#include "fuzz_support.hpp"

namespace fs = std::filesystem;

namespace {

void WriteBytes(const fs::path& path, const std::string& bytes) {
  fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

std::string ReadBytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void WriteWeights(const fs::path& dir) {
  caffe::Net<float> net(caffe::fuzz::SmallNet());
  caffe::NetParameter weights;
  net.ToProto(&weights);
  WriteBytes(dir / "small_net.caffemodel", weights.SerializeAsString());
}

void WriteSolverStates(const fs::path& dir, const fs::path& scratch) {
  for (int i = 0; i < caffe::fuzz::kNumSolverTypes; ++i) {
    const std::string type = caffe::fuzz::kSolverTypes[i];
    caffe::SolverParameter param = caffe::fuzz::SmallSolver(type);
    param.set_snapshot_prefix((scratch / type).string());
    std::unique_ptr<caffe::Solver<float> > solver(
        caffe::SolverRegistry<float>::CreateSolver(param));
    solver->Step(3);  // Past the first step value.
    solver->Snapshot();
    const std::string state =
        ReadBytes(scratch / (type + "_iter_3.solverstate"));
    WriteBytes(dir / (type + ".solverstate"),
               std::string(1, static_cast<char>(i)) + state);
  }
}

void WriteMean(const fs::path& dir) {
  caffe::Blob<float> mean({1, 3, 4, 5});
  float* values = mean.mutable_cpu_data();
  for (int i = 0; i < mean.count(); ++i) values[i] = 0.5f * i;
  caffe::BlobProto proto;
  mean.ToProto(&proto);
  WriteBytes(dir / "mean_3x4x5.binaryproto", proto.SerializeAsString());
}

void WriteDatums(const fs::path& dir) {
  caffe::Datum raw;
  raw.set_channels(3);
  raw.set_height(5);
  raw.set_width(4);
  raw.set_label(7);
  std::string pixels;
  for (int i = 0; i < 3 * 5 * 4; ++i) pixels.push_back(static_cast<char>(i * 4));
  raw.set_data(pixels);
  WriteBytes(dir / "raw_3x5x4.datum", raw.SerializeAsString());

  caffe::Datum floats;
  floats.set_channels(1);
  floats.set_height(4);
  floats.set_width(4);
  for (int i = 0; i < 16; ++i) floats.add_float_data(0.25f * i);
  WriteBytes(dir / "float_1x4x4.datum", floats.SerializeAsString());

#ifdef USE_OPENCV
  cv::Mat image(6, 5, CV_8UC3);
  for (int r = 0; r < image.rows; ++r) {
    for (int c = 0; c < image.cols; ++c) {
      image.at<cv::Vec3b>(r, c) = cv::Vec3b(r * 40, c * 50, (r + c) * 20);
    }
  }
  for (const std::string extension : {"png", "jpg"}) {
    std::vector<uchar> encoded;
    cv::imencode("." + extension, image, encoded);
    caffe::Datum datum;
    datum.set_data(std::string(encoded.begin(), encoded.end()));
    datum.set_encoded(true);
    datum.set_label(1);
    WriteBytes(dir / ("encoded_" + extension + ".datum"),
               datum.SerializeAsString());
  }
#endif
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s <corpus dir>\n", argv[0]);
    return 2;
  }
  caffe::fuzz::InitForFuzzing();
  const fs::path corpus = argv[1];
  const fs::path scratch = fs::temp_directory_path() / "crema_fuzz_seeds";
  fs::create_directories(scratch);
  WriteWeights(corpus / "caffemodel");
  WriteSolverStates(corpus / "solverstate", scratch);
  WriteMean(corpus / "mean_binaryproto");
  WriteDatums(corpus / "datum");
  fs::remove_all(scratch);
  return 0;
}

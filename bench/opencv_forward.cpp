// Forward time of one deploy net in Crema and in OpenCV DNN (its Caffe
// importer, CPU backend), on the same random weights and input, measured in
// interleaved passes so that both see the same machine load:
//
//   opencv_forward DEPLOY.prototxt [BATCH=10] [ITERATIONS=10] [THREADS=1]
//
// Only the batch size of the definition's input changes (bench/zoo_time.sh
// writes 224x224 definitions). One untimed pass each first (allocation,
// oneDNN and OpenCV kernel set-up; its time is printed as "first"); then
// ITERATIONS passes of each, alternating. Prints the median and minimum of
// each, in milliseconds, and the largest output difference relative to
// OpenCV's largest output.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <opencv2/core/utility.hpp>
#include <opencv2/dnn.hpp>
#include <string>
#include <vector>

#include "caffe/caffe.hpp"
#include "caffe/util/math_functions.hpp"
#include "support/random_weights.hpp"

using caffe::Blob;
using caffe::Net;
using caffe::NetParameter;
using caffe::RandomizeWeights;
using caffe::Uniform;

namespace {

// Sets the batch size (and 224 or 227 square images) of the net's one input,
// whichever way the definition declares it.
void SetInputBatch(NetParameter* param, int batch) {
  caffe::BlobShape* shape = nullptr;
  if (param->input_shape_size() > 0) {
    shape = param->mutable_input_shape(0);
  } else if (param->input_dim_size() >= 4) {
    param->set_input_dim(0, batch);
    return;
  } else {
    CHECK(param->layer_size() > 0 && param->layer(0).type() == "Input")
        << "the net's first layer must be its Input";
    shape = param->mutable_layer(0)->mutable_input_param()->mutable_shape(0);
  }
  shape->set_dim(0, batch);
}

double Median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const size_t n = values.size();
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

template <typename F>
double TimeMs(F&& f) {
  const auto start = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration<double, std::milli>(
             std::chrono::steady_clock::now() - start)
      .count();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr,
                 "usage: %s DEPLOY.prototxt [BATCH] [ITERATIONS] [THREADS]\n",
                 argv[0]);
    return 1;
  }
  const std::string deploy = argv[1];
  const int batch = argc > 2 ? std::atoi(argv[2]) : 10;
  const int iterations = argc > 3 ? std::atoi(argv[3]) : 10;
  const int threads = argc > 4 ? std::atoi(argv[4]) : 1;
  FLAGS_minloglevel = 1;  // the net's set-up log is not wanted here
  caffe::GlobalInit(&argc, &argv);
  caffe::Caffe::set_mode(caffe::Caffe::CPU);
  caffe::SetThreadCount(threads);
  cv::setNumThreads(threads);

  NetParameter param;
  caffe::ReadNetParamsFromTextFileOrDie(deploy, &param);
  param.mutable_state()->set_phase(caffe::TEST);
  SetInputBatch(&param, batch);
  caffe::Caffe::set_random_seed(1701);
  Net<float> net(param);
  RandomizeWeights(&net);
  Blob<float>* input = net.input_blobs()[0];
  Uniform(input, -1.0f, 1.0f);

  // OpenCV reads the same definition and weights through files.
  const auto dir = std::filesystem::temp_directory_path() /
                   ("opencv_forward_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string deploy_copy = (dir / "deploy.prototxt").string();
  const std::string weights = (dir / "weights.caffemodel").string();
  caffe::WriteProtoToTextFile(param, deploy_copy);
  {
    NetParameter trained;
    net.ToProto(&trained);
    caffe::WriteProtoToBinaryFile(trained, weights);
  }
  cv::dnn::Net reference = cv::dnn::readNetFromCaffe(deploy_copy, weights);
  std::filesystem::remove_all(dir);
  reference.setPreferableBackend(cv::dnn::DNN_BACKEND_OPENCV);
  reference.setPreferableTarget(cv::dnn::DNN_TARGET_CPU);
  const std::vector<int> sizes(input->shape().begin(), input->shape().end());
  const cv::Mat input_mat(static_cast<int>(sizes.size()), sizes.data(), CV_32F,
                          input->mutable_cpu_data());
  reference.setInput(input_mat.clone());

  cv::Mat expected;
  const double opencv_first_ms =
      TimeMs([&] { expected = reference.forward().clone(); });
  const double crema_first_ms = TimeMs([&] { net.Forward(); });
  std::vector<double> crema_ms, opencv_ms;
  for (int i = 0; i < iterations; ++i) {
    opencv_ms.push_back(TimeMs([&] { reference.forward(); }));
    crema_ms.push_back(TimeMs([&] { net.Forward(); }));
  }

  const Blob<float>* output = net.output_blobs()[0];
  float scale = 1e-6f, difference = 0;
  const float* theirs = expected.ptr<float>();
  for (int i = 0; i < output->count(); ++i) {
    scale = std::max(scale, std::fabs(theirs[i]));
  }
  for (int i = 0; i < output->count(); ++i) {
    difference =
        std::max(difference, std::fabs(output->cpu_data()[i] - theirs[i]));
  }
  std::printf(
      "%s batch %d threads %d: crema median %.1f ms (min %.1f, first %.1f), "
      "opencv median %.1f ms (min %.1f, first %.1f), output difference "
      "%.2g\n",
      param.name().c_str(), batch, threads, Median(crema_ms),
      *std::min_element(crema_ms.begin(), crema_ms.end()), crema_first_ms,
      Median(opencv_ms), *std::min_element(opencv_ms.begin(), opencv_ms.end()),
      opencv_first_ms, difference / scale);
  return 0;
}

// Classifies one image with a deploy net and prints the five most probable
// labels, as Caffe's cpp_classification example:
//   classification deploy.prototxt network.caffemodel mean.binaryproto
//                  labels.txt img.jpg
// Pass "" or "-" as the mean file to subtract no mean. The net runs on the CPU
// unless --gpu names a device.
#include <gflags/gflags.h>
#include <glog/logging.h>

#include <cstdio>
#include <string>
#include <vector>

#include "caffe/common.hpp"

#ifdef USE_OPENCV
#include <opencv2/imgcodecs.hpp>

#include "caffe/classifier.hpp"
#include "caffe/error.hpp"
#include "caffe/util/io.hpp"
#include "caffe/util/tool_main.hpp"

DEFINE_int32(gpu, -1, "The GPU to run the net on; -1 runs it on the CPU");

namespace {

void ClassifyFile(const std::string& model_file, const std::string& weights,
                  std::string mean_file, const std::string& label_file,
                  const std::string& image_file) {
  if (mean_file == "-") mean_file.clear();
  if (FLAGS_gpu >= 0) {
    caffe::Caffe::SetDevice(FLAGS_gpu);
    caffe::Caffe::set_mode(caffe::Caffe::GPU);
  }
  caffe::Classifier classifier(model_file, weights, mean_file, label_file);
  // OpenCV would log its own warning for a missing file; name it ourselves.
  caffe::CheckFileReadable(image_file, "image");
  const cv::Mat image = cv::imread(image_file, cv::IMREAD_UNCHANGED);
  CAFFE_REQUIRE(!image.empty()) << "cannot read or decode image " << image_file;
  const std::vector<caffe::Prediction> predictions =
      classifier.Classify(image, 5);
  std::printf("---------- Prediction for %s ----------\n", image_file.c_str());
  for (const caffe::Prediction& prediction : predictions) {
    std::printf("%.4f - \"%s\"\n", prediction.second, prediction.first.c_str());
  }
}

}  // namespace

int main(int argc, char** argv) {
  return caffe::RunTool(
      argc, argv, "classification",
      "prints the five most probable labels of an image.\n"
      "Usage:\n"
      "    classification [FLAGS] deploy.prototxt network.caffemodel "
      "mean.binaryproto labels.txt img.jpg\n"
      "labels.txt has one label per line, one line per output class; "
      "give \"\" or - as the mean file for no mean.",
      5, 5, [](const std::vector<std::string>& args) {
        ClassifyFile(args[0], args[1], args[2], args[3], args[4]);
      });
}
#else
int main(int argc, char** argv) {
  std::fprintf(stderr,
               "classification: error: built without OpenCV (USE_OPENCV)\n");
  return 1;
}
#endif  // USE_OPENCV

// Helpers for tests of the image tools: tiny PNG images written with OpenCV,
// a list file naming them, and a way to run a built program.
#ifndef CAFFE_TESTS_SUPPORT_IMAGE_SET_HPP_
#define CAFFE_TESTS_SUPPORT_IMAGE_SET_HPP_

#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <opencv2/core/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include "caffe/common.hpp"

namespace caffe {

// Pixel (channel c, row h, column w) of test image i; distinct everywhere.
inline int ImagePixel(int i, int c, int h, int w) {
  return 10 * i + 40 * c + 3 * h + w;
}

// Writes image i (height x width, BGR) as a lossless PNG.
inline void WriteTestImage(const std::string& filename, int i, int height,
                           int width) {
  cv::Mat image(height, width, CV_8UC3);
  for (int h = 0; h < height; ++h) {
    for (int w = 0; w < width; ++w) {
      for (int c = 0; c < 3; ++c) {
        image.at<cv::Vec3b>(h, w)[c] =
            static_cast<uchar>(ImagePixel(i, c, h, w));
      }
    }
  }
  cv::imwrite(filename, image);
}

// Writes count images "img N.png" (the names hold a space) into folder and a
// list file of "img N.png label" with label = 2 * N + 1; returns the list's
// path.
inline std::string WriteImageSet(const std::string& folder, int count,
                                 int height, int width) {
  const std::string list = folder + "/list.txt";
  std::ofstream file(list);
  for (int i = 0; i < count; ++i) {
    const std::string name = "img " + std::to_string(i) + ".png";
    WriteTestImage(folder + "/" + name, i, height, width);
    file << name << " " << 2 * i + 1 << "\n";
  }
  return list;
}

// Runs command with stdout and stderr sent to log; returns the exit code
// (-1 if it did not exit normally) and the output in *output.
inline int RunCommand(const std::string& command, const std::string& log,
                      std::string* output) {
  const std::string full = command + " > '" + log + "' 2>&1";
  const int status = std::system(full.c_str());
  std::ifstream file(log);
  output->assign(std::istreambuf_iterator<char>(file),
                 std::istreambuf_iterator<char>());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace caffe

#endif  // CAFFE_TESTS_SUPPORT_IMAGE_SET_HPP_

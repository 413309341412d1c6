// Writes a set of synthetic JPEG images and their list file for the data
// benchmarks (bench/data_throughput.sh):
//   make_jpegs OUTPUT_DIR COUNT SIZE
// Creates OUTPUT_DIR/NNNNNN.jpg (SIZE x SIZE, BGR, quality 90) and
// OUTPUT_DIR/list.txt with "NNNNNN.jpg label" lines (label = index % 1000).
// The pictures are smooth gradients with a few shapes and some noise, so that
// they compress like photographs rather than like flat colour.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <opencv2/core/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <string>
#include <vector>

namespace {

cv::Mat SyntheticImage(int index, int size, cv::RNG* rng) {
  cv::Mat image(size, size, CV_8UC3);
  const int phase = index * 7;
  for (int h = 0; h < size; ++h) {
    for (int w = 0; w < size; ++w) {
      cv::Vec3b& pixel = image.at<cv::Vec3b>(h, w);
      pixel[0] = static_cast<uchar>((255 * h) / size);
      pixel[1] = static_cast<uchar>((255 * w) / size + phase);
      pixel[2] = static_cast<uchar>((h + w + phase) % 256);
    }
  }
  for (int i = 0; i < 4; ++i) {
    const cv::Point center(rng->uniform(0, size), rng->uniform(0, size));
    const cv::Scalar color(rng->uniform(0, 256), rng->uniform(0, 256),
                           rng->uniform(0, 256));
    cv::circle(image, center, rng->uniform(size / 16 + 1, size / 4 + 2), color,
               cv::FILLED);
  }
  cv::Mat noise(size, size, CV_8UC3);
  rng->fill(noise, cv::RNG::UNIFORM, 0, 24);
  image += noise;
  return image;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::cerr << "usage: make_jpegs OUTPUT_DIR COUNT SIZE\n";
    return 1;
  }
  const std::string folder = argv[1];
  const int count = std::atoi(argv[2]);
  const int size = std::atoi(argv[3]);
  if (count <= 0 || size <= 0) {
    std::cerr << "make_jpegs: error: COUNT and SIZE must be positive\n";
    return 1;
  }
  std::ofstream list(folder + "/list.txt");
  if (!list) {
    std::cerr << "make_jpegs: error: cannot write " << folder << "/list.txt\n";
    return 1;
  }
  cv::RNG rng(1701);
  const std::vector<int> quality = {cv::IMWRITE_JPEG_QUALITY, 90};
  for (int i = 0; i < count; ++i) {
    char name[32];
    snprintf(name, sizeof(name), "%06d.jpg", i);
    if (!cv::imwrite(folder + "/" + name, SyntheticImage(i, size, &rng),
                     quality)) {
      std::cerr << "make_jpegs: error: cannot write " << folder << "/" << name
                << "\n";
      return 1;
    }
    list << name << " " << i % 1000 << "\n";
  }
  return 0;
}

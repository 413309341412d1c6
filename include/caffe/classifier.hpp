#ifndef CAFFE_CLASSIFIER_HPP_
#define CAFFE_CLASSIFIER_HPP_

#include "caffe/config.hpp"

#ifdef USE_OPENCV

#include <opencv2/core.hpp>

#include <string>
#include <utility>
#include <vector>

#include "caffe/common.hpp"
#include "caffe/net.hpp"

namespace caffe {

// A label and its probability, as printed by the classification tool.
typedef std::pair<string, float> Prediction;

// Image classification with a deploy net, preprocessing images the way
// Caffe's cpp_classification example does:
//   1. convert to the net's channel count (BGR <-> grey, BGRA dropped alpha),
//   2. resize (bilinear) to the input's height x width,
//   3. convert to float and subtract the mean: one value per channel, the
//      per-channel average of the mean image (or the given mean values),
//   4. copy channel by channel into the net's single input blob.
// The net must have exactly one input (1 or 3 channels) and one output; the
// output's channel count is the number of classes and must equal the number
// of lines in the label file. Every user mistake throws caffe::Error naming
// the file. The net runs in the current Caffe::mode().
class Classifier {
 public:
  // mean_file: a BlobProto (.binaryproto) whose channel count matches the
  // net's input; an empty path subtracts nothing.
  Classifier(const string& model_file, const string& trained_file,
             const string& mean_file, const string& label_file);
  // mean_values: one per input channel (or a single value for all channels).
  Classifier(const string& model_file, const string& trained_file,
             const std::vector<float>& mean_values, const string& label_file);

  // The top_k most probable labels for the image, most probable first
  // (top_k is capped at the number of classes).
  std::vector<Prediction> Classify(const cv::Mat& image, int top_k = 5);
  // The same for each image, computed by one forward pass over a batch of
  // images.size() (the input blob is reshaped to that num).
  std::vector<std::vector<Prediction> > Classify(
      const std::vector<cv::Mat>& images, int top_k);

  // Preprocesses an image (steps 1-3 above) into a float cv::Mat of the
  // input's geometry with one plane per channel interleaved (CV_32FC1/3).
  cv::Mat Preprocess(const cv::Mat& image) const;

  const shared_ptr<Net<float> >& net() const { return net_; }
  const std::vector<string>& labels() const { return labels_; }
  int num_channels() const { return num_channels_; }
  cv::Size input_geometry() const { return input_geometry_; }

 private:
  void LoadNet(const string& model_file, const string& trained_file);
  void LoadLabels(const string& label_file);
  void SetMean(const string& mean_file);
  void SetMean(const std::vector<float>& mean_values);
  // Forward pass over the images; returns the output's probabilities, one
  // row of num_classes per image.
  std::vector<float> Predict(const std::vector<cv::Mat>& images);

  shared_ptr<Net<float> > net_;
  cv::Size input_geometry_;
  int num_channels_ = 0;
  cv::Mat mean_;  // CV_32FC(num_channels_) of input_geometry_, or empty
  std::vector<string> labels_;
};

}  // namespace caffe

#endif  // USE_OPENCV
#endif  // CAFFE_CLASSIFIER_HPP_

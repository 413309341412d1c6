#ifdef USE_OPENCV
#include "caffe/classifier.hpp"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <fstream>
#include <numeric>

#include "caffe/blob.hpp"
#include "caffe/error.hpp"
#include "caffe/util/io.hpp"

namespace caffe {

Classifier::Classifier(const string& model_file, const string& trained_file,
                       const string& mean_file, const string& label_file) {
  LoadNet(model_file, trained_file);
  if (!mean_file.empty()) SetMean(mean_file);
  LoadLabels(label_file);
}

Classifier::Classifier(const string& model_file, const string& trained_file,
                       const std::vector<float>& mean_values,
                       const string& label_file) {
  LoadNet(model_file, trained_file);
  SetMean(mean_values);
  LoadLabels(label_file);
}

void Classifier::LoadNet(const string& model_file, const string& trained_file) {
  CheckFileReadable(model_file, "deploy prototxt");
  CheckFileReadable(trained_file, "trained weights");
  net_.reset(new Net<float>(model_file, TEST));
  net_->CopyTrainedLayersFrom(trained_file);
  CAFFE_REQUIRE(net_->num_inputs() == 1)
      << model_file << ": a classifier needs a net with exactly one input, "
      << "found " << net_->num_inputs();
  CAFFE_REQUIRE(net_->num_outputs() == 1)
      << model_file << ": a classifier needs a net with exactly one output, "
      << "found " << net_->num_outputs();
  const Blob<float>* input = net_->input_blobs()[0];
  CAFFE_REQUIRE(input->num_axes() == 4)
      << model_file << ": the input must be N x C x H x W, found "
      << input->shape_string();
  num_channels_ = input->channels();
  CAFFE_REQUIRE(num_channels_ == 1 || num_channels_ == 3)
      << model_file << ": the input must have 1 or 3 channels, found "
      << input->shape_string();
  input_geometry_ = cv::Size(input->width(), input->height());
}

void Classifier::LoadLabels(const string& label_file) {
  CheckFileReadable(label_file, "label");
  std::ifstream file(label_file);
  string line;
  while (std::getline(file, line)) labels_.push_back(line);
  const Blob<float>* output = net_->output_blobs()[0];
  CAFFE_REQUIRE(output->num_axes() >= 2 &&
                static_cast<int>(labels_.size()) == output->count(1))
      << label_file << " has " << labels_.size() << " labels but the net's "
      << "output has " << output->shape_string()
      << " (one label per class, one per line)";
}

// As Caffe's example, the mean image is reduced to its per-channel average,
// so that it applies to inputs of any geometry.
void Classifier::SetMean(const string& mean_file) {
  CheckFileReadable(mean_file, "mean");
  BlobProto proto;
  ReadProtoFromBinaryFileOrDie(mean_file, &proto);
  Blob<float> mean_blob;
  mean_blob.FromProto(proto);
  CAFFE_REQUIRE(mean_blob.num_axes() == 4 &&
                mean_blob.channels() == num_channels_)
      << mean_file << ": the mean has shape " << mean_blob.shape_string()
      << " but the net's input has " << num_channels_ << " channel(s)";
  const int plane = mean_blob.height() * mean_blob.width();
  CAFFE_REQUIRE(plane > 0) << mean_file << ": the mean image is empty ("
                           << mean_blob.shape_string() << ")";
  std::vector<float> values(num_channels_);
  const float* data = mean_blob.cpu_data();
  for (int c = 0; c < num_channels_; ++c) {
    const float* channel = data + c * plane;
    values[c] = static_cast<float>(
        std::accumulate(channel, channel + plane, 0.0) / plane);
  }
  SetMean(values);
}

void Classifier::SetMean(const std::vector<float>& mean_values) {
  CAFFE_REQUIRE(mean_values.size() == 1 ||
                static_cast<int>(mean_values.size()) == num_channels_)
      << "got " << mean_values.size() << " mean values for a net with "
      << num_channels_ << " input channel(s)";
  cv::Scalar mean;
  for (int c = 0; c < num_channels_; ++c) {
    mean[c] = mean_values[mean_values.size() == 1 ? 0 : c];
  }
  mean_ = cv::Mat(input_geometry_, CV_32FC(num_channels_), mean);
}

cv::Mat Classifier::Preprocess(const cv::Mat& image) const {
  CAFFE_REQUIRE(!image.empty()) << "cannot classify an empty image";
  const int channels = image.channels();
  CAFFE_REQUIRE(channels == 1 || channels == 3 || channels == 4)
      << "cannot classify an image with " << channels << " channels";
  cv::Mat converted = image;
  if (num_channels_ == 1 && channels == 3) {
    cv::cvtColor(image, converted, cv::COLOR_BGR2GRAY);
  } else if (num_channels_ == 1 && channels == 4) {
    cv::cvtColor(image, converted, cv::COLOR_BGRA2GRAY);
  } else if (num_channels_ == 3 && channels == 4) {
    cv::cvtColor(image, converted, cv::COLOR_BGRA2BGR);
  } else if (num_channels_ == 3 && channels == 1) {
    cv::cvtColor(image, converted, cv::COLOR_GRAY2BGR);
  }
  cv::Mat resized = converted;
  if (converted.size() != input_geometry_) {
    cv::resize(converted, resized, input_geometry_);
  }
  cv::Mat as_float;
  resized.convertTo(as_float, CV_32FC(num_channels_));
  if (mean_.empty()) return as_float;
  cv::Mat normalized;
  cv::subtract(as_float, mean_, normalized);
  return normalized;
}

std::vector<float> Classifier::Predict(const std::vector<cv::Mat>& images) {
  const int num = static_cast<int>(images.size());
  CAFFE_REQUIRE(num > 0) << "no images to classify";
  Blob<float>* input = net_->input_blobs()[0];
  input->Reshape(num, num_channels_, input_geometry_.height,
                 input_geometry_.width);
  net_->Reshape();
  // Each image's channels are written straight into the input blob: the
  // planes of cv::split are Mats wrapping the blob's memory.
  float* data = input->mutable_cpu_data();
  const int plane = input_geometry_.height * input_geometry_.width;
  for (int n = 0; n < num; ++n) {
    std::vector<cv::Mat> planes;
    for (int c = 0; c < num_channels_; ++c) {
      planes.emplace_back(input_geometry_, CV_32FC1,
                          data + (n * num_channels_ + c) * plane);
    }
    cv::split(Preprocess(images[n]), planes);
  }
  const Blob<float>* output = net_->Forward()[0];
  return std::vector<float>(output->cpu_data(),
                            output->cpu_data() + output->count());
}

std::vector<std::vector<Prediction> > Classifier::Classify(
    const std::vector<cv::Mat>& images, int top_k) {
  const std::vector<float> probabilities = Predict(images);
  const int classes = static_cast<int>(labels_.size());
  const int k = std::max(0, std::min(top_k, classes));
  std::vector<std::vector<Prediction> > results(images.size());
  for (size_t n = 0; n < images.size(); ++n) {
    const float* row = probabilities.data() + n * classes;
    std::vector<int> order(classes);
    std::iota(order.begin(), order.end(), 0);
    // Ties keep the lower class first, as a stable sort by probability.
    std::partial_sort(order.begin(), order.begin() + k, order.end(),
                      [row](int a, int b) {
                        return row[a] > row[b] || (row[a] == row[b] && a < b);
                      });
    for (int i = 0; i < k; ++i) {
      results[n].emplace_back(labels_[order[i]], row[order[i]]);
    }
  }
  return results;
}

std::vector<Prediction> Classifier::Classify(const cv::Mat& image, int top_k) {
  return Classify(std::vector<cv::Mat>(1, image), top_k)[0];
}

}  // namespace caffe
#endif  // USE_OPENCV

#ifndef CAFFE_WINDOW_DATA_LAYER_HPP_
#define CAFFE_WINDOW_DATA_LAYER_HPP_

#include "caffe/config.hpp"

#ifdef USE_OPENCV

#include <opencv2/core/core.hpp>
#include <string>
#include <utility>
#include <vector>

#include "caffe/blob.hpp"
#include "caffe/common.hpp"
#include "caffe/layers/base_data_layer.hpp"
#include "caffe/proto/caffe.pb.h"

namespace caffe {

// Samples windows (boxes) of images for detection fine-tuning (R-CNN): each
// batch holds batch_size - num_fg background windows followed by
// num_fg = int(batch_size * fg_fraction) foreground windows, each drawn
// uniformly with replacement, warped to crop_size x crop_size and written as
//   data(n, c, h, w) = (pixel(c, h, w) - mean(c, h, w)) * scale,
// with label(n) = the window's class (0 for background). Tops: data
// (batch_size x 3 x crop_size x crop_size; images are decoded as BGR) and
// label (batch_size). No backward.
//
// The window file (window_data_param.source) repeats, per image:
//   # <image_index>          (0, 1, 2... in file order)
//   <image_path>             (relative to root_folder)
//   <channels>
//   <height>
//   <width>
//   <num_windows>
//   num_windows lines: <class_index> <overlap> <x1> <y1> <x2> <y2>
// with inclusive 0-based pixel coordinates. A window with
// overlap >= fg_threshold is foreground (label class_index, which must be
// positive); overlap < bg_threshold makes it background (label 0); windows
// in between are not used.
//
// Parameters (window_data_param):
//   source        the window file;
//   root_folder   prefixed to every image path;
//   batch_size    windows per batch;
//   fg_threshold, bg_threshold, fg_fraction   as above (0.5, 0.5, 0.25);
//   context_pad   pixels of the crop_size output that show context around
//                 the window: the box is enlarged by
//                 crop_size / (crop_size - 2 * context_pad) about its
//                 centre; the part of it outside the image becomes zeros;
//   crop_mode     "warp" (stretch the box to a square) or "square" (first
//                 grow the shorter side of the box to the longer one);
//   cache_images  read every image file once at setup and keep its encoded
//                 bytes in memory.
// crop_size, mirror (flip each window with probability 1/2), scale,
// mean_file (a BlobProto at least crop_size square, read at its centred
// crop) and mean_value (one, or one per channel) are taken from
// transform_param; window_data_param's crop_size, mirror, scale and
// mean_file are the fallback when transform_param does not set them.
template <typename Dtype>
class WindowDataLayer : public BasePrefetchingDataLayer<Dtype> {
 public:
  explicit WindowDataLayer(const LayerParameter& param)
      : BasePrefetchingDataLayer<Dtype>(param) {}
  ~WindowDataLayer() override;
  // Reads the window file, checks every image path and window, and shapes
  // the tops.
  void DataLayerSetUp(const vector<Blob<Dtype>*>& bottom,
                      const vector<Blob<Dtype>*>& top) override;

  inline const char* type() const override { return "WindowData"; }
  inline int ExactNumBottomBlobs() const override { return 0; }
  inline int ExactNumTopBlobs() const override { return 2; }

 protected:
  // A random number from this layer's own stream (seeded at setup).
  virtual unsigned int PrefetchRand();
  void load_batch(Batch<Dtype>* batch) override;

  shared_ptr<Caffe::RNG> prefetch_rng_;
  // (full path, {channels, height, width} as the window file gives them).
  vector<std::pair<std::string, vector<int> > > image_database_;
  // The fields of a window, as stored in fg_windows_ and bg_windows_.
  enum WindowField { IMAGE_INDEX, LABEL, OVERLAP, X1, Y1, X2, Y2, NUM };
  vector<vector<float> > fg_windows_;
  vector<vector<float> > bg_windows_;
  Blob<Dtype> data_mean_;
  vector<Dtype> mean_values_;
  bool has_mean_file_ = false;
  bool has_mean_values_ = false;
  bool cache_images_ = false;
  // (full path, encoded file bytes) per image when cache_images is set.
  vector<std::pair<std::string, Datum> > image_database_cache_;

 private:
  // Parses the window file into image_database_, fg_windows_, bg_windows_
  // (and the cache); throws caffe::Error naming file:line on bad input.
  void ReadWindowFile();
  // Resolves transform_param against window_data_param and loads the mean.
  void ReadTransformSettings();
  // Decodes image i as 8-bit BGR.
  cv::Mat LoadImage(int i);
  // Writes one window of image (mirrored or not) to out, a zeroed
  // 3 x crop_size x crop_size array.
  void WarpWindow(const cv::Mat& image, const vector<float>& window,
                  bool mirror, Dtype* out) const;

  int crop_size_ = 0;
  bool mirror_ = false;
  Dtype scale_ = 1;
  int context_pad_ = 0;
  bool square_ = false;
};

}  // namespace caffe

#endif  // USE_OPENCV
#endif  // CAFFE_WINDOW_DATA_LAYER_HPP_

#ifndef CAFFE_IMAGE_DATA_LAYER_HPP_
#define CAFFE_IMAGE_DATA_LAYER_HPP_

#include "caffe/config.hpp"

#ifdef USE_OPENCV

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "caffe/blob.hpp"
#include "caffe/common.hpp"
#include "caffe/layers/base_data_layer.hpp"
#include "caffe/proto/caffe.pb.h"

namespace caffe {

// Reads images named in a list file, decodes them with OpenCV and applies
// transform_param, in list order (reshuffled at every pass when shuffle is
// set), wrapping around at the end. Tops: data (batch_size x C x H x W) and,
// optionally, label (batch_size). Parameters (image_data_param):
//   source       the list file: one "path label" per line; the label follows
//                the last space, so paths may contain spaces;
//   root_folder  prefixed to every path;
//   batch_size   images per batch (default 1);
//   shuffle      shuffle the list at setup and after each pass;
//   new_height, new_width  resize every image to this size (both or
//                neither);
//   is_color     decode as 3-channel BGR (default) or 1-channel grey;
//   rand_skip    start at a random line in [0, rand_skip).
// Images may differ in size only between batches, not within one.
template <typename Dtype>
class ImageDataLayer : public BasePrefetchingDataLayer<Dtype> {
 public:
  explicit ImageDataLayer(const LayerParameter& param)
      : BasePrefetchingDataLayer<Dtype>(param) {}
  ~ImageDataLayer() override;
  // Reads the list and shapes the tops from its first image.
  void DataLayerSetUp(const vector<Blob<Dtype>*>& bottom,
                      const vector<Blob<Dtype>*>& top) override;

  inline const char* type() const override { return "ImageData"; }
  inline int ExactNumBottomBlobs() const override { return 0; }
  inline int MinTopBlobs() const override { return 1; }
  inline int MaxTopBlobs() const override { return 2; }

 protected:
  virtual void ShuffleImages();
  void load_batch(Batch<Dtype>* batch) override;

  shared_ptr<Caffe::RNG> prefetch_rng_;
  // (path relative to root_folder, label) for each list line.
  vector<std::pair<std::string, int> > lines_;
  int lines_id_ = 0;

 private:
  // Decodes lines_[lines_id_]; throws caffe::Error naming the file when it
  // is not a readable image.
  cv::Mat ReadCurrentImage();
};

}  // namespace caffe

#endif  // USE_OPENCV
#endif  // CAFFE_IMAGE_DATA_LAYER_HPP_

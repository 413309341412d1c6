#ifndef CAFFE_DATA_TRANSFORMER_HPP_
#define CAFFE_DATA_TRANSFORMER_HPP_

#include <vector>

#include "caffe/blob.hpp"
#include "caffe/common.hpp"
#include "caffe/proto/caffe.pb.h"

#ifdef USE_OPENCV
#include <opencv2/core/core.hpp>
#endif

namespace caffe {

// Turns images (Datum, cv::Mat or Blob) into network input, one C x H x W
// image at a time:
//   out(c, h, w) = (in(c, h_off + h, w_off + w') - mean) * scale
// where w' = w, or width - 1 - w when mirrored, and mean is the mean_file's
// value at the same source pixel or mean_value[c]. Parameters
// (TransformationParameter):
//   scale      multiplies every value after the mean is removed (default 1);
//   mirror     flips each image horizontally with probability 1/2;
//   crop_size  keeps a crop_size x crop_size window: at a random place in
//              TRAIN, in the centre in TEST (0: no crop);
//   mean_file  a BlobProto (.binaryproto) of the full image's shape;
//   mean_value one value for all channels, or one per channel (not together
//              with mean_file);
//   force_color / force_gray decode encoded datums as 3-channel colour or
//              1-channel grey instead of their own format.
// Shape mismatches and bad parameters throw caffe::Error.
template <typename Dtype>
class DataTransformer {
 public:
  // Reads mean_file, if any.
  explicit DataTransformer(const TransformationParameter& param, Phase phase);
  virtual ~DataTransformer() = default;

  // Seeds this transformer's own random stream from the calling thread's
  // (only needed when mirroring or cropping in TRAIN).
  void InitRand();

  // Writes one datum (raw bytes, float_data or an encoded image) into a blob
  // of shape InferBlobShape(datum); only its first image is written.
  void Transform(const Datum& datum, Blob<Dtype>* transformed_blob);

  // Writes datum i into image i of transformed_blob, which holds at least
  // datum_vector.size() images.
  void Transform(const vector<Datum>& datum_vector,
                 Blob<Dtype>* transformed_blob);

#ifdef USE_OPENCV
  void Transform(const vector<cv::Mat>& mat_vector,
                 Blob<Dtype>* transformed_blob);

  // An 8-bit image with 1 to 4 interleaved channels (OpenCV's BGR order).
  void Transform(const cv::Mat& cv_img, Blob<Dtype>* transformed_blob);
#endif

  // Transforms every image of an N x C x H x W blob with one crop window and
  // one mirroring choice; reshapes an empty transformed_blob to fit.
  void Transform(Blob<Dtype>* input_blob, Blob<Dtype>* transformed_blob);

  // The shape Transform writes: 1 x C x H x W, with H and W the crop size
  // when cropping. Encoded datums are decoded to find it.
  vector<int> InferBlobShape(const Datum& datum);
  // N x C x H x W for N datums shaped like the first.
  vector<int> InferBlobShape(const vector<Datum>& datum_vector);
#ifdef USE_OPENCV
  vector<int> InferBlobShape(const vector<cv::Mat>& mat_vector);
  vector<int> InferBlobShape(const cv::Mat& cv_img);
#endif

 protected:
  // A random integer in [0, n) from this transformer's stream.
  virtual int Rand(int n);

  // Writes a raw (not encoded) datum to transformed_data, sized as
  // InferBlobShape(datum).
  void Transform(const Datum& datum, Dtype* transformed_data);

  TransformationParameter param_;
  shared_ptr<Caffe::RNG> rng_;
  Phase phase_;
  Blob<Dtype> data_mean_;
  vector<Dtype> mean_values_;

 private:
  // Where one source image is read from: its crop window and mirroring.
  struct Window {
    int h_off = 0;
    int w_off = 0;
    int height = 0;
    int width = 0;
    bool mirror = false;
  };

  // Checks that an image of this shape can be transformed (crop and mean
  // fit) and draws its window.
  Window ChooseWindow(int channels, int height, int width);

  // Checks that blob can take a window-sized image at position num_images-1.
  void CheckOutputShape(const Blob<Dtype>& blob, int num_images, int channels,
                        const Window& window) const;

  // Writes window of a channels x height x width image, read through
  // pixel(c, h, w), to out (channels x window.height x window.width).
  template <typename Pixel>
  void CopyWindow(const Window& window, int channels, int height, int width,
                  const Pixel& pixel, Dtype* out) const;
};

}  // namespace caffe

#endif  // CAFFE_DATA_TRANSFORMER_HPP_

#include "caffe/data_transformer.hpp"

#include <cstdint>

#ifdef USE_OPENCV
#include <opencv2/core/core.hpp>
#endif

#include "caffe/util/io.hpp"
#include "caffe/util/math_functions.hpp"
#include "caffe/util/rng.hpp"

namespace caffe {

namespace {

string ShapeString(int channels, int height, int width) {
  return StrCat(channels, " x ", height, " x ", width);
}

}  // namespace

template <typename Dtype>
DataTransformer<Dtype>::DataTransformer(const TransformationParameter& param,
                                        Phase phase)
    : param_(param), phase_(phase) {
  CAFFE_REQUIRE(!(param_.force_color() && param_.force_gray()))
      << "transform_param: force_color and force_gray cannot both be set";
  if (param_.has_mean_file()) {
    CAFFE_REQUIRE(param_.mean_value_size() == 0)
        << "transform_param: give mean_file or mean_value, not both";
    const string& mean_file = param_.mean_file();
    LOG(INFO) << "Loading mean file from: " << mean_file;
    BlobProto blob_proto;
    CheckFileReadable(mean_file, "mean_file");
    ReadProtoFromBinaryFileOrDie(mean_file, &blob_proto);
    data_mean_.FromProto(blob_proto);
    CAFFE_REQUIRE(data_mean_.num_axes() >= 3 &&
                  data_mean_.count() ==
                      data_mean_.count(data_mean_.num_axes() - 3))
        << "mean_file " << mean_file << " must hold one C x H x W image, "
        << "but its shape is " << data_mean_.shape_string();
  }
  for (int c = 0; c < param_.mean_value_size(); ++c) {
    mean_values_.push_back(param_.mean_value(c));
  }
}

template <typename Dtype>
void DataTransformer<Dtype>::InitRand() {
  const bool needs_rand =
      param_.mirror() || (phase_ == TRAIN && param_.crop_size());
  if (needs_rand) {
    rng_.reset(new Caffe::RNG(caffe_rng_rand()));
  } else {
    rng_.reset();
  }
}

template <typename Dtype>
int DataTransformer<Dtype>::Rand(int n) {
  CHECK_GT(n, 0);
  if (!rng_) InitRand();
  CHECK(rng_);
  rng_t* rng = static_cast<rng_t*>(rng_->generator());
  return static_cast<int>((*rng)() % n);
}

template <typename Dtype>
typename DataTransformer<Dtype>::Window DataTransformer<Dtype>::ChooseWindow(
    int channels, int height, int width) {
  CAFFE_REQUIRE(channels > 0 && height > 0 && width > 0)
      << "cannot transform an empty image of shape "
      << ShapeString(channels, height, width);
  const int crop_size = param_.crop_size();
  CAFFE_REQUIRE(height >= crop_size && width >= crop_size)
      << "crop_size " << crop_size << " is larger than the image ("
      << ShapeString(channels, height, width) << ")";
  if (param_.has_mean_file()) {
    const int n = data_mean_.num_axes();
    CAFFE_REQUIRE(data_mean_.shape(n - 3) == channels &&
                  data_mean_.shape(n - 2) == height &&
                  data_mean_.shape(n - 1) == width)
        << "mean_file " << param_.mean_file() << " has shape "
        << data_mean_.shape_string() << ", which does not fit the image ("
        << ShapeString(channels, height, width) << ")";
  }
  const int num_means = static_cast<int>(mean_values_.size());
  CAFFE_REQUIRE(num_means <= 1 || num_means == channels)
      << "mean_value: give one value or one per channel; got " << num_means
      << " for an image with " << channels << " channels";

  // Caffe draws the mirror bit before the crop offsets; the same order
  // keeps seeded runs identical.
  Window window;
  window.mirror = param_.mirror() && Rand(2);
  window.height = crop_size ? crop_size : height;
  window.width = crop_size ? crop_size : width;
  if (crop_size) {
    if (phase_ == TRAIN) {
      window.h_off = Rand(height - crop_size + 1);
      window.w_off = Rand(width - crop_size + 1);
    } else {
      window.h_off = (height - crop_size) / 2;
      window.w_off = (width - crop_size) / 2;
    }
  }
  return window;
}

template <typename Dtype>
void DataTransformer<Dtype>::CheckOutputShape(const Blob<Dtype>& blob,
                                              int num_images, int channels,
                                              const Window& window) const {
  CAFFE_REQUIRE(blob.num_axes() == 4 && blob.shape(0) >= num_images &&
                blob.shape(1) == channels && blob.shape(2) == window.height &&
                blob.shape(3) == window.width)
      << "the output blob has shape " << blob.shape_string() << " but "
      << num_images << " transformed image(s) of shape "
      << ShapeString(channels, window.height, window.width)
      << " were to be written";
}

template <typename Dtype>
template <typename Pixel>
void DataTransformer<Dtype>::CopyWindow(const Window& window, int channels,
                                        int height, int width,
                                        const Pixel& pixel, Dtype* out) const {
  const Dtype scale = param_.scale();
  const Dtype* mean = param_.has_mean_file() ? data_mean_.cpu_data() : nullptr;
  const bool one_mean_value = mean_values_.size() == 1;
  for (int c = 0; c < channels; ++c) {
    for (int h = 0; h < window.height; ++h) {
      const int source_h = window.h_off + h;
      Dtype* out_row = out + (c * window.height + h) * window.width;
      for (int w = 0; w < window.width; ++w) {
        const int source_w = window.w_off + w;
        Dtype value = pixel(c, source_h, source_w);
        if (mean) {
          value -= mean[(c * height + source_h) * width + source_w];
        } else if (!mean_values_.empty()) {
          value -= mean_values_[one_mean_value ? 0 : c];
        }
        out_row[window.mirror ? window.width - 1 - w : w] = value * scale;
      }
    }
  }
}

template <typename Dtype>
void DataTransformer<Dtype>::Transform(const Datum& datum,
                                       Dtype* transformed_data) {
  const int channels = datum.channels();
  const int height = datum.height();
  const int width = datum.width();
  CAFFE_REQUIRE(channels >= 0 && height >= 0 && width >= 0)
      << "the datum's shape " << ShapeString(channels, height, width)
      << " has a negative dimension";
  // Saturates where a damaged datum claims more than 2^63 values.
  int64_t size = 0;
  if (__builtin_mul_overflow(static_cast<int64_t>(channels) * height, width,
                             &size)) {
    size = INT64_MAX;
  }
  const string& bytes = datum.data();
  const bool has_bytes = !bytes.empty();
  CAFFE_REQUIRE(static_cast<int64_t>(
                    has_bytes ? bytes.size() : datum.float_data_size()) == size)
      << "the datum holds "
      << (has_bytes ? bytes.size() : datum.float_data_size())
      << (has_bytes ? " bytes" : " floats") << " but its shape "
      << ShapeString(channels, height, width) << " needs " << size;
  const Window window = ChooseWindow(channels, height, width);
  if (has_bytes) {
    const uint8_t* data = reinterpret_cast<const uint8_t*>(bytes.data());
    CopyWindow(
        window, channels, height, width,
        [&](int c, int h, int w) {
          return static_cast<Dtype>(data[(c * height + h) * width + w]);
        },
        transformed_data);
  } else {
    CopyWindow(
        window, channels, height, width,
        [&](int c, int h, int w) {
          return static_cast<Dtype>(
              datum.float_data((c * height + h) * width + w));
        },
        transformed_data);
  }
}

#ifdef USE_OPENCV
namespace {

cv::Mat DecodeForTransform(const Datum& datum,
                           const TransformationParameter& param) {
  if (param.force_color() || param.force_gray()) {
    return DecodeDatumToCVMat(datum, param.force_color());
  }
  return DecodeDatumToCVMatNative(datum);
}

}  // namespace
#endif

template <typename Dtype>
void DataTransformer<Dtype>::Transform(const Datum& datum,
                                       Blob<Dtype>* transformed_blob) {
  if (datum.encoded()) {
#ifdef USE_OPENCV
    Transform(DecodeForTransform(datum, param_), transformed_blob);
    return;
#else
    CAFFE_THROW() << "an encoded datum needs OpenCV to be decoded; rebuild "
                  << "with USE_OPENCV=ON";
#endif
  }
  if (param_.force_color() || param_.force_gray()) {
    LOG_FIRST_N(WARNING, 1)
        << "force_color and force_gray apply only to encoded datums";
  }
  const vector<int> shape = InferBlobShape(datum);
  Window window;
  window.height = shape[2];
  window.width = shape[3];
  CheckOutputShape(*transformed_blob, 1, shape[1], window);
  Transform(datum, transformed_blob->mutable_cpu_data());
}

template <typename Dtype>
void DataTransformer<Dtype>::Transform(const vector<Datum>& datum_vector,
                                       Blob<Dtype>* transformed_blob) {
  const int datum_num = static_cast<int>(datum_vector.size());
  CAFFE_REQUIRE(datum_num > 0) << "there is no datum to transform";
  CAFFE_REQUIRE(transformed_blob->num_axes() == 4 &&
                transformed_blob->shape(0) >= datum_num)
      << "the output blob (shape " << transformed_blob->shape_string()
      << ") cannot hold " << datum_num << " images";
  Blob<Dtype> uni_blob(1, transformed_blob->channels(),
                       transformed_blob->height(), transformed_blob->width());
  for (int item_id = 0; item_id < datum_num; ++item_id) {
    uni_blob.set_cpu_data(transformed_blob->mutable_cpu_data() +
                          transformed_blob->offset(item_id));
    Transform(datum_vector[item_id], &uni_blob);
  }
}

#ifdef USE_OPENCV
template <typename Dtype>
void DataTransformer<Dtype>::Transform(const vector<cv::Mat>& mat_vector,
                                       Blob<Dtype>* transformed_blob) {
  const int mat_num = static_cast<int>(mat_vector.size());
  CAFFE_REQUIRE(mat_num > 0) << "there is no image to transform";
  CAFFE_REQUIRE(transformed_blob->num_axes() == 4 &&
                transformed_blob->shape(0) >= mat_num)
      << "the output blob (shape " << transformed_blob->shape_string()
      << ") cannot hold " << mat_num << " images";
  Blob<Dtype> uni_blob(1, transformed_blob->channels(),
                       transformed_blob->height(), transformed_blob->width());
  for (int item_id = 0; item_id < mat_num; ++item_id) {
    uni_blob.set_cpu_data(transformed_blob->mutable_cpu_data() +
                          transformed_blob->offset(item_id));
    Transform(mat_vector[item_id], &uni_blob);
  }
}

template <typename Dtype>
void DataTransformer<Dtype>::Transform(const cv::Mat& cv_img,
                                       Blob<Dtype>* transformed_blob) {
  CAFFE_REQUIRE(cv_img.depth() == CV_8U)
      << "image data type must be unsigned byte (CV_8U), got OpenCV depth "
      << cv_img.depth();
  const int channels = cv_img.channels();
  const int height = cv_img.rows;
  const int width = cv_img.cols;
  const Window window = ChooseWindow(channels, height, width);
  CheckOutputShape(*transformed_blob, 1, channels, window);
  CopyWindow(
      window, channels, height, width,
      [&](int c, int h, int w) {
        return static_cast<Dtype>(cv_img.ptr<uchar>(h)[w * channels + c]);
      },
      transformed_blob->mutable_cpu_data());
}
#endif  // USE_OPENCV

template <typename Dtype>
void DataTransformer<Dtype>::Transform(Blob<Dtype>* input_blob,
                                       Blob<Dtype>* transformed_blob) {
  CAFFE_REQUIRE(input_blob->num_axes() == 4)
      << "the input blob must be N x C x H x W, not "
      << input_blob->shape_string();
  const int num = input_blob->num();
  const int channels = input_blob->channels();
  const int height = input_blob->height();
  const int width = input_blob->width();
  const Window window = ChooseWindow(channels, height, width);
  if (transformed_blob->count() == 0) {
    transformed_blob->Reshape(num, channels, window.height, window.width);
  }
  CheckOutputShape(*transformed_blob, num, channels, window);
  const Dtype* input = input_blob->cpu_data();
  Dtype* output = transformed_blob->mutable_cpu_data();
  const int input_size = channels * height * width;
  const int output_size = channels * window.height * window.width;
  for (int n = 0; n < num; ++n) {
    const Dtype* image = input + n * input_size;
    CopyWindow(
        window, channels, height, width,
        [&](int c, int h, int w) {
          return image[(c * height + h) * width + w];
        },
        output + n * output_size);
  }
}

template <typename Dtype>
vector<int> DataTransformer<Dtype>::InferBlobShape(const Datum& datum) {
  if (datum.encoded()) {
#ifdef USE_OPENCV
    return InferBlobShape(DecodeForTransform(datum, param_));
#else
    CAFFE_THROW() << "an encoded datum needs OpenCV to be decoded; rebuild "
                  << "with USE_OPENCV=ON";
#endif
  }
  const int crop_size = param_.crop_size();
  CAFFE_REQUIRE(datum.channels() > 0 && datum.height() >= crop_size &&
                datum.width() >= crop_size)
      << "cannot transform a datum of shape "
      << ShapeString(datum.channels(), datum.height(), datum.width())
      << " with crop_size " << crop_size;
  return {1, datum.channels(), crop_size ? crop_size : datum.height(),
          crop_size ? crop_size : datum.width()};
}

template <typename Dtype>
vector<int> DataTransformer<Dtype>::InferBlobShape(
    const vector<Datum>& datum_vector) {
  CAFFE_REQUIRE(!datum_vector.empty()) << "there is no datum to transform";
  vector<int> shape = InferBlobShape(datum_vector[0]);
  shape[0] = static_cast<int>(datum_vector.size());
  return shape;
}

#ifdef USE_OPENCV
template <typename Dtype>
vector<int> DataTransformer<Dtype>::InferBlobShape(
    const vector<cv::Mat>& mat_vector) {
  CAFFE_REQUIRE(!mat_vector.empty()) << "there is no image to transform";
  vector<int> shape = InferBlobShape(mat_vector[0]);
  shape[0] = static_cast<int>(mat_vector.size());
  return shape;
}

template <typename Dtype>
vector<int> DataTransformer<Dtype>::InferBlobShape(const cv::Mat& cv_img) {
  const int crop_size = param_.crop_size();
  CAFFE_REQUIRE(cv_img.channels() > 0 && cv_img.rows >= crop_size &&
                cv_img.cols >= crop_size)
      << "cannot transform an image of shape "
      << ShapeString(cv_img.channels(), cv_img.rows, cv_img.cols)
      << " with crop_size " << crop_size;
  return {1, cv_img.channels(), crop_size ? crop_size : cv_img.rows,
          crop_size ? crop_size : cv_img.cols};
}
#endif  // USE_OPENCV

INSTANTIATE_CLASS(DataTransformer);

}  // namespace caffe

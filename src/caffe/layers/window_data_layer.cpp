#ifdef USE_OPENCV
#include "caffe/layers/window_data_layer.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <climits>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <map>
#include <opencv2/core/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "caffe/util/io.hpp"
#include "caffe/util/math_functions.hpp"
#include "caffe/util/rng.hpp"

namespace caffe {

namespace {

// The image channels this layer writes: images are always decoded as BGR.
const int kChannels = 3;

// The whitespace-separated tokens of a text file, read one at a time, each
// with its line number so that errors can name file:line. (Caffe reads the
// window file with operator>>, so line breaks carry no meaning.)
class TokenReader {
 public:
  explicit TokenReader(const string& filename) : filename_(filename) {
    std::ifstream file(filename);
    CAFFE_REQUIRE(file.is_open())
        << "cannot open window_data_param.source \"" << filename << "\"";
    text_.assign(std::istreambuf_iterator<char>(file),
                 std::istreambuf_iterator<char>());
  }

  // Skips white space; true when no token is left.
  bool AtEnd() {
    while (pos_ < text_.size() &&
           std::isspace(static_cast<unsigned char>(text_[pos_]))) {
      if (text_[pos_] == '\n') ++line_;
      ++pos_;
    }
    return pos_ >= text_.size();
  }

  // The next token; what names it for the error at the end of the file.
  string Next(const string& what) {
    CAFFE_REQUIRE(!AtEnd()) << filename_ << ":" << line_ << ": expected "
                            << what << ", found the end of the file";
    token_line_ = line_;
    const size_t start = pos_;
    while (pos_ < text_.size() &&
           !std::isspace(static_cast<unsigned char>(text_[pos_]))) {
      ++pos_;
    }
    return text_.substr(start, pos_ - start);
  }

  int NextInt(const string& what) {
    const string token = Next(what);
    char* end = nullptr;
    errno = 0;
    const long value = std::strtol(token.c_str(), &end, 10);  // NOLINT
    CAFFE_REQUIRE(*end == '\0' && errno == 0 && value >= INT_MIN &&
                  value <= INT_MAX)
        << Where() << ": expected " << what << " (an integer), found \""
        << token << "\"";
    return static_cast<int>(value);
  }

  float NextFloat(const string& what) {
    const string token = Next(what);
    char* end = nullptr;
    errno = 0;
    const float value = std::strtof(token.c_str(), &end);
    CAFFE_REQUIRE(end != token.c_str() && *end == '\0' && errno == 0)
        << Where() << ": expected " << what << " (a number), found \"" << token
        << "\"";
    return value;
  }

  // file:line of the last token read.
  string Where() const { return StrCat(filename_, ":", token_line_); }

 private:
  string filename_;
  string text_;
  size_t pos_ = 0;
  int line_ = 1;
  int token_line_ = 1;
};

}  // namespace

template <typename Dtype>
WindowDataLayer<Dtype>::~WindowDataLayer() {
  // The prefetch thread reads the window lists, destroyed before the base.
  this->StopInternalThread();
}

template <typename Dtype>
void WindowDataLayer<Dtype>::DataLayerSetUp(const vector<Blob<Dtype>*>& bottom,
                                            const vector<Blob<Dtype>*>& top) {
  const WindowDataParameter& param = this->layer_param_.window_data_param();
  const int batch_size = static_cast<int>(param.batch_size());
  CAFFE_REQUIRE(batch_size > 0)
      << "window_data_param.batch_size must be positive, got "
      << param.batch_size();
  CAFFE_REQUIRE(!param.source().empty())
      << "window_data_param.source (the window file) is not set";
  CAFFE_REQUIRE(param.crop_mode() == "warp" || param.crop_mode() == "square")
      << "window_data_param.crop_mode must be \"warp\" or \"square\", got \""
      << param.crop_mode() << "\"";
  CAFFE_REQUIRE(param.fg_fraction() >= 0 && param.fg_fraction() <= 1)
      << "window_data_param.fg_fraction must lie in [0, 1], got "
      << param.fg_fraction();
  square_ = param.crop_mode() == "square";
  context_pad_ = static_cast<int>(param.context_pad());
  cache_images_ = param.cache_images();
  ReadTransformSettings();
  CAFFE_REQUIRE(2 * context_pad_ < crop_size_)
      << "window_data_param.context_pad " << context_pad_
      << " leaves no room for the window in crop_size " << crop_size_;

  LOG(INFO) << "Window data layer: foreground overlap threshold "
            << param.fg_threshold() << ", background overlap threshold "
            << param.bg_threshold() << ", foreground sampling fraction "
            << param.fg_fraction() << ", context padding " << context_pad_
            << ", crop mode " << param.crop_mode();
  prefetch_rng_.reset(new Caffe::RNG(caffe_rng_rand()));
  ReadWindowFile();

  const int num_fg =
      static_cast<int>(static_cast<float>(batch_size) * param.fg_fraction());
  CAFFE_REQUIRE(num_fg == 0 || !fg_windows_.empty())
      << "window file " << param.source()
      << " has no foreground window (overlap >= fg_threshold "
      << param.fg_threshold() << "), but fg_fraction " << param.fg_fraction()
      << " asks for " << num_fg << " per batch";
  CAFFE_REQUIRE(num_fg == batch_size || !bg_windows_.empty())
      << "window file " << param.source()
      << " has no background window (overlap < bg_threshold "
      << param.bg_threshold() << "), but fg_fraction " << param.fg_fraction()
      << " asks for " << batch_size - num_fg << " per batch";

  const vector<int> data_shape = {batch_size, kChannels, crop_size_,
                                  crop_size_};
  top[0]->Reshape(data_shape);
  const vector<int> label_shape(1, batch_size);
  top[1]->Reshape(label_shape);
  for (auto& batch : this->prefetch_) {
    batch->data_.Reshape(data_shape);
    batch->label_.Reshape(label_shape);
  }
  LOG(INFO) << "output data size: " << top[0]->shape_string();
}

template <typename Dtype>
void WindowDataLayer<Dtype>::ReadTransformSettings() {
  const TransformationParameter& transform = this->transform_param_;
  const WindowDataParameter& param = this->layer_param_.window_data_param();
  crop_size_ = static_cast<int>(
      transform.has_crop_size() ? transform.crop_size() : param.crop_size());
  mirror_ = transform.has_mirror() ? transform.mirror() : param.mirror();
  scale_ = transform.has_scale() ? transform.scale() : param.scale();
  const string mean_file =
      transform.has_mean_file() ? transform.mean_file() : param.mean_file();
  has_mean_file_ = !mean_file.empty();
  has_mean_values_ = transform.mean_value_size() > 0;
  CAFFE_REQUIRE(crop_size_ > 0)
      << "WindowData needs a positive transform_param.crop_size, got "
      << crop_size_;
  CAFFE_REQUIRE(!(has_mean_file_ && has_mean_values_))
      << "give mean_file or transform_param.mean_value, not both";

  if (has_mean_file_) {
    LOG(INFO) << "Loading mean file from: " << mean_file;
    CheckFileReadable(mean_file, "mean_file");
    BlobProto proto;
    ReadProtoFromBinaryFileOrDie(mean_file, &proto);
    data_mean_.FromProto(proto);
    const int axes = data_mean_.num_axes();
    CAFFE_REQUIRE(axes >= 3 &&
                  data_mean_.count() == data_mean_.count(axes - 3) &&
                  data_mean_.shape(-3) == kChannels &&
                  data_mean_.shape(-2) >= crop_size_ &&
                  data_mean_.shape(-1) >= crop_size_)
        << "mean_file " << mean_file << " must hold one " << kChannels
        << " x H x W image with H and W at least crop_size " << crop_size_
        << ", but its shape is " << data_mean_.shape_string();
  }
  if (has_mean_values_) {
    CAFFE_REQUIRE(transform.mean_value_size() == 1 ||
                  transform.mean_value_size() == kChannels)
        << "transform_param.mean_value needs 1 or " << kChannels
        << " values (one per channel), got " << transform.mean_value_size();
    mean_values_.clear();
    for (int c = 0; c < kChannels; ++c) {
      mean_values_.push_back(
          transform.mean_value(transform.mean_value_size() == 1 ? 0 : c));
    }
  }
}

template <typename Dtype>
void WindowDataLayer<Dtype>::ReadWindowFile() {
  const WindowDataParameter& param = this->layer_param_.window_data_param();
  TokenReader reader(param.source());
  image_database_.clear();
  image_database_cache_.clear();
  fg_windows_.clear();
  bg_windows_.clear();
  std::map<int, int> label_hist;
  while (!reader.AtEnd()) {
    const string hashtag = reader.Next("\"# <image_index>\"");
    CAFFE_REQUIRE(hashtag == "#")
        << reader.Where() << ": expected \"# <image_index>\", found \""
        << hashtag << "\"";
    const int image_index = reader.NextInt("image index");
    const int expected_index = static_cast<int>(image_database_.size());
    CAFFE_REQUIRE(image_index == expected_index)
        << reader.Where() << ": image index " << image_index
        << " out of sequence: images are numbered 0, 1, 2... in file order, "
        << "so this one should be " << expected_index;
    const string path = param.root_folder() + reader.Next("image path");
    try {
      CheckFileReadable(path, "image");
    } catch (Error& error) {
      error.add_context(reader.Where());
      throw;
    }
    vector<int> image_size(3);
    image_size[0] = reader.NextInt("channels");
    image_size[1] = reader.NextInt("height");
    image_size[2] = reader.NextInt("width");
    CAFFE_REQUIRE(image_size[0] > 0 && image_size[1] > 0 && image_size[2] > 0)
        << reader.Where() << ": image size (channels, height, width) of "
        << path << " must be positive, got (" << image_size[0] << ", "
        << image_size[1] << ", " << image_size[2] << ")";
    const int num_windows = reader.NextInt("number of windows");
    CAFFE_REQUIRE(num_windows >= 0)
        << reader.Where() << ": negative number of windows " << num_windows;

    for (int i = 0; i < num_windows; ++i) {
      const int class_index = reader.NextInt("class index");
      const float overlap = reader.NextFloat("overlap");
      const int x1 = reader.NextInt("x1");
      const int y1 = reader.NextInt("y1");
      const int x2 = reader.NextInt("x2");
      const int y2 = reader.NextInt("y2");
      CAFFE_REQUIRE(0 <= x1 && x1 <= x2 && x2 < image_size[2] && 0 <= y1 &&
                    y1 <= y2 && y2 < image_size[1])
          << reader.Where() << ": window (x1 y1 x2 y2) = (" << x1 << " " << y1
          << " " << x2 << " " << y2 << ") is empty or lies outside image "
          << path << " (" << image_size[1] << " high, " << image_size[2]
          << " wide)";
      vector<float> window(WindowField::NUM);
      window[IMAGE_INDEX] = static_cast<float>(image_index);
      window[OVERLAP] = overlap;
      window[X1] = static_cast<float>(x1);
      window[Y1] = static_cast<float>(y1);
      window[X2] = static_cast<float>(x2);
      window[Y2] = static_cast<float>(y2);
      if (overlap >= param.fg_threshold()) {
        CAFFE_REQUIRE(class_index > 0)
            << reader.Where() << ": foreground window (overlap " << overlap
            << " >= fg_threshold " << param.fg_threshold()
            << ") needs a positive class index, got " << class_index;
        window[LABEL] = static_cast<float>(class_index);
        fg_windows_.push_back(window);
        ++label_hist[class_index];
      } else if (overlap < param.bg_threshold()) {
        window[LABEL] = 0;
        window[OVERLAP] = 0;
        bg_windows_.push_back(window);
        ++label_hist[0];
      }
    }
    image_database_.emplace_back(path, image_size);
    if (cache_images_) {
      Datum datum;
      CAFFE_REQUIRE(ReadFileToDatum(path, &datum))
          << "could not read image " << path << " to cache it";
      image_database_cache_.emplace_back(path, datum);
    }
  }
  CAFFE_REQUIRE(!image_database_.empty())
      << "window file " << param.source() << " lists no images";

  LOG(INFO) << "Number of images: " << image_database_.size();
  LOG(INFO) << "Foreground (object) windows: " << fg_windows_.size();
  LOG(INFO) << "Background (non-object) windows: " << bg_windows_.size();
  for (const auto& entry : label_hist) {
    LOG(INFO) << "class " << entry.first << " has " << entry.second
              << " samples";
  }
}

template <typename Dtype>
unsigned int WindowDataLayer<Dtype>::PrefetchRand() {
  CHECK(prefetch_rng_);
  rng_t* rng = static_cast<rng_t*>(prefetch_rng_->generator());
  return static_cast<unsigned int>((*rng)());
}

template <typename Dtype>
cv::Mat WindowDataLayer<Dtype>::LoadImage(int i) {
  const string& path = image_database_[i].first;
  cv::Mat image;
  if (cache_images_) {
    const string& bytes = image_database_cache_[i].second.data();
    const cv::Mat encoded(1, static_cast<int>(bytes.size()), CV_8U,
                          const_cast<char*>(bytes.data()));
    image = cv::imdecode(encoded, cv::IMREAD_COLOR);
  } else {
    image = cv::imread(path, cv::IMREAD_COLOR);
  }
  CAFFE_REQUIRE(image.data) << "could not decode image " << path;
  return image;
}

template <typename Dtype>
void WindowDataLayer<Dtype>::WarpWindow(const cv::Mat& image,
                                        const vector<float>& window,
                                        bool mirror, Dtype* out) const {
  int x1 = static_cast<int>(window[X1]);
  int y1 = static_cast<int>(window[Y1]);
  int x2 = static_cast<int>(window[X2]);
  int y2 = static_cast<int>(window[Y2]);
  // The window file's size may disagree with the image itself.
  CAFFE_REQUIRE(x2 < image.cols && y2 < image.rows)
      << "window (x1 y1 x2 y2) = (" << x1 << " " << y1 << " " << x2 << " " << y2
      << ") lies outside image "
      << image_database_[static_cast<int>(window[IMAGE_INDEX])].first << " ("
      << image.rows << " high, " << image.cols << " wide)";

  cv::Size warped_size(crop_size_, crop_size_);
  int pad_w = 0;
  int pad_h = 0;
  if (context_pad_ > 0 || square_) {
    // Caffe does this geometry in Dtype and rounds half away from zero.
    auto round_to_int = [](Dtype value) {
      return static_cast<int>(std::round(value));
    };
    // Enlarged by this, the box warped to crop_size shows exactly
    // context_pad pixels of context on each side.
    const Dtype context_scale =
        static_cast<Dtype>(crop_size_) /
        static_cast<Dtype>(crop_size_ - 2 * context_pad_);
    Dtype half_height = static_cast<Dtype>(y2 - y1 + 1) / 2;
    Dtype half_width = static_cast<Dtype>(x2 - x1 + 1) / 2;
    const Dtype center_x = static_cast<Dtype>(x1) + half_width;
    const Dtype center_y = static_cast<Dtype>(y1) + half_height;
    if (square_) half_height = half_width = std::max(half_height, half_width);
    x1 = round_to_int(center_x - half_width * context_scale);
    x2 = round_to_int(center_x + half_width * context_scale);
    y1 = round_to_int(center_y - half_height * context_scale);
    y2 = round_to_int(center_y + half_height * context_scale);

    // Clip to the image; what was cut off becomes zero padding, scaled as
    // the whole enlarged box would have been.
    const int unclipped_width = x2 - x1 + 1;
    const int unclipped_height = y2 - y1 + 1;
    const int cut_x1 = std::max(0, -x1);
    const int cut_y1 = std::max(0, -y1);
    const int cut_x2 = std::max(0, x2 - image.cols + 1);
    const int cut_y2 = std::max(0, y2 - image.rows + 1);
    x1 += cut_x1;
    y1 += cut_y1;
    x2 -= cut_x2;
    y2 -= cut_y2;
    const Dtype scale_x =
        static_cast<Dtype>(crop_size_) / static_cast<Dtype>(unclipped_width);
    const Dtype scale_y =
        static_cast<Dtype>(crop_size_) / static_cast<Dtype>(unclipped_height);
    warped_size.width = round_to_int((x2 - x1 + 1) * scale_x);
    warped_size.height = round_to_int((y2 - y1 + 1) * scale_y);
    pad_h = round_to_int(cut_y1 * scale_y);
    // A mirrored window takes its padding from the right.
    pad_w = round_to_int((mirror ? cut_x2 : cut_x1) * scale_x);
    // Rounding may overshoot the output by a pixel.
    warped_size.height = std::min(warped_size.height, crop_size_ - pad_h);
    warped_size.width = std::min(warped_size.width, crop_size_ - pad_w);
    // Too little of the box lies inside the image to show: all padding.
    if (warped_size.width <= 0 || warped_size.height <= 0) return;
  }

  cv::Mat warped;
  cv::resize(image(cv::Rect(x1, y1, x2 - x1 + 1, y2 - y1 + 1)), warped,
             warped_size, 0, 0, cv::INTER_LINEAR);
  if (mirror) cv::flip(warped, warped, 1);

  const Dtype* mean = has_mean_file_ ? data_mean_.cpu_data() : nullptr;
  const int mean_height = has_mean_file_ ? data_mean_.shape(-2) : 0;
  const int mean_width = has_mean_file_ ? data_mean_.shape(-1) : 0;
  // The mean image is read at its centred crop_size x crop_size crop.
  const int mean_off_h = (mean_height - crop_size_) / 2 + pad_h;
  const int mean_off_w = (mean_width - crop_size_) / 2 + pad_w;
  for (int h = 0; h < warped.rows; ++h) {
    const uchar* row = warped.ptr<uchar>(h);
    for (int w = 0; w < warped.cols; ++w) {
      for (int c = 0; c < kChannels; ++c) {
        const Dtype pixel = static_cast<Dtype>(row[w * kChannels + c]);
        Dtype mean_value = 0;
        if (has_mean_file_) {
          mean_value = mean[(c * mean_height + h + mean_off_h) * mean_width +
                            w + mean_off_w];
        } else if (has_mean_values_) {
          mean_value = mean_values_[c];
        }
        out[(c * crop_size_ + h + pad_h) * crop_size_ + w + pad_w] =
            (pixel - mean_value) * scale_;
      }
    }
  }
}

template <typename Dtype>
void WindowDataLayer<Dtype>::load_batch(Batch<Dtype>* batch) {
  const WindowDataParameter& param = this->layer_param_.window_data_param();
  const int batch_size = static_cast<int>(param.batch_size());
  Dtype* data = batch->data_.mutable_cpu_data();
  Dtype* label = batch->label_.mutable_cpu_data();
  caffe_set(batch->data_.count(), Dtype(0), data);
  const int num_fg =
      static_cast<int>(static_cast<float>(batch_size) * param.fg_fraction());
  // Background first, then foreground, as Caffe orders them.
  const int num_samples[2] = {batch_size - num_fg, num_fg};
  int item_id = 0;
  for (int is_fg = 0; is_fg < 2; ++is_fg) {
    const vector<vector<float> >& windows = is_fg ? fg_windows_ : bg_windows_;
    for (int i = 0; i < num_samples[is_fg]; ++i) {
      const vector<float>& window = windows[PrefetchRand() % windows.size()];
      const bool mirror = mirror_ && PrefetchRand() % 2;
      const cv::Mat image = LoadImage(static_cast<int>(window[IMAGE_INDEX]));
      WarpWindow(image, window, mirror, data + batch->data_.offset(item_id));
      label[item_id] = window[LABEL];
      ++item_id;
    }
  }
}

INSTANTIATE_CLASS(WindowDataLayer);
REGISTER_LAYER_CLASS(WindowData);

}  // namespace caffe
#endif  // USE_OPENCV

#ifdef USE_OPENCV
#include "caffe/layers/image_data_layer.hpp"

#include <opencv2/core/core.hpp>

#include <exception>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "caffe/util/io.hpp"
#include "caffe/util/math_functions.hpp"
#include "caffe/util/rng.hpp"

namespace caffe {

namespace {

// Parses "path label" lines; throws caffe::Error naming the file and line
// when a line has no integer label after its last space. Blank lines are
// ignored.
vector<std::pair<string, int> > ReadImageList(const string& source) {
  std::ifstream file(source);
  CAFFE_REQUIRE(file.is_open())
      << "cannot open image_data_param.source " << source;
  vector<std::pair<string, int> > lines;
  string line;
  for (int number = 1; std::getline(file, line); ++number) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == string::npos) continue;
    const size_t space = line.find_last_of(' ');
    CAFFE_REQUIRE(space != string::npos && space > 0)
        << source << ":" << number << ": no label in \"" << line
        << "\" (expected \"path label\")";
    const string label = line.substr(space + 1);
    size_t parsed = 0;
    int value = 0;
    try {
      value = std::stoi(label, &parsed);
    } catch (const std::exception&) {
      parsed = 0;
    }
    CAFFE_REQUIRE(parsed > 0 && parsed == label.size())
        << source << ":" << number << ": label \"" << label
        << "\" is not an integer";
    lines.emplace_back(line.substr(0, space), value);
  }
  return lines;
}

}  // namespace

template <typename Dtype>
ImageDataLayer<Dtype>::~ImageDataLayer() {
  // The prefetch thread reads lines_, destroyed before the base.
  this->StopInternalThread();
}

template <typename Dtype>
cv::Mat ImageDataLayer<Dtype>::ReadCurrentImage() {
  const ImageDataParameter& param = this->layer_param_.image_data_param();
  const string filename = param.root_folder() + lines_[lines_id_].first;
  cv::Mat image =
      ReadImageToCVMat(filename, static_cast<int>(param.new_height()),
                       static_cast<int>(param.new_width()), param.is_color());
  CAFFE_REQUIRE(image.data) << "could not load image " << filename;
  return image;
}

template <typename Dtype>
void ImageDataLayer<Dtype>::DataLayerSetUp(const vector<Blob<Dtype>*>& bottom,
                                           const vector<Blob<Dtype>*>& top) {
  const ImageDataParameter& param = this->layer_param_.image_data_param();
  CAFFE_REQUIRE((param.new_height() == 0) == (param.new_width() == 0))
      << "image_data_param: give both new_height and new_width or neither "
      << "(got " << param.new_height() << " and " << param.new_width() << ")";
  const int batch_size = static_cast<int>(param.batch_size());
  CAFFE_REQUIRE(batch_size > 0)
      << "image_data_param.batch_size must be positive, got "
      << param.batch_size();
  CAFFE_REQUIRE(!param.source().empty())
      << "image_data_param.source is not set";
  lines_ = ReadImageList(param.source());
  CAFFE_REQUIRE(!lines_.empty())
      << "image_data_param.source " << param.source() << " lists no images";
  LOG(INFO) << "A total of " << lines_.size() << " images.";
  // Solvers training together (MPI ranks) read disjoint parts of the list:
  // rank r takes lines r, r + N, ...; each shuffles its own part. Only the
  // root tests, so a TEST net reads every line.
  const int solvers = Caffe::solver_count();
  if (solvers > 1 && this->layer_param_.phase() == TRAIN) {
    const size_t listed = lines_.size();
    vector<std::pair<string, int> > mine;
    for (size_t i = Caffe::solver_rank(); i < listed; i += solvers) {
      mine.push_back(lines_[i]);
    }
    CAFFE_REQUIRE(!mine.empty())
        << "image_data_param.source " << param.source() << " lists "
        << listed << " images, fewer than the " << solvers
        << " solvers training together: rank " << Caffe::solver_rank()
        << " gets none";
    lines_.swap(mine);
    LOG(INFO) << "Rank " << Caffe::solver_rank() << " of " << solvers
              << " reads " << lines_.size() << " of them.";
  }
  if (param.shuffle()) {
    prefetch_rng_.reset(new Caffe::RNG(caffe_rng_rand()));
    ShuffleImages();
  }
  lines_id_ = 0;
  if (param.rand_skip()) {
    const unsigned int skip = caffe_rng_rand() % param.rand_skip();
    LOG(INFO) << "Skipping first " << skip << " data points.";
    CAFFE_REQUIRE(skip < lines_.size())
        << "image_data_param.rand_skip " << param.rand_skip()
        << " may skip past the " << lines_.size() << " images of "
        << param.source();
    lines_id_ = static_cast<int>(skip);
  }

  vector<int> top_shape =
      this->data_transformer_->InferBlobShape(ReadCurrentImage());
  this->transformed_data_.Reshape(top_shape);
  top_shape[0] = batch_size;
  top[0]->Reshape(top_shape);
  for (auto& batch : this->prefetch_) batch->data_.Reshape(top_shape);
  LOG(INFO) << "output data size: " << top[0]->shape_string();
  if (this->output_labels_) {
    const vector<int> label_shape(1, batch_size);
    top[1]->Reshape(label_shape);
    for (auto& batch : this->prefetch_) batch->label_.Reshape(label_shape);
  }
}

template <typename Dtype>
void ImageDataLayer<Dtype>::ShuffleImages() {
  shuffle(lines_.begin(), lines_.end(),
          static_cast<rng_t*>(prefetch_rng_->generator()));
}

template <typename Dtype>
void ImageDataLayer<Dtype>::load_batch(Batch<Dtype>* batch) {
  const ImageDataParameter& param = this->layer_param_.image_data_param();
  const int batch_size = static_cast<int>(param.batch_size());
  for (int item_id = 0; item_id < batch_size; ++item_id) {
    const cv::Mat image = ReadCurrentImage();
    if (item_id == 0) {
      vector<int> top_shape = this->data_transformer_->InferBlobShape(image);
      this->transformed_data_.Reshape(top_shape);
      top_shape[0] = batch_size;
      batch->data_.Reshape(top_shape);
    }
    this->transformed_data_.set_cpu_data(batch->data_.mutable_cpu_data() +
                                         batch->data_.offset(item_id));
    this->data_transformer_->Transform(image, &this->transformed_data_);
    if (this->output_labels_) {
      batch->label_.mutable_cpu_data()[item_id] = lines_[lines_id_].second;
    }
    if (++lines_id_ >= static_cast<int>(lines_.size())) {
      LOG(INFO) << "Restarting data prefetching from start.";
      lines_id_ = 0;
      if (param.shuffle()) ShuffleImages();
    }
  }
}

INSTANTIATE_CLASS(ImageDataLayer);
REGISTER_LAYER_CLASS(ImageData);

}  // namespace caffe
#endif  // USE_OPENCV

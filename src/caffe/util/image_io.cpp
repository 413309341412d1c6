// The image and datum half of caffe/util/io.hpp.
#include <algorithm>
#include <cctype>
#include <fstream>
#include <iterator>

#ifdef USE_OPENCV
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#endif

#include "caffe/util/io.hpp"

namespace caffe {

bool ReadFileToDatum(const string& filename, const int label, Datum* datum) {
  std::ifstream file(filename, std::ios::in | std::ios::binary);
  if (!file.is_open()) return false;
  string buffer((std::istreambuf_iterator<char>(file)),
                std::istreambuf_iterator<char>());
  if (file.bad()) return false;
  datum->Clear();
  datum->set_data(buffer);
  datum->set_label(label);
  datum->set_encoded(true);
  return true;
}

#ifdef USE_OPENCV

cv::Mat ReadImageToCVMat(const string& filename, const int height,
                         const int width, const bool is_color) {
  const int flag = is_color ? cv::IMREAD_COLOR : cv::IMREAD_GRAYSCALE;
  cv::Mat original = cv::imread(filename, flag);
  if (!original.data) {
    LOG(ERROR) << "Could not open or find file " << filename;
    return original;
  }
  if (height > 0 && width > 0) {
    cv::Mat resized;
    cv::resize(original, resized, cv::Size(width, height));
    return resized;
  }
  return original;
}

cv::Mat ReadImageToCVMat(const string& filename, const int height,
                         const int width) {
  return ReadImageToCVMat(filename, height, width, true);
}

cv::Mat ReadImageToCVMat(const string& filename, const bool is_color) {
  return ReadImageToCVMat(filename, 0, 0, is_color);
}

cv::Mat ReadImageToCVMat(const string& filename) {
  return ReadImageToCVMat(filename, 0, 0, true);
}

namespace {

string LowerCase(string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return text;
}

// Whether filename ends in the extension of encoding (jpg and jpeg match).
bool MatchExtension(const string& filename, string encoding) {
  const size_t dot = filename.rfind('.');
  if (dot == string::npos) return false;
  string extension = LowerCase(filename.substr(dot + 1));
  encoding = LowerCase(encoding);
  if (extension == "jpeg") extension = "jpg";
  if (encoding == "jpeg") encoding = "jpg";
  return extension == encoding;
}

cv::Mat DecodeDatumBytes(const Datum& datum, int flag) {
  CAFFE_REQUIRE(datum.encoded()) << "the datum is not encoded";
  const string& data = datum.data();
  // OpenCV asserts (throws cv::Exception) on an empty buffer, and throws for
  // images it cannot allocate: both are bad input here.
  CAFFE_REQUIRE(!data.empty()) << "the encoded datum holds no bytes";
  const std::vector<uchar> bytes(data.begin(), data.end());
  cv::Mat image;
  try {
    image = cv::imdecode(bytes, flag);
  } catch (const cv::Exception& error) {
    CAFFE_THROW() << "could not decode the datum's " << data.size()
                  << " bytes as an image: " << error.what();
  }
  CAFFE_REQUIRE(image.data)
      << "could not decode the datum's " << data.size() << " bytes as an image";
  return image;
}

}  // namespace

bool ReadImageToDatum(const string& filename, const int label, const int height,
                      const int width, const bool is_color,
                      const std::string& encoding, Datum* datum) {
  cv::Mat image = ReadImageToCVMat(filename, height, width, is_color);
  if (!image.data) return false;
  if (encoding.empty()) {
    CVMatToDatum(image, datum);
    datum->set_label(label);
    return true;
  }
  // The file's own bytes already are the wanted encoding when nothing was
  // resized or converted.
  if ((image.channels() == 3) == is_color && !height && !width &&
      MatchExtension(filename, encoding)) {
    return ReadFileToDatum(filename, label, datum);
  }
  std::vector<uchar> buffer;
  CAFFE_REQUIRE(cv::imencode("." + encoding, image, buffer))
      << "could not encode " << filename << " as " << encoding;
  datum->Clear();
  datum->set_data(string(buffer.begin(), buffer.end()));
  datum->set_label(label);
  datum->set_encoded(true);
  return true;
}

cv::Mat DecodeDatumToCVMatNative(const Datum& datum) {
  return DecodeDatumBytes(datum, cv::IMREAD_ANYCOLOR);
}

cv::Mat DecodeDatumToCVMat(const Datum& datum, bool is_color) {
  return DecodeDatumBytes(datum,
                          is_color ? cv::IMREAD_COLOR : cv::IMREAD_GRAYSCALE);
}

bool DecodeDatumNative(Datum* datum) {
  if (!datum->encoded()) return false;
  CVMatToDatum(DecodeDatumToCVMatNative(*datum), datum);
  return true;
}

bool DecodeDatum(Datum* datum, bool is_color) {
  if (!datum->encoded()) return false;
  CVMatToDatum(DecodeDatumToCVMat(*datum, is_color), datum);
  return true;
}

void CVMatToDatum(const cv::Mat& cv_img, Datum* datum) {
  CAFFE_REQUIRE(cv_img.depth() == CV_8U)
      << "image data type must be unsigned byte (CV_8U), got OpenCV depth "
      << cv_img.depth();
  const int channels = cv_img.channels();
  const int height = cv_img.rows;
  const int width = cv_img.cols;
  datum->set_channels(channels);
  datum->set_height(height);
  datum->set_width(width);
  datum->clear_data();
  datum->clear_float_data();
  datum->set_encoded(false);
  // OpenCV interleaves channels (HWC); a Datum stores planes (CHW).
  string buffer(static_cast<size_t>(channels) * height * width, '\0');
  for (int h = 0; h < height; ++h) {
    const uchar* row = cv_img.ptr<uchar>(h);
    for (int w = 0; w < width; ++w) {
      for (int c = 0; c < channels; ++c) {
        buffer[(c * height + h) * width + w] =
            static_cast<char>(row[w * channels + c]);
      }
    }
  }
  datum->set_data(buffer);
}

#endif  // USE_OPENCV

}  // namespace caffe

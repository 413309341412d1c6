#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "caffe/common.hpp"
#include "caffe/proto/caffe.pb.h"
#include "caffe/util/io.hpp"
#include "support/error_message.hpp"
#include "support/test_caffe_main.hpp"

#ifdef USE_OPENCV
#include <opencv2/core/core.hpp>
#include <opencv2/imgcodecs.hpp>
#endif

namespace caffe {

namespace {

string FileBytes(const string& filename) {
  std::ifstream file(filename, std::ios::binary);
  return string((std::istreambuf_iterator<char>(file)),
                std::istreambuf_iterator<char>());
}

}  // namespace

class ImageIOTest : public ::testing::Test {
 protected:
  TempDir temp_dir_;
};

TEST_F(ImageIOTest, ReadFileToDatumKeepsTheBytes) {
  const string filename = temp_dir_.file("blob.bin");
  const string bytes("\x89PNG\0\1\2", 7);
  std::ofstream(filename, std::ios::binary) << bytes;
  Datum datum;
  ASSERT_TRUE(ReadFileToDatum(filename, 3, &datum));
  EXPECT_EQ(bytes, datum.data());
  EXPECT_EQ(3, datum.label());
  EXPECT_TRUE(datum.encoded());
  EXPECT_FALSE(ReadFileToDatum(temp_dir_.file("absent.bin"), &datum));
}

#ifdef USE_OPENCV

class ImageIOCVTest : public ImageIOTest {
 protected:
  // A 5 x 7 BGR image with distinct values, written as name.
  cv::Mat WriteImage(const string& name) {
    cv::Mat image(5, 7, CV_8UC3);
    for (int i = 0; i < 5 * 7 * 3; ++i)
      image.data[i] = static_cast<uchar>(2 * i);
    EXPECT_TRUE(cv::imwrite(temp_dir_.file(name), image));
    return image;
  }

  static void ExpectSameImage(const cv::Mat& a, const cv::Mat& b) {
    ASSERT_EQ(a.rows, b.rows);
    ASSERT_EQ(a.cols, b.cols);
    ASSERT_EQ(a.type(), b.type());
    EXPECT_EQ(0, cv::norm(a, b, cv::NORM_INF));
  }
};

TEST_F(ImageIOCVTest, CVMatToDatumStoresPlanes) {
  cv::Mat image(2, 3, CV_8UC3);
  for (int i = 0; i < 18; ++i) image.data[i] = static_cast<uchar>(i);
  Datum datum;
  datum.add_float_data(1);
  CVMatToDatum(image, &datum);
  EXPECT_EQ(3, datum.channels());
  EXPECT_EQ(2, datum.height());
  EXPECT_EQ(3, datum.width());
  EXPECT_FALSE(datum.encoded());
  EXPECT_EQ(0, datum.float_data_size());
  ASSERT_EQ(18u, datum.data().size());
  for (int c = 0; c < 3; ++c) {
    for (int h = 0; h < 2; ++h) {
      for (int w = 0; w < 3; ++w) {
        EXPECT_EQ(image.at<cv::Vec3b>(h, w)[c],
                  static_cast<uchar>(datum.data()[(c * 2 + h) * 3 + w]));
      }
    }
  }
}

TEST_F(ImageIOCVTest, CVMatToDatumRejectsNonBytes) {
  Datum datum;
  EXPECT_THROW(CVMatToDatum(cv::Mat(2, 2, CV_32FC1), &datum), Error);
}

TEST_F(ImageIOCVTest, ReadImageToCVMatColourGreyAndResized) {
  const cv::Mat image = WriteImage("image.png");
  const string filename = temp_dir_.file("image.png");
  ExpectSameImage(image, ReadImageToCVMat(filename));
  ExpectSameImage(image, ReadImageToCVMat(filename, true));
  EXPECT_EQ(1, ReadImageToCVMat(filename, false).channels());
  const cv::Mat resized = ReadImageToCVMat(filename, 10, 4);
  EXPECT_EQ(10, resized.rows);
  EXPECT_EQ(4, resized.cols);
  EXPECT_EQ(3, resized.channels());
  EXPECT_EQ(1, ReadImageToCVMat(filename, 10, 4, false).channels());
}

TEST_F(ImageIOCVTest, ReadImageToCVMatOfMissingFileIsEmpty) {
  EXPECT_TRUE(ReadImageToCVMat(temp_dir_.file("absent.png")).empty());
  Datum datum;
  EXPECT_FALSE(ReadImageToDatum(temp_dir_.file("absent.png"), 0, &datum));
}

TEST_F(ImageIOCVTest, ReadImageToDatumRaw) {
  const cv::Mat image = WriteImage("image.png");
  Datum datum;
  ASSERT_TRUE(ReadImageToDatum(temp_dir_.file("image.png"), 4, &datum));
  Datum expected;
  CVMatToDatum(image, &expected);
  EXPECT_EQ(expected.data(), datum.data());
  EXPECT_EQ(4, datum.label());
  EXPECT_FALSE(datum.encoded());
  ASSERT_TRUE(ReadImageToDatum(temp_dir_.file("image.png"), 4, 3, 2, &datum));
  EXPECT_EQ(3, datum.height());
  EXPECT_EQ(2, datum.width());
}

// (A literal encoding must be a string: a char* would convert to is_color.)
TEST_F(ImageIOCVTest, ReadImageToDatumKeepsAMatchingEncoding) {
  WriteImage("image.png");
  const string filename = temp_dir_.file("image.png");
  Datum datum;
  ASSERT_TRUE(ReadImageToDatum(filename, 1, string("png"), &datum));
  EXPECT_TRUE(datum.encoded());
  EXPECT_EQ(FileBytes(filename), datum.data());
  EXPECT_EQ(1, datum.label());
}

TEST_F(ImageIOCVTest, ReadImageToDatumReencodes) {
  const cv::Mat image = WriteImage("image.png");
  Datum datum;
  ASSERT_TRUE(
      ReadImageToDatum(temp_dir_.file("image.png"), 1, string("jpg"), &datum));
  EXPECT_TRUE(datum.encoded());
  EXPECT_EQ(0, datum.data().compare(0, 2, "\xff\xd8")) << "not a JPEG";
  const cv::Mat decoded = DecodeDatumToCVMatNative(datum);
  EXPECT_EQ(image.rows, decoded.rows);
  EXPECT_EQ(image.cols, decoded.cols);
}

TEST_F(ImageIOCVTest, DecodeDatumNativeAndForced) {
  const cv::Mat image = WriteImage("image.png");
  Datum encoded;
  ASSERT_TRUE(ReadFileToDatum(temp_dir_.file("image.png"), 6, &encoded));
  ExpectSameImage(image, DecodeDatumToCVMatNative(encoded));
  EXPECT_EQ(1, DecodeDatumToCVMat(encoded, false).channels());

  Datum datum = encoded;
  EXPECT_TRUE(DecodeDatumNative(&datum));
  Datum expected;
  CVMatToDatum(image, &expected);
  EXPECT_EQ(expected.data(), datum.data());
  EXPECT_EQ(6, datum.label());
  EXPECT_FALSE(DecodeDatumNative(&datum)) << "already decoded";

  datum = encoded;
  EXPECT_TRUE(DecodeDatum(&datum, false));
  EXPECT_EQ(1, datum.channels());
  EXPECT_EQ(5 * 7, static_cast<int>(datum.data().size()));
}

TEST_F(ImageIOCVTest, DecodingGarbageThrows) {
  Datum datum;
  datum.set_data("definitely not an image");
  datum.set_encoded(true);
  EXPECT_THROW(DecodeDatumToCVMatNative(datum), Error);
  EXPECT_THROW(DecodeDatum(&datum, true), Error);
  datum.set_encoded(false);
  EXPECT_THROW(DecodeDatumToCVMat(datum, true), Error);
}

// OpenCV throws its own exception for an empty buffer; it must not escape
// (fuzz/regressions/datum/empty_encoded_datum).
TEST_F(ImageIOCVTest, DecodingAnEmptyEncodedDatumIsAnError) {
  Datum datum;
  datum.set_encoded(true);
  ExpectErrorMentioning([&] { DecodeDatumToCVMatNative(datum); },
                        {"holds no bytes"});
  EXPECT_THROW(DecodeDatumToCVMat(datum, false), Error);
  EXPECT_THROW(DecodeDatumNative(&datum), Error);
}

#endif  // USE_OPENCV

}  // namespace caffe

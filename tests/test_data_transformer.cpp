#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <string>
#include <vector>

#ifdef USE_OPENCV
#include <opencv2/core/core.hpp>
#include <opencv2/imgcodecs.hpp>
#endif

#include "caffe/blob.hpp"
#include "caffe/common.hpp"
#include "caffe/data_transformer.hpp"
#include "caffe/proto/caffe.pb.h"
#include "caffe/util/io.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {

namespace {

// A channels x height x width datum whose pixel (c, h, w) is
// (c * height + h) * width + w + first (mod 256).
Datum MakeDatum(int channels, int height, int width, int first = 0) {
  Datum datum;
  datum.set_channels(channels);
  datum.set_height(height);
  datum.set_width(width);
  datum.set_label(7);
  string data(channels * height * width, '\0');
  for (size_t i = 0; i < data.size(); ++i) {
    data[i] = static_cast<char>((i + first) % 256);
  }
  datum.set_data(data);
  return datum;
}

int Pixel(const Datum& datum, int c, int h, int w) {
  return static_cast<uint8_t>(
      datum.data()[(c * datum.height() + h) * datum.width() + w]);
}

void ExpectMessageContains(const Error& error, const string& text) {
  EXPECT_NE(string::npos, string(error.what()).find(text))
      << "message \"" << error.what() << "\" lacks \"" << text << "\"";
}

}  // namespace

template <typename Dtype>
class DataTransformerTest : public ::testing::Test {
 protected:
  void SetUp() override { Caffe::set_random_seed(1701); }

  // Transforms datum with param in phase into a freshly shaped blob.
  void Run(const TransformationParameter& param, Phase phase,
           const Datum& datum, Blob<Dtype>* out) {
    DataTransformer<Dtype> transformer(param, phase);
    transformer.InitRand();
    out->Reshape(transformer.InferBlobShape(datum));
    transformer.Transform(datum, out);
  }

  // Checks out against the window of datum at (h_off, w_off), mirrored or
  // not, with (x - mean) * scale.
  void ExpectWindow(const Datum& datum, const Blob<Dtype>& out, int h_off,
                    int w_off, bool mirror, Dtype mean, Dtype scale) {
    const int height = out.height(), width = out.width();
    for (int c = 0; c < out.channels(); ++c) {
      for (int h = 0; h < height; ++h) {
        for (int w = 0; w < width; ++w) {
          const int source_w = w_off + (mirror ? width - 1 - w : w);
          const Dtype expected =
              (Pixel(datum, c, h_off + h, source_w) - mean) * scale;
          ASSERT_EQ(expected, out.data_at(0, c, h, w))
              << "at " << c << "," << h << "," << w;
        }
      }
    }
  }

  // The (h_off, w_off, mirrored) window out was taken from, or h_off -1.
  void FindWindow(const Datum& datum, const Blob<Dtype>& out, int* h_off,
                  int* w_off, bool* mirror) {
    const int crop = out.height();
    for (int m = 0; m < 2; ++m) {
      for (int h = 0; h + crop <= datum.height(); ++h) {
        for (int w = 0; w + crop <= datum.width(); ++w) {
          bool match = true;
          for (int c = 0; c < out.channels() && match; ++c) {
            for (int y = 0; y < crop && match; ++y) {
              for (int x = 0; x < crop && match; ++x) {
                const int source_x = w + (m ? crop - 1 - x : x);
                match =
                    Pixel(datum, c, h + y, source_x) == out.data_at(0, c, y, x);
              }
            }
          }
          if (match) {
            *h_off = h;
            *w_off = w;
            *mirror = m;
            return;
          }
        }
      }
    }
    *h_off = -1;
  }

  TempDir temp_dir_;
};

TYPED_TEST_SUITE(DataTransformerTest, TestDtypes);

TYPED_TEST(DataTransformerTest, IdentityWithoutParameters) {
  const Datum datum = MakeDatum(2, 3, 4);
  Blob<TypeParam> out;
  this->Run(TransformationParameter(), TRAIN, datum, &out);
  EXPECT_EQ((vector<int>{1, 2, 3, 4}), out.shape());
  this->ExpectWindow(datum, out, 0, 0, false, 0, 1);
}

TYPED_TEST(DataTransformerTest, Scale) {
  const Datum datum = MakeDatum(2, 3, 4);
  TransformationParameter param;
  param.set_scale(0.25);
  Blob<TypeParam> out;
  this->Run(param, TEST, datum, &out);
  this->ExpectWindow(datum, out, 0, 0, false, 0, 0.25);
}

TYPED_TEST(DataTransformerTest, OneMeanValueForAllChannels) {
  const Datum datum = MakeDatum(3, 2, 2);
  TransformationParameter param;
  param.add_mean_value(5);
  param.set_scale(2);
  Blob<TypeParam> out;
  this->Run(param, TEST, datum, &out);
  this->ExpectWindow(datum, out, 0, 0, false, 5, 2);
}

TYPED_TEST(DataTransformerTest, MeanValuePerChannel) {
  const Datum datum = MakeDatum(3, 2, 2);
  TransformationParameter param;
  param.add_mean_value(1);
  param.add_mean_value(2);
  param.add_mean_value(3);
  Blob<TypeParam> out;
  this->Run(param, TEST, datum, &out);
  for (int c = 0; c < 3; ++c) {
    for (int h = 0; h < 2; ++h) {
      for (int w = 0; w < 2; ++w) {
        EXPECT_EQ(Pixel(datum, c, h, w) - (c + 1), out.data_at(0, c, h, w));
      }
    }
  }
}

TYPED_TEST(DataTransformerTest, MeanValueCountMustFitChannels) {
  const Datum datum = MakeDatum(3, 2, 2);
  TransformationParameter param;
  param.add_mean_value(1);
  param.add_mean_value(2);
  Blob<TypeParam> out;
  try {
    this->Run(param, TEST, datum, &out);
    FAIL() << "two mean values for three channels should throw";
  } catch (const Error& error) {
    ExpectMessageContains(error, "mean_value");
  }
}

TYPED_TEST(DataTransformerTest, DatumShapeBeyondItsBytesIsAnError) {
  // A damaged datum: dimensions whose product passes 2^63, or negative ones
  // (fuzz_datum found the overflow; its input is a regression under fuzz/).
  DataTransformer<TypeParam> transformer(TransformationParameter(), TEST);
  Blob<TypeParam> out(vector<int>{1, 1, 1, 1});
  for (const auto& shape : {vector<int>{2000000000, 2000000000, 2000000000},
                            vector<int>{-1, -1, 1}}) {
    Datum datum = MakeDatum(1, 1, 1);
    datum.set_channels(shape[0]);
    datum.set_height(shape[1]);
    datum.set_width(shape[2]);
    try {
      transformer.Transform(datum, &out);
      FAIL() << "a datum of one byte and a larger shape should throw";
    } catch (const Error& error) {
      ExpectMessageContains(error, StrCat(shape[0], " x ", shape[1], " x ",
                                          shape[2]));
    }
  }
}

TYPED_TEST(DataTransformerTest, MeanFileIsSubtractedAtTheSourcePixel) {
  const Datum datum = MakeDatum(2, 4, 5);
  BlobProto mean;
  mean.set_num(1);
  mean.set_channels(2);
  mean.set_height(4);
  mean.set_width(5);
  for (int i = 0; i < 40; ++i) mean.add_data(0.5f * i);
  const string mean_file = this->temp_dir_.file("mean.binaryproto");
  {
    std::ofstream output(mean_file, std::ios::binary);
    ASSERT_TRUE(mean.SerializeToOstream(&output));
  }
  TransformationParameter param;
  param.set_mean_file(mean_file);
  param.set_crop_size(3);
  param.set_scale(0.5);
  Blob<TypeParam> out;
  this->Run(param, TEST, datum, &out);  // centre crop at (0, 1)
  for (int c = 0; c < 2; ++c) {
    for (int h = 0; h < 3; ++h) {
      for (int w = 0; w < 3; ++w) {
        const int index = (c * 4 + h) * 5 + (w + 1);
        const TypeParam expected =
            (Pixel(datum, c, h, w + 1) - TypeParam(mean.data(index))) *
            TypeParam(0.5);
        EXPECT_EQ(expected, out.data_at(0, c, h, w));
      }
    }
  }
}

TYPED_TEST(DataTransformerTest, MeanFileOfAnotherShapeThrows) {
  BlobProto mean;
  mean.mutable_shape()->add_dim(1);
  mean.mutable_shape()->add_dim(3);
  mean.mutable_shape()->add_dim(4);
  mean.mutable_shape()->add_dim(5);
  for (int i = 0; i < 60; ++i) mean.add_data(1);
  const string mean_file = this->temp_dir_.file("mean.binaryproto");
  {
    std::ofstream output(mean_file, std::ios::binary);
    ASSERT_TRUE(mean.SerializeToOstream(&output));
  }
  TransformationParameter param;
  param.set_mean_file(mean_file);
  Blob<TypeParam> out;
  try {
    this->Run(param, TEST, MakeDatum(2, 4, 5), &out);
    FAIL() << "a 3-channel mean for a 2-channel datum should throw";
  } catch (const Error& error) {
    ExpectMessageContains(error, mean_file);
    ExpectMessageContains(error, "1 3 4 5");
  }
}

TYPED_TEST(DataTransformerTest, MissingMeanFileThrows) {
  TransformationParameter param;
  param.set_mean_file(this->temp_dir_.file("absent.binaryproto"));
  try {
    DataTransformer<TypeParam> transformer(param, TEST);
    FAIL() << "a missing mean file should throw";
  } catch (const Error& error) {
    ExpectMessageContains(error, "absent.binaryproto");
  }
}

TYPED_TEST(DataTransformerTest, MeanFileAndMeanValueTogetherThrow) {
  TransformationParameter param;
  param.set_mean_file(this->temp_dir_.file("mean.binaryproto"));
  param.add_mean_value(1);
  EXPECT_THROW(DataTransformer<TypeParam>(param, TEST), Error);
}

TYPED_TEST(DataTransformerTest, CropInTestIsCentred) {
  const Datum datum = MakeDatum(2, 5, 6);
  TransformationParameter param;
  param.set_crop_size(3);
  Blob<TypeParam> out;
  this->Run(param, TEST, datum, &out);
  EXPECT_EQ((vector<int>{1, 2, 3, 3}), out.shape());
  this->ExpectWindow(datum, out, 1, 1, false, 0, 1);
}

TYPED_TEST(DataTransformerTest, CropInTrainIsRandomButAWindow) {
  const Datum datum = MakeDatum(1, 6, 6);
  TransformationParameter param;
  param.set_crop_size(3);
  DataTransformer<TypeParam> transformer(param, TRAIN);
  transformer.InitRand();
  Blob<TypeParam> out(1, 1, 3, 3);
  std::set<pair<int, int> > offsets;
  for (int trial = 0; trial < 50; ++trial) {
    transformer.Transform(datum, &out);
    int h_off = -1, w_off = -1;
    bool mirror = false;
    this->FindWindow(datum, out, &h_off, &w_off, &mirror);
    ASSERT_GE(h_off, 0) << "not a crop of the datum";
    EXPECT_FALSE(mirror);
    offsets.insert({h_off, w_off});
  }
  EXPECT_GT(offsets.size(), 4u);
}

TYPED_TEST(DataTransformerTest, MirrorFlipsAboutHalfTheTime) {
  const Datum datum = MakeDatum(2, 3, 4);
  TransformationParameter param;
  param.set_mirror(true);
  DataTransformer<TypeParam> transformer(param, TEST);
  transformer.InitRand();
  Blob<TypeParam> out(1, 2, 3, 4);
  int mirrored = 0;
  const int kTrials = 100;
  for (int trial = 0; trial < kTrials; ++trial) {
    transformer.Transform(datum, &out);
    const bool flipped = out.data_at(0, 0, 0, 0) == Pixel(datum, 0, 0, 3);
    this->ExpectWindow(datum, out, 0, 0, flipped, 0, 1);
    mirrored += flipped;
  }
  EXPECT_GT(mirrored, 25);
  EXPECT_LT(mirrored, 75);
}

TYPED_TEST(DataTransformerTest, SeededRunsRepeat) {
  const Datum datum = MakeDatum(1, 8, 8);
  TransformationParameter param;
  param.set_crop_size(4);
  param.set_mirror(true);
  vector<vector<TypeParam> > runs(2);
  for (auto& run : runs) {
    Caffe::set_random_seed(42);
    DataTransformer<TypeParam> transformer(param, TRAIN);
    transformer.InitRand();
    Blob<TypeParam> out(1, 1, 4, 4);
    for (int trial = 0; trial < 10; ++trial) {
      transformer.Transform(datum, &out);
      run.insert(run.end(), out.cpu_data(), out.cpu_data() + out.count());
    }
  }
  EXPECT_EQ(runs[0], runs[1]);
}

TYPED_TEST(DataTransformerTest, CropLargerThanDatumThrows) {
  TransformationParameter param;
  param.set_crop_size(5);
  Blob<TypeParam> out;
  try {
    this->Run(param, TEST, MakeDatum(1, 4, 6), &out);
    FAIL() << "crop 5 of a 4-high datum should throw";
  } catch (const Error& error) {
    ExpectMessageContains(error, "crop_size 5");
  }
}

TYPED_TEST(DataTransformerTest, WrongOutputShapeThrows) {
  DataTransformer<TypeParam> transformer(TransformationParameter(), TEST);
  Blob<TypeParam> out(1, 2, 3, 5);
  try {
    transformer.Transform(MakeDatum(2, 3, 4), &out);
    FAIL() << "a 3x5 output for a 3x4 datum should throw";
  } catch (const Error& error) {
    ExpectMessageContains(error, out.shape_string());
  }
}

TYPED_TEST(DataTransformerTest, DatumWithTooFewBytesThrows) {
  Datum datum = MakeDatum(2, 3, 4);
  datum.mutable_data()->resize(10);
  DataTransformer<TypeParam> transformer(TransformationParameter(), TEST);
  Blob<TypeParam> out(1, 2, 3, 4);
  EXPECT_THROW(transformer.Transform(datum, &out), Error);
}

TYPED_TEST(DataTransformerTest, FloatData) {
  Datum datum;
  datum.set_channels(1);
  datum.set_height(2);
  datum.set_width(2);
  for (float value : {0.5f, -1.f, 2.25f, 3.f}) datum.add_float_data(value);
  TransformationParameter param;
  param.add_mean_value(1);
  param.set_scale(2);
  Blob<TypeParam> out;
  this->Run(param, TEST, datum, &out);
  const vector<TypeParam> expected = {-1, -4, 2.5, 4};
  EXPECT_EQ(expected, vector<TypeParam>(out.cpu_data(), out.cpu_data() + 4));
}

TYPED_TEST(DataTransformerTest, DatumVectorFillsOneImageEach) {
  const vector<Datum> datums = {MakeDatum(1, 2, 3, 0), MakeDatum(1, 2, 3, 10)};
  DataTransformer<TypeParam> transformer(TransformationParameter(), TEST);
  EXPECT_EQ((vector<int>{2, 1, 2, 3}), transformer.InferBlobShape(datums));
  Blob<TypeParam> out(3, 1, 2, 3);
  transformer.Transform(datums, &out);
  for (int i = 0; i < 6; ++i) {
    EXPECT_EQ(i, out.cpu_data()[i]);
    EXPECT_EQ(10 + i, out.cpu_data()[6 + i]);
  }
  Blob<TypeParam> too_small(1, 1, 2, 3);
  EXPECT_THROW(transformer.Transform(datums, &too_small), Error);
}

TYPED_TEST(DataTransformerTest, BlobInputCropsAndRemovesMean) {
  Blob<TypeParam> input(2, 2, 4, 4);
  for (int i = 0; i < input.count(); ++i) input.mutable_cpu_data()[i] = i;
  TransformationParameter param;
  param.set_crop_size(2);
  param.add_mean_value(1);
  param.add_mean_value(2);
  param.set_scale(0.5);
  DataTransformer<TypeParam> transformer(param, TEST);
  Blob<TypeParam> out;
  transformer.Transform(&input, &out);
  ASSERT_EQ((vector<int>{2, 2, 2, 2}), out.shape());
  for (int n = 0; n < 2; ++n) {
    for (int c = 0; c < 2; ++c) {
      for (int h = 0; h < 2; ++h) {
        for (int w = 0; w < 2; ++w) {
          const TypeParam expected =
              (input.data_at(n, c, h + 1, w + 1) - (c + 1)) * TypeParam(0.5);
          EXPECT_EQ(expected, out.data_at(n, c, h, w));
        }
      }
    }
  }
  EXPECT_EQ(0, input.cpu_data()[0]) << "the input must not change";
}

#ifdef USE_OPENCV
TYPED_TEST(DataTransformerTest, MatMatchesItsDatum) {
  cv::Mat image(3, 4, CV_8UC3);
  for (int i = 0; i < 36; ++i) image.data[i] = static_cast<uchar>(7 * i);
  Datum datum;
  CVMatToDatum(image, &datum);
  TransformationParameter param;
  param.set_crop_size(2);
  param.add_mean_value(3);
  DataTransformer<TypeParam> transformer(param, TEST);
  EXPECT_EQ((vector<int>{1, 3, 2, 2}), transformer.InferBlobShape(image));
  Blob<TypeParam> from_mat(1, 3, 2, 2), from_datum(1, 3, 2, 2);
  transformer.Transform(image, &from_mat);
  transformer.Transform(datum, &from_datum);
  for (int i = 0; i < from_mat.count(); ++i) {
    EXPECT_EQ(from_datum.cpu_data()[i], from_mat.cpu_data()[i]) << i;
  }
  // Pixel (row 0, column 1) of channel 2 lands at (0, 0) of the centre crop.
  EXPECT_EQ(image.at<cv::Vec3b>(0, 1)[2] - 3, from_mat.data_at(0, 2, 0, 0));
}

TYPED_TEST(DataTransformerTest, NonByteMatThrows) {
  cv::Mat image(2, 2, CV_32FC1, cv::Scalar(1));
  DataTransformer<TypeParam> transformer(TransformationParameter(), TEST);
  Blob<TypeParam> out(1, 1, 2, 2);
  EXPECT_THROW(transformer.Transform(image, &out), Error);
}

TYPED_TEST(DataTransformerTest, EncodedDatumDecodesLikeRaw) {
  cv::Mat image(5, 6, CV_8UC3);
  for (int i = 0; i < 90; ++i) image.data[i] = static_cast<uchar>(3 * i);
  vector<uchar> png;
  ASSERT_TRUE(cv::imencode(".png", image, png));
  Datum encoded;
  encoded.set_data(string(png.begin(), png.end()));
  encoded.set_encoded(true);
  Datum raw;
  CVMatToDatum(image, &raw);
  TransformationParameter param;
  param.set_scale(0.5);
  Blob<TypeParam> from_encoded, from_raw;
  this->Run(param, TEST, encoded, &from_encoded);
  this->Run(param, TEST, raw, &from_raw);
  ASSERT_EQ(from_raw.shape(), from_encoded.shape());
  for (int i = 0; i < from_raw.count(); ++i) {
    EXPECT_EQ(from_raw.cpu_data()[i], from_encoded.cpu_data()[i]) << i;
  }
}

TYPED_TEST(DataTransformerTest, ForceColorAndForceGray) {
  cv::Mat grey(4, 4, CV_8UC1, cv::Scalar(100));
  vector<uchar> png;
  ASSERT_TRUE(cv::imencode(".png", grey, png));
  Datum encoded;
  encoded.set_data(string(png.begin(), png.end()));
  encoded.set_encoded(true);
  TransformationParameter param;
  Blob<TypeParam> out;
  this->Run(param, TEST, encoded, &out);
  EXPECT_EQ(1, out.channels());
  param.set_force_color(true);
  this->Run(param, TEST, encoded, &out);
  EXPECT_EQ(3, out.channels());
  EXPECT_EQ(100, out.data_at(0, 2, 3, 3));
  param.set_force_color(false);
  param.set_force_gray(true);
  this->Run(param, TEST, encoded, &out);
  EXPECT_EQ(1, out.channels());
  param.set_force_color(true);
  EXPECT_THROW(DataTransformer<TypeParam>(param, TEST), Error);
}
#endif  // USE_OPENCV

}  // namespace caffe

#ifdef USE_OPENCV
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <memory>
#include <opencv2/core/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "caffe/blob.hpp"
#include "caffe/layers/window_data_layer.hpp"
#include "caffe/net.hpp"
#include "caffe/proto/caffe.pb.h"
#include "caffe/util/io.hpp"
#include "layers/layer_error_util.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {

namespace {

// One line of a window file.
struct WindowLine {
  int class_index;
  float overlap;
  int x1, y1, x2, y2;
};

// One image's record in a window file.
struct ImageRecord {
  string path;
  int height, width;
  vector<WindowLine> windows;
};

string WindowFileText(const vector<ImageRecord>& images) {
  std::ostringstream text;
  for (size_t i = 0; i < images.size(); ++i) {
    const ImageRecord& image = images[i];
    text << "# " << i << "\n"
         << image.path << "\n3\n"
         << image.height << "\n"
         << image.width << "\n"
         << image.windows.size() << "\n";
    for (const WindowLine& w : image.windows) {
      text << w.class_index << " " << w.overlap << " " << w.x1 << " " << w.y1
           << " " << w.x2 << " " << w.y2 << "\n";
    }
  }
  return text.str();
}

// BGR pixel at (row y, column x) of the gradient test image.
cv::Vec3b Gradient(int y, int x) {
  return cv::Vec3b(static_cast<uchar>(10 * x + 1),
                   static_cast<uchar>(10 * y + 2),
                   static_cast<uchar>(100 + x + y));
}

const cv::Vec3b kLeft(10, 20, 30), kRight(200, 150, 100), kSolid(50, 60, 70);

}  // namespace

template <typename TypeParam>
class WindowDataLayerTest : public MultiDeviceTest<TypeParam> {
  typedef typename TypeParam::Dtype Dtype;

 protected:
  WindowDataLayerTest()
      : data_(new Blob<Dtype>()),
        label_(new Blob<Dtype>()),
        top_({data_.get(), label_.get()}) {
    // "halves.png": 8 x 12, left half kLeft, right half kRight.
    cv::Mat halves(8, 12, CV_8UC3, cv::Scalar(kRight));
    halves(cv::Rect(0, 0, 6, 8)).setTo(cv::Scalar(kLeft));
    cv::imwrite(temp_dir_.file("halves.png"), halves);
    cv::Mat solid(10, 10, CV_8UC3, cv::Scalar(kSolid));
    cv::imwrite(temp_dir_.file("solid.png"), solid);
    cv::Mat gradient(10, 10, CV_8UC3);
    for (int y = 0; y < 10; ++y) {
      for (int x = 0; x < 10; ++x)
        gradient.at<cv::Vec3b>(y, x) = Gradient(y, x);
    }
    cv::imwrite(temp_dir_.file("gradient.png"), gradient);
  }

  // Writes windows.txt and returns parameters reading it.
  LayerParameter Param(const vector<ImageRecord>& images, int batch_size,
                       int crop_size, float fg_fraction) {
    std::ofstream(temp_dir_.file("windows.txt")) << WindowFileText(images);
    LayerParameter param;
    param.set_type("WindowData");
    WindowDataParameter* window_param = param.mutable_window_data_param();
    window_param->set_source(temp_dir_.file("windows.txt"));
    window_param->set_root_folder(temp_dir_.path() + "/");
    window_param->set_batch_size(batch_size);
    window_param->set_fg_fraction(fg_fraction);
    param.mutable_transform_param()->set_crop_size(crop_size);
    return param;
  }

  // The 10 x 10 solid image with a 4 x 4 window in its top-left corner,
  // crop_size 8 and context_pad 2: the box doubles to 9 x 9 about (2, 2),
  // of which 2 pixels lie left of and above the image, 2 rows and columns
  // of padding once warped (round(2 * 8 / 9)); the 7 x 7 inside becomes
  // round(7 * 8 / 9) = 6 pixels.
  LayerParameter CornerWithContext(int batch_size) {
    LayerParameter param =
        Param({{"solid.png", 10, 10, {{1, 1, 0, 0, 3, 3}}}}, batch_size, 8, 1);
    param.mutable_window_data_param()->set_context_pad(2);
    return param;
  }

  void Run(const LayerParameter& param, int forwards = 1) {
    WindowDataLayer<Dtype> layer(param);
    layer.SetUp(bottom_, top_);
    for (int i = 0; i < forwards; ++i) layer.Forward(bottom_, top_);
  }

  // Whether columns [first, last) of every row below the 2 padded rows of
  // item n hold (kSolid - mean(c, h, w)) * scale, and all else is 0.
  template <typename Mean>
  bool ShowsSolidIn(int n, int first, int last, Dtype scale, const Mean& mean) {
    for (int c = 0; c < 3; ++c) {
      for (int h = 0; h < 8; ++h) {
        for (int w = 0; w < 8; ++w) {
          const bool inside = h >= 2 && w >= first && w < last;
          const Dtype expected =
              inside ? (kSolid[c] - mean(c, h, w)) * scale : Dtype(0);
          if (std::abs(data_->data_at(n, c, h, w) - expected) > 1e-4) {
            return false;
          }
        }
      }
    }
    return true;
  }

  TempDir temp_dir_;
  std::unique_ptr<Blob<Dtype> > data_, label_;
  vector<Blob<Dtype>*> bottom_, top_;
};

TYPED_TEST_SUITE(WindowDataLayerTest, TestDtypesAndDevices);

TYPED_TEST(WindowDataLayerTest, SamplesBackgroundThenForegroundFraction) {
  // fg_threshold 0.6, bg_threshold 0.3: class 7 (0.45) and the 0.3 window
  // are neither; class 5 at 0.1 is background, so labelled 0.
  LayerParameter param = this->Param({{"halves.png",
                                       8,
                                       12,
                                       {{1, 0.6f, 0, 0, 5, 7},
                                        {2, 0.9f, 6, 0, 11, 7},
                                        {7, 0.45f, 0, 0, 11, 7},
                                        {5, 0.1f, 2, 2, 4, 4},
                                        {3, 0.3f, 1, 1, 2, 2}}}},
                                     10, 5, 0.35f);
  param.mutable_window_data_param()->set_fg_threshold(0.6f);
  param.mutable_window_data_param()->set_bg_threshold(0.3f);
  WindowDataLayer<typename TypeParam::Dtype> layer(param);
  layer.SetUp(this->bottom_, this->top_);
  EXPECT_EQ((vector<int>{10, 3, 5, 5}), this->data_->shape());
  EXPECT_EQ(vector<int>{10}, this->label_->shape());
  std::set<int> foreground_labels;
  for (int pass = 0; pass < 4; ++pass) {
    layer.Forward(this->bottom_, this->top_);
    // int(10 * 0.35) = 3 foreground windows, after 7 background ones.
    for (int n = 0; n < 10; ++n) {
      const int label = static_cast<int>(this->label_->cpu_data()[n]);
      if (n < 7) {
        EXPECT_EQ(0, label) << "item " << n;
      } else {
        EXPECT_TRUE(label == 1 || label == 2) << "item " << n << ": " << label;
        foreground_labels.insert(label);
      }
    }
  }
  EXPECT_EQ((std::set<int>{1, 2}), foreground_labels);
}

TYPED_TEST(WindowDataLayerTest, WarpsSolidWindowToItsColour) {
  typedef typename TypeParam::Dtype Dtype;
  LayerParameter param = this->Param(
      {{"halves.png", 8, 12, {{1, 1, 0, 0, 5, 7}, {2, 1, 6, 0, 11, 7}}}}, 6, 5,
      1);
  TransformationParameter* transform = param.mutable_transform_param();
  for (float mean : {1.f, 2.f, 3.f}) transform->add_mean_value(mean);
  transform->set_scale(0.5f);
  this->Run(param);
  for (int n = 0; n < 6; ++n) {
    const int label = static_cast<int>(this->label_->cpu_data()[n]);
    ASSERT_TRUE(label == 1 || label == 2);
    const cv::Vec3b colour = label == 1 ? kLeft : kRight;
    for (int c = 0; c < 3; ++c) {
      for (int h = 0; h < 5; ++h) {
        for (int w = 0; w < 5; ++w) {
          ASSERT_EQ(Dtype((colour[c] - (c + 1)) * 0.5),
                    this->data_->data_at(n, c, h, w))
              << "item " << n << " (" << c << ", " << h << ", " << w << ")";
        }
      }
    }
  }
}

TYPED_TEST(WindowDataLayerTest, ContextBeyondTheImageIsZeroPadding) {
  typedef typename TypeParam::Dtype Dtype;
  this->Run(this->CornerWithContext(2));
  for (int n = 0; n < 2; ++n) {
    EXPECT_TRUE(this->ShowsSolidIn(n, 2, 8, Dtype(1),
                                   [](int, int, int) { return Dtype(0); }))
        << "item " << n;
  }
}

TYPED_TEST(WindowDataLayerTest, MirrorFlipsWindowAndPadding) {
  typedef typename TypeParam::Dtype Dtype;
  LayerParameter param = this->CornerWithContext(16);
  param.mutable_transform_param()->set_mirror(true);
  this->Run(param);
  auto no_mean = [](int, int, int) { return Dtype(0); };
  int mirrored = 0, plain = 0;
  for (int n = 0; n < 16; ++n) {
    // Mirrored, the padding moves to the right: the box has no pixels
    // beyond the image there, so the 6 image columns start at 0.
    if (this->ShowsSolidIn(n, 2, 8, Dtype(1), no_mean)) {
      ++plain;
    } else {
      EXPECT_TRUE(this->ShowsSolidIn(n, 0, 6, Dtype(1), no_mean))
          << "item " << n;
      ++mirrored;
    }
  }
  EXPECT_GT(mirrored, 0);
  EXPECT_GT(plain, 0);
}

TYPED_TEST(WindowDataLayerTest, MirrorFlipsPixels) {
  // A 4 x 4 window warped to crop_size 4 is copied unchanged.
  LayerParameter param =
      this->Param({{"gradient.png", 10, 10, {{1, 1, 1, 2, 4, 5}}}}, 16, 4, 1);
  param.mutable_window_data_param()->set_mirror(true);  // legacy place
  this->Run(param);
  int mirrored = 0;
  for (int n = 0; n < 16; ++n) {
    const bool flipped = this->data_->data_at(n, 0, 0, 0) != Gradient(2, 1)[0];
    mirrored += flipped;
    for (int c = 0; c < 3; ++c) {
      for (int h = 0; h < 4; ++h) {
        for (int w = 0; w < 4; ++w) {
          ASSERT_EQ(Gradient(2 + h, flipped ? 4 - w : 1 + w)[c],
                    this->data_->data_at(n, c, h, w))
              << "item " << n << " (" << c << ", " << h << ", " << w << ")";
        }
      }
    }
  }
  EXPECT_GT(mirrored, 0);
  EXPECT_LT(mirrored, 16);
}

TYPED_TEST(WindowDataLayerTest, SquareModeGrowsTheShortSide) {
  // A 2 wide x 4 high box at (4, 2) centred on (5, 4) grows to half-sides
  // of 2: columns round(5 - 2) = 3 to 7 and rows 2 to 6, 5 x 5 pixels
  // copied unchanged to crop_size 5.
  LayerParameter param =
      this->Param({{"gradient.png", 10, 10, {{1, 1, 4, 2, 5, 5}}}}, 1, 5, 1);
  param.mutable_window_data_param()->set_crop_mode("square");
  this->Run(param);
  for (int c = 0; c < 3; ++c) {
    for (int h = 0; h < 5; ++h) {
      for (int w = 0; w < 5; ++w) {
        ASSERT_EQ(Gradient(2 + h, 3 + w)[c], this->data_->data_at(0, c, h, w))
            << "(" << c << ", " << h << ", " << w << ")";
      }
    }
  }
}

TYPED_TEST(WindowDataLayerTest, MeanFileIsReadAtItsCentredCrop) {
  typedef typename TypeParam::Dtype Dtype;
  auto mean = [](int c, int h, int w) { return Dtype(c + 0.5 * h + 0.25 * w); };
  Blob<float> mean_blob(1, 3, 10, 10);
  for (int c = 0; c < 3; ++c) {
    for (int h = 0; h < 10; ++h) {
      for (int w = 0; w < 10; ++w) {
        mean_blob.mutable_cpu_data()[mean_blob.offset(0, c, h, w)] =
            static_cast<float>(mean(c, h, w));
      }
    }
  }
  BlobProto proto;
  mean_blob.ToProto(&proto);
  const string mean_file = this->temp_dir_.file("mean.binaryproto");
  WriteProtoToBinaryFile(proto, mean_file);

  // Through window_data_param, the legacy place for mean_file and scale.
  LayerParameter param = this->CornerWithContext(2);
  param.mutable_window_data_param()->set_mean_file(mean_file);
  param.mutable_window_data_param()->set_scale(2);
  this->Run(param);
  // A 10 x 10 mean is read from (1, 1) on for crop_size 8.
  auto centred = [&](int c, int h, int w) { return mean(c, h + 1, w + 1); };
  for (int n = 0; n < 2; ++n) {
    EXPECT_TRUE(this->ShowsSolidIn(n, 2, 8, Dtype(2), centred)) << "item " << n;
  }
}

TYPED_TEST(WindowDataLayerTest, CachedImagesGiveTheSameBatches) {
  typedef typename TypeParam::Dtype Dtype;
  LayerParameter param = this->Param(
      {{"halves.png", 8, 12, {{1, 1, 0, 0, 5, 7}, {0, 0, 3, 1, 9, 6}}},
       {"gradient.png",
        10,
        10,
        {{2, 0.8f, 1, 2, 6, 5}, {0, 0.1f, 0, 0, 9, 9}}}},
      8, 6, 0.5f);
  param.mutable_window_data_param()->set_context_pad(1);
  param.mutable_transform_param()->set_mirror(true);
  vector<vector<Dtype> > batches;
  Caffe::set_random_seed(1701);
  {
    WindowDataLayer<Dtype> layer(param);
    layer.SetUp(this->bottom_, this->top_);
    for (int i = 0; i < 3; ++i) {
      layer.Forward(this->bottom_, this->top_);
      const Dtype* data = this->data_->cpu_data();
      batches.emplace_back(data, data + this->data_->count());
    }
  }
  param.mutable_window_data_param()->set_cache_images(true);
  Caffe::set_random_seed(1701);
  WindowDataLayer<Dtype> layer(param);
  layer.SetUp(this->bottom_, this->top_);
  // Cached, the files are no longer needed.
  std::remove(this->temp_dir_.file("halves.png").c_str());
  std::remove(this->temp_dir_.file("gradient.png").c_str());
  for (int i = 0; i < 3; ++i) {
    layer.Forward(this->bottom_, this->top_);
    const Dtype* data = this->data_->cpu_data();
    EXPECT_EQ(batches[i], vector<Dtype>(data, data + this->data_->count()))
        << "batch " << i;
  }
}

TYPED_TEST(WindowDataLayerTest, RunsInANetFromPrototxt) {
  typedef typename TypeParam::Dtype Dtype;
  this->Param({{"halves.png", 8, 12, {{3, 1, 0, 0, 5, 7}}}}, 1, 1, 1);
  NetParameter net_param;
  ReadProtoFromTextString(
      "layer { name: 'windows' type: 'WindowData' top: 'data' top: 'label' "
      "  transform_param { crop_size: 3 mean_value: 10 } "
      "  window_data_param { source: '" +
          this->temp_dir_.file("windows.txt") + "' root_folder: '" +
          this->temp_dir_.path() +
          "/' "
          "  batch_size: 2 fg_fraction: 1 } }",
      &net_param);
  Net<Dtype> net(net_param);
  net.Forward();
  const Blob<Dtype>& data = *net.blob_by_name("data");
  EXPECT_EQ((vector<int>{2, 3, 3, 3}), data.shape());
  EXPECT_EQ(Dtype(3), net.blob_by_name("label")->cpu_data()[1]);
  EXPECT_EQ(Dtype(kLeft[2] - 10), data.data_at(1, 2, 2, 2));
}

// ---- Bad input ----------------------------------------------------------

TYPED_TEST(WindowDataLayerTest, MissingWindowFileIsAnError) {
  typedef typename TypeParam::Dtype Dtype;
  LayerParameter param = this->CornerWithContext(1);
  param.mutable_window_data_param()->set_source(
      this->temp_dir_.file("absent.txt"));
  ExpectLayerError<Dtype>(param, this->bottom_, this->top_, {"absent.txt"});
}

TYPED_TEST(WindowDataLayerTest, MalformedLineNamesFileAndLine) {
  typedef typename TypeParam::Dtype Dtype;
  LayerParameter param = this->CornerWithContext(1);
  std::ofstream(this->temp_dir_.file("windows.txt"))
      << "# 0\nsolid.png\n3\n10\n10\n2\n1 0.9 0 0 3 3\n1 0.8 a 1 4 4\n";
  ExpectLayerError<Dtype>(param, this->bottom_, this->top_,
                          {"windows.txt:8", "x1", "\"a\""});
}

TYPED_TEST(WindowDataLayerTest, TruncatedFileNamesFileAndLine) {
  typedef typename TypeParam::Dtype Dtype;
  LayerParameter param = this->CornerWithContext(1);
  std::ofstream(this->temp_dir_.file("windows.txt"))
      << "# 0\nsolid.png\n3\n10\n10\n2\n1 0.9 0 0 3 3\n";
  ExpectLayerError<Dtype>(param, this->bottom_, this->top_,
                          {"windows.txt:8", "class index", "end of the file"});
}

TYPED_TEST(WindowDataLayerTest, MissingImageIsAnError) {
  typedef typename TypeParam::Dtype Dtype;
  LayerParameter param =
      this->Param({{"solid.png", 10, 10, {{1, 1, 0, 0, 3, 3}}},
                   {"missing.png", 10, 10, {{1, 1, 0, 0, 3, 3}}}},
                  1, 4, 1);
  ExpectLayerError<Dtype>(param, this->bottom_, this->top_,
                          {"windows.txt:9", "missing.png"});
}

TYPED_TEST(WindowDataLayerTest, WindowOutsideImageIsAnError) {
  typedef typename TypeParam::Dtype Dtype;
  LayerParameter param = this->Param(
      {{"solid.png", 10, 10, {{1, 1, 0, 0, 3, 3}, {0, 0, 5, 5, 10, 9}}}}, 1, 4,
      1);
  ExpectLayerError<Dtype>(param, this->bottom_, this->top_,
                          {"windows.txt:8", "5 5 10 9", "outside"});
}

TYPED_TEST(WindowDataLayerTest, OutOfSequenceImageIndexIsAnError) {
  typedef typename TypeParam::Dtype Dtype;
  LayerParameter param = this->CornerWithContext(1);
  std::ofstream(this->temp_dir_.file("windows.txt"))
      << "# 1\nsolid.png\n3\n10\n10\n1\n1 0.9 0 0 3 3\n";
  ExpectLayerError<Dtype>(param, this->bottom_, this->top_,
                          {"windows.txt:1", "image index 1"});
}

TYPED_TEST(WindowDataLayerTest, NoForegroundWindowIsAnError) {
  typedef typename TypeParam::Dtype Dtype;
  LayerParameter param = this->Param(
      {{"solid.png", 10, 10, {{0, 0.1f, 0, 0, 3, 3}}}}, 4, 4, 0.25f);
  ExpectLayerError<Dtype>(param, this->bottom_, this->top_,
                          {"windows.txt", "no foreground window"});
}

TYPED_TEST(WindowDataLayerTest, MeanFileSmallerThanCropIsAnError) {
  typedef typename TypeParam::Dtype Dtype;
  Blob<float> mean_blob(1, 3, 6, 6);
  BlobProto proto;
  mean_blob.ToProto(&proto);
  const string mean_file = this->temp_dir_.file("small_mean.binaryproto");
  WriteProtoToBinaryFile(proto, mean_file);
  LayerParameter param = this->CornerWithContext(1);
  param.mutable_transform_param()->set_mean_file(mean_file);
  ExpectLayerError<Dtype>(param, this->bottom_, this->top_,
                          {"small_mean.binaryproto", "crop_size 8", "1 3 6 6"});
}

TYPED_TEST(WindowDataLayerTest, ForegroundWindowNeedsAPositiveClass) {
  typedef typename TypeParam::Dtype Dtype;
  LayerParameter param =
      this->Param({{"solid.png", 10, 10, {{0, 0.9f, 0, 0, 3, 3}}}}, 1, 4, 1);
  ExpectLayerError<Dtype>(param, this->bottom_, this->top_,
                          {"windows.txt:7", "positive class index"});
}

TYPED_TEST(WindowDataLayerTest, WindowOutsideTheDecodedImageFailsAtForward) {
  typedef typename TypeParam::Dtype Dtype;
  // The window file claims 20 x 20; the image is 10 x 10.
  LayerParameter param =
      this->Param({{"solid.png", 20, 20, {{1, 1, 12, 12, 15, 15}}}}, 1, 4, 1);
  ExpectLayerError<Dtype>(param, this->bottom_, this->top_,
                          {"solid.png", "10 high, 10 wide"});
}

TYPED_TEST(WindowDataLayerTest, UnknownCropModeIsAnError) {
  typedef typename TypeParam::Dtype Dtype;
  LayerParameter param = this->CornerWithContext(1);
  param.mutable_window_data_param()->set_crop_mode("stretch");
  ExpectLayerError<Dtype>(param, this->bottom_, this->top_,
                          {"crop_mode", "stretch"});
}

}  // namespace caffe
#endif  // USE_OPENCV

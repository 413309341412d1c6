#ifdef USE_OPENCV
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "caffe/blob.hpp"
#include "caffe/layers/image_data_layer.hpp"
#include "caffe/proto/caffe.pb.h"
#include "support/image_set.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {

namespace {

const int kImages = 3, kHeight = 4, kWidth = 5;

}  // namespace

template <typename TypeParam>
class ImageDataLayerTest : public MultiDeviceTest<TypeParam> {
  typedef typename TypeParam::Dtype Dtype;

 protected:
  ImageDataLayerTest()
      : data_(new Blob<Dtype>()),
        label_(new Blob<Dtype>()),
        top_({data_.get(), label_.get()}) {
    list_ = WriteImageSet(temp_dir_.path(), kImages, kHeight, kWidth);
  }

  LayerParameter Param(int batch_size) {
    LayerParameter param;
    ImageDataParameter* image_param = param.mutable_image_data_param();
    image_param->set_source(list_);
    image_param->set_root_folder(temp_dir_.path() + "/");
    image_param->set_batch_size(batch_size);
    return param;
  }

  // Checks that item n of the batch is test image i with its label.
  void ExpectImage(int n, int i) {
    EXPECT_EQ(2 * i + 1, label_->cpu_data()[n]);
    for (int c = 0; c < 3; ++c) {
      for (int h = 0; h < kHeight; ++h) {
        for (int w = 0; w < kWidth; ++w) {
          ASSERT_EQ(ImagePixel(i, c, h, w), data_->data_at(n, c, h, w))
              << "item " << n << " image " << i;
        }
      }
    }
  }

  // SetUp's error message; fails the test if it does not throw.
  string SetUpError(const LayerParameter& param) {
    ImageDataLayer<Dtype> layer(param);
    try {
      layer.SetUp(bottom_, top_);
    } catch (const Error& error) {
      return error.what();
    }
    ADD_FAILURE() << "SetUp did not throw";
    return "";
  }

  TempDir temp_dir_;
  string list_;
  std::unique_ptr<Blob<Dtype> > data_, label_;
  vector<Blob<Dtype>*> bottom_, top_;
};

TYPED_TEST_SUITE(ImageDataLayerTest, TestDtypesAndDevices);

TYPED_TEST(ImageDataLayerTest, ReadsInListOrderAndWraps) {
  ImageDataLayer<typename TypeParam::Dtype> layer(this->Param(2));
  layer.SetUp(this->bottom_, this->top_);
  EXPECT_EQ((vector<int>{2, 3, kHeight, kWidth}), this->data_->shape());
  EXPECT_EQ(vector<int>{2}, this->label_->shape());
  for (int first : {0, 2, 1}) {
    layer.Forward(this->bottom_, this->top_);
    this->ExpectImage(0, first % kImages);
    this->ExpectImage(1, (first + 1) % kImages);
  }
}

// Makes this thread one of solvers training together (as under mpirun)
// for a scope.
class SolverRankScope {
 public:
  SolverRankScope(int count, int rank) {
    Caffe::set_solver_count(count);
    Caffe::set_solver_rank(rank);
  }
  ~SolverRankScope() {
    Caffe::set_solver_count(1);
    Caffe::set_solver_rank(0);
  }
};

TYPED_TEST(ImageDataLayerTest, SolversTrainingTogetherReadDisjointLines) {
  typedef typename TypeParam::Dtype Dtype;
  // The two images of the first batch that rank of two solvers reads.
  auto expect_first_batch = [this](Phase phase, int rank, int first,
                                   int second) {
    SolverRankScope scope(2, rank);
    LayerParameter param = this->Param(2);
    param.set_phase(phase);
    ImageDataLayer<Dtype> layer(param);
    layer.SetUp(this->bottom_, this->top_);
    layer.Forward(this->bottom_, this->top_);
    this->ExpectImage(0, first);
    this->ExpectImage(1, second);
  };
  expect_first_batch(TRAIN, 0, 0, 2);
  expect_first_batch(TRAIN, 1, 1, 1);
  // Only the root tests: a TEST net reads every line.
  expect_first_batch(TEST, 1, 0, 1);
}

TYPED_TEST(ImageDataLayerTest, MoreSolversThanImagesIsAnError) {
  LayerParameter param = this->Param(1);
  param.set_phase(TRAIN);
  SolverRankScope rank(4, 3);
  const string message = this->SetUpError(param);
  EXPECT_NE(message.find("lists 3 images, fewer than the 4 solvers training "
                         "together: rank 3 gets none"),
            string::npos)
      << message;
}

TYPED_TEST(ImageDataLayerTest, ResizesAndReadsGray) {
  LayerParameter param = this->Param(3);
  param.mutable_image_data_param()->set_new_height(2);
  param.mutable_image_data_param()->set_new_width(3);
  param.mutable_image_data_param()->set_is_color(false);
  ImageDataLayer<typename TypeParam::Dtype> layer(param);
  layer.SetUp(this->bottom_, this->top_);
  layer.Forward(this->bottom_, this->top_);
  EXPECT_EQ((vector<int>{3, 1, 2, 3}), this->data_->shape());
}

TYPED_TEST(ImageDataLayerTest, ShuffleKeepsEveryImage) {
  Caffe::set_random_seed(1701);
  LayerParameter param = this->Param(kImages);
  param.mutable_image_data_param()->set_shuffle(true);
  ImageDataLayer<typename TypeParam::Dtype> layer(param);
  layer.SetUp(this->bottom_, this->top_);
  for (int pass = 0; pass < 2; ++pass) {
    layer.Forward(this->bottom_, this->top_);
    vector<int> seen;
    for (int n = 0; n < kImages; ++n) {
      const int i = (static_cast<int>(this->label_->cpu_data()[n]) - 1) / 2;
      this->ExpectImage(n, i);
      seen.push_back(i);
    }
    std::sort(seen.begin(), seen.end());
    EXPECT_EQ((vector<int>{0, 1, 2}), seen);
  }
}

TYPED_TEST(ImageDataLayerTest, MissingListFileIsAnError) {
  LayerParameter param = this->Param(1);
  param.mutable_image_data_param()->set_source(
      this->temp_dir_.file("absent.txt"));
  EXPECT_NE(string::npos, this->SetUpError(param).find("absent.txt"));
}

TYPED_TEST(ImageDataLayerTest, LineWithoutLabelIsAnError) {
  std::ofstream(this->list_, std::ios::app) << "unlabelled.png\n";
  const string message = this->SetUpError(this->Param(1));
  EXPECT_NE(string::npos, message.find("list.txt:4: no label")) << message;
}

TYPED_TEST(ImageDataLayerTest, HeightWithoutWidthIsAnError) {
  LayerParameter param = this->Param(1);
  param.mutable_image_data_param()->set_new_height(2);
  const string message = this->SetUpError(param);
  EXPECT_NE(string::npos, message.find("new_width")) << message;
}

TYPED_TEST(ImageDataLayerTest, UnreadableImageIsAnErrorNamingIt) {
  std::ofstream(this->temp_dir_.file("bad.png")) << "not an image";
  std::ofstream(this->list_, std::ios::app) << "bad.png 7\n";
  ImageDataLayer<typename TypeParam::Dtype> layer(this->Param(4));
  layer.SetUp(this->bottom_, this->top_);
  try {
    layer.Forward(this->bottom_, this->top_);
    FAIL() << "Forward did not throw";
  } catch (const Error& error) {
    EXPECT_NE(string::npos, string(error.what()).find("bad.png"))
        << error.what();
  }
}

}  // namespace caffe
#endif  // USE_OPENCV

// MemoryData has no bottoms and no backward, so there is no gradient check;
// the tests compare the tops with the arrays handed over.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "caffe/blob.hpp"
#include "caffe/layers/memory_data_layer.hpp"
#include "layers/layer_error_util.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {

template <typename TypeParam>
class MemoryDataLayerTest : public MultiDeviceTest<TypeParam> {
  typedef typename TypeParam::Dtype Dtype;

 protected:
  MemoryDataLayerTest() {
    top_ = {&top_data_, &top_label_};
    param_.set_type("MemoryData");
    MemoryDataParameter* p = param_.mutable_memory_data_param();
    p->set_batch_size(2);
    p->set_channels(3);
    p->set_height(2);
    p->set_width(1);
  }

  LayerParameter param_;
  Blob<Dtype> top_data_, top_label_;
  vector<Blob<Dtype>*> top_;
};

TYPED_TEST_SUITE(MemoryDataLayerTest, TestDtypesAndDevices);

TYPED_TEST(MemoryDataLayerTest, ServesBatchesAndWraps) {
  typedef typename TypeParam::Dtype Dtype;
  MemoryDataLayer<Dtype> layer(this->param_);
  layer.SetUp({}, this->top_);
  EXPECT_EQ(this->top_data_.shape(), (vector<int>{2, 3, 2, 1}));
  EXPECT_EQ(this->top_label_.shape(), (vector<int>{2, 1, 1, 1}));
  // 4 examples of 6 values each.
  vector<Dtype> data(24), labels = {10, 11, 12, 13};
  for (int i = 0; i < 24; ++i) data[i] = i;
  layer.Reset(data.data(), labels.data(), 4);
  for (int batch = 0; batch < 3; ++batch) {
    layer.Forward({}, this->top_);
    const int first = (2 * batch) % 4;
    for (int i = 0; i < 12; ++i) {
      EXPECT_EQ(this->top_data_.cpu_data()[i], first * 6 + i);
    }
    EXPECT_EQ(this->top_label_.cpu_data()[0], 10 + first);
    EXPECT_EQ(this->top_label_.cpu_data()[1], 11 + first);
  }
}

TYPED_TEST(MemoryDataLayerTest, AddDatumVector) {
  typedef typename TypeParam::Dtype Dtype;
  MemoryDataLayer<Dtype> layer(this->param_);
  layer.SetUp({}, this->top_);
  vector<Datum> datums(2);
  for (int d = 0; d < 2; ++d) {
    datums[d].set_channels(3);
    datums[d].set_height(2);
    datums[d].set_width(1);
    datums[d].set_label(5 + d);
    for (int i = 0; i < 6; ++i) datums[d].add_float_data(d * 100 + i);
  }
  layer.AddDatumVector(datums);
  // The added data must be served before more can be added.
  EXPECT_THROW(layer.AddDatumVector(datums), Error);
  layer.Forward({}, this->top_);
  for (int d = 0; d < 2; ++d) {
    EXPECT_EQ(this->top_label_.cpu_data()[d], 5 + d);
    for (int i = 0; i < 6; ++i) {
      EXPECT_EQ(this->top_data_.cpu_data()[d * 6 + i], d * 100 + i);
    }
  }
  layer.AddDatumVector(datums);
}

#ifdef USE_OPENCV
TYPED_TEST(MemoryDataLayerTest, AddMatVector) {
  typedef typename TypeParam::Dtype Dtype;
  MemoryDataLayer<Dtype> layer(this->param_);
  layer.SetUp({}, this->top_);
  vector<cv::Mat> mats;
  for (int m = 0; m < 2; ++m) {
    cv::Mat mat(2, 1, CV_8UC3);
    for (int h = 0; h < 2; ++h) {
      for (int c = 0; c < 3; ++c) mat.at<cv::Vec3b>(h, 0)[c] = m * 50 + h * 3 + c;
    }
    mats.push_back(mat);
  }
  layer.AddMatVector(mats, {4, 9});
  layer.Forward({}, this->top_);
  EXPECT_EQ(this->top_label_.cpu_data()[0], 4);
  EXPECT_EQ(this->top_label_.cpu_data()[1], 9);
  // Interleaved pixels become planar channels: top[m][c][h][0].
  for (int m = 0; m < 2; ++m) {
    for (int c = 0; c < 3; ++c) {
      for (int h = 0; h < 2; ++h) {
        EXPECT_EQ(this->top_data_.cpu_data()[m * 6 + c * 2 + h],
                  m * 50 + h * 3 + c);
      }
    }
  }
}
#endif  // USE_OPENCV

TYPED_TEST(MemoryDataLayerTest, ResetRejectsPartialBatch) {
  typedef typename TypeParam::Dtype Dtype;
  MemoryDataLayer<Dtype> layer(this->param_);
  layer.SetUp({}, this->top_);
  vector<Dtype> data(18), labels(3);
  try {
    layer.Reset(data.data(), labels.data(), 3);
    ADD_FAILURE() << "expected caffe::Error";
  } catch (const Error& e) {
    const string message = e.what();
    EXPECT_NE(message.find("n = 3"), string::npos) << message;
    EXPECT_NE(message.find("batch_size (2)"), string::npos) << message;
  }
}

TYPED_TEST(MemoryDataLayerTest, ForwardBeforeReset) {
  typedef typename TypeParam::Dtype Dtype;
  ExpectLayerError<Dtype>(this->param_, {}, this->top_, {"Reset"});
}

TYPED_TEST(MemoryDataLayerTest, ZeroShape) {
  typedef typename TypeParam::Dtype Dtype;
  this->param_.mutable_memory_data_param()->set_height(0);
  ExpectLayerError<Dtype>(this->param_, {}, this->top_,
                          {"memory_data_param", "2, 3, 0, 1"});
}

}  // namespace caffe

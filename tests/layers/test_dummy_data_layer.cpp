#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "caffe/blob.hpp"
#include "caffe/layers/dummy_data_layer.hpp"
#include "support/error_message.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {

namespace {

void AddShape(DummyDataParameter* param, const vector<int>& dims) {
  BlobShape* shape = param->add_shape();
  for (int dim : dims) shape->add_dim(dim);
}

void AddFiller(DummyDataParameter* param, const string& type,
               float value = 0) {
  FillerParameter* filler = param->add_data_filler();
  filler->set_type(type);
  filler->set_value(value);
}

}  // namespace

template <typename TypeParam>
class DummyDataLayerTest : public MultiDeviceTest<TypeParam> {
  typedef typename TypeParam::Dtype Dtype;

 protected:
  DummyDataLayerTest() {
    for (int i = 0; i < 3; ++i) {
      tops_.emplace_back(new Blob<Dtype>());
      blob_top_vec_.push_back(tops_.back().get());
    }
  }

  // Whether every value of blob equals value.
  static bool AllEqual(const Blob<Dtype>& blob, Dtype value) {
    for (int i = 0; i < blob.count(); ++i) {
      if (blob.cpu_data()[i] != value) return false;
    }
    return true;
  }

  string SetUpError(const LayerParameter& param) {
    DummyDataLayer<Dtype> layer(param);
    return ErrorMessage([&] { layer.SetUp(blob_bottom_vec_, blob_top_vec_); });
  }

  vector<std::unique_ptr<Blob<Dtype> > > tops_;
  vector<Blob<Dtype>*> blob_bottom_vec_;
  vector<Blob<Dtype>*> blob_top_vec_;
};

TYPED_TEST_SUITE(DummyDataLayerTest, TestDtypesAndDevices);

TYPED_TEST(DummyDataLayerTest, TestRegistered) {
  typedef typename TypeParam::Dtype Dtype;
  LayerParameter param;
  param.set_type("DummyData");
  EXPECT_STREQ("DummyData", LayerRegistry<Dtype>::CreateLayer(param)->type());
}

TYPED_TEST(DummyDataLayerTest, TestLegacyDimsOnceGiveZeros) {
  typedef typename TypeParam::Dtype Dtype;
  LayerParameter param;
  DummyDataParameter* dummy = param.mutable_dummy_data_param();
  dummy->add_num(5);
  dummy->add_channels(3);
  dummy->add_height(2);
  dummy->add_width(4);
  DummyDataLayer<Dtype> layer(param);
  layer.SetUp(this->blob_bottom_vec_, this->blob_top_vec_);
  for (Blob<Dtype>* top : this->blob_top_vec_) {
    EXPECT_EQ(vector<int>({5, 3, 2, 4}), top->shape());
    EXPECT_TRUE(this->AllEqual(*top, 0));
  }
  layer.Forward(this->blob_bottom_vec_, this->blob_top_vec_);
  for (Blob<Dtype>* top : this->blob_top_vec_) {
    EXPECT_TRUE(this->AllEqual(*top, 0));
  }
  EXPECT_STREQ("DummyData", layer.type());
}

TYPED_TEST(DummyDataLayerTest, TestShapesPerTop) {
  typedef typename TypeParam::Dtype Dtype;
  LayerParameter param;
  DummyDataParameter* dummy = param.mutable_dummy_data_param();
  AddShape(dummy, {2, 3});
  AddShape(dummy, {4});
  AddShape(dummy, {1, 2, 3, 4, 5});
  DummyDataLayer<Dtype> layer(param);
  layer.SetUp(this->blob_bottom_vec_, this->blob_top_vec_);
  EXPECT_EQ(vector<int>({2, 3}), this->tops_[0]->shape());
  EXPECT_EQ(vector<int>({4}), this->tops_[1]->shape());
  EXPECT_EQ(vector<int>({1, 2, 3, 4, 5}), this->tops_[2]->shape());
}

TYPED_TEST(DummyDataLayerTest, TestLegacyDimsPerTop) {
  typedef typename TypeParam::Dtype Dtype;
  LayerParameter param;
  DummyDataParameter* dummy = param.mutable_dummy_data_param();
  for (int i = 1; i <= 3; ++i) dummy->add_num(i);
  dummy->add_channels(2);
  dummy->add_height(1);
  for (int i = 1; i <= 3; ++i) dummy->add_width(10 * i);
  DummyDataLayer<Dtype> layer(param);
  layer.SetUp(this->blob_bottom_vec_, this->blob_top_vec_);
  EXPECT_EQ(vector<int>({1, 2, 1, 10}), this->tops_[0]->shape());
  EXPECT_EQ(vector<int>({2, 2, 1, 20}), this->tops_[1]->shape());
  EXPECT_EQ(vector<int>({3, 2, 1, 30}), this->tops_[2]->shape());
}

TYPED_TEST(DummyDataLayerTest, TestConstantFilledOnce) {
  typedef typename TypeParam::Dtype Dtype;
  LayerParameter param;
  DummyDataParameter* dummy = param.mutable_dummy_data_param();
  AddShape(dummy, {2, 3, 4});
  AddFiller(dummy, "constant", 7);
  DummyDataLayer<Dtype> layer(param);
  layer.SetUp(this->blob_bottom_vec_, this->blob_top_vec_);
  for (Blob<Dtype>* top : this->blob_top_vec_) {
    EXPECT_TRUE(this->AllEqual(*top, 7));
  }
  // Forward does not refill constant tops: a value written in between stays.
  this->tops_[1]->mutable_cpu_data()[5] = -1;
  layer.Forward(this->blob_bottom_vec_, this->blob_top_vec_);
  EXPECT_EQ(Dtype(-1), this->tops_[1]->cpu_data()[5]);
  EXPECT_TRUE(this->AllEqual(*this->tops_[0], 7));
}

TYPED_TEST(DummyDataLayerTest, TestMixedFillers) {
  typedef typename TypeParam::Dtype Dtype;
  LayerParameter param;
  DummyDataParameter* dummy = param.mutable_dummy_data_param();
  AddShape(dummy, {10, 20});
  AddFiller(dummy, "constant", 1);
  AddFiller(dummy, "uniform");
  AddFiller(dummy, "constant", 2);
  DummyDataLayer<Dtype> layer(param);
  layer.SetUp(this->blob_bottom_vec_, this->blob_top_vec_);
  EXPECT_TRUE(this->AllEqual(*this->tops_[0], 1));
  EXPECT_TRUE(this->AllEqual(*this->tops_[2], 2));

  layer.Forward(this->blob_bottom_vec_, this->blob_top_vec_);
  const Blob<Dtype>& random = *this->tops_[1];
  const vector<Dtype> first(random.cpu_data(),
                            random.cpu_data() + random.count());
  double sum = 0;
  for (Dtype value : first) {
    EXPECT_GE(value, 0);
    EXPECT_LE(value, 1);
    sum += value;
  }
  EXPECT_NEAR(0.5, sum / first.size(), 0.1);

  // Each Forward draws new values for the random top only.
  layer.Forward(this->blob_bottom_vec_, this->blob_top_vec_);
  int unchanged = 0;
  for (int i = 0; i < random.count(); ++i) {
    unchanged += random.cpu_data()[i] == first[i];
  }
  EXPECT_LT(unchanged, 5);
  EXPECT_TRUE(this->AllEqual(*this->tops_[0], 1));
  EXPECT_TRUE(this->AllEqual(*this->tops_[2], 2));
}

TYPED_TEST(DummyDataLayerTest, TestOneRandomFillerForAllTops) {
  typedef typename TypeParam::Dtype Dtype;
  LayerParameter param;
  DummyDataParameter* dummy = param.mutable_dummy_data_param();
  AddShape(dummy, {100});
  FillerParameter* filler = dummy->add_data_filler();
  filler->set_type("gaussian");
  filler->set_mean(5);
  filler->set_std(0.5);
  DummyDataLayer<Dtype> layer(param);
  layer.SetUp(this->blob_bottom_vec_, this->blob_top_vec_);
  layer.Forward(this->blob_bottom_vec_, this->blob_top_vec_);
  for (Blob<Dtype>* top : this->blob_top_vec_) {
    EXPECT_NEAR(5, top->asum_data() / top->count(), 0.25);
  }
  // Backward is a no-op (there are no bottoms).
  layer.Backward(this->blob_top_vec_, {}, this->blob_bottom_vec_);
}

TYPED_TEST(DummyDataLayerTest, TestFillerCount) {
  LayerParameter param;
  DummyDataParameter* dummy = param.mutable_dummy_data_param();
  AddShape(dummy, {2});
  AddFiller(dummy, "constant");
  AddFiller(dummy, "constant");
  const string message = this->SetUpError(param);
  EXPECT_NE(string::npos, message.find("2 data_filler values for 3 tops"))
      << message;
}

TYPED_TEST(DummyDataLayerTest, TestShapeAndLegacyDims) {
  LayerParameter param;
  DummyDataParameter* dummy = param.mutable_dummy_data_param();
  AddShape(dummy, {2});
  dummy->add_num(2);
  const string message = this->SetUpError(param);
  EXPECT_NE(string::npos, message.find("not both")) << message;
}

TYPED_TEST(DummyDataLayerTest, TestLegacyDimCount) {
  LayerParameter param;
  DummyDataParameter* dummy = param.mutable_dummy_data_param();
  dummy->add_num(2);
  dummy->add_channels(2);
  dummy->add_channels(3);
  dummy->add_height(1);
  dummy->add_width(1);
  const string message = this->SetUpError(param);
  EXPECT_NE(string::npos, message.find("channels")) << message;
  EXPECT_NE(string::npos, message.find("given 2 times")) << message;
}

TYPED_TEST(DummyDataLayerTest, TestShapeCount) {
  LayerParameter param;
  DummyDataParameter* dummy = param.mutable_dummy_data_param();
  AddShape(dummy, {2});
  AddShape(dummy, {3});
  const string message = this->SetUpError(param);
  EXPECT_NE(string::npos, message.find("shape")) << message;
  EXPECT_NE(string::npos, message.find("(3 tops)")) << message;
  // No shape at all.
  LayerParameter empty;
  empty.mutable_dummy_data_param();
  EXPECT_NE(string::npos, this->SetUpError(empty).find("given 0 times"));
}

TYPED_TEST(DummyDataLayerTest, TestUnknownFiller) {
  LayerParameter param;
  DummyDataParameter* dummy = param.mutable_dummy_data_param();
  AddShape(dummy, {2});
  AddFiller(dummy, "sparkly");
  const string message = this->SetUpError(param);
  EXPECT_NE(string::npos, message.find("sparkly")) << message;
}

TYPED_TEST(DummyDataLayerTest, TestBottomsRejected) {
  typedef typename TypeParam::Dtype Dtype;
  LayerParameter param;
  AddShape(param.mutable_dummy_data_param(), {2});
  DummyDataLayer<Dtype> layer(param);
  Blob<Dtype> bottom(vector<int>{2});
  vector<Blob<Dtype>*> bottoms = {&bottom};
  EXPECT_THROW(layer.SetUp(bottoms, this->blob_top_vec_), Error);
}

}  // namespace caffe

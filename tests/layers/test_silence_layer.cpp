#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "caffe/blob.hpp"
#include "caffe/filler.hpp"
#include "caffe/layers/silence_layer.hpp"
#include "support/gradient_checker.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {

template <typename TypeParam>
class SilenceLayerTest : public MultiDeviceTest<TypeParam> {
  typedef typename TypeParam::Dtype Dtype;

 protected:
  SilenceLayerTest()
      : blob_bottom_0_(new Blob<Dtype>(2, 3, 4, 5)),
        blob_bottom_1_(new Blob<Dtype>(vector<int>{7})) {
    Caffe::set_random_seed(1701);
    FillerParameter filler_param;
    GaussianFiller<Dtype> filler(filler_param);
    filler.Fill(blob_bottom_0_.get());
    filler.Fill(blob_bottom_1_.get());
    blob_bottom_vec_ = {blob_bottom_0_.get(), blob_bottom_1_.get()};
  }

  std::unique_ptr<Blob<Dtype> > blob_bottom_0_;
  std::unique_ptr<Blob<Dtype> > blob_bottom_1_;
  vector<Blob<Dtype>*> blob_bottom_vec_;
  vector<Blob<Dtype>*> blob_top_vec_;
};

TYPED_TEST_SUITE(SilenceLayerTest, TestDtypesAndDevices);

TYPED_TEST(SilenceLayerTest, TestRegistered) {
  typedef typename TypeParam::Dtype Dtype;
  LayerParameter param;
  param.set_type("Silence");
  EXPECT_STREQ("Silence", LayerRegistry<Dtype>::CreateLayer(param)->type());
}

TYPED_TEST(SilenceLayerTest, TestForwardLeavesBottoms) {
  typedef typename TypeParam::Dtype Dtype;
  LayerParameter param;
  SilenceLayer<Dtype> layer(param);
  const vector<Dtype> before(this->blob_bottom_0_->cpu_data(),
                             this->blob_bottom_0_->cpu_data() + 120);
  layer.SetUp(this->blob_bottom_vec_, this->blob_top_vec_);
  EXPECT_EQ(Dtype(0), layer.Forward(this->blob_bottom_vec_,
                                    this->blob_top_vec_));
  for (int i = 0; i < 120; ++i) {
    EXPECT_EQ(before[i], this->blob_bottom_0_->cpu_data()[i]);
  }
  EXPECT_STREQ("Silence", layer.type());
}

TYPED_TEST(SilenceLayerTest, TestBackwardZeroesPropagatedDiffs) {
  typedef typename TypeParam::Dtype Dtype;
  LayerParameter param;
  SilenceLayer<Dtype> layer(param);
  layer.SetUp(this->blob_bottom_vec_, this->blob_top_vec_);
  for (Blob<Dtype>* blob : this->blob_bottom_vec_) {
    caffe_set(blob->count(), Dtype(7), blob->mutable_cpu_diff());
  }
  layer.Backward(this->blob_top_vec_, {true, false}, this->blob_bottom_vec_);
  EXPECT_EQ(Dtype(0), this->blob_bottom_0_->asum_diff());
  EXPECT_EQ(Dtype(7 * 7), this->blob_bottom_1_->asum_diff());
}

TYPED_TEST(SilenceLayerTest, TestGradient) {
  typedef typename TypeParam::Dtype Dtype;
  LayerParameter param;
  SilenceLayer<Dtype> layer(param);
  GradientChecker<Dtype> checker(1e-2, 1e-3);
  checker.CheckGradient(&layer, this->blob_bottom_vec_, this->blob_top_vec_);
}

TYPED_TEST(SilenceLayerTest, TestBlobCounts) {
  typedef typename TypeParam::Dtype Dtype;
  LayerParameter param;
  SilenceLayer<Dtype> layer(param);
  Blob<Dtype> top;
  vector<Blob<Dtype>*> one_top = {&top};
  EXPECT_THROW(layer.SetUp(this->blob_bottom_vec_, one_top), Error);
  vector<Blob<Dtype>*> no_bottoms;
  EXPECT_THROW(layer.SetUp(no_bottoms, this->blob_top_vec_), Error);
}

}  // namespace caffe

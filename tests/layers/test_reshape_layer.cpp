#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "caffe/blob.hpp"
#include "caffe/filler.hpp"
#include "caffe/layers/reshape_layer.hpp"
#include "support/error_message.hpp"
#include "support/filled_bottom_test.hpp"
#include "support/gradient_checker.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {

namespace {

// A LayerParameter whose reshape_param has the given shape, axis and
// num_axes.
LayerParameter ReshapeParam(const vector<int>& dims, int axis = 0,
                            int num_axes = -1) {
  LayerParameter param;
  ReshapeParameter* reshape_param = param.mutable_reshape_param();
  for (int dim : dims) reshape_param->mutable_shape()->add_dim(dim);
  reshape_param->set_axis(axis);
  reshape_param->set_num_axes(num_axes);
  return param;
}

}  // namespace

template <typename TypeParam>
class ReshapeLayerTest : public FilledBottomTest<TypeParam> {
  typedef typename TypeParam::Dtype Dtype;

 protected:
  ReshapeLayerTest() : FilledBottomTest<TypeParam>({2, 3, 6, 5}) {}

  vector<int> TopShape(const LayerParameter& param) {
    ReshapeLayer<Dtype> layer(param);
    layer.SetUp(this->blob_bottom_vec_, this->blob_top_vec_);
    return this->blob_top_->shape();
  }

  string SetUpError(const LayerParameter& param) {
    ReshapeLayer<Dtype> layer(param);
    return ErrorMessage(
        [&] { layer.SetUp(this->blob_bottom_vec_, this->blob_top_vec_); });
  }
};

TYPED_TEST_SUITE(ReshapeLayerTest, TestDtypesAndDevices);

TYPED_TEST(ReshapeLayerTest, TestRegistered) {
  typedef typename TypeParam::Dtype Dtype;
  LayerParameter param;
  param.set_type("Reshape");
  EXPECT_STREQ("Reshape", LayerRegistry<Dtype>::CreateLayer(param)->type());
}

TYPED_TEST(ReshapeLayerTest, TestExplicitShape) {
  EXPECT_EQ(vector<int>({6, 30}), this->TopShape(ReshapeParam({6, 30})));
  EXPECT_EQ(vector<int>({180}), this->TopShape(ReshapeParam({180})));
}

TYPED_TEST(ReshapeLayerTest, TestCopyAndInfer) {
  EXPECT_EQ(vector<int>({2, 90, 1, 1}),
            this->TopShape(ReshapeParam({0, -1, 1, 1})));
  EXPECT_EQ(vector<int>({2, 3, 10, 3}),
            this->TopShape(ReshapeParam({0, 3, 10, -1})));
  EXPECT_EQ(vector<int>({2, 3, 6, 5}),
            this->TopShape(ReshapeParam({0, 0, 0, 0})));
  EXPECT_EQ(vector<int>({2, 3, 30}), this->TopShape(ReshapeParam({0, 0, -1})));
}

TYPED_TEST(ReshapeLayerTest, TestAxisAndNumAxes) {
  // Only the axes from 1 on are replaced.
  EXPECT_EQ(vector<int>({2, 3, 10, 3}),
            this->TopShape(ReshapeParam({3, 10, -1}, 1)));
  // Flatten the middle two axes.
  EXPECT_EQ(vector<int>({2, 18, 5}), this->TopShape(ReshapeParam({-1}, 1, 2)));
  // Insert singleton axes at the start, the middle and the end.
  EXPECT_EQ(vector<int>({1, 1, 2, 3, 6, 5}),
            this->TopShape(ReshapeParam({1, 1}, 0, 0)));
  EXPECT_EQ(vector<int>({2, 3, 1, 6, 5}),
            this->TopShape(ReshapeParam({1}, 2, 0)));
  EXPECT_EQ(vector<int>({2, 3, 6, 5, 1}),
            this->TopShape(ReshapeParam({1}, -1, 0)));
  // Copy relative to axis.
  EXPECT_EQ(vector<int>({2, 3, 5, 6}),
            this->TopShape(ReshapeParam({0, 5, -1}, 1)));
}

TYPED_TEST(ReshapeLayerTest, TestSharesDataAndDiff) {
  typedef typename TypeParam::Dtype Dtype;
  ReshapeLayer<Dtype> layer(ReshapeParam({6, -1}));
  layer.SetUp(this->blob_bottom_vec_, this->blob_top_vec_);
  layer.Forward(this->blob_bottom_vec_, this->blob_top_vec_);
  const Dtype* bottom_data = this->blob_bottom_->cpu_data();
  for (int i = 0; i < this->blob_bottom_->count(); ++i) {
    EXPECT_EQ(bottom_data[i], this->blob_top_->cpu_data()[i]);
  }
  // Row-major order is kept: element (n, c, h, w) is top (n * 3 + c, h * 5 + w).
  EXPECT_EQ(this->blob_bottom_->data_at(1, 2, 4, 3),
            this->blob_top_->data_at({5, 23}));
  EXPECT_EQ(this->blob_bottom_->cpu_data(), this->blob_top_->cpu_data());
  EXPECT_EQ(this->blob_bottom_->cpu_diff(), this->blob_top_->cpu_diff());
}

TYPED_TEST(ReshapeLayerTest, TestForwardAfterBottomReshape) {
  typedef typename TypeParam::Dtype Dtype;
  ReshapeLayer<Dtype> layer(ReshapeParam({0, -1}));
  layer.SetUp(this->blob_bottom_vec_, this->blob_top_vec_);
  this->blob_bottom_->Reshape(vector<int>{4, 2, 3});
  FillerParameter filler_param;
  GaussianFiller<Dtype> filler(filler_param);
  filler.Fill(this->blob_bottom_.get());
  layer.Forward(this->blob_bottom_vec_, this->blob_top_vec_);
  EXPECT_EQ(vector<int>({4, 6}), this->blob_top_->shape());
  for (int i = 0; i < 24; ++i) {
    EXPECT_EQ(this->blob_bottom_->cpu_data()[i],
              this->blob_top_->cpu_data()[i]);
  }
}

TYPED_TEST(ReshapeLayerTest, TestGradient) {
  typedef typename TypeParam::Dtype Dtype;
  ReshapeLayer<Dtype> layer(ReshapeParam({6, 5, -1}));
  GradientChecker<Dtype> checker(1e-2, 1e-3);
  checker.CheckGradientEltwise(&layer, this->blob_bottom_vec_,
                               this->blob_top_vec_);
}

TYPED_TEST(ReshapeLayerTest, TestTwoInferredDims) {
  const string message = this->SetUpError(ReshapeParam({-1, 6, -1}));
  EXPECT_NE(string::npos, message.find("-1")) << message;
  EXPECT_NE(string::npos, message.find("at most one")) << message;
}

TYPED_TEST(ReshapeLayerTest, TestCountMismatch) {
  const string message = this->SetUpError(ReshapeParam({2, 3, 6, 6}));
  EXPECT_NE(string::npos, message.find("reshape to 2 3 6 6 (216) does not"))
      << message;
  EXPECT_NE(string::npos, message.find("2 3 6 5 (180)")) << message;
}

TYPED_TEST(ReshapeLayerTest, TestNotInferable) {
  const string message = this->SetUpError(ReshapeParam({7, -1}));
  EXPECT_NE(string::npos, message.find("180")) << message;
  EXPECT_NE(string::npos, message.find("multiple of 7")) << message;
  // The shape still holds the -1, so it is written without a count.
  EXPECT_NE(string::npos, message.find("other dimensions of 7 -1 ")) << message;
}

TYPED_TEST(ReshapeLayerTest, TestCopyWithoutBottomAxis) {
  const string message = this->SetUpError(ReshapeParam({1, 0}, -1, 0));
  EXPECT_NE(string::npos, message.find("no axis 5")) << message;
}

TYPED_TEST(ReshapeLayerTest, TestBadDims) {
  EXPECT_NE(string::npos,
            this->SetUpError(ReshapeParam({-2, -90})).find("dim 0 is -2"));
  EXPECT_NE(string::npos, this->SetUpError(ReshapeParam({100000, 100000}))
                             .find("more than INT_MAX"));
}

TYPED_TEST(ReshapeLayerTest, TestAxisOutOfRange) {
  EXPECT_NE(string::npos,
            this->SetUpError(ReshapeParam({1}, 5, 0)).find("axis 5"));
  EXPECT_NE(string::npos,
            this->SetUpError(ReshapeParam({1}, -6, 0)).find("axis -6"));
  EXPECT_NE(string::npos,
            this->SetUpError(ReshapeParam({-1}, 2, 3)).find("num_axes 3"));
  EXPECT_NE(string::npos,
            this->SetUpError(ReshapeParam({-1}, 0, -2)).find("num_axes is -2"));
}

TYPED_TEST(ReshapeLayerTest, TestInPlaceRejected) {
  typedef typename TypeParam::Dtype Dtype;
  ReshapeLayer<Dtype> layer(ReshapeParam({-1}));
  EXPECT_THROW(layer.SetUp(this->blob_bottom_vec_, this->blob_bottom_vec_),
               Error);
}

}  // namespace caffe

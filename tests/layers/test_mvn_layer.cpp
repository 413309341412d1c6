#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "caffe/blob.hpp"
#include "caffe/filler.hpp"
#include "caffe/layers/mvn_layer.hpp"
#include "layers/layer_error_util.hpp"
#include "support/filled_bottom_test.hpp"
#include "support/gradient_checker.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {

template <typename TypeParam>
class MVNLayerTest : public LayerParamTest<TypeParam> {
  typedef typename TypeParam::Dtype Dtype;

 protected:
  MVNLayerTest() : LayerParamTest<TypeParam>("MVN", {2, 3, 4, 5}, 2, 3) {}

  // Runs the layer and compares with a naive per-row normalisation.
  void CheckForward(const bool normalize_variance, const bool across) {
    MVNParameter* mvn = this->param_.mutable_mvn_param();
    mvn->set_normalize_variance(normalize_variance);
    mvn->set_across_channels(across);
    mvn->set_eps(1e-3);
    MVNLayer<Dtype> layer(this->param_);
    layer.SetUp(this->bottom_vec_, this->top_vec_);
    layer.Forward(this->bottom_vec_, this->top_vec_);
    ASSERT_EQ(this->bottom_.shape(), this->top_.shape());
    const int rows = across ? 2 : 6;
    const int dim = 120 / rows;
    for (int r = 0; r < rows; ++r) {
      const Dtype* x = this->bottom_.cpu_data() + r * dim;
      double mean = 0, var = 0;
      for (int i = 0; i < dim; ++i) mean += x[i];
      mean /= dim;
      for (int i = 0; i < dim; ++i) var += (x[i] - mean) * (x[i] - mean);
      var /= dim;
      const double divisor = normalize_variance ? std::sqrt(var) + 1e-3 : 1.0;
      for (int i = 0; i < dim; ++i) {
        EXPECT_NEAR((x[i] - mean) / divisor, this->top_.cpu_data()[r * dim + i],
                    1e-4);
      }
    }
  }
};

TYPED_TEST_SUITE(MVNLayerTest, TestDtypesAndDevices);

TYPED_TEST(MVNLayerTest, Forward) { this->CheckForward(true, false); }
TYPED_TEST(MVNLayerTest, ForwardMeanOnly) { this->CheckForward(false, false); }
TYPED_TEST(MVNLayerTest, ForwardAcrossChannels) {
  this->CheckForward(true, true);
}

TYPED_TEST(MVNLayerTest, ForwardInPlaceHandNumbers) {
  typedef typename TypeParam::Dtype Dtype;
  this->bottom_.Reshape(vector<int>{1, 1, 4});
  const Dtype values[] = {1, 3, 5, 7};  // mean 4, std sqrt(5)
  caffe_copy(4, values, this->bottom_.mutable_cpu_data());
  this->param_.mutable_mvn_param()->set_eps(0);
  MVNLayer<Dtype> layer(this->param_);
  vector<Blob<Dtype>*> in_place{&this->bottom_};
  layer.SetUp(in_place, in_place);
  layer.Forward(in_place, in_place);
  for (int i = 0; i < 4; ++i) {
    EXPECT_NEAR((values[i] - 4) / std::sqrt(5.0), this->bottom_.cpu_data()[i],
                1e-6);
  }
}

TYPED_TEST(MVNLayerTest, Gradient) {
  typedef typename TypeParam::Dtype Dtype;
  this->bottom_.Reshape(vector<int>{2, 2, 2, 3});
  GaussianFiller<Dtype>(FillerParameter()).Fill(&this->bottom_);
  MVNLayer<Dtype> layer(this->param_);
  GradientChecker<Dtype> checker(1e-2, 2e-3);
  checker.CheckGradientExhaustive(&layer, this->bottom_vec_, this->top_vec_);
}

TYPED_TEST(MVNLayerTest, GradientMeanOnlyAcrossChannels) {
  typedef typename TypeParam::Dtype Dtype;
  this->bottom_.Reshape(vector<int>{2, 2, 2, 3});
  this->param_.mutable_mvn_param()->set_normalize_variance(false);
  this->param_.mutable_mvn_param()->set_across_channels(true);
  MVNLayer<Dtype> layer(this->param_);
  GradientChecker<Dtype> checker(1e-2, 1e-3);
  checker.CheckGradientExhaustive(&layer, this->bottom_vec_, this->top_vec_);
}

TYPED_TEST(MVNLayerTest, GradientAcrossChannels) {
  typedef typename TypeParam::Dtype Dtype;
  this->bottom_.Reshape(vector<int>{2, 2, 2, 3});
  GaussianFiller<Dtype>(FillerParameter()).Fill(&this->bottom_);
  this->param_.mutable_mvn_param()->set_across_channels(true);
  MVNLayer<Dtype> layer(this->param_);
  GradientChecker<Dtype> checker(1e-2, 2e-3);
  checker.CheckGradientExhaustive(&layer, this->bottom_vec_, this->top_vec_);
}

TYPED_TEST(MVNLayerTest, BadInput) {
  typedef typename TypeParam::Dtype Dtype;
  vector<Blob<Dtype>*> none;
  ExpectLayerError(this->param_, none, this->top_vec_,
                   {"takes 1 bottom", "given 0"});
  Blob<Dtype> scalar((vector<int>()));
  vector<Blob<Dtype>*> scalar_vec{&scalar};
  ExpectLayerError(this->param_, scalar_vec, this->top_vec_,
                   {"at least one axis", "(1)"});
}

}  // namespace caffe

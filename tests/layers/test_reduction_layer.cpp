#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "caffe/blob.hpp"
#include "caffe/filler.hpp"
#include "caffe/layers/reduction_layer.hpp"
#include "layers/layer_error_util.hpp"
#include "support/filled_bottom_test.hpp"
#include "support/gradient_checker.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {

template <typename TypeParam>
class ReductionLayerTest : public LayerParamTest<TypeParam> {
  typedef typename TypeParam::Dtype Dtype;

 protected:
  ReductionLayerTest() : LayerParamTest<TypeParam>("Reduction") {}

  // Runs the layer and compares each output with a naive reduction.
  void CheckForward(ReductionParameter_ReductionOp op, int axis, double coeff) {
    ReductionParameter* reduction = this->param_.mutable_reduction_param();
    reduction->set_operation(op);
    reduction->set_axis(axis);
    reduction->set_coeff(coeff);
    ReductionLayer<Dtype> layer(this->param_);
    layer.SetUp(this->bottom_vec_, this->top_vec_);
    layer.Forward(this->bottom_vec_, this->top_vec_);
    const int canonical = axis < 0 ? axis + 4 : axis;
    ASSERT_EQ(vector<int>(this->bottom_.shape().begin(),
                          this->bottom_.shape().begin() + canonical),
              this->top_.shape());
    const int num = this->bottom_.count(0, canonical);
    const int dim = this->bottom_.count(canonical);
    for (int o = 0; o < num; ++o) {
      double want = 0;
      for (int i = 0; i < dim; ++i) {
        const double x = this->bottom_.cpu_data()[o * dim + i];
        switch (op) {
          case ReductionParameter_ReductionOp_SUM:
            want += x;
            break;
          case ReductionParameter_ReductionOp_ASUM:
            want += std::fabs(x);
            break;
          case ReductionParameter_ReductionOp_SUMSQ:
            want += x * x;
            break;
          case ReductionParameter_ReductionOp_MEAN:
            want += x / dim;
            break;
        }
      }
      EXPECT_NEAR(coeff * want, this->top_.cpu_data()[o], 1e-4) << "at " << o;
    }
  }

  void CheckGradient(ReductionParameter_ReductionOp op, int axis,
                     double coeff) {
    this->bottom_.Reshape(vector<int>{2, 3, 2, 2});
    GaussianFiller<Dtype>(FillerParameter()).Fill(&this->bottom_);
    ReductionParameter* reduction = this->param_.mutable_reduction_param();
    reduction->set_operation(op);
    reduction->set_axis(axis);
    reduction->set_coeff(coeff);
    ReductionLayer<Dtype> layer(this->param_);
    // |x| has a kink at 0: skip inputs within a step of it.
    const Dtype kink_range =
        op == ReductionParameter_ReductionOp_ASUM ? 2e-2 : -1;
    GradientChecker<Dtype> checker(1e-2, 1e-3, 1701, 0, kink_range);
    checker.CheckGradientExhaustive(&layer, this->bottom_vec_, this->top_vec_);
  }
};

TYPED_TEST_SUITE(ReductionLayerTest, TestDtypesAndDevices);

TYPED_TEST(ReductionLayerTest, ForwardAllOperations) {
  this->CheckForward(ReductionParameter_ReductionOp_SUM, 0, 1);
  this->CheckForward(ReductionParameter_ReductionOp_SUM, 1, 2.5);
  this->CheckForward(ReductionParameter_ReductionOp_ASUM, -1, -1);
  this->CheckForward(ReductionParameter_ReductionOp_SUMSQ, 2, 0.5);
  this->CheckForward(ReductionParameter_ReductionOp_MEAN, 1, 3);
  this->CheckForward(ReductionParameter_ReductionOp_MEAN, 0, 1);
}

TYPED_TEST(ReductionLayerTest, ForwardHandNumbers) {
  this->bottom_.Reshape(vector<int>{2, 2});
  const double values[] = {1, -2, 3, 4};
  for (int i = 0; i < 4; ++i) this->bottom_.mutable_cpu_data()[i] = values[i];
  auto* reduction = this->param_.mutable_reduction_param();
  reduction->set_axis(1);
  reduction->set_operation(ReductionParameter_ReductionOp_ASUM);
  typedef typename TypeParam::Dtype Dtype;
  ReductionLayer<Dtype> layer(this->param_);
  layer.SetUp(this->bottom_vec_, this->top_vec_);
  layer.Forward(this->bottom_vec_, this->top_vec_);
  EXPECT_EQ(3, this->top_.cpu_data()[0]);
  EXPECT_EQ(7, this->top_.cpu_data()[1]);
}

TYPED_TEST(ReductionLayerTest, GradientSum) {
  this->CheckGradient(ReductionParameter_ReductionOp_SUM, 0, 1);
  this->CheckGradient(ReductionParameter_ReductionOp_SUM, 2, 2);
}

TYPED_TEST(ReductionLayerTest, GradientAsum) {
  this->CheckGradient(ReductionParameter_ReductionOp_ASUM, 1, -0.5);
}

TYPED_TEST(ReductionLayerTest, GradientSumsq) {
  this->CheckGradient(ReductionParameter_ReductionOp_SUMSQ, -2, 1.5);
}

TYPED_TEST(ReductionLayerTest, GradientMean) {
  this->CheckGradient(ReductionParameter_ReductionOp_MEAN, 1, 2);
}

TYPED_TEST(ReductionLayerTest, BadInput) {
  typedef typename TypeParam::Dtype Dtype;
  vector<Blob<Dtype>*> two{&this->bottom_, &this->bottom_};
  ExpectLayerError(this->param_, two, this->top_vec_,
                   {"takes 1 bottom", "given 2"});
  this->param_.mutable_reduction_param()->set_axis(4);
  ExpectLayerError(this->param_, this->bottom_vec_, this->top_vec_,
                   {"axis 4 out of range", "2 3 4 5"});
}

}  // namespace caffe

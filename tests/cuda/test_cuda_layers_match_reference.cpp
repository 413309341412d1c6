#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/layer_variant_check.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {

// Every layer with CUDA code, on the GPU against the reference CPU layer.
template <typename Dtype>
class CudaLayersMatchReferenceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!GpuAvailable()) GTEST_SKIP() << "no GPU in this build or on this machine";
  }

  // Transcendental functions and summation order differ between the
  // devices by a few units in the last place.
  static LayerVariant Gpu(double float_tolerance, double double_tolerance) {
    LayerVariant variant;
    variant.device = Caffe::GPU;
    variant.tolerance =
        sizeof(Dtype) == sizeof(float) ? float_tolerance : double_tolerance;
    return variant;
  }

  static LayerParameter Param(const string& type) {
    LayerParameter param;
    param.set_name(type);
    param.set_type(type);
    return param;
  }
};

TYPED_TEST_SUITE(CudaLayersMatchReferenceTest, TestDtypes);

TYPED_TEST(CudaLayersMatchReferenceTest, ReLU) {
  LayerParameter param = this->Param("ReLU");
  CheckVariantMatchesReference<TypeParam>(param, {{2, 3, 4, 5}},
                                          this->Gpu(0, 0));
  param.mutable_relu_param()->set_negative_slope(0.25f);
  LayerVariant in_place = this->Gpu(0, 0);
  in_place.in_place = true;
  CheckVariantMatchesReference<TypeParam>(param, {{2, 3, 4, 5}}, in_place);
}

TYPED_TEST(CudaLayersMatchReferenceTest, Sigmoid) {
  CheckVariantMatchesReference<TypeParam>(this->Param("Sigmoid"),
                                          {{2, 3, 4, 5}},
                                          this->Gpu(1e-6, 1e-14));
}

TYPED_TEST(CudaLayersMatchReferenceTest, TanH) {
  CheckVariantMatchesReference<TypeParam>(this->Param("TanH"), {{2, 3, 4, 5}},
                                          this->Gpu(1e-6, 1e-14));
}

TYPED_TEST(CudaLayersMatchReferenceTest, InnerProduct) {
  LayerParameter param = this->Param("InnerProduct");
  InnerProductParameter* inner = param.mutable_inner_product_param();
  inner->set_num_output(7);
  inner->mutable_weight_filler()->set_type("gaussian");
  inner->mutable_bias_filler()->set_type("gaussian");
  CheckVariantMatchesReference<TypeParam>(param, {{3, 4, 5, 6}},
                                          this->Gpu(1e-5, 1e-13));
  inner->set_transpose(true);
  inner->set_bias_term(false);
  CheckVariantMatchesReference<TypeParam>(param, {{3, 4, 5, 6}},
                                          this->Gpu(1e-5, 1e-13));
}

}  // namespace caffe

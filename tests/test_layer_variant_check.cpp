#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

#include <vector>

#include "caffe/layers/inner_product_layer.hpp"
#include "caffe/layers/relu_layer.hpp"
#include "support/layer_variant_check.hpp"

namespace caffe {

namespace {

// Variants that are off by 1e-3 in one value of what they compute.
template <typename Dtype>
class SkewedReLULayer : public ReLULayer<Dtype> {
 public:
  explicit SkewedReLULayer(const LayerParameter& param)
      : ReLULayer<Dtype>(param) {}

 protected:
  void Forward_cpu(const vector<Blob<Dtype>*>& bottom,
                   const vector<Blob<Dtype>*>& top) override {
    ReLULayer<Dtype>::Forward_cpu(bottom, top);
    top[0]->mutable_cpu_data()[0] += Dtype(1e-3);
  }
  void Backward_cpu(const vector<Blob<Dtype>*>& top,
                    const vector<bool>& propagate_down,
                    const vector<Blob<Dtype>*>& bottom) override {
    ReLULayer<Dtype>::Backward_cpu(top, propagate_down, bottom);
    bottom[0]->mutable_cpu_diff()[1] += Dtype(1e-3);
  }
};

template <typename Dtype>
class SkewedInnerProductLayer : public InnerProductLayer<Dtype> {
 public:
  explicit SkewedInnerProductLayer(const LayerParameter& param)
      : InnerProductLayer<Dtype>(param) {}

 protected:
  void Backward_cpu(const vector<Blob<Dtype>*>& top,
                    const vector<bool>& propagate_down,
                    const vector<Blob<Dtype>*>& bottom) override {
    InnerProductLayer<Dtype>::Backward_cpu(top, propagate_down, bottom);
    this->blobs_[0]->mutable_cpu_diff()[2] += Dtype(1e-3);
  }
};

template <typename LayerClass>
shared_ptr<Layer<float> > Create(const LayerParameter& param) {
  return shared_ptr<Layer<float> >(new LayerClass(param));
}

const char kSkewed[] = "SKEWED_FOR_TEST";

// Registers the skewed variants once, below the reference's priority so
// that they are never chosen unasked.
LayerVariant Skewed(double tolerance) {
  static const bool registered = [] {
    LayerRegistry<float>::AddVariant(
        "ReLU", {kSkewed, -1, &Create<SkewedReLULayer<float> >, nullptr});
    LayerRegistry<float>::AddVariant(
        "InnerProduct",
        {kSkewed, -1, &Create<SkewedInnerProductLayer<float> >, nullptr});
    return true;
  }();
  EXPECT_TRUE(registered);
  LayerVariant variant;
  variant.engine = kSkewed;
  variant.tolerance = tolerance;
  return variant;
}

LayerParameter Param(const string& type) {
  LayerParameter param;
  param.set_name(type);
  param.set_type(type);
  param.mutable_inner_product_param()->set_num_output(2);
  param.mutable_inner_product_param()->mutable_weight_filler()->set_type(
      "gaussian");
  return param;
}

// The failures the check reports, caught instead of failing this test.
vector<string> FailuresOf(const LayerParameter& param,
                          const LayerVariant& variant) {
  testing::TestPartResultArray results;
  {
    testing::ScopedFakeTestPartResultReporter reporter(
        testing::ScopedFakeTestPartResultReporter::INTERCEPT_ONLY_CURRENT_THREAD,
        &results);
    CheckVariantMatchesReference<float>(param, {{2, 3}}, variant);
  }
  vector<string> messages;
  for (int i = 0; i < results.size(); ++i) {
    messages.push_back(results.GetTestPartResult(i).message());
  }
  return messages;
}

}  // namespace

TEST(LayerVariantCheckTest, ReportsTopsAndBottomDiffsThatDiffer) {
  const vector<string> failures = FailuresOf(Param("ReLU"), Skewed(0));
  ASSERT_EQ(failures.size(), 2u);
  EXPECT_NE(failures[0].find("ReLU on engine SKEWED_FOR_TEST (CPU): top 0 [0]"),
            string::npos)
      << failures[0];
  EXPECT_NE(failures[1].find("bottom diff 0 [1]"), string::npos)
      << failures[1];
}

TEST(LayerVariantCheckTest, ReportsParameterDiffsThatDiffer) {
  const vector<string> failures = FailuresOf(Param("InnerProduct"), Skewed(0));
  ASSERT_EQ(failures.size(), 1u);
  EXPECT_NE(failures[0].find("parameter diff 0 [2]"), string::npos)
      << failures[0];
  // The reference against itself agrees exactly.
  EXPECT_TRUE(FailuresOf(Param("InnerProduct"), LayerVariant()).empty());
}

TEST(LayerVariantCheckTest, AcceptsDifferencesWithinTheTolerance) {
  EXPECT_TRUE(FailuresOf(Param("ReLU"), Skewed(2e-3)).empty());
  EXPECT_TRUE(FailuresOf(Param("InnerProduct"), Skewed(2e-3)).empty());
}

}  // namespace caffe

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "caffe/blob.hpp"
#include "caffe/filler.hpp"
#include "caffe/layers/lstm_unit_layer.hpp"
#include "layers/layer_error_util.hpp"
#include "layers/recurrent_test_util.hpp"
#include "support/gradient_checker.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {

template <typename TypeParam>
class LSTMUnitLayerTest : public MultiDeviceTest<TypeParam> {
  typedef typename TypeParam::Dtype Dtype;

 protected:
  static const int kNum = 3;
  static const int kHidden = 4;

  void SetUp() override {
    MultiDeviceTest<TypeParam>::SetUp();
    if (this->IsSkipped()) return;
    c_prev_.Reshape(vector<int>{1, kNum, kHidden});
    X_.Reshape(vector<int>{1, kNum, 4 * kHidden});
    cont_.Reshape(vector<int>{1, kNum});
    FillerParameter filler_param;
    filler_param.set_std(0.8);
    GaussianFiller<Dtype> filler(filler_param);
    filler.Fill(&c_prev_);
    filler.Fill(&X_);
    // The middle stream starts a new sequence.
    const Dtype cont[kNum] = {1, 0, 1};
    caffe_copy(kNum, cont, cont_.mutable_cpu_data());
    bottom_vec_ = {&c_prev_, &X_, &cont_};
    top_vec_ = {&c_, &h_};
    param_.set_type("LSTMUnit");
  }

  Blob<Dtype> c_prev_, X_, cont_, c_, h_;
  vector<Blob<Dtype>*> bottom_vec_, top_vec_;
  LayerParameter param_;
};

TYPED_TEST_SUITE(LSTMUnitLayerTest, TestDtypesAndDevices);

TYPED_TEST(LSTMUnitLayerTest, Forward) {
  typedef typename TypeParam::Dtype Dtype;
  LSTMUnitLayer<Dtype> layer(this->param_);
  layer.SetUp(this->bottom_vec_, this->top_vec_);
  EXPECT_EQ(this->c_prev_.shape(), this->c_.shape());
  EXPECT_EQ(this->c_prev_.shape(), this->h_.shape());
  layer.Forward(this->bottom_vec_, this->top_vec_);
  Values c, h;
  RefLSTMStep(this->kNum, this->kHidden, ToValues(this->c_prev_),
              ToValues(this->X_), ToValues(this->cont_), &c, &h);
  for (int k = 0; k < this->c_.count(); ++k) {
    EXPECT_NEAR(c[k], this->c_.cpu_data()[k], 1e-5) << k;
    EXPECT_NEAR(h[k], this->h_.cpu_data()[k], 1e-5) << k;
  }
  // cont = 0 drops c_prev: stream 1's c is i * g alone.
  const int H = this->kHidden;
  const Dtype* x = this->X_.cpu_data() + 4 * H;
  for (int d = 0; d < H; ++d) {
    EXPECT_NEAR(RefSigmoid(x[d]) * std::tanh(x[3 * H + d]),
                this->c_.cpu_data()[H + d], 1e-5);
  }
}

TYPED_TEST(LSTMUnitLayerTest, GradientCPrev) {
  typedef typename TypeParam::Dtype Dtype;
  LSTMUnitLayer<Dtype> layer(this->param_);
  GradientChecker<Dtype> checker(1e-2, 1e-3);
  checker.CheckGradientExhaustive(&layer, this->bottom_vec_, this->top_vec_, 0);
}

TYPED_TEST(LSTMUnitLayerTest, GradientX) {
  typedef typename TypeParam::Dtype Dtype;
  LSTMUnitLayer<Dtype> layer(this->param_);
  GradientChecker<Dtype> checker(1e-2, 1e-3);
  checker.CheckGradientExhaustive(&layer, this->bottom_vec_, this->top_vec_, 1);
}

TYPED_TEST(LSTMUnitLayerTest, NoGradientToCont) {
  typedef typename TypeParam::Dtype Dtype;
  LSTMUnitLayer<Dtype> layer(this->param_);
  EXPECT_FALSE(layer.AllowForceBackward(2));
  layer.SetUp(this->bottom_vec_, this->top_vec_);
  layer.Forward(this->bottom_vec_, this->top_vec_);
  try {
    layer.Backward(this->top_vec_, vector<bool>{true, true, true},
                   this->bottom_vec_);
    FAIL() << "expected caffe::Error";
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find("cont"), std::string::npos)
        << error.what();
  }
}

TYPED_TEST(LSTMUnitLayerTest, BadInputs) {
  typedef typename TypeParam::Dtype Dtype;
  ExpectLayerError<Dtype>(this->param_, {&this->c_prev_, &this->X_},
                          this->top_vec_, {"3 bottom", "given 2"});

  Blob<Dtype> narrow_X(vector<int>{1, 3, 15});
  ExpectLayerError<Dtype>(this->param_,
                          {&this->c_prev_, &narrow_X, &this->cont_},
                          this->top_vec_, {"X (bottom 1)", "1 3 16", "1 3 15"});

  Blob<Dtype> long_cont(vector<int>{1, 4});
  ExpectLayerError<Dtype>(this->param_,
                          {&this->c_prev_, &this->X_, &long_cont},
                          this->top_vec_, {"cont (bottom 2)", "1 3", "1 4"});

  Blob<Dtype> two_steps(vector<int>{2, 3, 4});
  ExpectLayerError<Dtype>(this->param_, {&two_steps, &this->X_, &this->cont_},
                          this->top_vec_, {"c_prev (bottom 0)", "2 3 4"});
}

}  // namespace caffe

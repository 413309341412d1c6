#include <gtest/gtest.h>

#include <vector>

#include "caffe/blob.hpp"
#include "caffe/filler.hpp"
#include "caffe/layers/prelu_layer.hpp"
#include "caffe/net.hpp"
#include "caffe/util/io.hpp"
#include "layers/neuron_test_util.hpp"
#include "support/gradient_checker.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {

template <typename TypeParam>
class PReLULayerTest : public NeuronLayerTest<TypeParam> {
  typedef typename TypeParam::Dtype Dtype;

 protected:
  static LayerParameter PReLUParam(const bool channel_shared) {
    LayerParameter param;
    param.set_type("PReLU");
    param.mutable_prelu_param()->set_channel_shared(channel_shared);
    return param;
  }

  // Slopes drawn from [-0.5, 1.5], so that some are negative or above 1.
  static LayerParameter RandomSlopesParam(const bool channel_shared) {
    LayerParameter param = PReLUParam(channel_shared);
    FillerParameter* filler = param.mutable_prelu_param()->mutable_filler();
    filler->set_type("uniform");
    filler->set_min(-0.5);
    filler->set_max(1.5);
    return param;
  }

  // Forward values against max(x, 0) + a_c * min(x, 0), c = axis 1.
  void CheckForward(const bool channel_shared) {
    PReLULayer<Dtype> layer(RandomSlopesParam(channel_shared));
    layer.SetUp(this->blob_bottom_vec_, this->blob_top_vec_);
    layer.Forward(this->blob_bottom_vec_, this->blob_top_vec_);
    const Blob<Dtype>& bottom = *this->blob_bottom_;
    const Dtype* slopes = layer.blobs()[0]->cpu_data();
    const int channels = bottom.shape(1);
    const int dim = bottom.count(2);
    for (int i = 0; i < bottom.count(); ++i) {
      const int c = (i / dim) % channels;
      const Dtype a = slopes[channel_shared ? 0 : c];
      const Dtype x = bottom.cpu_data()[i];
      EXPECT_EQ(x > 0 ? x : a * x, this->blob_top_->cpu_data()[i])
          << "at " << i;
    }
  }

  void CheckGradient(const bool channel_shared) {
    PReLULayer<Dtype> layer(RandomSlopesParam(channel_shared));
    // The kink at x = 0; skip inputs within 0.01 of it.
    GradientChecker<Dtype> checker(1e-2, 1e-3, 1701, 0., 0.01);
    checker.CheckGradient(&layer, this->blob_bottom_vec_, this->blob_top_vec_);
  }
};

TYPED_TEST_SUITE(PReLULayerTest, TestDtypesAndDevices);

TYPED_TEST(PReLULayerTest, TestDefaultSlopes) {
  typedef typename TypeParam::Dtype Dtype;
  PReLULayer<Dtype> layer(this->PReLUParam(false));
  layer.SetUp(this->blob_bottom_vec_, this->blob_top_vec_);
  ASSERT_EQ(1u, layer.blobs().size());
  const Blob<Dtype>& slopes = *layer.blobs()[0];
  EXPECT_EQ(vector<int>{3}, slopes.shape());
  for (int c = 0; c < 3; ++c) EXPECT_EQ(Dtype(0.25), slopes.cpu_data()[c]);
  this->CheckForward(false);
}

TYPED_TEST(PReLULayerTest, TestSharedSlopeIsScalar) {
  typedef typename TypeParam::Dtype Dtype;
  PReLULayer<Dtype> layer(this->PReLUParam(true));
  layer.SetUp(this->blob_bottom_vec_, this->blob_top_vec_);
  EXPECT_EQ(0, layer.blobs()[0]->num_axes());
  EXPECT_EQ(Dtype(0.25), layer.blobs()[0]->cpu_data()[0]);
}

TYPED_TEST(PReLULayerTest, TestForward) { this->CheckForward(false); }

TYPED_TEST(PReLULayerTest, TestForwardShared) { this->CheckForward(true); }

TYPED_TEST(PReLULayerTest, TestForward2D) {
  this->blob_bottom_->Reshape(vector<int>{4, 3});
  this->FillBottomUniform(-1, 1);
  this->CheckForward(false);
}

TYPED_TEST(PReLULayerTest, TestGradient) { this->CheckGradient(false); }

TYPED_TEST(PReLULayerTest, TestGradientShared) { this->CheckGradient(true); }

TYPED_TEST(PReLULayerTest, TestInPlace) {
  this->CheckInPlaceMatches(this->RandomSlopesParam(false));
}

TYPED_TEST(PReLULayerTest, TestInPlaceShared) {
  this->CheckInPlaceMatches(this->RandomSlopesParam(true));
}

// Slopes given with the parameter (as from a caffemodel) are used as is.
TYPED_TEST(PReLULayerTest, TestGivenSlopes) {
  typedef typename TypeParam::Dtype Dtype;
  LayerParameter param = this->PReLUParam(false);
  BlobProto* proto = param.add_blobs();
  proto->mutable_shape()->add_dim(3);
  for (const float a : {0.1f, -0.2f, 2.f}) proto->add_data(a);
  PReLULayer<Dtype> layer(param);
  layer.SetUp(this->blob_bottom_vec_, this->blob_top_vec_);
  EXPECT_EQ(Dtype(-0.2f), layer.blobs()[0]->cpu_data()[1]);
  layer.Forward(this->blob_bottom_vec_, this->blob_top_vec_);
  const int dim = this->blob_bottom_->count(2);
  for (int i = dim; i < 2 * dim; ++i) {
    const Dtype x = this->blob_bottom_->cpu_data()[i];
    EXPECT_EQ(x > 0 ? x : Dtype(-0.2f) * x, this->blob_top_->cpu_data()[i]);
  }
}

TYPED_TEST(PReLULayerTest, TestWrongSlopeCountRejected) {
  typedef typename TypeParam::Dtype Dtype;
  LayerParameter param = this->PReLUParam(false);
  BlobProto* proto = param.add_blobs();
  proto->mutable_shape()->add_dim(4);
  for (int i = 0; i < 4; ++i) proto->add_data(0.5);
  PReLULayer<Dtype> layer(param);
  ExpectErrorMentioning(
      [&] { layer.SetUp(this->blob_bottom_vec_, this->blob_top_vec_); },
      {"slope", "(4)", "3"});
}

TYPED_TEST(PReLULayerTest, TestSharedWithManySlopesRejected) {
  typedef typename TypeParam::Dtype Dtype;
  LayerParameter param = this->PReLUParam(true);
  BlobProto* proto = param.add_blobs();
  proto->mutable_shape()->add_dim(3);
  for (int i = 0; i < 3; ++i) proto->add_data(0.5);
  PReLULayer<Dtype> layer(param);
  ExpectErrorMentioning(
      [&] { layer.SetUp(this->blob_bottom_vec_, this->blob_top_vec_); },
      {"channel_shared", "(3)"});
}

TYPED_TEST(PReLULayerTest, TestChannelsChangeRejected) {
  typedef typename TypeParam::Dtype Dtype;
  PReLULayer<Dtype> layer(this->PReLUParam(false));
  layer.SetUp(this->blob_bottom_vec_, this->blob_top_vec_);
  this->blob_bottom_->Reshape(2, 4, 4, 5);
  ExpectErrorMentioning(
      [&] { layer.Forward(this->blob_bottom_vec_, this->blob_top_vec_); },
      {"slope", "2 4 4 5"});
}

TYPED_TEST(PReLULayerTest, TestOneAxisBottomRejected) {
  typedef typename TypeParam::Dtype Dtype;
  this->blob_bottom_->Reshape(vector<int>{6});
  PReLULayer<Dtype> layer(this->PReLUParam(false));
  ExpectErrorMentioning(
      [&] { layer.SetUp(this->blob_bottom_vec_, this->blob_top_vec_); },
      {"2 axes", "(6)"});
}

// In a net, in place before a Euclidean loss: the slopes are learnable
// parameters and get dE/da_c = sum over x <= 0 in c of (y - t) / N * x.
TYPED_TEST(PReLULayerTest, TestInNetInPlace) {
  typedef typename TypeParam::Dtype Dtype;
  NetParameter net_param;
  ReadProtoFromTextString(
      "layer { name: 'in' type: 'Input' top: 'data' top: 'target' "
      "        input_param { shape { dim: 2 dim: 3 dim: 4 } "
      "                      shape { dim: 2 dim: 3 dim: 4 } } } "
      "layer { name: 'prelu' type: 'PReLU' bottom: 'data' top: 'data' "
      "        prelu_param { filler { type: 'uniform' min: 0 max: 1 } } } "
      "layer { name: 'loss' type: 'EuclideanLoss' bottom: 'data' "
      "        bottom: 'target' top: 'loss' } ",
      &net_param, "prelu net");
  Net<Dtype> net(net_param);
  Blob<Dtype>& data = *net.blob_by_name("data");
  Blob<Dtype>& target = *net.blob_by_name("target");
  FillerParameter filler_param;
  GaussianFiller<Dtype>(filler_param).Fill(&data);
  GaussianFiller<Dtype>(filler_param).Fill(&target);
  Blob<Dtype> x;
  x.CopyFrom(data, false, true);
  ASSERT_EQ(1u, net.learnable_params().size());
  Blob<Dtype>& slopes = *net.learnable_params()[0];
  ASSERT_EQ(vector<int>{3}, slopes.shape());
  net.ForwardBackward();
  for (int c = 0; c < 3; ++c) {
    Dtype want = 0;
    for (int n = 0; n < 2; ++n) {
      for (int i = (n * 3 + c) * 4; i < (n * 3 + c + 1) * 4; ++i) {
        const Dtype xi = x.cpu_data()[i];
        if (xi > 0) continue;
        want += (slopes.cpu_data()[c] * xi - target.cpu_data()[i]) / 2 * xi;
      }
    }
    EXPECT_NEAR(want, slopes.cpu_diff()[c], 1e-5) << "channel " << c;
  }
}

}  // namespace caffe

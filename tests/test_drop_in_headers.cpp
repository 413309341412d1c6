// Compile test for headers Caffe programs include: each is included and each
// name it gives is used as a Caffe program would, in any build. The cuDNN
// layer headers declare no class in Crema (see cudnn_conv_layer.hpp); what
// they bring besides, the reference layers, is used instead.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "caffe/layers/cudnn_conv_layer.hpp"
#include "caffe/layers/cudnn_deconv_layer.hpp"
#include "caffe/layers/cudnn_lcn_layer.hpp"
#include "caffe/layers/cudnn_lrn_layer.hpp"
#include "caffe/layers/cudnn_pooling_layer.hpp"
#include "caffe/layers/cudnn_relu_layer.hpp"
#include "caffe/layers/cudnn_sigmoid_layer.hpp"
#include "caffe/layers/cudnn_softmax_layer.hpp"
#include "caffe/layers/cudnn_tanh_layer.hpp"
#include "caffe/parallel.hpp"
#include "caffe/util/cudnn.hpp"
#include "caffe/util/format.hpp"
#include "caffe/util/gpu_util.cuh"
#include "caffe/util/mkl_alternate.hpp"
#include "caffe/util/nccl.hpp"
#include "support/error_message.hpp"

namespace caffe {

namespace {

// A layer written the way Caffe's own are: GPU methods declared in every
// build and, in a CPU-only one, stubbed with STUB_GPU.
template <typename Dtype>
class StubbedLayer : public Layer<Dtype> {
 public:
  explicit StubbedLayer(const LayerParameter& param) : Layer<Dtype>(param) {}
  void Reshape(const vector<Blob<Dtype>*>& bottom,
               const vector<Blob<Dtype>*>& top) override {}
  const char* type() const override { return "Stubbed"; }
  void Forward_gpu(const vector<Blob<Dtype>*>& bottom,
                   const vector<Blob<Dtype>*>& top) override;
  void Backward_gpu(const vector<Blob<Dtype>*>& top,
                    const vector<bool>& propagate_down,
                    const vector<Blob<Dtype>*>& bottom) override;

 protected:
  void Forward_cpu(const vector<Blob<Dtype>*>& bottom,
                   const vector<Blob<Dtype>*>& top) override {}
  void Backward_cpu(const vector<Blob<Dtype>*>& top,
                    const vector<bool>& propagate_down,
                    const vector<Blob<Dtype>*>& bottom) override {}
};

#ifdef CPU_ONLY
STUB_GPU(StubbedLayer);
#else
template <typename Dtype>
void StubbedLayer<Dtype>::Forward_gpu(const vector<Blob<Dtype>*>& bottom,
                                      const vector<Blob<Dtype>*>& top) {}
template <typename Dtype>
void StubbedLayer<Dtype>::Backward_gpu(const vector<Blob<Dtype>*>& top,
                                       const vector<bool>& propagate_down,
                                       const vector<Blob<Dtype>*>& bottom) {}
#endif

}  // namespace

TEST(DropInHeadersTest, FormatIntPadsWithZeros) {
  EXPECT_EQ("00000007", format_int(7, 8));
  EXPECT_EQ("123", format_int(123, 2));
  EXPECT_EQ("42", format_int(42));
}

TEST(DropInHeadersTest, MklAlternateVectorFunctions) {
  const float a[] = {1, 4, 9};
  const float b[] = {2, 2, 3};
  float y[3];
  vsAdd(3, a, b, y);
  EXPECT_EQ(12, y[2]);
  vsSub(3, a, b, y);
  EXPECT_EQ(6, y[2]);
  vsMul(3, a, b, y);
  EXPECT_EQ(8, y[1]);
  vsDiv(3, a, b, y);
  EXPECT_EQ(3, y[2]);
  vsSqr(3, a, y);
  EXPECT_EQ(81, y[2]);
  vsSqrt(3, a, y);
  EXPECT_EQ(2, y[1]);
  vsPowx(3, a, 0.5f, y);
  EXPECT_FLOAT_EQ(3, y[2]);
  const double c[] = {-1.5, 0, 1};
  double z[3];
  vdAbs(3, c, z);
  EXPECT_EQ(1.5, z[0]);
  vdExp(3, c, z);
  EXPECT_DOUBLE_EQ(1, z[1]);
  vdLn(3, z, z);  // in place, as Caffe's callers do
  EXPECT_DOUBLE_EQ(1, z[2]);
  vdPowx(3, c, 2.0, z);
  EXPECT_DOUBLE_EQ(2.25, z[0]);
  // The CBLAS header comes with it.
  float x[] = {1, 2};
  float w[] = {10, 20};
  cblas_saxpby(2, 2.f, x, 1, 0.5f, w, 1);
  EXPECT_EQ(7, w[0]);
}

TEST(DropInHeadersTest, CudnnLayerHeadersGiveTheReferenceLayers) {
  LayerParameter param;
  // The reference classes each cuDNN header includes, as Caffe's do.
  EXPECT_STREQ("Convolution", ConvolutionLayer<float>(param).type());
  EXPECT_STREQ("Deconvolution", DeconvolutionLayer<float>(param).type());
  EXPECT_STREQ("LRN", LRNLayer<float>(param).type());
  EXPECT_STREQ("Pooling", PoolingLayer<float>(param).type());
  EXPECT_STREQ("ReLU", ReLULayer<double>(param).type());
  EXPECT_STREQ("Sigmoid", SigmoidLayer<double>(param).type());
  EXPECT_STREQ("Softmax", SoftmaxLayer<double>(param).type());
  EXPECT_STREQ("TanH", TanHLayer<double>(param).type());
#ifdef USE_NCCL
  EXPECT_EQ(ncclFloat, nccl::dataType<float>::type);
#endif
}

TEST(DropInHeadersTest, MultiGpuClassesRefuseClearly) {
  const std::vector<std::string> words = {"multi-GPU training is not available",
                                          "one device"};
  shared_ptr<Solver<float> > solver;
  ExpectErrorMentioning([&] { NCCL<float> nccl(solver); }, words);
  ExpectErrorMentioning([&] { NCCL<double> nccl(nullptr, "uid"); }, words);
  ExpectErrorMentioning([] { NCCL<float>::new_uid(); }, words);
  ExpectErrorMentioning(
      [] {
        vector<NCCL<float>*> nccls;
        NCCL<float>::InitSingleProcess(&nccls);
      },
      words);
  ExpectErrorMentioning(
      [] { P2PSync<double> sync(nullptr, nullptr, SolverParameter()); }, words);
#ifdef CPU_ONLY
  ExpectErrorMentioning([&] { NCCL<float> nccl(solver); }, {"CPU_ONLY"});
#endif
}

TEST(DropInHeadersTest, StubGpuLayerThrowsInACpuOnlyBuild) {
#ifdef CPU_ONLY
  StubbedLayer<float> layer{LayerParameter()};
  vector<Blob<float>*> blobs;
  ExpectErrorMentioning([&] { layer.Forward_gpu(blobs, blobs); }, {"CPU_ONLY"});
  ExpectErrorMentioning(
      [&] { layer.Backward_gpu(blobs, vector<bool>(), blobs); }, {"CPU_ONLY"});
#else
  GTEST_SKIP() << "STUB_GPU is for CPU-only builds";
#endif
}

}  // namespace caffe

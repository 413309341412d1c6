// In a CPU-only build Caffe::set_mode(Caffe::GPU) is kept, as in Caffe, and
// the first use of the GPU throws a caffe::Error saying the build has no CUDA
// (where Caffe aborted); CPU mode works again afterwards.
#include "caffe/common.hpp"

#ifdef CPU_ONLY

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "caffe/blob.hpp"
#include "caffe/layers/relu_layer.hpp"
#include "caffe/net.hpp"
#include "caffe/syncedmem.hpp"
#include "caffe/util/io.hpp"
#include "support/error_message.hpp"

namespace caffe {

namespace {

// Puts the thread back in CPU mode however the test ends.
class GpuModeScope {
 public:
  GpuModeScope() { Caffe::set_mode(Caffe::GPU); }
  ~GpuModeScope() { Caffe::set_mode(Caffe::CPU); }
};

const std::vector<std::string> kNoCuda = {"built without CUDA", "CPU_ONLY"};

}  // namespace

TEST(CpuOnlyGpuModeTest, SetModeKeepsGpu) {
  {
    GpuModeScope gpu;
    EXPECT_EQ(Caffe::GPU, Caffe::mode());
  }
  EXPECT_EQ(Caffe::CPU, Caffe::mode());
}

TEST(CpuOnlyGpuModeTest, LayerForwardAndBackwardThrowInGpuMode) {
  Blob<float> bottom(vector<int>{2, 3});
  Blob<float> top;
  vector<Blob<float>*> bottoms{&bottom}, tops{&top};
  LayerParameter param;
  param.set_type("ReLU");
  ReLULayer<float> layer(param);
  layer.SetUp(bottoms, tops);
  {
    GpuModeScope gpu;
    ExpectErrorMentioning([&] { layer.Forward(bottoms, tops); }, kNoCuda);
    ExpectErrorMentioning(
        [&] { layer.Backward(tops, vector<bool>{true}, bottoms); }, kNoCuda);
  }
  // Back on the CPU the same layer runs.
  bottom.mutable_cpu_data()[0] = -1;
  bottom.mutable_cpu_data()[1] = 2;
  layer.Forward(bottoms, tops);
  EXPECT_EQ(0, top.cpu_data()[0]);
  EXPECT_EQ(2, top.cpu_data()[1]);
}

TEST(CpuOnlyGpuModeTest, DeviceMemoryThrows) {
  SyncedMemory memory(16);
  ExpectErrorMentioning([&] { memory.gpu_data(); }, kNoCuda);
  ExpectErrorMentioning([&] { memory.mutable_gpu_data(); }, kNoCuda);
}

TEST(CpuOnlyGpuModeTest, NetForwardThrowsNamingTheBuild) {
  NetParameter param;
  ReadProtoFromTextString(
      "layer { name: 'in' type: 'Input' top: 'x' "
      "        input_param { shape { dim: 2 dim: 3 } } } "
      "layer { name: 'relu' type: 'ReLU' bottom: 'x' top: 'y' }",
      &param);
  Net<float> net(param);
  GpuModeScope gpu;
  ExpectErrorMentioning([&] { net.Forward(); }, kNoCuda);
}

}  // namespace caffe

#endif  // CPU_ONLY

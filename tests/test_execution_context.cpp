// The per-net ExecutionContext: what a net follows from its thread, what it
// pins for itself, and the engines it prefers.

#include <google/protobuf/text_format.h>
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "caffe/execution_context.hpp"
#include "caffe/layer.hpp"
#include "caffe/layers/relu_layer.hpp"
#include "caffe/net.hpp"
#include "caffe/onednn/onednn_relu_layer.hpp"
#include "caffe/sgd_solvers.hpp"
#include "caffe/util/thread_config.hpp"

namespace caffe {

// Records the thread count and mode its Forward and Backward ran with.
template <typename Dtype>
class TestContextProbeLayer : public Layer<Dtype> {
 public:
  explicit TestContextProbeLayer(const LayerParameter& param)
      : Layer<Dtype>(param) {}
  void Reshape(const vector<Blob<Dtype>*>& bottom,
               const vector<Blob<Dtype>*>& top) override {
    top[0]->ReshapeLike(*bottom[0]);
  }
  const char* type() const override { return "TestContextProbe"; }
  int ExactNumBottomBlobs() const override { return 1; }
  int ExactNumTopBlobs() const override { return 1; }

  static int forward_threads, backward_threads;

 protected:
  void Forward_cpu(const vector<Blob<Dtype>*>& bottom,
                   const vector<Blob<Dtype>*>& top) override {
    forward_threads = ThreadCount();
    caffe_copy(bottom[0]->count(), bottom[0]->cpu_data(),
               top[0]->mutable_cpu_data());
  }
  void Backward_cpu(const vector<Blob<Dtype>*>& top,
                    const vector<bool>& propagate_down,
                    const vector<Blob<Dtype>*>& bottom) override {
    backward_threads = ThreadCount();
  }
};

template <typename Dtype>
int TestContextProbeLayer<Dtype>::forward_threads = 0;
template <typename Dtype>
int TestContextProbeLayer<Dtype>::backward_threads = 0;

REGISTER_LAYER_CLASS(TestContextProbe);

namespace {

NetParameter ParseNet(const char* text) {
  NetParameter param;
  CHECK(google::protobuf::TextFormat::ParseFromString(text, &param));
  return param;
}

const char kProbeNet[] = R"(
  force_backward: true
  layer { name: "data" type: "Input" top: "data"
          input_param { shape { dim: 2 dim: 3 } } }
  layer { name: "probe" type: "TestContextProbe" bottom: "data" top: "out" }
)";

TEST(ExecutionContextTest, NetsFollowTheThreadUnlessPinned) {
  Net<float> net(ParseNet(kProbeNet));
  EXPECT_EQ(net.context().mode(), Caffe::mode());
  EXPECT_EQ(net.context().pinned_thread_count(), 0);
  EXPECT_EQ(&net.layers()[1]->context(), &net.context());

  SetThreadCountForThisThread(3);
  net.Forward();
  EXPECT_EQ(TestContextProbeLayer<float>::forward_threads, 3);
  SetThreadCountForThisThread(0);
}

TEST(ExecutionContextTest, PinnedThreadCountsHoldPerNetAndAreRestored) {
  Net<float> one(ParseNet(kProbeNet));
  Net<float> two(ParseNet(kProbeNet));
  one.context().set_thread_count(1);
  two.context().set_thread_count(2);
  SetThreadCountForThisThread(5);
  for (int pass = 0; pass < 2; ++pass) {
    one.Forward();
    EXPECT_EQ(TestContextProbeLayer<float>::forward_threads, 1);
    two.Forward();
    EXPECT_EQ(TestContextProbeLayer<float>::forward_threads, 2);
    one.Backward();
    EXPECT_EQ(TestContextProbeLayer<float>::backward_threads, 1);
    two.Backward();
    EXPECT_EQ(TestContextProbeLayer<float>::backward_threads, 2);
    EXPECT_EQ(ThreadCount(), 5);
  }
  SetThreadCountForThisThread(0);
}

TEST(ExecutionContextTest, ALayerMadeAloneUsesTheThreadDefault) {
  LayerParameter param;
  param.set_type("ReLU");
  ReLULayer<float> layer(param);
  EXPECT_EQ(&layer.context(), &ExecutionContext::ThreadDefault());
}

TEST(ExecutionContextTest, TheContextCarriesThePhase) {
  NetParameter param = ParseNet(kProbeNet);
  param.mutable_state()->set_phase(TEST);
  Net<float> test_net(param);
  EXPECT_EQ(test_net.context().phase(), TEST);
  EXPECT_FALSE(test_net.context().backward_expected());
  param.mutable_state()->set_phase(TRAIN);
  Net<float> train_net(param);
  EXPECT_EQ(train_net.context().phase(), TRAIN);
  EXPECT_TRUE(train_net.context().backward_expected());
}

// A net whose one ReLU leaves the engine open, and one that asks for CAFFE.
const char kReluNet[] = R"(
  layer { name: "data" type: "Input" top: "data"
          input_param { shape { dim: 2 dim: 3 } } }
  layer { name: "open" type: "ReLU" bottom: "data" top: "a" }
  layer { name: "caffe" type: "ReLU" bottom: "data" top: "b"
          relu_param { engine: CAFFE } }
)";

template <typename Dtype>
bool IsOneDNN(const Net<Dtype>& net, const string& layer) {
  return dynamic_cast<OneDNNReLULayer<Dtype>*>(
             net.layer_by_name(layer).get()) != nullptr;
}

TEST(ExecutionContextTest, PreferredEnginesChooseWhereThePrototxtDoesNot) {
  const NetParameter param = ParseNet(kReluNet);
  // By priority, oneDNN's ReLU wins for float.
  Net<float> by_priority(param);
  EXPECT_TRUE(IsOneDNN(by_priority, "open"));
  EXPECT_FALSE(IsOneDNN(by_priority, "caffe"));

  ExecutionContext reference;
  reference.set_preferred_engines({kEngineCaffe});
  Net<float> preferring_caffe(param, reference);
  EXPECT_FALSE(IsOneDNN(preferring_caffe, "open"));

  // The prototxt's engine wins over the preference.
  ExecutionContext onednn;
  onednn.set_preferred_engines({kEngineOneDNN});
  Net<float> preferring_onednn(param, onednn);
  EXPECT_TRUE(IsOneDNN(preferring_onednn, "open"));
  EXPECT_FALSE(IsOneDNN(preferring_onednn, "caffe"));

  // An engine that cannot run the layer (oneDNN's ReLU is float only) or
  // that the type lacks is passed over.
  ExecutionContext unusable;
  unusable.set_preferred_engines({"NO_SUCH_ENGINE", kEngineOneDNN});
  Net<double> in_double(param, unusable);
  EXPECT_NE(in_double.layer_by_name("open"), nullptr);
  EXPECT_STREQ(in_double.layer_by_name("open")->type(), "ReLU");
}

TEST(ExecutionContextTest, ThreadDefaultPreferencesReachNewNets) {
  ExecutionContext::ThreadDefault().set_preferred_engines({kEngineCaffe});
  Net<float> net(ParseNet(kReluNet));
  ExecutionContext::ThreadDefault().set_preferred_engines({});
  EXPECT_FALSE(IsOneDNN(net, "open"));
}

// MAX pooling keeps its positions in Forward where backward is expected
// and finds them again in Backward otherwise: both give one gradient.
const char kPoolNet[] = R"(
  force_backward: true
  layer { name: "data" type: "Input" top: "data"
          input_param { shape { dim: 2 dim: 3 dim: 9 dim: 7 } } }
  layer { name: "pool" type: "Pooling" bottom: "data" top: "pool"
          pooling_param { pool: MAX kernel_size: 3 stride: 2 pad: 1 } }
)";

vector<float> PoolGradient(Phase phase) {
  NetParameter param = ParseNet(kPoolNet);
  param.mutable_state()->set_phase(phase);
  Net<float> net(param);
  Blob<float>* data = net.input_blobs()[0];
  for (int i = 0; i < data->count(); ++i) {
    data->mutable_cpu_data()[i] = std::sin(0.37f * i);
  }
  Blob<float>* pool = net.blob_by_name("pool").get();
  for (int pass = 0; pass < 2; ++pass) {
    net.Forward();
    for (int i = 0; i < pool->count(); ++i) {
      pool->mutable_cpu_diff()[i] = std::cos(0.11f * i) + pass;
    }
    net.Backward();
  }
  return vector<float>(data->cpu_diff(), data->cpu_diff() + data->count());
}

TEST(ExecutionContextTest, BackwardIsExpectedOfTrainingLayersInTheBackwardPass) {
  NetParameter param = ParseNet(kPoolNet);
  param.mutable_state()->set_phase(TRAIN);
  EXPECT_TRUE(Net<float>(param).layer_by_name("pool")->backward_expected());
  // Without force_backward nothing is under a loss: no backward pass.
  param.set_force_backward(false);
  EXPECT_FALSE(Net<float>(param).layer_by_name("pool")->backward_expected());
  param.set_force_backward(true);
  param.mutable_state()->set_phase(TEST);
  EXPECT_FALSE(Net<float>(param).layer_by_name("pool")->backward_expected());
}

TEST(ExecutionContextTest, MaxPoolingGradientIsTheSameWithAndWithoutKeptPositions) {
  const vector<float> kept = PoolGradient(TRAIN);
  const vector<float> found_again = PoolGradient(TEST);
  EXPECT_EQ(kept, found_again);
  float total = 0;
  for (float value : kept) total += std::fabs(value);
  EXPECT_GT(total, 0);
}

// Three SGD steps of a small net; with thread_in_gpu_mode the calling
// thread is in GPU mode while the net is pinned to the CPU.
vector<float> TrainedWeights(bool thread_in_gpu_mode) {
  SolverParameter param;
  CHECK(google::protobuf::TextFormat::ParseFromString(R"(
    base_lr: 0.1 lr_policy: "fixed" momentum: 0.9 weight_decay: 0.01
    max_iter: 10 random_seed: 1701 display: 0
    net_param {
      layer { name: "data" type: "DummyData" top: "data"
              dummy_data_param { shape { dim: 4 dim: 3 }
                                 data_filler { type: "constant" value: 1 } } }
      layer { name: "ip" type: "InnerProduct" bottom: "data" top: "ip"
              inner_product_param {
                num_output: 2 weight_filler { type: "gaussian" std: 0.5 } } }
      layer { name: "loss" type: "Reduction" bottom: "ip" top: "loss"
              loss_weight: 1 }
    }
  )", &param));
  SGDSolver<float> solver(param);
  solver.net()->context().set_mode(Caffe::CPU);
  if (thread_in_gpu_mode) Caffe::set_mode(Caffe::GPU);
  try {
    solver.Step(3);
  } catch (...) {
    Caffe::set_mode(Caffe::CPU);
    throw;
  }
  Caffe::set_mode(Caffe::CPU);
  const Blob<float>& weights = *solver.net()->layer_by_name("ip")->blobs()[0];
  return vector<float>(weights.cpu_data(), weights.cpu_data() + weights.count());
}

TEST(ExecutionContextTest, TheSolverUpdatesWhereItsNetRuns) {
  try {
    Caffe::set_mode(Caffe::GPU);
    Caffe::set_mode(Caffe::CPU);
  } catch (const Error& error) {
    GTEST_SKIP() << "GPU mode cannot be set here: " << error.what();
  }
  const vector<float> on_cpu = TrainedWeights(false);
  EXPECT_EQ(TrainedWeights(true), on_cpu);
}

}  // namespace
}  // namespace caffe

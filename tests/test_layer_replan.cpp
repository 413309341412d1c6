// Layers plan (Reshape) once per change of what they were planned for, and
// on every such change: a shape, a reallocated or shared buffer, a
// replaced weight.

#include <google/protobuf/text_format.h>
#include <gtest/gtest.h>

#include <vector>

#include "caffe/blob.hpp"
#include "caffe/layer.hpp"
#include "caffe/net.hpp"

namespace caffe {

// top = 2 * bottom; counts its Reshape calls. reads_more stands for a
// Reshape that reads more than layouts.
template <typename Dtype>
class TestReshapeCounterLayer : public Layer<Dtype> {
 public:
  explicit TestReshapeCounterLayer(const LayerParameter& param)
      : Layer<Dtype>(param) {}
  void Reshape(const vector<Blob<Dtype>*>& bottom,
               const vector<Blob<Dtype>*>& top) override {
    ++reshapes;
    top[0]->ReshapeLike(*bottom[0]);
  }
  bool ReshapeReadsMoreThanLayouts() const override { return reads_more; }
  const char* type() const override { return "TestReshapeCounter"; }
  int ExactNumBottomBlobs() const override { return 1; }
  int ExactNumTopBlobs() const override { return 1; }

  int reshapes = 0;
  bool reads_more = false;

 protected:
  void Forward_cpu(const vector<Blob<Dtype>*>& bottom,
                   const vector<Blob<Dtype>*>& top) override {
    for (int i = 0; i < bottom[0]->count(); ++i) {
      top[0]->mutable_cpu_data()[i] = 2 * bottom[0]->cpu_data()[i];
    }
  }
  void Backward_cpu(const vector<Blob<Dtype>*>& top,
                    const vector<bool>& propagate_down,
                    const vector<Blob<Dtype>*>& bottom) override {}
};

// The same layer registered as libcaffe registers its own layers.
template <typename Dtype>
class TestPlanningReshapeCounterLayer : public TestReshapeCounterLayer<Dtype> {
 public:
  using TestReshapeCounterLayer<Dtype>::TestReshapeCounterLayer;
  const char* type() const override { return "TestPlanningReshapeCounter"; }

  static shared_ptr<Layer<Dtype> > Create(const LayerParameter& param) {
    return shared_ptr<Layer<Dtype> >(
        new TestPlanningReshapeCounterLayer<Dtype>(param));
  }
};

// The first as a program's own layer (Caffe's contract: Reshape before
// every Forward), the second as one of libcaffe's.
REGISTER_LAYER_CLASS(TestReshapeCounter);
static LayerRegisterer<float> g_planning_counter(
    "TestPlanningReshapeCounter",
    &TestPlanningReshapeCounterLayer<float>::Create,
    /*plans_on_layout_change=*/true);

namespace {

class LayerReplanTest : public ::testing::Test {
 protected:
  LayerReplanTest() : bottom_(vector<int>{2, 3}), layer_(LayerParameter()) {
    layer_.set_plans_on_layout_change(true);
    layer_.SetUp({&bottom_}, {&top_});
  }
  void Forward() { layer_.Forward({&bottom_}, {&top_}); }

  Blob<float> bottom_, top_;
  TestReshapeCounterLayer<float> layer_;
};

TEST_F(LayerReplanTest, ForwardPlansOnlyWhenSomethingChanged) {
  EXPECT_EQ(layer_.reshapes, 1);  // SetUp's
  Forward();
  Forward();
  EXPECT_EQ(layer_.reshapes, 1);
  bottom_.Reshape(vector<int>{4, 3});
  Forward();
  EXPECT_EQ(layer_.reshapes, 2);
  EXPECT_EQ(top_.shape(), (vector<int>{4, 3}));
  // Reshaping to the shape it has is no change.
  bottom_.Reshape(vector<int>{4, 3});
  Forward();
  EXPECT_EQ(layer_.reshapes, 2);
}

TEST_F(LayerReplanTest, ABufferReplacedUnderTheSameShapeIsAChange) {
  // Grown past its capacity and back: same shape, new buffers.
  bottom_.Reshape(vector<int>{20, 3});
  bottom_.Reshape(vector<int>{2, 3});
  Forward();
  EXPECT_EQ(layer_.reshapes, 2);
  Blob<float> other(vector<int>{2, 3});
  bottom_.ShareData(other);
  Forward();
  EXPECT_EQ(layer_.reshapes, 3);
}

TEST_F(LayerReplanTest, ATopReshapedFromOutsideIsPlannedAgain) {
  top_.Reshape(vector<int>{1, 6});
  Forward();
  EXPECT_EQ(layer_.reshapes, 2);
  EXPECT_EQ(top_.shape(), (vector<int>{2, 3}));
}

TEST_F(LayerReplanTest, LayersReadingMoreThanLayoutsPlanEveryForward) {
  layer_.reads_more = true;
  Forward();
  Forward();
  EXPECT_EQ(layer_.reshapes, 3);
}

TEST_F(LayerReplanTest, ByDefaultALayerPlansBeforeEveryForward) {
  TestReshapeCounterLayer<float> layer{LayerParameter()};
  layer.SetUp({&bottom_}, {&top_});
  layer.Forward({&bottom_}, {&top_});
  layer.Forward({&bottom_}, {&top_});
  EXPECT_EQ(layer.reshapes, 3);
}

TEST_F(LayerReplanTest, ReplanAlwaysPlans) {
  layer_.Replan({&bottom_}, {&top_});
  EXPECT_EQ(layer_.reshapes, 2);
  Forward();
  EXPECT_EQ(layer_.reshapes, 2);
}

TEST(BlobLayoutStampTest, ChangesWithShapeAndBuffersOnly) {
  Blob<float> blob(vector<int>{2, 3});
  const uint64_t first = blob.layout_stamp();
  blob.Reshape(vector<int>{2, 3});
  EXPECT_EQ(blob.layout_stamp(), first);
  blob.mutable_cpu_data()[0] = 1;
  EXPECT_EQ(blob.layout_stamp(), first);
  blob.Reshape(vector<int>{3, 2});
  const uint64_t reshaped = blob.layout_stamp();
  EXPECT_NE(reshaped, first);
  Blob<float> other(vector<int>{3, 2});
  EXPECT_NE(other.layout_stamp(), reshaped);
  blob.ShareDiff(other);
  EXPECT_NE(blob.layout_stamp(), reshaped);
}

// A Flatten view of an input that was reallocated between passes must see
// the new buffer (the view is made by Reshape, which must run again).
TEST(NetReplanTest, AViewFollowsItsReallocatedBottom) {
  NetParameter param;
  CHECK(google::protobuf::TextFormat::ParseFromString(R"(
    layer { name: "data" type: "Input" top: "data"
            input_param { shape { dim: 1 dim: 2 dim: 2 } } }
    layer { name: "flat" type: "Flatten" bottom: "data" top: "flat" }
    layer { name: "double" type: "TestReshapeCounter" bottom: "flat"
            top: "out" }
  )", &param));
  Net<float> net(param);
  Blob<float>* data = net.input_blobs()[0];
  net.Forward();
  data->Reshape(vector<int>{50, 2, 2});
  data->Reshape(vector<int>{1, 2, 2});
  for (int i = 0; i < 4; ++i) data->mutable_cpu_data()[i] = i + 1;
  const Blob<float>* out = net.Forward()[0];
  ASSERT_EQ(out->count(), 4);
  for (int i = 0; i < 4; ++i) EXPECT_EQ(out->cpu_data()[i], 2 * (i + 1));
}

// The reshapes of a net's one counting layer after Net::Reshape and two
// Forward passes.
int ReshapesOfCounter(const string& type) {
  NetParameter param;
  CHECK(google::protobuf::TextFormat::ParseFromString(R"(
    layer { name: "data" type: "Input" top: "data"
            input_param { shape { dim: 1 dim: 3 } } }
    layer { name: "double" bottom: "data" top: "out" }
  )", &param));
  param.mutable_layer(1)->set_type(type);
  Net<float> net(param);
  auto* counter = dynamic_cast<TestReshapeCounterLayer<float>*>(
      net.layer_by_name("double").get());
  CHECK(counter != nullptr);
  net.input_blobs()[0]->Reshape(vector<int>{5, 3});
  net.Reshape();
  net.Forward();
  net.Forward();
  EXPECT_EQ(net.output_blobs()[0]->shape(), (vector<int>{5, 3}));
  return counter->reshapes;
}

TEST(NetReplanTest, LibraryLayersPlanOnceAndOtherLayersBeforeEachForward) {
  // SetUp, Net::Reshape, and then nothing changed.
  EXPECT_EQ(ReshapesOfCounter("TestPlanningReshapeCounter"), 2);
  // As in Caffe: SetUp, Net::Reshape, one per Forward.
  EXPECT_EQ(ReshapesOfCounter("TestReshapeCounter"), 4);
}

}  // namespace
}  // namespace caffe

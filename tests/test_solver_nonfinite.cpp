// Training stops at the first NaN or infinite loss or gradient, names the
// iteration and the layer, and keeps the last finite weights; with
// allow_nonfinite it trains on as Caffe does.
#include <glog/logging.h>
#include <google/protobuf/text_format.h>
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "caffe/solver.hpp"
#include "caffe/solver_factory.hpp"
#include "caffe/solver_nonfinite.hpp"
#include "caffe/util/io.hpp"
#include "support/least_squares_problem.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {

namespace {

// Overwrites the first gradient value of the inner product's weights when
// the gradients are ready, as a layer with a broken backward would.
template <typename Dtype>
class GradientPoison : public Solver<Dtype>::Callback {
 public:
  GradientPoison(Net<Dtype>* net, Dtype value) : net_(net), value_(value) {}

 protected:
  void on_start() override {}
  void on_gradients_ready() override {
    Blob<Dtype>* weights = net_->layer_by_name("ip")->blobs()[0].get();
    weights->mutable_cpu_diff()[0] = value_;
    weights->mutable_cpu_diff()[1] = value_;
  }

 private:
  Net<Dtype>* net_;
  Dtype value_;
};

bool AllFinite(const std::vector<double>& values) {
  for (double value : values) {
    if (!std::isfinite(value)) return false;
  }
  return true;
}

}  // namespace

template <typename TypeParam>
class SolverNonFiniteTest : public MultiDeviceTest<TypeParam> {
  typedef typename TypeParam::Dtype Dtype;

 protected:
  SolverNonFiniteTest() : problem_(4, 3) {}

  // Plain SGD on the least-squares net; the default learning rate is so
  // large that the loss overflows within a few iterations (the first
  // update multiplies the weights by about 1e30, and the loss is quadratic
  // in them), while the weights themselves stay finite.
  SolverParameter Param(const std::string& extra = "") const {
    SolverParameter param;
    param.set_base_lr(1e30f);
    param.set_lr_policy("fixed");
    param.set_max_iter(20);
    param.set_random_seed(1701);
    param.set_snapshot_after_train(false);
    *param.mutable_net_param() = problem_.NetParam();
    CHECK(google::protobuf::TextFormat::MergeFromString(extra, &param));
    return param;
  }

  std::unique_ptr<Solver<Dtype> > MakeSolver(const SolverParameter& param) {
    std::unique_ptr<Solver<Dtype> > solver(
        SolverRegistry<Dtype>::CreateSolver(param));
    problem_.Feed(solver->net().get());
    return solver;
  }

  std::string Prefix() const {
    return "snapshot_prefix: '" + dir_.file("div") + "' ";
  }

  std::vector<double> Weights(Solver<Dtype>* solver) {
    std::vector<double> weights;
    for (const Blob<Dtype>* blob : solver->net()->learnable_params()) {
      const std::vector<double> values = BlobValues(*blob);
      weights.insert(weights.end(), values.begin(), values.end());
    }
    return weights;
  }

  // The parameter values a .caffemodel holds, in layer order.
  std::vector<double> SavedWeights(const std::string& file) {
    NetParameter saved;
    ReadProtoFromBinaryFileOrDie(file, &saved);
    std::vector<double> weights;
    for (const LayerParameter& layer : saved.layer()) {
      for (const BlobProto& blob : layer.blobs()) {
        weights.insert(weights.end(), blob.data().begin(), blob.data().end());
        weights.insert(weights.end(), blob.double_data().begin(),
                       blob.double_data().end());
      }
    }
    return weights;
  }

  LeastSquaresProblem problem_;
  TempDir dir_;
};

TYPED_TEST_SUITE(SolverNonFiniteTest, TestDtypesAndDevices);

TYPED_TEST(SolverNonFiniteTest, TestDivergingLossStopsNamingIterationAndLayer) {
  auto solver = this->MakeSolver(this->Param());
  try {
    solver->Solve();
    FAIL() << "training diverged without an error";
  } catch (const NonFiniteError& e) {
    // The iteration that produced the loss applied no update.
    EXPECT_EQ(solver->iter(), e.iteration());
    EXPECT_GT(e.iteration(), 0);
    EXPECT_LT(e.iteration(), 20);
    // Data and the inner product are still finite; the loss overflows.
    EXPECT_EQ("loss", e.layer());
    EXPECT_EQ("EuclideanLoss", e.layer_type());
    EXPECT_EQ("loss", e.blob());
    const std::string message = e.what();
    EXPECT_EQ(0u,
              message.find("layer \"loss\" (EuclideanLoss): blob \"loss\": "
                           "iteration " +
                           std::to_string(e.iteration()) + ": the loss is inf"))
        << message;
    EXPECT_NE(std::string::npos,
              message.find("no snapshot_prefix is set, so the weights were "
                           "not saved"))
        << message;
    EXPECT_NE(std::string::npos, message.find("--allow_nonfinite")) << message;
  }
  EXPECT_TRUE(AllFinite(this->Weights(solver.get())));
}

TYPED_TEST(SolverNonFiniteTest, TestLastFiniteWeightsAreSnapshot) {
  auto solver = this->MakeSolver(this->Param(this->Prefix()));
  int iteration = -1;
  std::string message;
  try {
    solver->Solve();
  } catch (const NonFiniteError& e) {
    iteration = e.iteration();
    message = e.what();
  }
  ASSERT_GT(iteration, 0) << "training diverged without an error";
  const std::string weights_file =
      this->dir_.file("div_iter_" + std::to_string(iteration) + ".caffemodel");
  EXPECT_NE(std::string::npos,
            message.find("; the last finite weights are in " + weights_file))
      << message;
  ASSERT_TRUE(std::filesystem::exists(weights_file));
  EXPECT_TRUE(std::filesystem::exists(this->dir_.file(
      "div_iter_" + std::to_string(iteration) + ".solverstate")));
  const std::vector<double> saved = this->SavedWeights(weights_file);
  EXPECT_TRUE(AllFinite(saved));
  EXPECT_EQ(this->Weights(solver.get()), saved);
}

TYPED_TEST(SolverNonFiniteTest, TestAllowNonFiniteTrainsOn) {
  auto solver = this->MakeSolver(this->Param());
  solver->set_allow_nonfinite(true);
  EXPECT_TRUE(solver->allow_nonfinite());
  solver->Solve();
  EXPECT_EQ(20, solver->iter());
  // It did diverge.
  EXPECT_FALSE(std::isfinite(solver->smoothed_loss()));
}

TYPED_TEST(SolverNonFiniteTest, TestNonFiniteGradientStopsBeforeTheUpdate) {
  typedef typename TypeParam::Dtype Dtype;
  auto solver = this->MakeSolver(this->Param(this->Prefix() + "base_lr: 0.1"));
  GradientPoison<Dtype> poison(solver->net().get(),
                               std::numeric_limits<Dtype>::quiet_NaN());
  solver->add_callback(&poison);
  const std::vector<double> before = this->Weights(solver.get());
  try {
    solver->Step(1);
    FAIL() << "a NaN gradient was applied";
  } catch (const NonFiniteError& e) {
    EXPECT_EQ(0, e.iteration());
    EXPECT_EQ("ip", e.layer());
    EXPECT_EQ("InnerProduct", e.layer_type());
    EXPECT_EQ(0u, std::string(e.what()).find(
                      "layer \"ip\" (InnerProduct): iteration 0: the gradient "
                      "of parameter blob 0 is not finite (nan)"))
        << e.what();
  }
  EXPECT_EQ(before, this->Weights(solver.get()));
  EXPECT_EQ(0, solver->iter());
  EXPECT_EQ(before,
            this->SavedWeights(this->dir_.file("div_iter_0.caffemodel")));
}

TYPED_TEST(SolverNonFiniteTest, TestAllowNonFiniteAppliesANonFiniteGradient) {
  typedef typename TypeParam::Dtype Dtype;
  auto solver = this->MakeSolver(this->Param("base_lr: 0.1"));
  GradientPoison<Dtype> poison(solver->net().get(),
                               std::numeric_limits<Dtype>::infinity());
  solver->add_callback(&poison);
  solver->set_allow_nonfinite(true);
  solver->Step(1);
  EXPECT_FALSE(AllFinite(this->Weights(solver.get())));
}

TYPED_TEST(SolverNonFiniteTest, TestHugeFiniteGradientDoesNotStop) {
  typedef typename TypeParam::Dtype Dtype;
  // Two values whose sum overflows Dtype: the norm is not finite, but every
  // gradient is.
  auto solver = this->MakeSolver(this->Param("base_lr: 1e-30"));
  GradientPoison<Dtype> poison(solver->net().get(),
                               std::numeric_limits<Dtype>::max() / 1.5);
  solver->add_callback(&poison);
  solver->Step(1);
  EXPECT_EQ(1, solver->iter());
  EXPECT_TRUE(AllFinite(this->Weights(solver.get())));
}

}  // namespace caffe

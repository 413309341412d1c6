// The caffe_gpu_* functions against their CPU counterparts (the oracle), and
// the CUDA half of the Caffe context. Only built with CUDA.
#ifndef CPU_ONLY

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "caffe/blob.hpp"
#include "caffe/syncedmem.hpp"
#include "caffe/util/math_functions.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {

template <typename Dtype>
class GpuMathTest : public ::testing::Test {
 protected:
  static constexpr int kCount = 2 * 3 * 4 * 5;

  GpuMathTest() : a_(2, 3, 4, 5), b_(2, 3, 4, 5), out_(2, 3, 4, 5) {}

  void SetUp() override {
    if (!GpuAvailable()) GTEST_SKIP() << "no GPU on this machine";
    Caffe::set_mode(Caffe::GPU);
    Caffe::set_random_seed(1701);
    Refill();
  }
  void TearDown() override { Caffe::set_mode(Caffe::CPU); }

  void Refill() {
    // a in [-2, 2]; b in [0.5, 2] so that it can divide, root and log.
    caffe_rng_uniform<Dtype>(kCount, -2, 2, a_.mutable_cpu_data());
    caffe_rng_uniform<Dtype>(kCount, 0.5, 2, b_.mutable_cpu_data());
    caffe_rng_uniform<Dtype>(kCount, -1, 1, out_.mutable_cpu_data());
    expected_.assign(out_.cpu_data(), out_.cpu_data() + kCount);
  }

  // out_ (after the GPU call) must match expected_ (after the CPU call).
  void ExpectOutputNear(const Dtype relative_tolerance = 1e-5) {
    const Dtype* actual = out_.cpu_data();
    for (int i = 0; i < kCount; ++i) {
      const Dtype scale = std::max(Dtype(1), std::fabs(expected_[i]));
      EXPECT_NEAR(expected_[i], actual[i], relative_tolerance * scale)
          << "at " << i;
    }
  }

  Blob<Dtype> a_, b_, out_;
  std::vector<Dtype> expected_;
};

TYPED_TEST_SUITE(GpuMathTest, TestDtypes);

TYPED_TEST(GpuMathTest, GemmMatchesCpuForEveryTranspose) {
  typedef TypeParam Dtype;
  const int M = 3, N = 4, K = 5;  // fits in kCount for A, B and C
  for (CBLAS_TRANSPOSE ta : {CblasNoTrans, CblasTrans}) {
    for (CBLAS_TRANSPOSE tb : {CblasNoTrans, CblasTrans}) {
      this->Refill();
      caffe_cpu_gemm<Dtype>(ta, tb, M, N, K, 1.5, this->a_.cpu_data(),
                            this->b_.cpu_data(), 0.5, this->expected_.data());
      caffe_gpu_gemm<Dtype>(ta, tb, M, N, K, 1.5, this->a_.gpu_data(),
                            this->b_.gpu_data(), 0.5,
                            this->out_.mutable_gpu_data());
      this->ExpectOutputNear();
    }
  }
}

TYPED_TEST(GpuMathTest, GemvMatchesCpuForEveryTranspose) {
  typedef TypeParam Dtype;
  const int M = 6, N = 7;
  for (CBLAS_TRANSPOSE ta : {CblasNoTrans, CblasTrans}) {
    this->Refill();
    caffe_cpu_gemv<Dtype>(ta, M, N, 2, this->a_.cpu_data(), this->b_.cpu_data(),
                          -1, this->expected_.data());
    caffe_gpu_gemv<Dtype>(ta, M, N, 2, this->a_.gpu_data(), this->b_.gpu_data(),
                          -1, this->out_.mutable_gpu_data());
    this->ExpectOutputNear();
  }
}

TYPED_TEST(GpuMathTest, BlasLevelOneMatchesCpu) {
  typedef TypeParam Dtype;
  const int n = this->kCount;
  const Dtype* a = this->a_.cpu_data();
  Dtype* expected = this->expected_.data();

  caffe_axpy<Dtype>(n, 0.75, a, expected);
  caffe_gpu_axpy<Dtype>(n, 0.75, this->a_.gpu_data(),
                        this->out_.mutable_gpu_data());
  this->ExpectOutputNear();

  caffe_cpu_axpby<Dtype>(n, 2, a, -0.5, expected);
  caffe_gpu_axpby<Dtype>(n, 2, this->a_.gpu_data(), -0.5,
                         this->out_.mutable_gpu_data());
  this->ExpectOutputNear();

  caffe_scal<Dtype>(n, 3, expected);
  caffe_gpu_scal<Dtype>(n, 3, this->out_.mutable_gpu_data());
  this->ExpectOutputNear();

  cudaStream_t stream;
  CUDA_CHECK(cudaStreamCreate(&stream));
  caffe_scal<Dtype>(n, -0.25, expected);
  caffe_gpu_scal<Dtype>(n, -0.25, this->out_.mutable_gpu_data(), stream);
  CUDA_CHECK(cudaStreamSynchronize(stream));
  CUDA_CHECK(cudaStreamDestroy(stream));
  this->ExpectOutputNear();

  caffe_cpu_scale<Dtype>(n, 1.5, a, expected);
  caffe_gpu_scale<Dtype>(n, 1.5, this->a_.gpu_data(),
                         this->out_.mutable_gpu_data());
  this->ExpectOutputNear();

  Dtype dot = 0, asum = 0;
  caffe_gpu_dot<Dtype>(n, this->a_.gpu_data(), this->b_.gpu_data(), &dot);
  caffe_gpu_asum<Dtype>(n, this->a_.gpu_data(), &asum);
  EXPECT_NEAR(caffe_cpu_dot<Dtype>(n, a, this->b_.cpu_data()), dot, 1e-4);
  EXPECT_NEAR(caffe_cpu_asum<Dtype>(n, a), asum, 1e-4);
}

TYPED_TEST(GpuMathTest, CopyAndSetMatchCpu) {
  typedef TypeParam Dtype;
  const int n = this->kCount;
  caffe_gpu_memcpy(n * sizeof(Dtype), this->a_.gpu_data(),
                   this->out_.mutable_gpu_data());
  this->expected_.assign(this->a_.cpu_data(), this->a_.cpu_data() + n);
  this->ExpectOutputNear(0);

  for (Dtype value : {Dtype(0), Dtype(-3.5)}) {
    caffe_set<Dtype>(n, value, this->expected_.data());
    caffe_gpu_set<Dtype>(n, value, this->out_.mutable_gpu_data());
    this->ExpectOutputNear(0);
  }
  caffe_add_scalar<Dtype>(n, 1.25, this->expected_.data());
  caffe_gpu_add_scalar<Dtype>(n, 1.25, this->out_.mutable_gpu_data());
  this->ExpectOutputNear(0);
}

TYPED_TEST(GpuMathTest, BinaryElementwiseMatchesCpu) {
  typedef TypeParam Dtype;
  typedef void (*Binary)(const int, const Dtype*, const Dtype*, Dtype*);
  const std::vector<std::pair<Binary, Binary> > functions = {
      {caffe_add<Dtype>, caffe_gpu_add<Dtype>},
      {caffe_sub<Dtype>, caffe_gpu_sub<Dtype>},
      {caffe_mul<Dtype>, caffe_gpu_mul<Dtype>},
      {caffe_div<Dtype>, caffe_gpu_div<Dtype>}};
  for (const auto& [cpu, gpu] : functions) {
    cpu(this->kCount, this->a_.cpu_data(), this->b_.cpu_data(),
        this->expected_.data());
    gpu(this->kCount, this->a_.gpu_data(), this->b_.gpu_data(),
        this->out_.mutable_gpu_data());
    this->ExpectOutputNear();
  }
}

TYPED_TEST(GpuMathTest, UnaryElementwiseMatchesCpu) {
  typedef TypeParam Dtype;
  typedef void (*Unary)(const int, const Dtype*, Dtype*);
  // Functions that need a positive argument read b, the others a.
  struct Case {
    Unary cpu, gpu;
    bool positive_input;
  };
  const std::vector<Case> cases = {
      {caffe_abs<Dtype>, caffe_gpu_abs<Dtype>, false},
      {caffe_exp<Dtype>, caffe_gpu_exp<Dtype>, false},
      {caffe_log<Dtype>, caffe_gpu_log<Dtype>, true},
      {caffe_sqrt<Dtype>, caffe_gpu_sqrt<Dtype>, true},
      {caffe_cpu_sign<Dtype>, caffe_gpu_sign<Dtype>, false},
      {caffe_cpu_sgnbit<Dtype>, caffe_gpu_sgnbit<Dtype>, false},
      {caffe_cpu_fabs<Dtype>, caffe_gpu_fabs<Dtype>, false}};
  for (const Case& c : cases) {
    const Blob<Dtype>& input = c.positive_input ? this->b_ : this->a_;
    c.cpu(this->kCount, input.cpu_data(), this->expected_.data());
    c.gpu(this->kCount, input.gpu_data(), this->out_.mutable_gpu_data());
    this->ExpectOutputNear();
  }
  caffe_powx<Dtype>(this->kCount, this->b_.cpu_data(), 1.5,
                    this->expected_.data());
  caffe_gpu_powx<Dtype>(this->kCount, this->b_.gpu_data(), 1.5,
                        this->out_.mutable_gpu_data());
  this->ExpectOutputNear();
}

TYPED_TEST(GpuMathTest, SignHandlesZeroAndNegativeZero) {
  typedef TypeParam Dtype;
  Dtype* a = this->a_.mutable_cpu_data();
  a[0] = Dtype(0);
  a[1] = -Dtype(0);
  caffe_gpu_sign<Dtype>(2, this->a_.gpu_data(), this->out_.mutable_gpu_data());
  EXPECT_EQ(0, this->out_.cpu_data()[0]);
  EXPECT_EQ(0, this->out_.cpu_data()[1]);
  caffe_gpu_sgnbit<Dtype>(2, this->a_.gpu_data(),
                          this->out_.mutable_gpu_data());
  EXPECT_EQ(0, this->out_.cpu_data()[0]);
  EXPECT_EQ(1, this->out_.cpu_data()[1]);
}

TYPED_TEST(GpuMathTest, UniformDrawsStayInRangeAndRepeatWithTheSeed) {
  typedef TypeParam Dtype;
  const int n = this->kCount;
  Caffe::set_random_seed(5);
  caffe_gpu_rng_uniform<Dtype>(n, -3, 7, this->out_.mutable_gpu_data());
  const std::vector<Dtype> first(this->out_.cpu_data(),
                                 this->out_.cpu_data() + n);
  Dtype sum = 0;
  for (Dtype value : first) {
    EXPECT_GE(value, -3);
    EXPECT_LE(value, 7);
    sum += value;
  }
  EXPECT_NEAR(2, sum / n, 1.0);  // the mean of 120 draws, sd about 0.26
  Caffe::set_random_seed(5);
  caffe_gpu_rng_uniform<Dtype>(n, -3, 7, this->out_.mutable_gpu_data());
  for (int i = 0; i < n; ++i) EXPECT_EQ(first[i], this->out_.cpu_data()[i]);
}

TYPED_TEST(GpuMathTest, GaussianDrawsHaveTheMomentsAskedForWithOddCounts) {
  typedef TypeParam Dtype;
  const int n = 1001;
  Blob<Dtype> draws(std::vector<int>{n});
  caffe_gpu_rng_gaussian<Dtype>(n, 2, 0.5, draws.mutable_gpu_data());
  const Dtype* r = draws.cpu_data();
  Dtype sum = 0, sum_sq = 0;
  for (int i = 0; i < n; ++i) {
    sum += r[i];
    sum_sq += (r[i] - 2) * (r[i] - 2);
  }
  EXPECT_NEAR(2, sum / n, 0.1);
  EXPECT_NEAR(0.5, std::sqrt(sum_sq / n), 0.1);
  EXPECT_NE(r[n - 2], r[n - 1]);  // the odd last draw is a fresh one
}

TYPED_TEST(GpuMathTest, BernoulliDrawsHitTheProbability) {
  typedef TypeParam Dtype;
  const int n = 1000;
  SyncedMemory draws(n * sizeof(int));
  for (Dtype p : {Dtype(0), Dtype(0.3), Dtype(1)}) {
    caffe_gpu_rng_bernoulli<Dtype>(n, p,
                                   static_cast<int*>(draws.mutable_gpu_data()));
    const int* values = static_cast<const int*>(draws.cpu_data());
    int ones = 0;
    for (int i = 0; i < n; ++i) {
      const int value = values[i];
      ASSERT_TRUE(value == 0 || value == 1) << value;
      ones += value;
    }
    EXPECT_NEAR(p, Dtype(ones) / n, 0.06) << "p = " << p;
  }
}

TEST(GpuIntegerMathTest, SetAndRandomBitsWorkOnIntegers) {
  if (!GpuAvailable()) GTEST_SKIP() << "no GPU on this machine";
  Caffe::set_mode(Caffe::GPU);
  SyncedMemory bits(64 * sizeof(unsigned int));
  auto device_bits = [&bits] {
    return static_cast<unsigned int*>(bits.mutable_gpu_data());
  };
  auto host_bits = [&bits] {
    return static_cast<const unsigned int*>(bits.cpu_data());
  };
  caffe_gpu_set<unsigned int>(64, 7u, device_bits());
  for (int i = 0; i < 64; ++i) EXPECT_EQ(7u, host_bits()[i]);
  caffe_gpu_rng_uniform(64, device_bits());
  int sevens = 0;
  for (int i = 0; i < 64; ++i) sevens += host_bits()[i] == 7u;
  EXPECT_LT(sevens, 64);
  Caffe::set_mode(Caffe::CPU);
}

TEST(GpuContextTest, RejectsMissingDevices) {
  int count = 0;
  if (cudaGetDeviceCount(&count) != cudaSuccess) {
    cudaGetLastError();
    count = 0;
  }
  try {
    Caffe::SetDevice(count);
    FAIL() << "SetDevice(" << count << ") should have thrown";
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find("GPU " + std::to_string(count)),
              std::string::npos)
        << error.what();
  }
  EXPECT_THROW(Caffe::SetDevice(-1), Error);
  EXPECT_FALSE(Caffe::CheckDevice(count));
  EXPECT_EQ(-1, Caffe::FindDevice(count));
}

TEST(GpuContextTest, GpuModeWithoutDeviceThrowsAndCpuModeKeepsWorking) {
  if (GpuAvailable()) GTEST_SKIP() << "this machine has a GPU";
  try {
    Caffe::set_mode(Caffe::GPU);
    FAIL() << "set_mode(GPU) should have thrown";
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find("CUDA device"), std::string::npos)
        << error.what();
  }
  EXPECT_EQ(Caffe::CPU, Caffe::mode());
  Caffe::DeviceQuery();  // reports the absence instead of failing
  EXPECT_EQ(-1, Caffe::FindDevice());
  // Seeding touches no device when none was used.
  Caffe::set_random_seed(3);
  Blob<float> blob(2, 3, 4, 5);
  caffe_rng_uniform<float>(blob.count(), 0, 1, blob.mutable_cpu_data());
  EXPECT_GT(blob.asum_data(), 0);
}

}  // namespace caffe

#endif  // !CPU_ONLY

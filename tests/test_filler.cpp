#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "caffe/blob.hpp"
#include "caffe/filler.hpp"
#include "support/error_message.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {

namespace {

FillerParameter FillerParam(const string& type) {
  FillerParameter param;
  param.set_type(type);
  return param;
}

// Sample statistics of a set of values.
struct Stats {
  double mean = 0;
  double std = 0;
  double min = INFINITY;
  double max = -INFINITY;
};

template <typename Dtype>
Stats ComputeStats(const Dtype* data, int count) {
  Stats stats;
  for (int i = 0; i < count; ++i) {
    stats.mean += data[i];
    stats.min = std::min<double>(stats.min, data[i]);
    stats.max = std::max<double>(stats.max, data[i]);
  }
  stats.mean /= count;
  for (int i = 0; i < count; ++i) {
    stats.std += (data[i] - stats.mean) * (data[i] - stats.mean);
  }
  stats.std = std::sqrt(stats.std / count);
  return stats;
}

}  // namespace

template <typename Dtype>
class FillerTest : public ::testing::Test {
 protected:
  // 20000 values: sample means and standard deviations are within a few
  // percent of the expected ones.
  FillerTest() : blob_(new Blob<Dtype>(50, 40, 2, 5)) {
    Caffe::set_random_seed(1701);
  }

  Stats Fill(const FillerParameter& param) {
    std::unique_ptr<Filler<Dtype> > filler(GetFiller<Dtype>(param));
    filler->Fill(blob_.get());
    return ComputeStats(blob_->cpu_data(), blob_->count());
  }

  // Checks a zero-mean fill whose standard deviation should be std.
  void ExpectZeroMeanStd(const Stats& stats, double std) {
    EXPECT_NEAR(0, stats.mean, 0.05 * std);
    EXPECT_NEAR(std, stats.std, 0.03 * std);
  }

  string FillError(const FillerParameter& param) {
    return ErrorMessage([&] { Fill(param); });
  }

  std::unique_ptr<Blob<Dtype> > blob_;
};

TYPED_TEST_SUITE(FillerTest, TestDtypes);

TYPED_TEST(FillerTest, TestConstant) {
  FillerParameter param = FillerParam("constant");
  param.set_value(10.5);
  const Stats stats = this->Fill(param);
  EXPECT_EQ(10.5, stats.min);
  EXPECT_EQ(10.5, stats.max);
}

TYPED_TEST(FillerTest, TestDefaultIsConstantZero) {
  const Stats stats = this->Fill(FillerParameter());
  EXPECT_EQ(0, stats.min);
  EXPECT_EQ(0, stats.max);
}

TYPED_TEST(FillerTest, TestUniform) {
  FillerParameter param = FillerParam("uniform");
  param.set_min(-3);
  param.set_max(5);
  const Stats stats = this->Fill(param);
  EXPECT_GE(stats.min, -3);
  EXPECT_LE(stats.max, 5);
  // The range is covered: the extremes of 20000 draws lie near the ends.
  EXPECT_LT(stats.min, -2.99);
  EXPECT_GT(stats.max, 4.99);
  EXPECT_NEAR(1, stats.mean, 0.05);
  EXPECT_NEAR(8 / std::sqrt(12.0), stats.std, 0.03 * 8 / std::sqrt(12.0));
}

TYPED_TEST(FillerTest, TestGaussian) {
  FillerParameter param = FillerParam("gaussian");
  param.set_mean(10);
  param.set_std(0.5);
  const Stats stats = this->Fill(param);
  EXPECT_NEAR(10, stats.mean, 0.02);
  EXPECT_NEAR(0.5, stats.std, 0.015);
  // 20000 normal draws stay within 5 standard deviations.
  EXPECT_GT(stats.min, 10 - 5 * 0.5);
  EXPECT_LT(stats.max, 10 + 5 * 0.5);
}

TYPED_TEST(FillerTest, TestGaussianSparse) {
  typedef TypeParam Dtype;
  FillerParameter param = FillerParam("gaussian");
  param.set_std(2);
  param.set_sparse(15);  // keep each weight with probability 15 / 50
  this->Fill(param);
  const Dtype* data = this->blob_->cpu_data();
  vector<Dtype> non_zero;
  for (int i = 0; i < this->blob_->count(); ++i) {
    if (data[i] != 0) non_zero.push_back(data[i]);
  }
  EXPECT_NEAR(0.3, double(non_zero.size()) / this->blob_->count(), 0.02);
  const Stats stats = ComputeStats(non_zero.data(), non_zero.size());
  EXPECT_NEAR(0, stats.mean, 0.1);
  EXPECT_NEAR(2, stats.std, 0.1);
}

TYPED_TEST(FillerTest, TestGaussianSparseOneAxis) {
  typedef TypeParam Dtype;
  Blob<Dtype> blob(vector<int>{20});
  FillerParameter param = FillerParam("gaussian");
  param.set_sparse(0);
  GaussianFiller<Dtype> filler(param);
  filler.Fill(&blob);
  EXPECT_EQ(Dtype(0), blob.asum_data());
}

TYPED_TEST(FillerTest, TestPositiveUnitball) {
  typedef TypeParam Dtype;
  const Stats stats = this->Fill(FillerParam("positive_unitball"));
  EXPECT_GE(stats.min, 0);
  EXPECT_LE(stats.max, 1);
  const int num = this->blob_->shape(0);
  const int dim = this->blob_->count() / num;
  const Dtype* data = this->blob_->cpu_data();
  for (int i = 0; i < num; ++i) {
    double row_sum = 0;
    for (int j = 0; j < dim; ++j) row_sum += data[i * dim + j];
    EXPECT_NEAR(1, row_sum, 1e-5);
  }
}

// Blob 50 x 40 x 2 x 5: fan_in = 400, fan_out = 500, average = 450.
TYPED_TEST(FillerTest, TestXavier) {
  const double fans[] = {400, 500, 450};
  const FillerParameter_VarianceNorm norms[] = {
      FillerParameter_VarianceNorm_FAN_IN, FillerParameter_VarianceNorm_FAN_OUT,
      FillerParameter_VarianceNorm_AVERAGE};
  for (int k = 0; k < 3; ++k) {
    FillerParameter param = FillerParam("xavier");
    param.set_variance_norm(norms[k]);
    const Stats stats = this->Fill(param);
    const double scale = std::sqrt(3 / fans[k]);
    EXPECT_GE(stats.min, -scale);
    EXPECT_LE(stats.max, scale);
    EXPECT_LT(stats.max, scale) << "variance_norm " << norms[k];
    EXPECT_GT(stats.max, 0.99 * scale) << "variance_norm " << norms[k];
    this->ExpectZeroMeanStd(stats, std::sqrt(1 / fans[k]));
  }
}

TYPED_TEST(FillerTest, TestMSRA) {
  const double fans[] = {400, 500, 450};
  const FillerParameter_VarianceNorm norms[] = {
      FillerParameter_VarianceNorm_FAN_IN, FillerParameter_VarianceNorm_FAN_OUT,
      FillerParameter_VarianceNorm_AVERAGE};
  for (int k = 0; k < 3; ++k) {
    FillerParameter param = FillerParam("msra");
    param.set_variance_norm(norms[k]);
    const Stats stats = this->Fill(param);
    this->ExpectZeroMeanStd(stats, std::sqrt(2 / fans[k]));
  }
}

TYPED_TEST(FillerTest, TestXavierOneAxis) {
  // A 1-D blob of n values has fan_in = n / n = 1 and fan_out = n.
  this->blob_->Reshape(vector<int>{20000});
  Stats stats = this->Fill(FillerParam("xavier"));
  EXPECT_LE(stats.max, std::sqrt(3.0));
  this->ExpectZeroMeanStd(stats, 1);
  FillerParameter fan_out = FillerParam("xavier");
  fan_out.set_variance_norm(FillerParameter_VarianceNorm_FAN_OUT);
  stats = this->Fill(fan_out);
  EXPECT_LE(stats.max, std::sqrt(3.0 / 20000));
  this->ExpectZeroMeanStd(stats, std::sqrt(1.0 / 20000));
}

TYPED_TEST(FillerTest, TestFanFillersOnAnEmptyBlob) {
  // Weights for an input without channels: 3 x 0 x 3 x 3. Nothing to fill,
  // and no division by the zero channel count (found by fuzz_net_prototxt).
  typedef TypeParam Dtype;
  Blob<Dtype> empty(vector<int>{3, 0, 3, 3});
  for (const char* type : {"xavier", "msra"}) {
    for (auto norm : {FillerParameter_VarianceNorm_FAN_IN,
                      FillerParameter_VarianceNorm_FAN_OUT,
                      FillerParameter_VarianceNorm_AVERAGE}) {
      FillerParameter param = FillerParam(type);
      param.set_variance_norm(norm);
      std::unique_ptr<Filler<Dtype> > filler(GetFiller<Dtype>(param));
      filler->Fill(&empty);
      EXPECT_EQ(empty.count(), 0);
    }
  }
}

TYPED_TEST(FillerTest, TestBilinear) {
  typedef TypeParam Dtype;
  // Per-axis weights 1 - |x / f - c|, f = ceil(K / 2), c = (K - 1) / (2f),
  // worked out by hand.
  const vector<vector<double> > weights = {
      {1},
      {0.5, 0.5},
      {0.5, 1, 0.5},
      {0.25, 0.75, 0.75, 0.25},
      {1. / 3, 2. / 3, 1, 2. / 3, 1. / 3},
      {1. / 6, 0.5, 5. / 6, 5. / 6, 0.5, 1. / 6},
      {0.25, 0.5, 0.75, 1, 0.75, 0.5, 0.25},
  };
  for (const vector<double>& w : weights) {
    const int k = static_cast<int>(w.size());
    Blob<Dtype> blob(2, 3, k, k);
    BilinearFiller<Dtype> filler(FillerParam("bilinear"));
    filler.Fill(&blob);
    for (int n = 0; n < 2; ++n) {
      for (int c = 0; c < 3; ++c) {
        for (int y = 0; y < k; ++y) {
          for (int x = 0; x < k; ++x) {
            EXPECT_NEAR(w[y] * w[x], blob.data_at(n, c, y, x), 1e-6)
                << "K = " << k << ", y = " << y << ", x = " << x;
          }
        }
      }
    }
  }
}

TYPED_TEST(FillerTest, TestBilinearBadShapes) {
  typedef TypeParam Dtype;
  BilinearFiller<Dtype> filler(FillerParam("bilinear"));
  Blob<Dtype> three_axes(vector<int>{2, 4, 4});
  EXPECT_NE(string::npos,
            ErrorMessage([&] { filler.Fill(&three_axes); }).find("2 4 4"));
  Blob<Dtype> not_square(1, 1, 3, 4);
  EXPECT_NE(string::npos,
            ErrorMessage([&] { filler.Fill(&not_square); }).find("square"));
}

TYPED_TEST(FillerTest, TestSparseOnlyForGaussian) {
  for (const char* type :
       {"constant", "uniform", "positive_unitball", "xavier", "msra"}) {
    FillerParameter param = FillerParam(type);
    param.set_sparse(3);
    EXPECT_NE(string::npos, this->FillError(param).find("sparse")) << type;
  }
}

TYPED_TEST(FillerTest, TestBadParameters) {
  FillerParameter uniform = FillerParam("uniform");
  uniform.set_min(2);
  uniform.set_max(1);
  EXPECT_NE(string::npos, this->FillError(uniform).find("min 2"));

  FillerParameter gaussian = FillerParam("gaussian");
  gaussian.set_std(0);
  EXPECT_NE(string::npos, this->FillError(gaussian).find("std"));

  FillerParameter too_sparse = FillerParam("gaussian");
  too_sparse.set_sparse(51);  // axis 0 has 50
  const string message = this->FillError(too_sparse);
  EXPECT_NE(string::npos, message.find("sparse 51")) << message;
  EXPECT_NE(string::npos, message.find("50 40 2 5")) << message;

  FillerParameter negative_sparse = FillerParam("gaussian");
  negative_sparse.set_sparse(-2);
  EXPECT_NE(string::npos, this->FillError(negative_sparse).find("sparse -2"));
}

TYPED_TEST(FillerTest, TestUnknownType) {
  typedef TypeParam Dtype;
  const string message =
      ErrorMessage([] { delete GetFiller<Dtype>(FillerParam("glitter")); });
  EXPECT_NE(string::npos, message.find("\"glitter\"")) << message;
  EXPECT_THROW(delete GetFiller<Dtype>(FillerParam("Gaussian")), Error);
}

}  // namespace caffe

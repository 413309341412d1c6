#ifndef CAFFE_FILLER_HPP_
#define CAFFE_FILLER_HPP_

#include <cmath>
#include <string>

#include "caffe/blob.hpp"
#include "caffe/proto/caffe.pb.h"
#include "caffe/syncedmem.hpp"
#include "caffe/util/math_functions.hpp"

namespace caffe {

// Initialises a blob's data, typically a layer's weights.
template <typename Dtype>
class Filler {
 public:
  explicit Filler(const FillerParameter& param) : filler_param_(param) {}
  virtual ~Filler() = default;
  virtual void Fill(Blob<Dtype>* blob) = 0;

 protected:
  // fan_in = count / num, fan_out = count / channels, as Caffe counts them.
  // A blob with a zero-sized axis (a net whose input has no channels) has
  // nothing to fill, and its fans would divide by zero.
  Dtype ScaleDenominator(const Blob<Dtype>& blob) const {
    if (blob.count() == 0) return 1;
    const int fan_in = blob.count() / blob.shape(0);
    const int fan_out = blob.num_axes() > 1
                            ? blob.count() / blob.shape(1)
                            : blob.count();
    switch (filler_param_.variance_norm()) {
      case FillerParameter_VarianceNorm_AVERAGE:
        return (fan_in + fan_out) / Dtype(2);
      case FillerParameter_VarianceNorm_FAN_OUT:
        return fan_out;
      default:
        return fan_in;
    }
  }

  // "sparse: k" keeps each weight with probability k / num_outputs.
  void Sparsify(Blob<Dtype>* blob) const {
    const int sparse = filler_param_.sparse();
    if (sparse == -1) return;
    CAFFE_REQUIRE(blob->num_axes() >= 1)
        << "the sparse filler needs a blob of at least 1 axis";
    const int num_outputs = blob->shape(0);
    CAFFE_REQUIRE(sparse >= 0 && sparse <= num_outputs)
        << "sparse " << sparse << " must be -1 (off) or in [0, "
        << num_outputs << "], the size of axis 0 of the blob of shape "
        << blob->shape_string();
    const Dtype non_zero_probability = Dtype(sparse) / Dtype(num_outputs);
    vector<int> mask(blob->count());
    caffe_rng_bernoulli(blob->count(), non_zero_probability, mask.data());
    Dtype* data = blob->mutable_cpu_data();
    for (int i = 0; i < blob->count(); ++i) data[i] *= mask[i];
  }

  FillerParameter filler_param_;
};

// Every value = value.
template <typename Dtype>
class ConstantFiller : public Filler<Dtype> {
 public:
  explicit ConstantFiller(const FillerParameter& param) : Filler<Dtype>(param) {}
  void Fill(Blob<Dtype>* blob) override {
    caffe_set(blob->count(), Dtype(this->filler_param_.value()),
              blob->mutable_cpu_data());
    CAFFE_REQUIRE(this->filler_param_.sparse() == -1)
        << "sparse is not supported by the constant filler";
  }
};

// Uniform on [min, max].
template <typename Dtype>
class UniformFiller : public Filler<Dtype> {
 public:
  explicit UniformFiller(const FillerParameter& param) : Filler<Dtype>(param) {}
  void Fill(Blob<Dtype>* blob) override {
    CAFFE_REQUIRE(this->filler_param_.min() <= this->filler_param_.max())
        << "uniform filler min " << this->filler_param_.min()
        << " is greater than max " << this->filler_param_.max();
    caffe_rng_uniform<Dtype>(blob->count(), Dtype(this->filler_param_.min()),
                             Dtype(this->filler_param_.max()),
                             blob->mutable_cpu_data());
    CAFFE_REQUIRE(this->filler_param_.sparse() == -1)
        << "sparse is not supported by the uniform filler";
  }
};

// Normal(mean, std), optionally sparsified.
template <typename Dtype>
class GaussianFiller : public Filler<Dtype> {
 public:
  explicit GaussianFiller(const FillerParameter& param) : Filler<Dtype>(param) {}
  void Fill(Blob<Dtype>* blob) override {
    CAFFE_REQUIRE(this->filler_param_.std() > 0)
        << "gaussian filler std must be positive, got "
        << this->filler_param_.std();
    caffe_rng_gaussian<Dtype>(blob->count(), Dtype(this->filler_param_.mean()),
                              Dtype(this->filler_param_.std()),
                              blob->mutable_cpu_data());
    this->Sparsify(blob);
  }
};

// Uniform on [0, 1], then each row (everything after axis 0) scaled to sum
// to one.
template <typename Dtype>
class PositiveUnitballFiller : public Filler<Dtype> {
 public:
  explicit PositiveUnitballFiller(const FillerParameter& param)
      : Filler<Dtype>(param) {}
  void Fill(Blob<Dtype>* blob) override {
    Dtype* data = blob->mutable_cpu_data();
    caffe_rng_uniform<Dtype>(blob->count(), 0, 1, data);
    const int num = blob->shape(0);
    const int dim = blob->count() / num;
    for (int i = 0; i < num; ++i) {
      Dtype sum = 0;
      for (int j = 0; j < dim; ++j) sum += data[i * dim + j];
      for (int j = 0; j < dim; ++j) data[i * dim + j] /= sum;
    }
    CAFFE_REQUIRE(this->filler_param_.sparse() == -1)
        << "sparse is not supported by the positive_unitball filler";
  }
};

// Glorot & Bengio: uniform on [-sqrt(3 / n), sqrt(3 / n)], n chosen by
// variance_norm (fan_in by default).
template <typename Dtype>
class XavierFiller : public Filler<Dtype> {
 public:
  explicit XavierFiller(const FillerParameter& param) : Filler<Dtype>(param) {}
  void Fill(Blob<Dtype>* blob) override {
    const Dtype scale = std::sqrt(Dtype(3) / this->ScaleDenominator(*blob));
    caffe_rng_uniform<Dtype>(blob->count(), -scale, scale,
                             blob->mutable_cpu_data());
    CAFFE_REQUIRE(this->filler_param_.sparse() == -1)
        << "sparse is not supported by the xavier filler";
  }
};

// He et al.: Normal(0, sqrt(2 / n)), n chosen by variance_norm.
template <typename Dtype>
class MSRAFiller : public Filler<Dtype> {
 public:
  explicit MSRAFiller(const FillerParameter& param) : Filler<Dtype>(param) {}
  void Fill(Blob<Dtype>* blob) override {
    const Dtype std = std::sqrt(Dtype(2) / this->ScaleDenominator(*blob));
    caffe_rng_gaussian<Dtype>(blob->count(), Dtype(0), std,
                              blob->mutable_cpu_data());
    CAFFE_REQUIRE(this->filler_param_.sparse() == -1)
        << "sparse is not supported by the msra filler";
  }
};

// Bilinear upsampling kernels for Deconvolution: each K x K slice holds
// (1 - |x / f - c|) * (1 - |y / f - c|), f = ceil(K / 2),
// c = (K - 1) / (2f), symmetric for every K (Caffe's corrected formula).
template <typename Dtype>
class BilinearFiller : public Filler<Dtype> {
 public:
  explicit BilinearFiller(const FillerParameter& param) : Filler<Dtype>(param) {}
  void Fill(Blob<Dtype>* blob) override {
    CAFFE_REQUIRE(blob->num_axes() == 4)
        << "the bilinear filler needs a 4-D blob, got "
        << blob->shape_string();
    CAFFE_REQUIRE(blob->width() == blob->height())
        << "the bilinear filler needs square kernels, got "
        << blob->shape_string();
    Dtype* data = blob->mutable_cpu_data();
    const int f = static_cast<int>(std::ceil(blob->width() / 2.0));
    const Dtype c = (blob->width() - 1) / (2.0 * f);
    for (int i = 0; i < blob->count(); ++i) {
      const Dtype x = i % blob->width();
      const Dtype y = (i / blob->width()) % blob->height();
      data[i] = (1 - std::fabs(x / f - c)) * (1 - std::fabs(y / f - c));
    }
    CAFFE_REQUIRE(this->filler_param_.sparse() == -1)
        << "sparse is not supported by the bilinear filler";
  }
};

// Creates the filler named by param.type(); an unknown name is a user error.
template <typename Dtype>
Filler<Dtype>* GetFiller(const FillerParameter& param) {
  const std::string& type = param.type();
  if (type == "constant") return new ConstantFiller<Dtype>(param);
  if (type == "gaussian") return new GaussianFiller<Dtype>(param);
  if (type == "positive_unitball") return new PositiveUnitballFiller<Dtype>(param);
  if (type == "uniform") return new UniformFiller<Dtype>(param);
  if (type == "xavier") return new XavierFiller<Dtype>(param);
  if (type == "msra") return new MSRAFiller<Dtype>(param);
  if (type == "bilinear") return new BilinearFiller<Dtype>(param);
  CAFFE_THROW() << "unknown filler type \"" << type
                << "\"; known: constant, gaussian, positive_unitball, "
                   "uniform, xavier, msra, bilinear";
}

}  // namespace caffe

#endif  // CAFFE_FILLER_HPP_

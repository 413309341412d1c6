// The caffe_gpu_* functions that need kernels; the ones that are single
// cuBLAS calls are in math_functions_gpu.cpp.
#include "caffe/util/elementwise.cuh"
#include "caffe/util/math_functions.hpp"

namespace caffe {

namespace {

template <typename Dtype>
struct Constant {
  Dtype value;
  __device__ Dtype operator()() const { return value; }
};

template <typename Dtype>
struct AddScalar {
  Dtype alpha;
  __device__ Dtype operator()(const Dtype x) const { return x + alpha; }
};

struct Add {
  template <typename Dtype>
  __device__ Dtype operator()(const Dtype a, const Dtype b) const {
    return a + b;
  }
};

struct Sub {
  template <typename Dtype>
  __device__ Dtype operator()(const Dtype a, const Dtype b) const {
    return a - b;
  }
};

struct Mul {
  template <typename Dtype>
  __device__ Dtype operator()(const Dtype a, const Dtype b) const {
    return a * b;
  }
};

struct Div {
  template <typename Dtype>
  __device__ Dtype operator()(const Dtype a, const Dtype b) const {
    return a / b;
  }
};

struct Abs {
  template <typename Dtype>
  __device__ Dtype operator()(const Dtype x) const {
    return fabs(x);
  }
};

struct Exp {
  template <typename Dtype>
  __device__ Dtype operator()(const Dtype x) const {
    return exp(x);
  }
};

struct Log {
  template <typename Dtype>
  __device__ Dtype operator()(const Dtype x) const {
    return log(x);
  }
};

struct Sqrt {
  template <typename Dtype>
  __device__ Dtype operator()(const Dtype x) const {
    return sqrt(x);
  }
};

template <typename Dtype>
struct Pow {
  Dtype exponent;
  __device__ Dtype operator()(const Dtype x) const { return pow(x, exponent); }
};

struct Sign {
  template <typename Dtype>
  __device__ Dtype operator()(const Dtype x) const {
    return Dtype((Dtype(0) < x) - (x < Dtype(0)));
  }
};

struct SignBit {
  template <typename Dtype>
  __device__ Dtype operator()(const Dtype x) const {
    return Dtype(signbit(x));
  }
};

// Maps cuRAND's uniform (0, 1] onto (a, b].
template <typename Dtype>
struct Affine {
  Dtype scale, shift;
  __device__ Dtype operator()(const Dtype u) const { return u * scale + shift; }
};

// 1 with probability p for a uniform 32-bit draw.
struct BelowThreshold {
  double threshold;  // p * 2^32
  __device__ int operator()(const unsigned int draw) const {
    return double(draw) < threshold ? 1 : 0;
  }
};

curandStatus_t generate_uniform(curandGenerator_t gen, float* r, size_t n) {
  return curandGenerateUniform(gen, r, n);
}
curandStatus_t generate_uniform(curandGenerator_t gen, double* r, size_t n) {
  return curandGenerateUniformDouble(gen, r, n);
}
curandStatus_t generate_normal(curandGenerator_t gen, float* r, size_t n,
                               float mu, float sigma) {
  return curandGenerateNormal(gen, r, n, mu, sigma);
}
curandStatus_t generate_normal(curandGenerator_t gen, double* r, size_t n,
                               double mu, double sigma) {
  return curandGenerateNormalDouble(gen, r, n, mu, sigma);
}

}  // namespace

template <typename Dtype>
void caffe_gpu_set(const int N, const Dtype alpha, Dtype* Y) {
  if (alpha == Dtype(0)) {
    CUDA_CHECK(cudaMemset(Y, 0, sizeof(Dtype) * N));
    return;
  }
  elementwise_gpu_apply(N, Constant<Dtype>{alpha}, Y);
}

template <typename Dtype>
void caffe_gpu_add_scalar(const int N, const Dtype alpha, Dtype* Y) {
  elementwise_gpu(N, AddScalar<Dtype>{alpha}, Y, Y);
}

template <typename Dtype>
void caffe_gpu_add(const int N, const Dtype* a, const Dtype* b, Dtype* y) {
  elementwise_gpu(N, Add(), a, b, y);
}

template <typename Dtype>
void caffe_gpu_sub(const int N, const Dtype* a, const Dtype* b, Dtype* y) {
  elementwise_gpu(N, Sub(), a, b, y);
}

template <typename Dtype>
void caffe_gpu_mul(const int N, const Dtype* a, const Dtype* b, Dtype* y) {
  elementwise_gpu(N, Mul(), a, b, y);
}

template <typename Dtype>
void caffe_gpu_div(const int N, const Dtype* a, const Dtype* b, Dtype* y) {
  elementwise_gpu(N, Div(), a, b, y);
}

template <typename Dtype>
void caffe_gpu_abs(const int n, const Dtype* a, Dtype* y) {
  elementwise_gpu(n, Abs(), a, y);
}

template <typename Dtype>
void caffe_gpu_exp(const int n, const Dtype* a, Dtype* y) {
  elementwise_gpu(n, Exp(), a, y);
}

template <typename Dtype>
void caffe_gpu_log(const int n, const Dtype* a, Dtype* y) {
  elementwise_gpu(n, Log(), a, y);
}

template <typename Dtype>
void caffe_gpu_powx(const int n, const Dtype* a, const Dtype b, Dtype* y) {
  elementwise_gpu(n, Pow<Dtype>{b}, a, y);
}

template <typename Dtype>
void caffe_gpu_sqrt(const int n, const Dtype* a, Dtype* y) {
  elementwise_gpu(n, Sqrt(), a, y);
}

template <typename Dtype>
void caffe_gpu_sign(const int n, const Dtype* x, Dtype* y) {
  elementwise_gpu(n, Sign(), x, y);
}

template <typename Dtype>
void caffe_gpu_sgnbit(const int n, const Dtype* x, Dtype* y) {
  elementwise_gpu(n, SignBit(), x, y);
}

template <typename Dtype>
void caffe_gpu_fabs(const int n, const Dtype* x, Dtype* y) {
  elementwise_gpu(n, Abs(), x, y);
}

template <typename Dtype>
void caffe_gpu_rng_uniform(const int n, const Dtype a, const Dtype b,
                           Dtype* r) {
  CHECK_GE(n, 0);
  CHECK_LE(a, b);
  if (n == 0) return;
  CURAND_CHECK(generate_uniform(Caffe::curand_generator(), r, n));
  if (a != Dtype(0) || b != Dtype(1)) {
    elementwise_gpu(n, Affine<Dtype>{b - a, a}, r, r);
  }
}

template <typename Dtype>
void caffe_gpu_rng_gaussian(const int n, const Dtype mu, const Dtype sigma,
                            Dtype* r) {
  CHECK_GE(n, 0);
  CHECK_GT(sigma, 0);
  // cuRAND's pseudo-random normals come in pairs (Box-Muller), so an odd
  // count draws its last value into a two-element scratch buffer.
  const int even = n - n % 2;
  curandGenerator_t generator = Caffe::curand_generator();
  if (even > 0) CURAND_CHECK(generate_normal(generator, r, even, mu, sigma));
  if (even == n) return;
  Dtype* pair = nullptr;
  CUDA_CHECK(cudaMalloc(&pair, 2 * sizeof(Dtype)));
  CURAND_CHECK(generate_normal(generator, pair, 2, mu, sigma));
  CUDA_CHECK(cudaMemcpy(r + even, pair, sizeof(Dtype), cudaMemcpyDefault));
  CUDA_CHECK(cudaFree(pair));
}

template <typename Dtype>
void caffe_gpu_rng_bernoulli(const int n, const Dtype p, int* r) {
  CHECK_GE(p, 0);
  CHECK_LE(p, 1);
  // Draw 32-bit integers into r itself, then threshold them in place.
  unsigned int* draws = reinterpret_cast<unsigned int*>(r);
  caffe_gpu_rng_uniform(n, draws);
  const double threshold = static_cast<double>(p) * 4294967296.0;
  elementwise_gpu_apply(n, BelowThreshold{threshold}, r,
                        static_cast<const unsigned int*>(draws));
}

template void caffe_gpu_set<int>(const int, const int, int*);
template void caffe_gpu_set<unsigned int>(const int, const unsigned int,
                                          unsigned int*);

#define INSTANTIATE_GPU_KERNEL_MATH(Dtype)                                   \
  template void caffe_gpu_set<Dtype>(const int, const Dtype, Dtype*);        \
  template void caffe_gpu_add_scalar<Dtype>(const int, const Dtype, Dtype*); \
  template void caffe_gpu_add<Dtype>(const int, const Dtype*, const Dtype*,  \
                                     Dtype*);                                \
  template void caffe_gpu_sub<Dtype>(const int, const Dtype*, const Dtype*,  \
                                     Dtype*);                                \
  template void caffe_gpu_mul<Dtype>(const int, const Dtype*, const Dtype*,  \
                                     Dtype*);                                \
  template void caffe_gpu_div<Dtype>(const int, const Dtype*, const Dtype*,  \
                                     Dtype*);                                \
  template void caffe_gpu_abs<Dtype>(const int, const Dtype*, Dtype*);       \
  template void caffe_gpu_exp<Dtype>(const int, const Dtype*, Dtype*);       \
  template void caffe_gpu_log<Dtype>(const int, const Dtype*, Dtype*);       \
  template void caffe_gpu_powx<Dtype>(const int, const Dtype*, const Dtype,  \
                                      Dtype*);                               \
  template void caffe_gpu_sqrt<Dtype>(const int, const Dtype*, Dtype*);      \
  template void caffe_gpu_sign<Dtype>(const int, const Dtype*, Dtype*);      \
  template void caffe_gpu_sgnbit<Dtype>(const int, const Dtype*, Dtype*);    \
  template void caffe_gpu_fabs<Dtype>(const int, const Dtype*, Dtype*);      \
  template void caffe_gpu_rng_uniform<Dtype>(const int, const Dtype,         \
                                             const Dtype, Dtype*);           \
  template void caffe_gpu_rng_gaussian<Dtype>(const int, const Dtype,        \
                                              const Dtype, Dtype*);          \
  template void caffe_gpu_rng_bernoulli<Dtype>(const int, const Dtype, int*)

INSTANTIATE_GPU_KERNEL_MATH(float);
INSTANTIATE_GPU_KERNEL_MATH(double);

}  // namespace caffe

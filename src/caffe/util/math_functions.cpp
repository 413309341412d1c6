#include "caffe/util/math_functions.hpp"

#include <dnnl.h>

#include <algorithm>
#include <limits>
#include <random>

#include "caffe/util/rng.hpp"

namespace caffe {

// Single-precision GEMM goes through oneDNN, which picks its kernels from the
// CPU's feature flags. Debian's OpenBLAS picks them from the CPU model and
// falls back to slow generic kernels on processors newer than itself.
template <>
void caffe_cpu_gemm<float>(const CBLAS_TRANSPOSE TransA,
                           const CBLAS_TRANSPOSE TransB, const int M,
                           const int N, const int K, const float alpha,
                           const float* A, const float* B, const float beta,
                           float* C) {
  // Leading dimensions must be at least 1 even for empty matrices (a blob
  // with a zero-sized axis); BLAS then just scales C by beta.
  const int lda = std::max(1, (TransA == CblasNoTrans) ? K : M);
  const int ldb = std::max(1, (TransB == CblasNoTrans) ? N : K);
  ApplyThreadCount();
  const dnnl_status_t status =
      dnnl_sgemm(TransA == CblasNoTrans ? 'N' : 'T',
                 TransB == CblasNoTrans ? 'N' : 'T', M, N, K, alpha, A, lda, B,
                 ldb, beta, C, std::max(1, N));
  CHECK_EQ(status, dnnl_success) << "dnnl_sgemm failed";
}

template <>
void caffe_cpu_gemm<double>(const CBLAS_TRANSPOSE TransA,
                            const CBLAS_TRANSPOSE TransB, const int M,
                            const int N, const int K, const double alpha,
                            const double* A, const double* B,
                            const double beta, double* C) {
  const int lda = std::max(1, (TransA == CblasNoTrans) ? K : M);
  const int ldb = std::max(1, (TransB == CblasNoTrans) ? N : K);
  cblas_dgemm(CblasRowMajor, TransA, TransB, M, N, K, alpha, A, lda, B, ldb,
              beta, C, std::max(1, N));
}

template <>
void caffe_cpu_gemv<float>(const CBLAS_TRANSPOSE TransA, const int M,
                           const int N, const float alpha, const float* A,
                           const float* x, const float beta, float* y) {
  cblas_sgemv(CblasRowMajor, TransA, M, N, alpha, A, std::max(1, N), x, 1,
              beta, y, 1);
}

template <>
void caffe_cpu_gemv<double>(const CBLAS_TRANSPOSE TransA, const int M,
                            const int N, const double alpha, const double* A,
                            const double* x, const double beta, double* y) {
  cblas_dgemv(CblasRowMajor, TransA, M, N, alpha, A, std::max(1, N), x, 1,
              beta, y, 1);
}

template <>
void caffe_axpy<float>(const int N, const float alpha, const float* X,
                       float* Y) {
  cblas_saxpy(N, alpha, X, 1, Y, 1);
}

template <>
void caffe_axpy<double>(const int N, const double alpha, const double* X,
                        double* Y) {
  cblas_daxpy(N, alpha, X, 1, Y, 1);
}

template <typename Dtype>
void caffe_cpu_axpby(const int N, const Dtype alpha, const Dtype* X,
                     const Dtype beta, Dtype* Y) {
  for (int i = 0; i < N; ++i) Y[i] = alpha * X[i] + beta * Y[i];
}

template <typename Dtype>
void caffe_set(const int N, const Dtype alpha, Dtype* Y) {
  if (alpha == 0) {
    memset(Y, 0, sizeof(Dtype) * N);  // NOLINT(caffe/alt_fn)
    return;
  }
  for (int i = 0; i < N; ++i) Y[i] = alpha;
}
template void caffe_set<int>(const int N, const int alpha, int* Y);
template void caffe_set<unsigned int>(const int N, const unsigned int alpha,
                                      unsigned int* Y);

template <typename Dtype>
void caffe_add_scalar(const int N, const Dtype alpha, Dtype* Y) {
  for (int i = 0; i < N; ++i) Y[i] += alpha;
}

template <typename Dtype>
void caffe_copy(const int N, const Dtype* X, Dtype* Y) {
  if (X == Y) return;
#ifndef CPU_ONLY
  if (Caffe::mode() == Caffe::GPU) {
    // cudaMemcpyDefault infers the direction from the pointers.
    CUDA_CHECK(cudaMemcpy(Y, X, sizeof(Dtype) * N, cudaMemcpyDefault));
    return;
  }
#endif
  memcpy(Y, X, sizeof(Dtype) * N);  // NOLINT(caffe/alt_fn)
}
template void caffe_copy<int>(const int N, const int* X, int* Y);
template void caffe_copy<unsigned int>(const int N, const unsigned int* X,
                                       unsigned int* Y);

template <typename Dtype>
void caffe_scal(const int N, const Dtype alpha, Dtype* X) {
  for (int i = 0; i < N; ++i) X[i] *= alpha;
}

template <typename Dtype>
void caffe_sqr(const int n, const Dtype* a, Dtype* y) {
  for (int i = 0; i < n; ++i) y[i] = a[i] * a[i];
}

template <typename Dtype>
void caffe_sqrt(const int n, const Dtype* a, Dtype* y) {
  for (int i = 0; i < n; ++i) y[i] = std::sqrt(a[i]);
}

template <typename Dtype>
void caffe_add(const int n, const Dtype* a, const Dtype* b, Dtype* y) {
  for (int i = 0; i < n; ++i) y[i] = a[i] + b[i];
}

template <typename Dtype>
void caffe_sub(const int n, const Dtype* a, const Dtype* b, Dtype* y) {
  for (int i = 0; i < n; ++i) y[i] = a[i] - b[i];
}

template <typename Dtype>
void caffe_mul(const int n, const Dtype* a, const Dtype* b, Dtype* y) {
  for (int i = 0; i < n; ++i) y[i] = a[i] * b[i];
}

template <typename Dtype>
void caffe_div(const int n, const Dtype* a, const Dtype* b, Dtype* y) {
  for (int i = 0; i < n; ++i) y[i] = a[i] / b[i];
}

template <typename Dtype>
void caffe_powx(const int n, const Dtype* a, const Dtype b, Dtype* y) {
  for (int i = 0; i < n; ++i) y[i] = std::pow(a[i], b);
}

template <typename Dtype>
void caffe_exp(const int n, const Dtype* a, Dtype* y) {
  for (int i = 0; i < n; ++i) y[i] = std::exp(a[i]);
}

template <typename Dtype>
void caffe_log(const int n, const Dtype* a, Dtype* y) {
  for (int i = 0; i < n; ++i) y[i] = std::log(a[i]);
}

template <typename Dtype>
void caffe_abs(const int n, const Dtype* a, Dtype* y) {
  for (int i = 0; i < n; ++i) y[i] = std::fabs(a[i]);
}

template <typename Dtype>
Dtype caffe_nextafter(const Dtype b) {
  return std::nextafter(b, std::numeric_limits<Dtype>::max());
}

unsigned int caffe_rng_rand() { return (*caffe_rng())(); }

template <typename Dtype>
void caffe_rng_uniform(const int n, const Dtype a, const Dtype b, Dtype* r) {
  CHECK_GE(n, 0);
  CHECK(r);
  CHECK_LE(a, b);
  // uniform_real_distribution draws from [a, b); nextafter keeps b itself
  // reachable for callers that ask for a closed range as Caffe's did.
  std::uniform_real_distribution<Dtype> distribution(a, caffe_nextafter<Dtype>(b));
  rng_t* rng = caffe_rng();
  for (int i = 0; i < n; ++i) r[i] = distribution(*rng);
}

template <typename Dtype>
void caffe_rng_gaussian(const int n, const Dtype mu, const Dtype sigma,
                        Dtype* r) {
  CHECK_GE(n, 0);
  CHECK(r);
  CHECK_GT(sigma, 0);
  std::normal_distribution<Dtype> distribution(mu, sigma);
  rng_t* rng = caffe_rng();
  for (int i = 0; i < n; ++i) r[i] = distribution(*rng);
}

template <typename Dtype, typename Out>
static void rng_bernoulli(const int n, const Dtype p, Out* r) {
  CHECK_GE(n, 0);
  CHECK(r);
  CHECK_GE(p, 0);
  CHECK_LE(p, 1);
  std::bernoulli_distribution distribution(p);
  rng_t* rng = caffe_rng();
  for (int i = 0; i < n; ++i) r[i] = distribution(*rng);
}

template <typename Dtype>
void caffe_rng_bernoulli(const int n, const Dtype p, int* r) {
  rng_bernoulli(n, p, r);
}

template <typename Dtype>
void caffe_rng_bernoulli(const int n, const Dtype p, unsigned int* r) {
  rng_bernoulli(n, p, r);
}

template <>
float caffe_cpu_strided_dot<float>(const int n, const float* x, const int incx,
                                   const float* y, const int incy) {
  return cblas_sdot(n, x, incx, y, incy);
}

template <>
double caffe_cpu_strided_dot<double>(const int n, const double* x,
                                     const int incx, const double* y,
                                     const int incy) {
  return cblas_ddot(n, x, incx, y, incy);
}

template <typename Dtype>
Dtype caffe_cpu_dot(const int n, const Dtype* x, const Dtype* y) {
  return caffe_cpu_strided_dot(n, x, 1, y, 1);
}

template <>
float caffe_cpu_asum<float>(const int n, const float* x) {
  return cblas_sasum(n, x, 1);
}

template <>
double caffe_cpu_asum<double>(const int n, const double* x) {
  return cblas_dasum(n, x, 1);
}

template <typename Dtype>
void caffe_cpu_sign(const int n, const Dtype* x, Dtype* y) {
  for (int i = 0; i < n; ++i) {
    y[i] = static_cast<Dtype>((Dtype(0) < x[i]) - (x[i] < Dtype(0)));
  }
}

template <typename Dtype>
void caffe_cpu_sgnbit(const int n, const Dtype* x, Dtype* y) {
  for (int i = 0; i < n; ++i) y[i] = static_cast<Dtype>(std::signbit(x[i]));
}

template <typename Dtype>
void caffe_cpu_fabs(const int n, const Dtype* x, Dtype* y) {
  for (int i = 0; i < n; ++i) y[i] = std::fabs(x[i]);
}

template <typename Dtype>
void caffe_cpu_scale(const int n, const Dtype alpha, const Dtype* x,
                     Dtype* y) {
  for (int i = 0; i < n; ++i) y[i] = alpha * x[i];
}



#define INSTANTIATE_MATH(Dtype)                                             \
  template void caffe_cpu_axpby<Dtype>(const int, const Dtype, const Dtype*, \
                                       const Dtype, Dtype*);                 \
  template void caffe_set<Dtype>(const int, const Dtype, Dtype*);            \
  template void caffe_add_scalar<Dtype>(const int, const Dtype, Dtype*);     \
  template void caffe_copy<Dtype>(const int, const Dtype*, Dtype*);          \
  template void caffe_scal<Dtype>(const int, const Dtype, Dtype*);           \
  template void caffe_sqr<Dtype>(const int, const Dtype*, Dtype*);           \
  template void caffe_sqrt<Dtype>(const int, const Dtype*, Dtype*);          \
  template void caffe_add<Dtype>(const int, const Dtype*, const Dtype*,      \
                                 Dtype*);                                    \
  template void caffe_sub<Dtype>(const int, const Dtype*, const Dtype*,      \
                                 Dtype*);                                    \
  template void caffe_mul<Dtype>(const int, const Dtype*, const Dtype*,      \
                                 Dtype*);                                    \
  template void caffe_div<Dtype>(const int, const Dtype*, const Dtype*,      \
                                 Dtype*);                                    \
  template void caffe_powx<Dtype>(const int, const Dtype*, const Dtype,      \
                                  Dtype*);                                   \
  template void caffe_exp<Dtype>(const int, const Dtype*, Dtype*);           \
  template void caffe_log<Dtype>(const int, const Dtype*, Dtype*);           \
  template void caffe_abs<Dtype>(const int, const Dtype*, Dtype*);           \
  template Dtype caffe_nextafter<Dtype>(const Dtype);                        \
  template void caffe_rng_uniform<Dtype>(const int, const Dtype, const Dtype, \
                                         Dtype*);                            \
  template void caffe_rng_gaussian<Dtype>(const int, const Dtype,            \
                                          const Dtype, Dtype*);              \
  template void caffe_rng_bernoulli<Dtype>(const int, const Dtype, int*);    \
  template void caffe_rng_bernoulli<Dtype>(const int, const Dtype,           \
                                           unsigned int*);                   \
  template Dtype caffe_cpu_dot<Dtype>(const int, const Dtype*, const Dtype*); \
  template void caffe_cpu_sign<Dtype>(const int, const Dtype*, Dtype*);      \
  template void caffe_cpu_sgnbit<Dtype>(const int, const Dtype*, Dtype*);    \
  template void caffe_cpu_fabs<Dtype>(const int, const Dtype*, Dtype*);      \
  template void caffe_cpu_scale<Dtype>(const int, const Dtype, const Dtype*, \
                                       Dtype*)

INSTANTIATE_MATH(float);
INSTANTIATE_MATH(double);

}  // namespace caffe

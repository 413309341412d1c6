// The caffe_gpu_* functions that are plain cuBLAS/cuRAND/runtime calls; host
// code, so the C++ compiler builds it. The kernels are in math_functions.cu.
#ifndef CPU_ONLY

#include "caffe/util/math_functions.hpp"

namespace caffe {

namespace {

cublasOperation_t cublas_op(const CBLAS_TRANSPOSE trans) {
  return trans == CblasNoTrans ? CUBLAS_OP_N : CUBLAS_OP_T;
}

// Type-generic names for cuBLAS's s/d pairs.
cublasStatus_t gemm(cublasHandle_t h, cublasOperation_t ta,
                    cublasOperation_t tb, int m, int n, int k,
                    const float* alpha, const float* a, int lda, const float* b,
                    int ldb, const float* beta, float* c, int ldc) {
  return cublasSgemm(h, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}
cublasStatus_t gemm(cublasHandle_t h, cublasOperation_t ta,
                    cublasOperation_t tb, int m, int n, int k,
                    const double* alpha, const double* a, int lda,
                    const double* b, int ldb, const double* beta, double* c,
                    int ldc) {
  return cublasDgemm(h, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}
cublasStatus_t gemv(cublasHandle_t h, cublasOperation_t t, int m, int n,
                    const float* alpha, const float* a, int lda, const float* x,
                    const float* beta, float* y) {
  return cublasSgemv(h, t, m, n, alpha, a, lda, x, 1, beta, y, 1);
}
cublasStatus_t gemv(cublasHandle_t h, cublasOperation_t t, int m, int n,
                    const double* alpha, const double* a, int lda,
                    const double* x, const double* beta, double* y) {
  return cublasDgemv(h, t, m, n, alpha, a, lda, x, 1, beta, y, 1);
}
cublasStatus_t axpy(cublasHandle_t h, int n, const float* alpha, const float* x,
                    float* y) {
  return cublasSaxpy(h, n, alpha, x, 1, y, 1);
}
cublasStatus_t axpy(cublasHandle_t h, int n, const double* alpha,
                    const double* x, double* y) {
  return cublasDaxpy(h, n, alpha, x, 1, y, 1);
}
cublasStatus_t scal(cublasHandle_t h, int n, const float* alpha, float* x) {
  return cublasSscal(h, n, alpha, x, 1);
}
cublasStatus_t scal(cublasHandle_t h, int n, const double* alpha, double* x) {
  return cublasDscal(h, n, alpha, x, 1);
}
cublasStatus_t dot(cublasHandle_t h, int n, const float* x, const float* y,
                   float* out) {
  return cublasSdot(h, n, x, 1, y, 1, out);
}
cublasStatus_t dot(cublasHandle_t h, int n, const double* x, const double* y,
                   double* out) {
  return cublasDdot(h, n, x, 1, y, 1, out);
}
cublasStatus_t asum(cublasHandle_t h, int n, const float* x, float* out) {
  return cublasSasum(h, n, x, 1, out);
}
cublasStatus_t asum(cublasHandle_t h, int n, const double* x, double* out) {
  return cublasDasum(h, n, x, 1, out);
}

}  // namespace

// cuBLAS is column-major: a row-major matrix is its transpose there, so
// C = op(A) op(B) is computed as C^T = op(B)^T op(A)^T.
template <typename Dtype>
void caffe_gpu_gemm(const CBLAS_TRANSPOSE TransA, const CBLAS_TRANSPOSE TransB,
                    const int M, const int N, const int K, const Dtype alpha,
                    const Dtype* A, const Dtype* B, const Dtype beta,
                    Dtype* C) {
  const int lda = (TransA == CblasNoTrans) ? K : M;
  const int ldb = (TransB == CblasNoTrans) ? N : K;
  CUBLAS_CHECK(gemm(Caffe::cublas_handle(), cublas_op(TransB),
                    cublas_op(TransA), N, M, K, &alpha, B, ldb, A, lda, &beta,
                    C, N));
}

// Row-major M x N A is column-major N x M, so the transpose flag flips.
template <typename Dtype>
void caffe_gpu_gemv(const CBLAS_TRANSPOSE TransA, const int M, const int N,
                    const Dtype alpha, const Dtype* A, const Dtype* x,
                    const Dtype beta, Dtype* y) {
  const cublasOperation_t op =
      (TransA == CblasNoTrans) ? CUBLAS_OP_T : CUBLAS_OP_N;
  CUBLAS_CHECK(
      gemv(Caffe::cublas_handle(), op, N, M, &alpha, A, N, x, &beta, y));
}

template <typename Dtype>
void caffe_gpu_axpy(const int N, const Dtype alpha, const Dtype* X, Dtype* Y) {
  CUBLAS_CHECK(axpy(Caffe::cublas_handle(), N, &alpha, X, Y));
}

template <typename Dtype>
void caffe_gpu_axpby(const int N, const Dtype alpha, const Dtype* X,
                     const Dtype beta, Dtype* Y) {
  caffe_gpu_scal<Dtype>(N, beta, Y);
  caffe_gpu_axpy<Dtype>(N, alpha, X, Y);
}

void caffe_gpu_memcpy(const size_t N, const void* X, void* Y) {
  if (X != Y) CUDA_CHECK(cudaMemcpy(Y, X, N, cudaMemcpyDefault));
}

template <typename Dtype>
void caffe_gpu_scal(const int N, const Dtype alpha, Dtype* X) {
  CUBLAS_CHECK(scal(Caffe::cublas_handle(), N, &alpha, X));
}

template <typename Dtype>
void caffe_gpu_scal(const int N, const Dtype alpha, Dtype* X,
                    cudaStream_t str) {
  cublasHandle_t handle = Caffe::cublas_handle();
  cudaStream_t previous;
  CUBLAS_CHECK(cublasGetStream(handle, &previous));
  CUBLAS_CHECK(cublasSetStream(handle, str));
  const cublasStatus_t scal_status = scal(handle, N, &alpha, X);
  CUBLAS_CHECK(cublasSetStream(handle, previous));
  CUBLAS_CHECK(scal_status);
}

template <typename Dtype>
void caffe_gpu_dot(const int n, const Dtype* x, const Dtype* y, Dtype* out) {
  CUBLAS_CHECK(dot(Caffe::cublas_handle(), n, x, y, out));
}

template <typename Dtype>
void caffe_gpu_asum(const int n, const Dtype* x, Dtype* y) {
  CUBLAS_CHECK(asum(Caffe::cublas_handle(), n, x, y));
}

template <typename Dtype>
void caffe_gpu_scale(const int n, const Dtype alpha, const Dtype* x, Dtype* y) {
  caffe_gpu_memcpy(sizeof(Dtype) * n, x, y);
  caffe_gpu_scal<Dtype>(n, alpha, y);
}

void caffe_gpu_rng_uniform(const int n, unsigned int* r) {
  CHECK_GE(n, 0);
  if (n > 0) CURAND_CHECK(curandGenerate(Caffe::curand_generator(), r, n));
}

#define INSTANTIATE_GPU_BLAS_MATH(Dtype)                                     \
  template void caffe_gpu_gemm<Dtype>(                                       \
      const CBLAS_TRANSPOSE, const CBLAS_TRANSPOSE, const int, const int,    \
      const int, const Dtype, const Dtype*, const Dtype*, const Dtype,       \
      Dtype*);                                                               \
  template void caffe_gpu_gemv<Dtype>(const CBLAS_TRANSPOSE, const int,      \
                                      const int, const Dtype, const Dtype*,  \
                                      const Dtype*, const Dtype, Dtype*);    \
  template void caffe_gpu_axpy<Dtype>(const int, const Dtype, const Dtype*,  \
                                      Dtype*);                               \
  template void caffe_gpu_axpby<Dtype>(const int, const Dtype, const Dtype*, \
                                       const Dtype, Dtype*);                 \
  template void caffe_gpu_scal<Dtype>(const int, const Dtype, Dtype*);       \
  template void caffe_gpu_scal<Dtype>(const int, const Dtype, Dtype*,        \
                                      cudaStream_t);                         \
  template void caffe_gpu_dot<Dtype>(const int, const Dtype*, const Dtype*,  \
                                     Dtype*);                                \
  template void caffe_gpu_asum<Dtype>(const int, const Dtype*, Dtype*);      \
  template void caffe_gpu_scale<Dtype>(const int, const Dtype, const Dtype*, \
                                       Dtype*)

INSTANTIATE_GPU_BLAS_MATH(float);
INSTANTIATE_GPU_BLAS_MATH(double);

}  // namespace caffe

#endif  // !CPU_ONLY

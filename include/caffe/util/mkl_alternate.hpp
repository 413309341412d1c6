#ifndef CAFFE_UTIL_MKL_ALTERNATE_HPP_
#define CAFFE_UTIL_MKL_ALTERNATE_HPP_

// Caffe built without MKL offered MKL's vector-math names (vsAdd, vdExp...)
// as plain loops, and programs and layers written against Caffe call them.
// Crema never uses MKL, so these are always the loops; the CBLAS header
// (OpenBLAS, which also has cblas_saxpby and cblas_daxpby) comes with them
// as it did in Caffe.
#include <cmath>

extern "C" {
#include <cblas.h>
}

namespace caffe {
namespace internal {

// y[i] = op(a[i]) / op(a[i], b[i]) for i < n: the loops behind the names.
template <typename T, typename Op>
inline void VectorUnary(const int n, const T* a, T* y, Op op) {
  for (int i = 0; i < n; ++i) y[i] = op(a[i]);
}
template <typename T, typename Op>
inline void VectorBinary(const int n, const T* a, const T* b, T* y, Op op) {
  for (int i = 0; i < n; ++i) y[i] = op(a[i], b[i]);
}

}  // namespace internal
}  // namespace caffe

// One float (vs) and one double (vd) function per operation, as MKL names
// them, at global scope like MKL's.
#define CAFFE_MKL_ALTERNATE_UNARY(name, expression)               \
  inline void vs##name(const int n, const float* a, float* y) {   \
    ::caffe::internal::VectorUnary(                               \
        n, a, y, [](float x) -> float { return expression; });    \
  }                                                               \
  inline void vd##name(const int n, const double* a, double* y) { \
    ::caffe::internal::VectorUnary(                               \
        n, a, y, [](double x) -> double { return expression; });  \
  }

#define CAFFE_MKL_ALTERNATE_BINARY(name, expression)                          \
  inline void vs##name(const int n, const float* a, const float* b,           \
                       float* y) {                                            \
    ::caffe::internal::VectorBinary(                                          \
        n, a, b, y, [](float x, float z) -> float { return expression; });    \
  }                                                                           \
  inline void vd##name(const int n, const double* a, const double* b,         \
                       double* y) {                                           \
    ::caffe::internal::VectorBinary(                                          \
        n, a, b, y, [](double x, double z) -> double { return expression; }); \
  }

CAFFE_MKL_ALTERNATE_UNARY(Sqr, x * x)
CAFFE_MKL_ALTERNATE_UNARY(Sqrt, std::sqrt(x))
CAFFE_MKL_ALTERNATE_UNARY(Exp, std::exp(x))
CAFFE_MKL_ALTERNATE_UNARY(Ln, std::log(x))
CAFFE_MKL_ALTERNATE_UNARY(Abs, std::fabs(x))
CAFFE_MKL_ALTERNATE_BINARY(Add, x + z)
CAFFE_MKL_ALTERNATE_BINARY(Sub, x - z)
CAFFE_MKL_ALTERNATE_BINARY(Mul, x* z)
CAFFE_MKL_ALTERNATE_BINARY(Div, x / z)

#undef CAFFE_MKL_ALTERNATE_UNARY
#undef CAFFE_MKL_ALTERNATE_BINARY

// y[i] = a[i] ^ b, MKL's one operation with a scalar argument.
inline void vsPowx(const int n, const float* a, const float b, float* y) {
  for (int i = 0; i < n; ++i) y[i] = std::pow(a[i], b);
}
inline void vdPowx(const int n, const double* a, const double b, double* y) {
  for (int i = 0; i < n; ++i) y[i] = std::pow(a[i], b);
}

#endif  // CAFFE_UTIL_MKL_ALTERNATE_HPP_

#ifndef CAFFE_UTIL_ELEMENTWISE_EXTRA_HPP_
#define CAFFE_UTIL_ELEMENTWISE_EXTRA_HPP_

#include <cmath>

#include "caffe/util/elementwise.hpp"

namespace caffe {

// More elementwise math for the neuron layers, following the conventions of
// elementwise.hpp: a forward functor maps x to y; a backward functor maps
// (top_diff, v) to bottom_diff, where v is the input x or the output y as
// each says. Parameters are plain members, already converted to Dtype.

// y = |x|
template <typename Dtype>
struct AbsValForward {
  CAFFE_HOST_DEVICE Dtype operator()(const Dtype x) const {
    return std::fabs(x);
  }
};

// bottom_diff = top_diff * sign(x), sign(0) = 0; v is the input x.
template <typename Dtype>
struct AbsValBackward {
  CAFFE_HOST_DEVICE Dtype operator()(const Dtype top_diff,
                                     const Dtype x) const {
    return x > Dtype(0) ? top_diff : (x < Dtype(0) ? -top_diff : Dtype(0));
  }
};

// y = log(1 + exp(x)), split at 0 so that exp never overflows.
template <typename Dtype>
struct BNLLForward {
  CAFFE_HOST_DEVICE Dtype operator()(const Dtype x) const {
    return x > Dtype(0) ? x + std::log1p(std::exp(-x))
                        : std::log1p(std::exp(x));
  }
};

// bottom_diff = top_diff * sigmoid(x); v is the output y, since
// sigmoid(x) = 1 - exp(-y) exactly for y = log(1 + exp(x)).
template <typename Dtype>
struct BNLLBackward {
  CAFFE_HOST_DEVICE Dtype operator()(const Dtype top_diff,
                                     const Dtype y) const {
    return -top_diff * std::expm1(-y);
  }
};

// y = max(min, min(x, max)); NaN maps to min, as in Caffe.
template <typename Dtype>
struct ClipForward {
  Dtype min;
  Dtype max;
  CAFFE_HOST_DEVICE Dtype operator()(const Dtype x) const {
    const Dtype below_max = max < x ? max : x;
    return min < below_max ? below_max : min;
  }
};

// bottom_diff = top_diff where min <= x <= max (ends included), else 0;
// v is the input x.
template <typename Dtype>
struct ClipBackward {
  Dtype min;
  Dtype max;
  CAFFE_HOST_DEVICE Dtype operator()(const Dtype top_diff,
                                     const Dtype x) const {
    return (x >= min && x <= max) ? top_diff : Dtype(0);
  }
};

// y = x for x > 0, alpha * (exp(x) - 1) otherwise.
template <typename Dtype>
struct ELUForward {
  Dtype alpha;
  CAFFE_HOST_DEVICE Dtype operator()(const Dtype x) const {
    return x > Dtype(0) ? x : alpha * std::expm1(x);
  }
};

// bottom_diff = top_diff * (x > 0 ? 1 : alpha + y); takes the input x and
// the output y (three-input driver below).
template <typename Dtype>
struct ELUBackward {
  Dtype alpha;
  CAFFE_HOST_DEVICE Dtype operator()(const Dtype top_diff, const Dtype x,
                                     const Dtype y) const {
    return x > Dtype(0) ? top_diff : top_diff * (alpha + y);
  }
};

// y = outer_scale * exp(inner_scale * x), i.e. base^(shift + scale * x)
// with inner_scale = ln(base) * scale and outer_scale = base^shift.
template <typename Dtype>
struct ExpForward {
  Dtype inner_scale;
  Dtype outer_scale;
  CAFFE_HOST_DEVICE Dtype operator()(const Dtype x) const {
    return outer_scale * std::exp(inner_scale * x);
  }
};

// bottom_diff = top_diff * inner_scale * y; v is the output y.
template <typename Dtype>
struct ExpBackward {
  Dtype inner_scale;
  CAFFE_HOST_DEVICE Dtype operator()(const Dtype top_diff,
                                     const Dtype y) const {
    return top_diff * y * inner_scale;
  }
};

// y = ln(shift + scale * x) * base_scale, base_scale = 1 / ln(base).
template <typename Dtype>
struct LogForward {
  Dtype scale;
  Dtype shift;
  Dtype base_scale;
  CAFFE_HOST_DEVICE Dtype operator()(const Dtype x) const {
    return std::log(x * scale + shift) * base_scale;
  }
};

// bottom_diff = top_diff * scale * base_scale / (shift + scale * x); v is
// the input x.
template <typename Dtype>
struct LogBackward {
  Dtype scale;
  Dtype shift;
  Dtype base_scale;
  CAFFE_HOST_DEVICE Dtype operator()(const Dtype top_diff,
                                     const Dtype x) const {
    return top_diff * (scale * base_scale) / (x * scale + shift);
  }
};

// y = (shift + scale * x)^power
template <typename Dtype>
struct PowerForward {
  Dtype power;
  Dtype scale;
  Dtype shift;
  CAFFE_HOST_DEVICE Dtype operator()(const Dtype x) const {
    return std::pow(x * scale + shift, power);
  }
};

// bottom_diff = top_diff * power * scale * (shift + scale * x)^(power - 1),
// exactly 0 where power * scale is 0 (a constant output); v is the input x.
template <typename Dtype>
struct PowerBackward {
  Dtype power;
  Dtype scale;
  Dtype shift;
  CAFFE_HOST_DEVICE Dtype operator()(const Dtype top_diff,
                                     const Dtype x) const {
    const Dtype diff_scale = power * scale;
    if (diff_scale == Dtype(0)) return Dtype(0);
    return top_diff * diff_scale *
           std::pow(x * scale + shift, power - Dtype(1));
  }
};

// PReLU's slope gradient term: top_diff * x where x <= 0, else 0 (summed
// over the elements a slope applies to); v is the input x. The forward and
// bottom gradient are ReLUForward / ReLUBackward with the channel's slope.
template <typename Dtype>
struct PReLUSlopeGradient {
  CAFFE_HOST_DEVICE Dtype operator()(const Dtype top_diff,
                                     const Dtype x) const {
    return x > Dtype(0) ? Dtype(0) : top_diff * x;
  }
};

// y = x * sigmoid(beta * x)
template <typename Dtype>
struct SwishForward {
  Dtype beta;
  CAFFE_HOST_DEVICE Dtype operator()(const Dtype x) const {
    return x * SigmoidForward<Dtype>()(beta * x);
  }
};

// bottom_diff = top_diff * (beta * y + s * (1 - beta * y)) with
// s = sigmoid(beta * x) and y = x * s; v is the input x.
template <typename Dtype>
struct SwishBackward {
  Dtype beta;
  CAFFE_HOST_DEVICE Dtype operator()(const Dtype top_diff,
                                     const Dtype x) const {
    const Dtype s = SigmoidForward<Dtype>()(beta * x);
    const Dtype beta_y = beta * (x * s);
    return top_diff * (beta_y + s * (Dtype(1) - beta_y));
  }
};

// y = x > threshold ? 1 : 0 (no gradient).
template <typename Dtype>
struct ThresholdForward {
  Dtype threshold;
  CAFFE_HOST_DEVICE Dtype operator()(const Dtype x) const {
    return x > threshold ? Dtype(1) : Dtype(0);
  }
};

// y[i] = f(a[i], b[i], c[i]) for i < n. y may be any of the inputs.
template <typename Functor, typename Dtype>
void elementwise_cpu(const int n, const Functor& f, const Dtype* a,
                     const Dtype* b, const Dtype* c, Dtype* y) {
  for (int i = 0; i < n; ++i) y[i] = f(a[i], b[i], c[i]);
}

}  // namespace caffe

#endif  // CAFFE_UTIL_ELEMENTWISE_EXTRA_HPP_

#ifndef CAFFE_TESTS_LAYERS_RECURRENT_TEST_UTIL_HPP_
#define CAFFE_TESTS_LAYERS_RECURRENT_TEST_UTIL_HPP_

// Scalar reference implementations of the recurrent layers' formulas, in
// double precision, written independently of the layers' GEMM code.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "caffe/blob.hpp"
#include "caffe/filler.hpp"
#include "caffe/layer.hpp"

namespace caffe {

typedef std::vector<double> Values;

template <typename Dtype>
Values ToValues(const Blob<Dtype>& blob) {
  return Values(blob.cpu_data(), blob.cpu_data() + blob.count());
}

inline double RefSigmoid(double x) { return 1 / (1 + std::exp(-x)); }

// y (rows x out) = x (rows x in) * W^T, W being out x in.
inline Values RefMatmul(int rows, int in, int out, const Values& x,
                        const Values& W) {
  Values y(rows * out, 0.0);
  for (int r = 0; r < rows; ++r) {
    for (int o = 0; o < out; ++o) {
      for (int i = 0; i < in; ++i) y[r * out + o] += x[r * in + i] * W[o * in + i];
    }
  }
  return y;
}

// One LSTM step for N streams: X holds 4H pre-activations (i, f, o, g).
inline void RefLSTMStep(int N, int H, const Values& c_prev, const Values& X,
                        const Values& cont, Values* c, Values* h) {
  c->assign(N * H, 0.0);
  h->assign(N * H, 0.0);
  for (int n = 0; n < N; ++n) {
    for (int d = 0; d < H; ++d) {
      const double* x = &X[n * 4 * H];
      const double i = RefSigmoid(x[d]), f = RefSigmoid(x[H + d]);
      const double o = RefSigmoid(x[2 * H + d]), g = std::tanh(x[3 * H + d]);
      const int k = n * H + d;
      (*c)[k] = cont[n] * f * c_prev[k] + i * g;
      (*h)[k] = o * std::tanh((*c)[k]);
    }
  }
}

// The inputs and weights of a recurrent layer, as plain values. x_static is
// empty when there is none.
struct RefRecurrentInput {
  int T = 0, N = 0, D = 0, Ds = 0, H = 0;
  Values x, cont, x_static, h0, c0;
};

// The pre-activations of step t without the hidden term: W_x x_t + b
// (+ W_s x_static), for a gate width G.
inline Values RefInputTerm(const RefRecurrentInput& in, int t, int G,
                           const Values& W_x, const Values& b,
                           const Values& W_s) {
  Values x_t(in.x.begin() + t * in.N * in.D,
             in.x.begin() + (t + 1) * in.N * in.D);
  Values pre = RefMatmul(in.N, in.D, G, x_t, W_x);
  const Values s = in.Ds ? RefMatmul(in.N, in.Ds, G, in.x_static, W_s)
                         : Values(in.N * G, 0.0);
  for (int n = 0; n < in.N; ++n) {
    for (int j = 0; j < G; ++j) pre[n * G + j] += b[j] + s[n * G + j];
  }
  return pre;
}

// cont_t * h for each stream.
inline Values RefConted(const RefRecurrentInput& in, int t, const Values& h) {
  Values out(h);
  for (int n = 0; n < in.N; ++n) {
    for (int d = 0; d < in.H; ++d) out[n * in.H + d] *= in.cont[t * in.N + n];
  }
  return out;
}

// LSTM over all steps; returns h (T x N x H) and the final h and c.
inline Values RefLSTM(const RefRecurrentInput& in, const Values& W_xc,
                      const Values& b_c, const Values& W_xs,
                      const Values& W_hc, Values* h_T, Values* c_T) {
  const int N = in.N, H = in.H;
  Values h = in.h0, c = in.c0, out;
  for (int t = 0; t < in.T; ++t) {
    Values pre = RefInputTerm(in, t, 4 * H, W_xc, b_c, W_xs);
    const Values rec = RefMatmul(N, H, 4 * H, RefConted(in, t, h), W_hc);
    for (int k = 0; k < N * 4 * H; ++k) pre[k] += rec[k];
    const Values cont_t(in.cont.begin() + t * N, in.cont.begin() + (t + 1) * N);
    Values c_next, h_next;
    RefLSTMStep(N, H, c, pre, cont_t, &c_next, &h_next);
    c = c_next;
    h = h_next;
    out.insert(out.end(), h.begin(), h.end());
  }
  *h_T = h;
  *c_T = c;
  return out;
}

// RNN over all steps; returns o (T x N x H) and the final h.
inline Values RefRNN(const RefRecurrentInput& in, const Values& W_xh,
                     const Values& b_h, const Values& W_xs, const Values& W_hh,
                     const Values& W_ho, const Values& b_o, Values* h_T) {
  const int N = in.N, H = in.H;
  Values h = in.h0, out;
  for (int t = 0; t < in.T; ++t) {
    Values pre = RefInputTerm(in, t, H, W_xh, b_h, W_xs);
    const Values rec = RefMatmul(N, H, H, RefConted(in, t, h), W_hh);
    for (int k = 0; k < N * H; ++k) h[k] = std::tanh(pre[k] + rec[k]);
    Values o = RefMatmul(N, H, H, h, W_ho);
    for (int n = 0; n < N; ++n) {
      for (int d = 0; d < H; ++d) {
        out.push_back(std::tanh(o[n * H + d] + b_o[d]));
      }
    }
  }
  *h_T = h;
  return out;
}

// Small inputs for RNN and LSTM tests: T = 3 steps, N = 2 streams, D = 3
// input features, Ds = 2 static features, H = 4 hidden units.
template <typename Dtype>
struct RecurrentTestData {
  static const int T = 3, N = 2, D = 3, Ds = 2, H = 4;

  RecurrentTestData() {
    x.Reshape(vector<int>{T, N, D});
    cont.Reshape(vector<int>{T, N});
    x_static.Reshape(vector<int>{N, Ds});
    h0.Reshape(vector<int>{1, N, H});
    c0.Reshape(vector<int>{1, N, H});
    FillerParameter filler_param;
    filler_param.set_std(0.8);
    GaussianFiller<Dtype> filler(filler_param);
    for (Blob<Dtype>* blob : {&x, &x_static, &h0, &c0}) filler.Fill(blob);
    // Stream 1 starts a new sequence at step 2.
    SetCont({0, 0, 1, 1, 1, 0});
    RecurrentParameter* recurrent = param.mutable_recurrent_param();
    recurrent->set_num_output(H);
    recurrent->mutable_weight_filler()->set_type("gaussian");
    recurrent->mutable_weight_filler()->set_std(0.5);
    recurrent->mutable_bias_filler()->set_type("gaussian");
    recurrent->mutable_bias_filler()->set_std(0.5);
  }

  void SetCont(const vector<Dtype>& values) {
    CHECK_EQ(static_cast<int>(values.size()), cont.count());
    std::copy(values.begin(), values.end(), cont.mutable_cpu_data());
  }

  // x, cont, [x_static], [h_0 (, c_0) when num_states > 0]
  vector<Blob<Dtype>*> Bottoms(bool with_static, int num_states) {
    vector<Blob<Dtype>*> bottoms{&x, &cont};
    if (with_static) bottoms.push_back(&x_static);
    if (num_states > 0) bottoms.push_back(&h0);
    if (num_states > 1) bottoms.push_back(&c0);
    return bottoms;
  }
  // the per-step top, [h_T (, c_T) when num_states > 0]
  vector<Blob<Dtype>*> Tops(int num_states) {
    vector<Blob<Dtype>*> tops{&top};
    if (num_states > 0) tops.push_back(&h_T);
    if (num_states > 1) tops.push_back(&c_T);
    return tops;
  }

  // The reference's view of the bottoms; zero initial states unless exposed.
  RefRecurrentInput RefInput(bool with_static, bool exposed) const {
    RefRecurrentInput in;
    in.T = T;
    in.N = N;
    in.D = D;
    in.H = H;
    in.Ds = with_static ? Ds : 0;
    in.x = ToValues(x);
    in.cont = ToValues(cont);
    if (with_static) in.x_static = ToValues(x_static);
    in.h0 = exposed ? ToValues(h0) : Values(N * H, 0.0);
    in.c0 = exposed ? ToValues(c0) : Values(N * H, 0.0);
    return in;
  }

  Blob<Dtype> x, cont, x_static, h0, c0, top, h_T, c_T;
  LayerParameter param;
};

// The layer's learnable blobs as values, in order.
template <typename Dtype>
vector<Values> WeightValues(Layer<Dtype>* layer) {
  vector<Values> weights;
  for (const auto& blob : layer->blobs()) weights.push_back(ToValues(*blob));
  return weights;
}

template <typename Dtype>
void ExpectValuesNear(const Values& want, const Blob<Dtype>& got,
                      double tolerance = 1e-5) {
  ASSERT_EQ(static_cast<int>(want.size()), got.count());
  for (int k = 0; k < got.count(); ++k) {
    EXPECT_NEAR(want[k], got.cpu_data()[k], tolerance) << "element " << k;
  }
}

}  // namespace caffe

#endif  // CAFFE_TESTS_LAYERS_RECURRENT_TEST_UTIL_HPP_

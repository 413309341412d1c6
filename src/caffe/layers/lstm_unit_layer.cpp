#include "caffe/layers/lstm_unit_layer.hpp"

#include <cmath>
#include <vector>

#include "caffe/util/math_functions.hpp"

namespace caffe {

namespace {

template <typename Dtype>
inline Dtype Sigmoid(Dtype x) {
  return Dtype(1) / (Dtype(1) + std::exp(-x));
}

}  // namespace

template <typename Dtype>
void LSTMCellForward(const int num, const int hidden_dim, const Dtype* c_prev,
                     const Dtype* X, const Dtype* cont, Dtype* c, Dtype* h) {
  const int H = hidden_dim;
  for (int n = 0; n < num; ++n) {
    const Dtype* x = X + n * 4 * H;
    for (int d = 0; d < H; ++d) {
      const Dtype i = Sigmoid(x[d]);
      const Dtype f = Sigmoid(x[H + d]);
      const Dtype o = Sigmoid(x[2 * H + d]);
      const Dtype g = std::tanh(x[3 * H + d]);
      const int k = n * H + d;
      c[k] = cont[n] * f * c_prev[k] + i * g;
      h[k] = o * std::tanh(c[k]);
    }
  }
}

template <typename Dtype>
void LSTMCellBackward(const int num, const int hidden_dim, const Dtype* c_prev,
                      const Dtype* X, const Dtype* cont, const Dtype* c,
                      const Dtype* c_diff, const Dtype* h_diff, Dtype* X_diff,
                      Dtype* c_prev_diff) {
  const int H = hidden_dim;
  for (int n = 0; n < num; ++n) {
    const Dtype* x = X + n * 4 * H;
    Dtype* dx = X_diff ? X_diff + n * 4 * H : nullptr;
    for (int d = 0; d < H; ++d) {
      const Dtype i = Sigmoid(x[d]);
      const Dtype f = Sigmoid(x[H + d]);
      const Dtype o = Sigmoid(x[2 * H + d]);
      const Dtype g = std::tanh(x[3 * H + d]);
      const int k = n * H + d;
      const Dtype tanh_c = std::tanh(c[k]);
      // dE/dc through both the c output and h = o * tanh(c).
      const Dtype dc = c_diff[k] + h_diff[k] * o * (1 - tanh_c * tanh_c);
      if (dx) {
        dx[d] = dc * g * i * (1 - i);
        dx[H + d] = dc * cont[n] * c_prev[k] * f * (1 - f);
        dx[2 * H + d] = h_diff[k] * tanh_c * o * (1 - o);
        dx[3 * H + d] = dc * i * (1 - g * g);
      }
      if (c_prev_diff) c_prev_diff[k] = dc * cont[n] * f;
    }
  }
}

template void LSTMCellForward<float>(int, int, const float*, const float*,
                                     const float*, float*, float*);
template void LSTMCellForward<double>(int, int, const double*, const double*,
                                      const double*, double*, double*);
template void LSTMCellBackward<float>(int, int, const float*, const float*,
                                      const float*, const float*, const float*,
                                      const float*, float*, float*);
template void LSTMCellBackward<double>(int, int, const double*, const double*,
                                       const double*, const double*,
                                       const double*, const double*, double*,
                                       double*);

template <typename Dtype>
void LSTMUnitLayer<Dtype>::Reshape(const vector<Blob<Dtype>*>& bottom,
                                   const vector<Blob<Dtype>*>& top) {
  const Blob<Dtype>& c_prev = *bottom[0];
  const Blob<Dtype>& X = *bottom[1];
  const Blob<Dtype>& cont = *bottom[2];
  CAFFE_REQUIRE(c_prev.num_axes() == 3 && c_prev.shape(0) == 1)
      << "c_prev (bottom 0) must have shape 1 x N x H, got "
      << c_prev.shape_string();
  const int num = c_prev.shape(1);
  hidden_dim_ = c_prev.shape(2);
  CAFFE_REQUIRE(X.shape() == (vector<int>{1, num, 4 * hidden_dim_}))
      << "X (bottom 1) must have shape 1 x N x 4H = 1 " << num << " "
      << 4 * hidden_dim_ << " to match c_prev " << c_prev.shape_string()
      << ", got " << X.shape_string();
  CAFFE_REQUIRE(cont.shape() == (vector<int>{1, num}))
      << "cont (bottom 2) must have shape 1 x N = 1 " << num
      << " to match c_prev " << c_prev.shape_string() << ", got "
      << cont.shape_string();
  top[0]->ReshapeLike(c_prev);
  top[1]->ReshapeLike(c_prev);
}

template <typename Dtype>
void LSTMUnitLayer<Dtype>::Forward_cpu(const vector<Blob<Dtype>*>& bottom,
                                       const vector<Blob<Dtype>*>& top) {
  LSTMCellForward(bottom[0]->shape(1), hidden_dim_, bottom[0]->cpu_data(),
                  bottom[1]->cpu_data(), bottom[2]->cpu_data(),
                  top[0]->mutable_cpu_data(), top[1]->mutable_cpu_data());
}

template <typename Dtype>
void LSTMUnitLayer<Dtype>::Backward_cpu(const vector<Blob<Dtype>*>& top,
                                        const vector<bool>& propagate_down,
                                        const vector<Blob<Dtype>*>& bottom) {
  CAFFE_REQUIRE(!propagate_down[2])
      << "cannot backpropagate to the sequence indicators cont (bottom 2)";
  if (!propagate_down[0] && !propagate_down[1]) return;
  LSTMCellBackward(bottom[0]->shape(1), hidden_dim_, bottom[0]->cpu_data(),
                   bottom[1]->cpu_data(), bottom[2]->cpu_data(),
                   top[0]->cpu_data(), top[0]->cpu_diff(), top[1]->cpu_diff(),
                   propagate_down[1] ? bottom[1]->mutable_cpu_diff() : nullptr,
                   propagate_down[0] ? bottom[0]->mutable_cpu_diff() : nullptr);
}

INSTANTIATE_CLASS(LSTMUnitLayer);
REGISTER_LAYER_CLASS(LSTMUnit);

}  // namespace caffe

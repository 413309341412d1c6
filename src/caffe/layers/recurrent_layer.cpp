#include "caffe/layers/recurrent_layer.hpp"

#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "caffe/filler.hpp"
#include "caffe/util/math_functions.hpp"

namespace caffe {

namespace {

const char* const kStateNames[] = {"h", "c"};

}  // namespace

template <typename Dtype>
std::string RecurrentLayer<Dtype>::BottomNames(bool with_static) const {
  std::ostringstream names;
  names << "x, cont";
  if (with_static) names << ", x_static";
  if (ExposeHidden()) {
    for (int k = 0; k < NumStates(); ++k) names << ", " << kStateNames[k] << "_0";
  }
  return names.str();
}

template <typename Dtype>
std::string RecurrentLayer<Dtype>::TopNames() const {
  std::ostringstream names;
  names << OutputName();
  if (ExposeHidden()) {
    for (int k = 0; k < NumStates(); ++k) names << ", " << kStateNames[k] << "_T";
  }
  return names.str();
}

template <typename Dtype>
void RecurrentLayer<Dtype>::CheckBlobCounts(const vector<Blob<Dtype>*>& bottom,
                                            const vector<Blob<Dtype>*>& top) {
  const int num_bottom = static_cast<int>(bottom.size());
  const int min_bottom = MinBottomBlobs();
  CAFFE_REQUIRE(num_bottom == min_bottom || num_bottom == min_bottom + 1)
      << type() << " takes " << min_bottom << " bottoms (" << BottomNames(false)
      << ") or " << min_bottom + 1 << " (" << BottomNames(true)
      << ") with expose_hidden: " << std::boolalpha << ExposeHidden()
      << ", but was given " << num_bottom;
  const int num_top = static_cast<int>(top.size());
  CAFFE_REQUIRE(num_top == ExactNumTopBlobs())
      << type() << " produces " << ExactNumTopBlobs() << " top(s) ("
      << TopNames() << ") with expose_hidden: " << std::boolalpha
      << ExposeHidden() << ", but was given " << num_top;
}

template <typename Dtype>
void RecurrentLayer<Dtype>::LayerSetUp(const vector<Blob<Dtype>*>& bottom,
                                       const vector<Blob<Dtype>*>& top) {
  const RecurrentParameter& param = this->layer_param_.recurrent_param();
  H_ = static_cast<int>(param.num_output());
  CAFFE_REQUIRE(H_ > 0) << "num_output must be positive, got "
                        << param.num_output();
  expose_hidden_ = param.expose_hidden();
  debug_info_ = param.debug_info();
  static_input_ = static_cast<int>(bottom.size()) > MinBottomBlobs();
  CAFFE_REQUIRE(bottom[0]->num_axes() >= 2)
      << "x (bottom 0) must have at least 2 axes (T x N x ...), got shape "
      << bottom[0]->shape_string();
  D_ = bottom[0]->count(2);
  if (static_input_) {
    CAFFE_REQUIRE(bottom[2]->num_axes() >= 1)
        << "x_static (bottom 2) must have at least 1 axis (N x ...)";
    Ds_ = bottom[2]->count(1);
  }

  const vector<ParamSpec> specs = ParamSpecs();
  if (!this->blobs_.empty()) {
    CheckParamShapes(specs);
  } else {
    this->blobs_.resize(specs.size());
    std::unique_ptr<Filler<Dtype> > weight_filler(
        GetFiller<Dtype>(param.weight_filler()));
    std::unique_ptr<Filler<Dtype> > bias_filler(
        GetFiller<Dtype>(param.bias_filler()));
    for (size_t i = 0; i < specs.size(); ++i) {
      this->blobs_[i].reset(new Blob<Dtype>(specs[i].shape));
      (specs[i].is_bias ? bias_filler : weight_filler)
          ->Fill(this->blobs_[i].get());
    }
  }
  this->param_propagate_down_.resize(this->blobs_.size(), true);

  states_.clear();
  carried_.clear();
  for (int k = 0; k < NumStates(); ++k) {
    states_.emplace_back(new Blob<Dtype>());
    carried_.emplace_back(new Blob<Dtype>());
  }
}

template <typename Dtype>
void RecurrentLayer<Dtype>::CheckParamShapes(
    const vector<ParamSpec>& specs) const {
  std::ostringstream names;
  for (size_t i = 0; i < specs.size(); ++i) {
    names << (i ? ", " : "") << specs[i].name;
  }
  CAFFE_REQUIRE(this->blobs_.size() == specs.size())
      << "expected " << specs.size() << " weight blobs (" << names.str()
      << "), got " << this->blobs_.size();
  for (size_t i = 0; i < specs.size(); ++i) {
    const Blob<Dtype>& blob = *this->blobs_[i];
    CAFFE_REQUIRE(blob.shape() == specs[i].shape)
        << "weight blob " << i << " (" << specs[i].name << ") has shape "
        << blob.shape_string() << ", but num_output " << H_
        << " and the inputs (D = " << D_ << (static_input_ ? ", Ds = " : "")
        << (static_input_ ? std::to_string(Ds_) : "") << ") need "
        << Blob<Dtype>(specs[i].shape).shape_string();
  }
}

template <typename Dtype>
void RecurrentLayer<Dtype>::Reshape(const vector<Blob<Dtype>*>& bottom,
                                    const vector<Blob<Dtype>*>& top) {
  const Blob<Dtype>& x = *bottom[0];
  const Blob<Dtype>& cont = *bottom[1];
  CAFFE_REQUIRE(x.num_axes() >= 2)
      << "x (bottom 0) must have at least 2 axes (T x N x ...), got shape "
      << x.shape_string();
  T_ = x.shape(0);
  N_ = x.shape(1);
  CAFFE_REQUIRE(x.count(2) == D_)
      << "x (bottom 0) of shape " << x.shape_string() << " has "
      << x.count(2) << " features per step, but the weights expect " << D_;
  CAFFE_REQUIRE(cont.shape() == (vector<int>{T_, N_}))
      << "cont (bottom 1) must have shape T x N = " << T_ << " " << N_
      << " to match x " << x.shape_string() << ", got " << cont.shape_string();
  if (static_input_) {
    const Blob<Dtype>& x_static = *bottom[2];
    CAFFE_REQUIRE(x_static.num_axes() >= 1 && x_static.shape(0) == N_)
        << "x_static (bottom 2) must have N = " << N_
        << " on its first axis to match x " << x.shape_string() << ", got "
        << x_static.shape_string();
    CAFFE_REQUIRE(x_static.count(1) == Ds_)
        << "x_static (bottom 2) of shape " << x_static.shape_string()
        << " has " << x_static.count(1)
        << " features, but the weights expect " << Ds_;
  }
  const vector<int> state_shape{1, N_, H_};
  if (expose_hidden_) {
    const int first = 2 + static_input_;
    for (int k = 0; k < NumStates(); ++k) {
      CAFFE_REQUIRE(bottom[first + k]->shape() == state_shape)
          << kStateNames[k] << "_0 (bottom " << first + k
          << ") must have shape 1 x N x H = 1 " << N_ << " " << H_
          << ", got " << bottom[first + k]->shape_string();
    }
  }

  const int G = GateDim();
  gates_.Reshape(vector<int>{T_, N_, G});
  conted_h_.Reshape(vector<int>{T_, N_, H_});
  static_gates_.Reshape(vector<int>{N_, G});
  bias_multiplier_.Reshape(vector<int>{T_ * N_});
  caffe_set(T_ * N_, Dtype(1), bias_multiplier_.mutable_cpu_data());
  for (int k = 0; k < NumStates(); ++k) {
    states_[k]->Reshape(vector<int>{T_ + 1, N_, H_});
    if (carried_[k]->shape() != state_shape) {
      carried_[k]->Reshape(state_shape);
      caffe_set(carried_[k]->count(), Dtype(0), carried_[k]->mutable_cpu_data());
    }
  }
  top[0]->Reshape(vector<int>{T_, N_, H_});
  for (size_t i = 1; i < top.size(); ++i) top[i]->Reshape(state_shape);
}

template <typename Dtype>
void RecurrentLayer<Dtype>::Reset() {
  for (auto& state : carried_) {
    caffe_set(state->count(), Dtype(0), state->mutable_cpu_data());
  }
}

template <typename Dtype>
void RecurrentLayer<Dtype>::LogStep(const char* what, int t, bool diff) const {
  std::ostringstream line;
  line << this->layer_param_.name() << " (" << type() << ") " << what
       << " step " << t << ":";
  const int count = N_ * H_;
  for (int k = 0; k < NumStates(); ++k) {
    const Blob<Dtype>& state = *states_[k];
    const Dtype* row =
        (diff ? state.cpu_diff() : state.cpu_data()) + (t + 1) * count;
    line << " mean |" << (diff ? "d" : "") << kStateNames[k] << "_" << t + 1
         << "| = " << caffe_cpu_asum(count, row) / count;
  }
  LOG(INFO) << line.str();
}

template <typename Dtype>
void RecurrentLayer<Dtype>::Forward_cpu(const vector<Blob<Dtype>*>& bottom,
                                        const vector<Blob<Dtype>*>& top) {
  const int G = GateDim();
  const int TN = T_ * N_;
  const int NH = N_ * H_;
  Dtype* gates = gates_.mutable_cpu_data();
  // The input terms of all steps at once.
  caffe_cpu_gemm<Dtype>(CblasNoTrans, CblasTrans, TN, G, D_, Dtype(1),
                        bottom[0]->cpu_data(), this->blobs_[0]->cpu_data(),
                        Dtype(0), gates);
  caffe_cpu_gemm<Dtype>(CblasNoTrans, CblasNoTrans, TN, G, 1, Dtype(1),
                        bias_multiplier_.cpu_data(),
                        this->blobs_[1]->cpu_data(), Dtype(1), gates);
  if (static_input_) {
    Dtype* static_gates = static_gates_.mutable_cpu_data();
    caffe_cpu_gemm<Dtype>(CblasNoTrans, CblasTrans, N_, G, Ds_, Dtype(1),
                          bottom[2]->cpu_data(), this->blobs_[2]->cpu_data(),
                          Dtype(0), static_gates);
    for (int t = 0; t < T_; ++t) {
      caffe_axpy(N_ * G, Dtype(1), static_gates, gates + t * N_ * G);
    }
  }

  for (int k = 0; k < NumStates(); ++k) {
    const Blob<Dtype>& initial =
        expose_hidden_ ? *bottom[2 + static_input_ + k] : *carried_[k];
    caffe_copy(NH, initial.cpu_data(), state_data(k, 0));
  }

  const Dtype* cont = bottom[1]->cpu_data();
  const Dtype* W_h = this->blobs_[hidden_weight_index()]->cpu_data();
  for (int t = 0; t < T_; ++t) {
    const Dtype* cont_t = cont + t * N_;
    const Dtype* h_prev = state_data(0, t);
    Dtype* conted = conted_h_.mutable_cpu_data() + t * NH;
    for (int n = 0; n < N_; ++n) {
      caffe_cpu_scale(H_, cont_t[n], h_prev + n * H_, conted + n * H_);
    }
    caffe_cpu_gemm<Dtype>(CblasNoTrans, CblasTrans, N_, G, H_, Dtype(1),
                          conted, W_h, Dtype(1), gates + t * N_ * G);
    StepForward(t, cont_t);
    if (debug_info_) LogStep("forward", t, false);
  }
  OutputForward(top[0]);

  for (int k = 0; k < NumStates(); ++k) {
    Blob<Dtype>& final_state = expose_hidden_ ? *top[1 + k] : *carried_[k];
    caffe_copy(NH, state_data(k, T_), final_state.mutable_cpu_data());
  }
}

template <typename Dtype>
void RecurrentLayer<Dtype>::Backward_cpu(const vector<Blob<Dtype>*>& top,
                                         const vector<bool>& propagate_down,
                                         const vector<Blob<Dtype>*>& bottom) {
  CAFFE_REQUIRE(!propagate_down[1])
      << "cannot backpropagate to the sequence indicators cont (bottom 1)";
  const int G = GateDim();
  const int TN = T_ * N_;
  const int NH = N_ * H_;
  for (int k = 0; k < NumStates(); ++k) {
    caffe_set(states_[k]->count(), Dtype(0), states_[k]->mutable_cpu_diff());
  }
  OutputBackward(top[0]);
  if (expose_hidden_) {
    for (int k = 0; k < NumStates(); ++k) {
      caffe_axpy(NH, Dtype(1), top[1 + k]->cpu_diff(), state_diff(k, T_));
    }
  }

  const Dtype* cont = bottom[1]->cpu_data();
  const Dtype* W_h = this->blobs_[hidden_weight_index()]->cpu_data();
  Dtype* gates_diff = gates_.mutable_cpu_diff();
  for (int t = T_ - 1; t >= 0; --t) {
    const Dtype* cont_t = cont + t * N_;
    StepBackward(t, cont_t);
    if (debug_info_) LogStep("backward", t, true);
    // h_{t-1} reaches step t only through W_h (cont_t * h_{t-1}).
    Dtype* conted_diff = conted_h_.mutable_cpu_diff() + t * NH;
    caffe_cpu_gemm<Dtype>(CblasNoTrans, CblasNoTrans, N_, H_, G, Dtype(1),
                          gates_diff + t * N_ * G, W_h, Dtype(0), conted_diff);
    Dtype* h_prev_diff = state_diff(0, t);
    for (int n = 0; n < N_; ++n) {
      caffe_axpy(H_, cont_t[n], conted_diff + n * H_, h_prev_diff + n * H_);
    }
  }

  if (this->param_propagate_down(0)) {
    caffe_cpu_gemm<Dtype>(CblasTrans, CblasNoTrans, G, D_, TN, Dtype(1),
                          gates_diff, bottom[0]->cpu_data(), Dtype(1),
                          this->blobs_[0]->mutable_cpu_diff());
  }
  if (this->param_propagate_down(1)) {
    caffe_cpu_gemv<Dtype>(CblasTrans, TN, G, Dtype(1), gates_diff,
                          bias_multiplier_.cpu_data(), Dtype(1),
                          this->blobs_[1]->mutable_cpu_diff());
  }
  if (this->param_propagate_down(hidden_weight_index())) {
    caffe_cpu_gemm<Dtype>(
        CblasTrans, CblasNoTrans, G, H_, TN, Dtype(1), gates_diff,
        conted_h_.cpu_data(), Dtype(1),
        this->blobs_[hidden_weight_index()]->mutable_cpu_diff());
  }
  if (propagate_down[0]) {
    caffe_cpu_gemm<Dtype>(CblasNoTrans, CblasNoTrans, TN, D_, G, Dtype(1),
                          gates_diff, this->blobs_[0]->cpu_data(), Dtype(0),
                          bottom[0]->mutable_cpu_diff());
  }
  if (static_input_) {
    // x_static enters every step with the same weights.
    Dtype* static_diff = static_gates_.mutable_cpu_diff();
    caffe_set(N_ * G, Dtype(0), static_diff);
    for (int t = 0; t < T_; ++t) {
      caffe_axpy(N_ * G, Dtype(1), gates_diff + t * N_ * G, static_diff);
    }
    if (this->param_propagate_down(2)) {
      caffe_cpu_gemm<Dtype>(CblasTrans, CblasNoTrans, G, Ds_, N_, Dtype(1),
                            static_diff, bottom[2]->cpu_data(), Dtype(1),
                            this->blobs_[2]->mutable_cpu_diff());
    }
    if (propagate_down[2]) {
      caffe_cpu_gemm<Dtype>(CblasNoTrans, CblasNoTrans, N_, Ds_, G, Dtype(1),
                            static_diff, this->blobs_[2]->cpu_data(), Dtype(0),
                            bottom[2]->mutable_cpu_diff());
    }
  }
  if (expose_hidden_) {
    for (int k = 0; k < NumStates(); ++k) {
      const int index = 2 + static_input_ + k;
      if (propagate_down[index]) {
        caffe_copy(NH, state_diff(k, 0), bottom[index]->mutable_cpu_diff());
      }
    }
  }
}

INSTANTIATE_CLASS(RecurrentLayer);

}  // namespace caffe

#include "caffe/parallel/data_parallel.hpp"

#include "caffe/net.hpp"
#include "caffe/util/math_functions.hpp"

namespace caffe {

namespace {

// Copies every learnable parameter's data (or diff) into packed, in order.
template <typename Dtype>
void Pack(const vector<Blob<Dtype>*>& params, bool diff,
          std::vector<Dtype>* packed) {
  size_t count = 0;
  for (const Blob<Dtype>* param : params) count += param->count();
  packed->resize(count);
  Dtype* out = packed->data();
  for (const Blob<Dtype>* param : params) {
    caffe_copy(param->count(), diff ? param->cpu_diff() : param->cpu_data(),
               out);
    out += param->count();
  }
}

template <typename Dtype>
void Unpack(const std::vector<Dtype>& packed, bool diff,
            const vector<Blob<Dtype>*>& params) {
  const Dtype* in = packed.data();
  for (Blob<Dtype>* param : params) {
    caffe_copy(param->count(), in,
               diff ? param->mutable_cpu_diff() : param->mutable_cpu_data());
    in += param->count();
  }
}

}  // namespace

template <typename Dtype>
DataParallelSync<Dtype>::DataParallelSync(ProcessGroup* group,
                                          Solver<Dtype>* solver,
                                          bool deterministic)
    : group_(group), solver_(solver), deterministic_(deterministic) {
  CHECK(group_);
  CHECK(solver_);
  CHECK_EQ(Caffe::solver_count(), group_->size())
      << "UseProcessGroup(group) before the solver is created";
}

template <typename Dtype>
void DataParallelSync<Dtype>::on_start() {
  // Each replica initialised its weights from its own seed (or restored the
  // same snapshot): the root's are the ones trained.
  if (weights_shared_) return;
  const vector<Blob<Dtype>*>& params = solver_->net()->learnable_params();
  Pack(params, false, &packed_);
  group_->Broadcast(packed_.data(), packed_.size() * sizeof(Dtype), 0);
  Unpack(packed_, false, params);
  weights_shared_ = true;
}

template <typename Dtype>
void DataParallelSync<Dtype>::on_loss_ready(Dtype* loss) {
  group_->SumInPlace(loss, 1, deterministic_);
  *loss /= group_->size();
}

template <typename Dtype>
void DataParallelSync<Dtype>::on_gradients_ready() {
  // Each replica's loss layers divided by its own batch: the mean of the
  // replicas' gradients is the gradient of the whole batch.
  const vector<Blob<Dtype>*>& params = solver_->net()->learnable_params();
  Pack(params, true, &packed_);
  group_->SumInPlace(packed_.data(), packed_.size(), deterministic_);
  caffe_scal(static_cast<int>(packed_.size()), Dtype(1) / group_->size(),
             packed_.data());
  Unpack(packed_, true, params);
}

template <typename Dtype>
SolverAction::Enum DataParallelSync<Dtype>::on_action(
    SolverAction::Enum request) {
  int action = static_cast<int>(request);
  group_->Broadcast(&action, sizeof(action), 0);
  return static_cast<SolverAction::Enum>(action);
}

void UseProcessGroup(const ProcessGroup& group) {
  Caffe::set_solver_count(group.size());
  Caffe::set_solver_rank(group.rank());
  Caffe::set_multiprocess(true);
}

template class DataParallelSync<float>;
template class DataParallelSync<double>;

}  // namespace caffe

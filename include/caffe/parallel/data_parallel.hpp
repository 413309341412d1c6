#ifndef CAFFE_PARALLEL_DATA_PARALLEL_HPP_
#define CAFFE_PARALLEL_DATA_PARALLEL_HPP_

#include <vector>

#include "caffe/parallel/process_group.hpp"
#include "caffe/solver.hpp"

namespace caffe {

// Makes a solver one replica of data-parallel training over a process group
// (mpirun -np N caffe train): each replica reads its own part of the data
// (the data layers stride by Caffe::solver_rank), the replicas start from
// the root's weights, their gradients and losses are averaged before every
// update, and they act on the root's stop and snapshot requests. N replicas
// of batch B train as one solver of batch N x B.
//
// Set Caffe::solver_count/solver_rank (UseProcessGroup) before creating the
// solver, so that its nets and data layers know their part.
template <typename Dtype>
class DataParallelSync : public Solver<Dtype>::Callback {
 public:
  // deterministic: sums in rank order (ProcessGroup::SumInPlace).
  DataParallelSync(ProcessGroup* group, Solver<Dtype>* solver,
                   bool deterministic);

 protected:
  void on_start() override;
  void on_loss_ready(Dtype* loss) override;
  void on_gradients_ready() override;
  SolverAction::Enum on_action(SolverAction::Enum request) override;

 private:
  ProcessGroup* group_;
  Solver<Dtype>* solver_;
  bool deterministic_;
  bool weights_shared_ = false;
  // Every learnable parameter, packed: one collective per iteration.
  std::vector<Dtype> packed_;
};

// Caffe::set_solver_count/rank and multiprocess from group, for this thread
// and the threads it starts.
void UseProcessGroup(const ProcessGroup& group);

}  // namespace caffe

#endif  // CAFFE_PARALLEL_DATA_PARALLEL_HPP_

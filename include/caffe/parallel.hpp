#ifndef CAFFE_PARALLEL_HPP_
#define CAFFE_PARALLEL_HPP_

// Caffe's multi-GPU training classes, declared in every build so that a
// program written against Caffe compiles unchanged. Crema does not train on
// several GPUs yet (the caffe tool refuses --gpu with more than one device):
// constructing either class, or calling a static member, throws a
// caffe::Error saying so and naming what this build lacks (CUDA, NCCL).
// Train on one device instead: Caffe::SetDevice and Solver::Solve.

#include <string>
#include <vector>

#include "caffe/common.hpp"
#include "caffe/net.hpp"
#include "caffe/solver.hpp"

namespace caffe {

namespace internal {

// Throws the Error described above; what: the class or call asked for.
[[noreturn]] void ThrowNoMultiGpu(const std::string& what);

}  // namespace internal

// Caffe 1.0's NCCL-based data-parallel trainer: one instance per solver,
// hooked into the solver and its net as their callbacks.
template <typename Dtype>
class NCCL : public Solver<Dtype>::Callback, public Net<Dtype>::Callback {
 public:
  // One process driving several GPUs.
  explicit NCCL(shared_ptr<Solver<Dtype> > solver);
  // One process per GPU, joined by the id new_uid() made.
  NCCL(shared_ptr<Solver<Dtype> > solver, const string& uid);

  // Connects instances made without a uid, in one process.
  static void InitSingleProcess(vector<NCCL<Dtype>*>* nccls);
  static string new_uid();
  // Sends rank 0's weights to the other solvers.
  void Broadcast();
  // Trains on gpus from this solver, restoring the state file restore first
  // when it is not null.
  void Run(const vector<int>& gpus, const char* restore);

 protected:
  void on_start() override {}
  void run(int layer) override;
  void on_gradients_ready() override;

  shared_ptr<Solver<Dtype> > solver_;
};

// Caffe's earlier peer-to-peer trainer (before NCCL): a tree of syncs, one
// per GPU, each with its own solver.
template <typename Dtype>
class P2PSync : public Solver<Dtype>::Callback {
 public:
  P2PSync(shared_ptr<Solver<Dtype> > root_solver, P2PSync<Dtype>* parent,
          const SolverParameter& param);

  inline const shared_ptr<Solver<Dtype> >& solver() const { return solver_; }
  // Trains on gpus, this sync's solver being the root.
  void Run(const vector<int>& gpus);
  // Builds the syncs of the other GPUs under this one.
  void Prepare(const vector<int>& gpus,
               vector<shared_ptr<P2PSync<Dtype> > >* syncs);
  inline int initial_iter() const { return initial_iter_; }

 protected:
  void on_start() override;
  void on_gradients_ready() override;

  shared_ptr<Solver<Dtype> > solver_;
  int initial_iter_ = 0;
};

}  // namespace caffe

#endif  // CAFFE_PARALLEL_HPP_

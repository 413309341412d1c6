// Every entry point of the multi-GPU classes refuses (see parallel.hpp):
// the constructors throw, so the members are reached only through a static
// call or not at all, and refuse the same way.
#include "caffe/parallel.hpp"

namespace caffe {

namespace internal {

void ThrowNoMultiGpu(const std::string& what) {
#ifdef CPU_ONLY
  const char* build = "this Crema was built without CUDA and NCCL (CPU_ONLY)";
#elif defined(USE_NCCL)
  const char* build = "this Crema build has NCCL, but Crema does not run it";
#else
  const char* build = "this Crema was built without NCCL";
#endif
  CAFFE_THROW() << what << ": multi-GPU training is not available (" << build
                << "); train on one device (Caffe::SetDevice, then "
                   "Solver::Solve)";
}

}  // namespace internal

template <typename Dtype>
NCCL<Dtype>::NCCL(shared_ptr<Solver<Dtype> > solver) : solver_(solver) {
  internal::ThrowNoMultiGpu("caffe::NCCL");
}

template <typename Dtype>
NCCL<Dtype>::NCCL(shared_ptr<Solver<Dtype> > solver, const string& uid)
    : solver_(solver) {
  internal::ThrowNoMultiGpu("caffe::NCCL");
}

template <typename Dtype>
void NCCL<Dtype>::InitSingleProcess(vector<NCCL<Dtype>*>* nccls) {
  internal::ThrowNoMultiGpu("caffe::NCCL::InitSingleProcess");
}

template <typename Dtype>
string NCCL<Dtype>::new_uid() {
  internal::ThrowNoMultiGpu("caffe::NCCL::new_uid");
}

template <typename Dtype>
void NCCL<Dtype>::Broadcast() {
  internal::ThrowNoMultiGpu("caffe::NCCL::Broadcast");
}

template <typename Dtype>
void NCCL<Dtype>::Run(const vector<int>& gpus, const char* restore) {
  internal::ThrowNoMultiGpu("caffe::NCCL::Run");
}

template <typename Dtype>
void NCCL<Dtype>::run(int layer) {
  internal::ThrowNoMultiGpu("caffe::NCCL");
}

template <typename Dtype>
void NCCL<Dtype>::on_gradients_ready() {
  internal::ThrowNoMultiGpu("caffe::NCCL");
}

template <typename Dtype>
P2PSync<Dtype>::P2PSync(shared_ptr<Solver<Dtype> > root_solver,
                        P2PSync<Dtype>* parent, const SolverParameter& param)
    : solver_(root_solver) {
  internal::ThrowNoMultiGpu("caffe::P2PSync");
}

template <typename Dtype>
void P2PSync<Dtype>::Run(const vector<int>& gpus) {
  internal::ThrowNoMultiGpu("caffe::P2PSync::Run");
}

template <typename Dtype>
void P2PSync<Dtype>::Prepare(const vector<int>& gpus,
                             vector<shared_ptr<P2PSync<Dtype> > >* syncs) {
  internal::ThrowNoMultiGpu("caffe::P2PSync::Prepare");
}

template <typename Dtype>
void P2PSync<Dtype>::on_start() {
  internal::ThrowNoMultiGpu("caffe::P2PSync");
}

template <typename Dtype>
void P2PSync<Dtype>::on_gradients_ready() {
  internal::ThrowNoMultiGpu("caffe::P2PSync");
}

INSTANTIATE_CLASS(NCCL);
INSTANTIATE_CLASS(P2PSync);

}  // namespace caffe

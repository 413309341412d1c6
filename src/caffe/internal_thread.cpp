#include "caffe/internal_thread.hpp"

#include "caffe/util/math_functions.hpp"

namespace caffe {

InternalThread::~InternalThread() { StopInternalThread(); }

void InternalThread::StartInternalThread() {
  CHECK(!is_started()) << "Threads should persist and not be restarted.";
  int device = 0;
#ifndef CPU_ONLY
  if (Caffe::mode() == Caffe::GPU) CUDA_CHECK(cudaGetDevice(&device));
#endif
  stop_.reset(new internal::StopRequest());
  thread_ = std::thread(&InternalThread::entry, this, device, Caffe::mode(),
                        caffe_rng_rand(), Caffe::solver_count(),
                        Caffe::solver_rank(), Caffe::multiprocess());
}

void InternalThread::entry(int device, Caffe::Brew mode, unsigned int rand_seed,
                           int solver_count, int solver_rank,
                           bool multiprocess) {
#ifndef CPU_ONLY
  if (mode == Caffe::GPU) CUDA_CHECK(cudaSetDevice(device));
#endif
  Caffe::set_mode(mode);
  Caffe::set_random_seed(rand_seed);
  Caffe::set_solver_count(solver_count);
  Caffe::set_solver_rank(solver_rank);
  Caffe::set_multiprocess(multiprocess);
  internal::CurrentStopRequest() = stop_.get();
  try {
    InternalThreadEntry();
  } catch (const internal::ThreadStopped&) {
    // The normal way out of a wait once StopInternalThread was called.
  }
  internal::CurrentStopRequest() = nullptr;
}

void InternalThread::StopInternalThread() {
  if (!is_started()) return;
  stop_->Raise();
  thread_.join();
}

}  // namespace caffe

#ifndef CAFFE_INTERNAL_THREAD_HPP_
#define CAFFE_INTERNAL_THREAD_HPP_

#include <memory>
#include <thread>

#include "caffe/common.hpp"
#include "caffe/util/blocking_queue.hpp"

namespace caffe {

// A class that runs InternalThreadEntry on a thread of its own. The thread
// gets a fresh Caffe context carrying the starting thread's mode, device and
// solver placement, and a random seed drawn from the starting thread's
// stream, so that runs with a fixed seed are reproducible.
//
// A subclass must call StopInternalThread in its own destructor: by the time
// ~InternalThread runs, the subclass's members are gone.
class InternalThread {
 public:
  InternalThread() = default;
  virtual ~InternalThread();

  // Starts the thread; a thread is started once and not restarted while
  // running.
  void StartInternalThread();

  // Asks the thread to stop and waits for it. A BlockingQueue wait on the
  // thread ends at once.
  void StopInternalThread();

  bool is_started() const { return thread_.joinable(); }

 protected:
  // The thread's work; it should return when must_stop() is true.
  virtual void InternalThreadEntry() {}

  bool must_stop() const { return stop_ && stop_->raised(); }

 private:
  void entry(int device, Caffe::Brew mode, unsigned int rand_seed,
             int solver_count, int solver_rank, bool multiprocess);

  std::thread thread_;
  std::unique_ptr<internal::StopRequest> stop_;

  DISABLE_COPY_AND_ASSIGN(InternalThread);
};

}  // namespace caffe

#endif  // CAFFE_INTERNAL_THREAD_HPP_

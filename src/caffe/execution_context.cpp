#include "caffe/execution_context.hpp"

namespace caffe {

ExecutionContext& ExecutionContext::ThreadDefault() {
  thread_local ExecutionContext context;
  return context;
}

int ExecutionContext::thread_count() const {
  return threads_ > 0 ? threads_ : ThreadCount();
}

ScopedExecution::ScopedExecution(const ExecutionContext& context)
    : thread_mode_(Caffe::mode()), threads_(context.pinned_thread_count()) {
  if (context.mode() != thread_mode_) Caffe::set_mode(context.mode());
}

ScopedExecution::~ScopedExecution() {
  if (Caffe::mode() == thread_mode_) return;
  // The thread ran in this mode before, so it is available; a destructor
  // must not throw all the same.
  try {
    Caffe::set_mode(thread_mode_);
  } catch (const Error& error) {
    LOG(ERROR) << "restoring the thread's mode: " << error.what();
  }
}

}  // namespace caffe

#include "caffe/util/blocking_queue.hpp"

namespace caffe {
namespace internal {

void StopRequest::Raise() {
  raised_ = true;
  std::lock_guard<std::mutex> guard(mutex_);
  if (waiting_condition_) {
    // Taking the waiter's mutex orders this notification after its last
    // check of raised_: it is either about to see the flag or already
    // waiting, never in between.
    { std::lock_guard<std::mutex> waiter(*waiting_mutex_); }
    waiting_condition_->notify_all();
  }
}

StopRequest*& CurrentStopRequest() {
  thread_local StopRequest* request = nullptr;
  return request;
}

StopWaitScope::StopWaitScope(std::condition_variable* condition,
                             std::mutex* mutex)
    : request_(CurrentStopRequest()) {
  if (!request_) return;
  std::lock_guard<std::mutex> guard(request_->mutex_);
  request_->waiting_condition_ = condition;
  request_->waiting_mutex_ = mutex;
}

StopWaitScope::~StopWaitScope() {
  if (!request_) return;
  std::lock_guard<std::mutex> guard(request_->mutex_);
  request_->waiting_condition_ = nullptr;
  request_->waiting_mutex_ = nullptr;
}

}  // namespace internal
}  // namespace caffe

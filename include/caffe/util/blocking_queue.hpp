#ifndef CAFFE_UTIL_BLOCKING_QUEUE_HPP_
#define CAFFE_UTIL_BLOCKING_QUEUE_HPP_

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <queue>
#include <string>

#include "caffe/common.hpp"

namespace caffe {

namespace internal {

// Thrown out of a BlockingQueue wait when the waiting thread was asked to
// stop; InternalThread catches it at the thread's entry. (Caffe's waits were
// boost interruption points; std::thread has none, so the queue provides
// them.)
struct ThreadStopped {};

// A thread's stop request. Raise() wakes the wait the thread is blocked in,
// if any, so that stopping never waits for data that will not come.
class StopRequest {
 public:
  void Raise();
  bool raised() const { return raised_.load(); }

 private:
  friend class StopWaitScope;
  std::atomic<bool> raised_{false};
  // Guards the wait registered by StopWaitScope.
  std::mutex mutex_;
  std::condition_variable* waiting_condition_ = nullptr;
  std::mutex* waiting_mutex_ = nullptr;
};

// The stop request of the calling thread: set by InternalThread on the
// threads it starts, null elsewhere.
StopRequest*& CurrentStopRequest();

// Registers the calling thread's wait on (condition, mutex) with its stop
// request for the scope's lifetime. Create it before locking mutex, so that
// the two mutexes are always taken in the same order.
class StopWaitScope {
 public:
  StopWaitScope(std::condition_variable* condition, std::mutex* mutex);
  ~StopWaitScope();
  // Call with the mutex held, before each wait.
  void ThrowIfStopped() const {
    if (request_ && request_->raised()) throw ThreadStopped();
  }

 private:
  StopRequest* request_;

  DISABLE_COPY_AND_ASSIGN(StopWaitScope);
};

}  // namespace internal

// A thread-safe FIFO whose pop and peek wait for an element. On a thread
// started by InternalThread, StopInternalThread ends such a wait.
template <typename T>
class BlockingQueue {
 public:
  BlockingQueue() = default;

  void push(const T& t) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      queue_.push(t);
    }
    condition_.notify_one();
  }

  // Takes the front element if there is one.
  bool try_pop(T* t) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (queue_.empty()) return false;
    *t = queue_.front();
    queue_.pop();
    return true;
  }

  // Waits for and takes the front element; log_on_wait, when given, is
  // logged (now and then) while the queue is empty.
  T pop(const string& log_on_wait = "") {
    internal::StopWaitScope stop_scope(&condition_, &mutex_);
    std::unique_lock<std::mutex> lock(mutex_);
    WaitForElement(stop_scope, &lock, log_on_wait);
    T t = queue_.front();
    queue_.pop();
    return t;
  }

  // Reads the front element without taking it, if there is one.
  bool try_peek(T* t) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (queue_.empty()) return false;
    *t = queue_.front();
    return true;
  }

  // Waits for the front element and returns it without taking it.
  T peek() {
    internal::StopWaitScope stop_scope(&condition_, &mutex_);
    std::unique_lock<std::mutex> lock(mutex_);
    WaitForElement(stop_scope, &lock, "");
    return queue_.front();
  }

  size_t size() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return queue_.size();
  }

 private:
  void WaitForElement(const internal::StopWaitScope& stop_scope,
                      std::unique_lock<std::mutex>* lock,
                      const string& log_on_wait) {
    while (queue_.empty()) {
      stop_scope.ThrowIfStopped();
      if (!log_on_wait.empty()) {
        LOG_EVERY_N(INFO, 1000) << log_on_wait;
      }
      condition_.wait(*lock);
    }
  }

  mutable std::mutex mutex_;
  std::condition_variable condition_;
  std::queue<T> queue_;

  DISABLE_COPY_AND_ASSIGN(BlockingQueue);
};

}  // namespace caffe

#endif  // CAFFE_UTIL_BLOCKING_QUEUE_HPP_

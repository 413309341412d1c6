#ifndef CAFFE_UTIL_BENCHMARK_HPP_
#define CAFFE_UTIL_BENCHMARK_HPP_

#include <chrono>

#include "caffe/common.hpp"

namespace caffe {

// Wall-clock timer; on the GPU it times with CUDA events, so that it measures
// the kernels queued between Start and Stop.
class Timer {
 public:
  Timer();
  virtual ~Timer();
  virtual void Start();
  virtual void Stop();
  virtual float MilliSeconds();
  virtual float MicroSeconds();
  virtual float Seconds();

  inline bool initted() { return initted_; }
  inline bool running() { return running_; }
  inline bool has_run_at_least_once() { return has_run_at_least_once_; }

 protected:
  void Init();

  bool initted_ = false;
  bool running_ = false;
  bool has_run_at_least_once_ = false;
  // Chosen once, at Init, from Caffe::mode(): a later mode switch never
  // records or destroys events that were not created.
  bool use_gpu_events_ = false;
#ifndef CPU_ONLY
  cudaEvent_t start_gpu_;
  cudaEvent_t stop_gpu_;
#endif
  std::chrono::steady_clock::time_point start_cpu_;
  std::chrono::steady_clock::time_point stop_cpu_;
  float elapsed_milliseconds_ = 0;
  float elapsed_microseconds_ = 0;
};

// Always times on the host clock.
class CPUTimer : public Timer {
 public:
  CPUTimer();
  ~CPUTimer() override = default;
  void Start() override;
  void Stop() override;
  float MilliSeconds() override;
  float MicroSeconds() override;
};

}  // namespace caffe

#endif  // CAFFE_UTIL_BENCHMARK_HPP_

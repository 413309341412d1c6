#include "caffe/util/benchmark.hpp"

namespace caffe {

Timer::Timer() { Init(); }

Timer::~Timer() {
#ifndef CPU_ONLY
  if (use_gpu_events_) {
    // May run during unwinding, so a failure here is ignored, not fatal.
    cudaEventDestroy(start_gpu_);
    cudaEventDestroy(stop_gpu_);
  }
#endif
}

void Timer::Init() {
  if (initted_) return;
#ifndef CPU_ONLY
  if (Caffe::mode() == Caffe::GPU) {
    CUDA_CHECK(cudaEventCreate(&start_gpu_));
    CUDA_CHECK(cudaEventCreate(&stop_gpu_));
    use_gpu_events_ = true;
  }
#endif
  initted_ = true;
}

void Timer::Start() {
  if (running_) return;
  if (use_gpu_events_) {
#ifndef CPU_ONLY
    CUDA_CHECK(cudaEventRecord(start_gpu_, 0));
#endif
  } else {
    start_cpu_ = std::chrono::steady_clock::now();
  }
  running_ = true;
  has_run_at_least_once_ = true;
}

void Timer::Stop() {
  if (!running_) return;
  if (use_gpu_events_) {
#ifndef CPU_ONLY
    CUDA_CHECK(cudaEventRecord(stop_gpu_, 0));
    CUDA_CHECK(cudaEventSynchronize(stop_gpu_));
#endif
  } else {
    stop_cpu_ = std::chrono::steady_clock::now();
  }
  running_ = false;
}

float Timer::MicroSeconds() {
  if (!has_run_at_least_once_) {
    LOG(WARNING) << "Timer has never been run before reading time.";
    return 0;
  }
  // Reading a running timer stops it first, as in Caffe.
  if (running_) Stop();
  if (use_gpu_events_) {
#ifndef CPU_ONLY
    CUDA_CHECK(
        cudaEventElapsedTime(&elapsed_milliseconds_, start_gpu_, stop_gpu_));
#endif
    elapsed_microseconds_ = elapsed_milliseconds_ * 1000;
  } else {
    elapsed_microseconds_ =
        std::chrono::duration<float, std::micro>(stop_cpu_ - start_cpu_)
            .count();
    elapsed_milliseconds_ = elapsed_microseconds_ / 1000;
  }
  return elapsed_microseconds_;
}

float Timer::MilliSeconds() {
  MicroSeconds();
  return elapsed_milliseconds_;
}

float Timer::Seconds() { return MilliSeconds() / 1000; }

CPUTimer::CPUTimer() {
#ifndef CPU_ONLY
  // The base constructor created events in GPU mode; this timer never uses
  // them.
  if (use_gpu_events_) {
    CUDA_CHECK(cudaEventDestroy(start_gpu_));
    CUDA_CHECK(cudaEventDestroy(stop_gpu_));
    use_gpu_events_ = false;
  }
#endif
}

// With use_gpu_events_ false the base methods read the host clock.
void CPUTimer::Start() { Timer::Start(); }
void CPUTimer::Stop() { Timer::Stop(); }
float CPUTimer::MilliSeconds() { return Timer::MilliSeconds(); }
float CPUTimer::MicroSeconds() { return Timer::MicroSeconds(); }

}  // namespace caffe

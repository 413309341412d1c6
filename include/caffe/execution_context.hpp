#ifndef CAFFE_EXECUTION_CONTEXT_HPP_
#define CAFFE_EXECUTION_CONTEXT_HPP_

#include <string>
#include <vector>

#include "caffe/common.hpp"
#include "caffe/proto/caffe.pb.h"
#include "caffe/util/thread_config.hpp"

namespace caffe {

// Where and how one net runs: its compute mode, the threads its CPU
// kernels use, the engines it prefers for its layers, its phase and
// whether a backward pass is expected after each forward. A Net owns one
// (Net::context()) and its layers reach it as Layer::context().
//
// What is not set follows the calling thread's settings when it is used
// (Caffe::mode(), ThreadCount()), so that programs written for Caffe's
// static API (Caffe::set_mode after the net was made) keep working; a set
// value pins this net alone, so that two nets of one thread or process can
// differ.
class ExecutionContext {
 public:
  ExecutionContext() = default;

  // The context that new nets of the calling thread start from, and that
  // layers made outside a net use. Tools set the preferred engines here.
  static ExecutionContext& ThreadDefault();

  Caffe::Brew mode() const { return mode_pinned_ ? mode_ : Caffe::mode(); }
  void set_mode(Caffe::Brew mode) {
    mode_ = mode;
    mode_pinned_ = true;
  }
  void follow_thread_mode() { mode_pinned_ = false; }

  // The net's CPU thread count: the pinned one, else the thread's.
  int thread_count() const;
  // The pinned count, or 0 where the thread's count is followed.
  int pinned_thread_count() const { return threads_; }
  // <= 0 follows the thread's count again.
  void set_thread_count(int threads) { threads_ = threads > 0 ? threads : 0; }

  // Engines (kEngineOneDNN, "CAFFE", ...) tried in order for layers whose
  // prototxt leaves the engine to the registry; one a layer type lacks or
  // cannot run is passed over. Empty: the registry's priorities decide.
  const std::vector<std::string>& preferred_engines() const {
    return preferred_engines_;
  }
  void set_preferred_engines(const std::vector<std::string>& engines) {
    preferred_engines_ = engines;
  }

  Phase phase() const { return phase_; }
  void set_phase(Phase phase) { phase_ = phase; }

  // Whether Backward normally follows each Forward (a training net). It
  // is a hint for what to keep from Forward, never a limit: Backward works
  // either way. Net sets it from its phase; see Layer::backward_expected.
  bool backward_expected() const { return backward_expected_; }
  void set_backward_expected(bool expected) { backward_expected_ = expected; }

 private:
  Caffe::Brew mode_ = Caffe::CPU;
  bool mode_pinned_ = false;
  int threads_ = 0;
  std::vector<std::string> preferred_engines_;
  Phase phase_ = TRAIN;
  bool backward_expected_ = true;
};

// Makes the calling thread run as the context says while it lives (its
// Caffe mode and thread count, where pinned), and restores the thread's
// own settings after: Net's Forward and Backward run inside one, so that
// code below the layers (Blob, the math functions) sees the same mode.
class ScopedExecution {
 public:
  explicit ScopedExecution(const ExecutionContext& context);
  ~ScopedExecution();
  ScopedExecution(const ScopedExecution&) = delete;
  ScopedExecution& operator=(const ScopedExecution&) = delete;

 private:
  Caffe::Brew thread_mode_;
  ScopedThreadCount threads_;
};

}  // namespace caffe

#endif  // CAFFE_EXECUTION_CONTEXT_HPP_

#ifndef CAFFE_COMMON_HPP_
#define CAFFE_COMMON_HPP_

#include <gflags/gflags.h>
#include <glog/logging.h>

#include <climits>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

// First, so that every header below sees the library's build options.
#include "caffe/config.hpp"
#include "caffe/error.hpp"
#include "caffe/util/device_alternate.hpp"

// Forbids copying a class that owns unique resources.
#define DISABLE_COPY_AND_ASSIGN(classname)   \
 private:                                    \
  classname(const classname&) = delete;      \
  classname& operator=(const classname&) = delete

// Instantiates a class template for the two supported element types.
#define INSTANTIATE_CLASS(classname)   \
  char gInstantiationGuard##classname; \
  template class classname<float>;     \
  template class classname<double>

#define INSTANTIATE_LAYER_GPU_FORWARD(classname)             \
  template void classname<float>::Forward_gpu(                \
      const std::vector<Blob<float>*>& bottom,                \
      const std::vector<Blob<float>*>& top);                  \
  template void classname<double>::Forward_gpu(               \
      const std::vector<Blob<double>*>& bottom,               \
      const std::vector<Blob<double>*>& top);

#define INSTANTIATE_LAYER_GPU_BACKWARD(classname)            \
  template void classname<float>::Backward_gpu(               \
      const std::vector<Blob<float>*>& top,                   \
      const std::vector<bool>& propagate_down,                \
      const std::vector<Blob<float>*>& bottom);               \
  template void classname<double>::Backward_gpu(              \
      const std::vector<Blob<double>*>& top,                  \
      const std::vector<bool>& propagate_down,                \
      const std::vector<Blob<double>*>& bottom);

#define INSTANTIATE_LAYER_GPU_FUNCS(classname) \
  INSTANTIATE_LAYER_GPU_FORWARD(classname);    \
  INSTANTIATE_LAYER_GPU_BACKWARD(classname)

namespace caffe {

// Caffe's public API spells these unqualified inside namespace caffe.
using std::fabs;
using std::isinf;
using std::isnan;
using std::make_pair;
using std::map;
using std::ostringstream;
using std::pair;
using std::set;
using std::shared_ptr;
using std::string;
using std::stringstream;
using std::vector;

// Parses gflags, initialises glog and installs the failure handler.
void GlobalInit(int* pargc, char*** pargv);

// Per-thread execution context: compute mode, device and random streams.
class Caffe {
 public:
  ~Caffe();

  // Each thread has its own context, so that prefetch and solver threads do
  // not share random streams or device handles.
  static Caffe& Get();

  enum Brew { CPU, GPU };

  // A seedable random stream. generator() returns a caffe::rng_t*
  // (std::mt19937, see caffe/util/rng.hpp).
  class RNG {
   public:
    RNG();
    explicit RNG(unsigned int seed);
    RNG(const RNG&);
    RNG& operator=(const RNG&);
    ~RNG();
    void* generator();

   private:
    class Generator;
    std::unique_ptr<Generator> generator_;
  };

  inline static RNG& rng_stream() {
    if (!Get().random_generator_) {
      Get().random_generator_.reset(new RNG());
    }
    return *(Get().random_generator_);
  }
#ifndef CPU_ONLY
  // The calling thread's cuBLAS handle and cuRAND generator for the current
  // device, created on first use so that a CUDA build still runs in CPU mode
  // on a machine without a GPU.
  static cublasHandle_t cublas_handle();
  static curandGenerator_t curand_generator();
#endif

  inline static Brew mode() { return Get().mode_; }
  // In a CPU-only build GPU is stored too, and the first GPU use throws
  // caffe::Error; a CUDA build refuses GPU where no device is visible.
  static void set_mode(Brew mode);
  // Seeds the CPU stream (and the cuRAND generator where present).
  static void set_random_seed(const unsigned int seed);
  static void SetDevice(const int device_id);
  static void DeviceQuery();
  static bool CheckDevice(const int device_id);
  static int FindDevice(const int start_id = 0);
  // Number of GPUs training together and this thread's place among them.
  inline static int solver_count() { return Get().solver_count_; }
  inline static void set_solver_count(int val) { Get().solver_count_ = val; }
  inline static int solver_rank() { return Get().solver_rank_; }
  inline static void set_solver_rank(int val) { Get().solver_rank_ = val; }
  inline static bool multiprocess() { return Get().multiprocess_; }
  inline static void set_multiprocess(bool val) { Get().multiprocess_ = val; }
  inline static bool root_solver() { return Get().solver_rank_ == 0; }

 protected:
  // The calling thread's device handles (cuBLAS, cuRAND and its seed),
  // defined in common_cuda.cpp; always null in a CPU-only build. Behind a
  // pointer so that the class has one layout with and without CUDA.
  struct DeviceHandles;
  std::unique_ptr<DeviceHandles> device_handles_;
  std::unique_ptr<RNG> random_generator_;
  Brew mode_ = CPU;
  int solver_count_ = 1;
  int solver_rank_ = 0;
  bool multiprocess_ = false;

 private:
  Caffe();
  DISABLE_COPY_AND_ASSIGN(Caffe);
};

}  // namespace caffe

#endif  // CAFFE_COMMON_HPP_

#include "caffe/common.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <ctime>

#include "caffe/util/rng.hpp"

namespace caffe {

namespace {

// A seed that differs between processes and runs, for unseeded streams.
int64_t cluster_seedgen() {
  int64_t seed = 0;
  if (FILE* f = fopen("/dev/urandom", "rb")) {
    const size_t read = fread(&seed, 1, sizeof(seed), f);
    fclose(f);
    if (read == sizeof(seed)) return seed;
  }
  const int64_t ticks =
      std::chrono::high_resolution_clock::now().time_since_epoch().count();
  return std::abs(((ticks * 181) * ((getpid() - 83) * 359)) % 104729);
}

}  // namespace

void GlobalInit(int* pargc, char*** pargv) {
  gflags::ParseCommandLineFlags(pargc, pargv, true);
  // A program may have started logging itself; glog refuses a second start.
  if (!google::IsGoogleLoggingInitialized()) {
    google::InitGoogleLogging(*(pargv)[0]);
  }
  google::InstallFailureSignalHandler();
}

Caffe& Caffe::Get() {
  thread_local Caffe instance;
  return instance;
}

class Caffe::RNG::Generator {
 public:
  Generator() : rng_(static_cast<unsigned int>(cluster_seedgen())) {}
  explicit Generator(unsigned int seed) : rng_(seed) {}
  rng_t* rng() { return &rng_; }

 private:
  rng_t rng_;
};

Caffe::RNG::RNG() : generator_(new Generator()) {}
Caffe::RNG::RNG(unsigned int seed) : generator_(new Generator(seed)) {}
Caffe::RNG::RNG(const RNG& other) : generator_(new Generator(*other.generator_)) {}
Caffe::RNG& Caffe::RNG::operator=(const RNG& other) {
  generator_.reset(new Generator(*other.generator_));
  return *this;
}
Caffe::RNG::~RNG() = default;
void* Caffe::RNG::generator() { return static_cast<void*>(generator_->rng()); }

#ifdef CPU_ONLY

// Never created without CUDA (device_handles_ stays null); complete only so
// that the destructor can be compiled.
struct Caffe::DeviceHandles {};

Caffe::Caffe() = default;
Caffe::~Caffe() = default;

namespace internal {

void ThrowNoGpu() {
  CAFFE_THROW()
      << "this Crema was built without CUDA (CPU_ONLY): GPU mode is not "
         "available; rebuild with -DCPU_ONLY=OFF or run on the CPU "
         "(Caffe::set_mode(Caffe::CPU))";
}

}  // namespace internal

// Stored as Caffe does; the first use of the GPU throws (NO_GPU), so that
// a program may choose the mode before it knows the build.
void Caffe::set_mode(Brew mode) { Get().mode_ = mode; }

void Caffe::set_random_seed(const unsigned int seed) {
  Get().random_generator_.reset(new RNG(seed));
}

void Caffe::SetDevice(const int device_id) {
  CAFFE_THROW() << "cannot select GPU " << device_id
                << ": this Crema was built without CUDA (CPU_ONLY)";
}

void Caffe::DeviceQuery() {
  LOG(INFO) << "No GPU: this Crema was built without CUDA (CPU_ONLY).";
}

bool Caffe::CheckDevice(const int device_id) { return false; }

int Caffe::FindDevice(const int start_id) { return -1; }

#endif  // CPU_ONLY

}  // namespace caffe

#include "caffe/util/thread_config.hpp"

#include <omp.h>
#include <sched.h>

#include <atomic>
#include <cstdlib>
#include <initializer_list>

extern "C" void openblas_set_num_threads(int num_threads);

namespace caffe {

namespace {

int CoresAvailable() {
  cpu_set_t cores;
  if (sched_getaffinity(0, sizeof(cores), &cores) == 0) {
    const int count = CPU_COUNT(&cores);
    if (count > 0) return count;
  }
  return omp_get_num_procs();
}

// A positive integer at the start of the variable's value, else 0.
int PositiveEnv(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr) return 0;
  const long parsed = std::strtol(value, nullptr, 10);  // NOLINT(runtime/int)
  return parsed > 0 && parsed < (1 << 20) ? static_cast<int>(parsed) : 0;
}

int ProcessesOnThisNode() {
  // Open MPI, MPICH (Hydra) and Slurm each say it their own way.
  for (const char* name : {"OMPI_COMM_WORLD_LOCAL_SIZE", "MPI_LOCALNRANKS",
                           "SLURM_NTASKS_PER_NODE"}) {
    if (const int processes = PositiveEnv(name)) return processes;
  }
  return 1;
}

// 0 until the process-wide count is first needed or set.
std::atomic<int> process_threads{0};
thread_local int thread_override = 0;

int ProcessThreadCount() {
  const int threads = process_threads.load(std::memory_order_acquire);
  if (threads > 0) return threads;
  // The first thread to need it settles the default and sizes OpenBLAS.
  int expected = 0;
  const int fallback = DefaultThreadCount();
  if (process_threads.compare_exchange_strong(expected, fallback)) {
    openblas_set_num_threads(fallback);
    return fallback;
  }
  return expected;
}

}  // namespace

int DefaultThreadCount() {
  if (const int requested = PositiveEnv("OMP_NUM_THREADS")) return requested;
  const int share = CoresAvailable() / ProcessesOnThisNode();
  return share > 0 ? share : 1;
}

void SetThreadCount(int threads) {
  if (threads <= 0) threads = DefaultThreadCount();
  process_threads.store(threads, std::memory_order_release);
  openblas_set_num_threads(threads);
}

void SetThreadCountForThisThread(int threads) {
  thread_override = threads > 0 ? threads : 0;
}

ScopedThreadCount::ScopedThreadCount(int threads)
    : previous_override_(thread_override) {
  if (threads > 0) thread_override = threads;
}

ScopedThreadCount::~ScopedThreadCount() { thread_override = previous_override_; }

int ThreadCount() {
  return thread_override > 0 ? thread_override : ProcessThreadCount();
}

void ApplyThreadCount() {
  const int threads = ThreadCount();
  if (omp_get_max_threads() != threads) omp_set_num_threads(threads);
}

}  // namespace caffe

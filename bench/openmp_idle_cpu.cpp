// CPU time a program burns while its OpenMP threads have nothing to do.
//
//   build/bench/openmp_idle_cpu [rounds]
//
// Each round runs one parallel loop (a few milliseconds of work on every
// thread) and then a serial pause of 10 ms, as a net does between its
// parallel layers and while it waits for data. Idle threads that spin
// burn the pause too.
// Run it as it is (libgomp's default: spin, then sleep), with
// OMP_WAIT_POLICY=passive and with OMP_WAIT_POLICY=active to see what
// spinning costs.

#include <sys/resource.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <vector>

#include "caffe/util/thread_config.hpp"

namespace {

double CpuSeconds() {
  rusage usage;
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
         1e-6 * (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec);
}

}  // namespace

int main(int argc, char** argv) {
  const int rounds = argc > 1 ? std::atoi(argv[1]) : 100;
  const int threads = caffe::ThreadCount();
  std::vector<double> values(1 << 20);
  double pause_wall = 0, pause_cpu = 0;
  for (int round = 0; round < rounds; ++round) {
    caffe::ApplyThreadCount();
#pragma omp parallel for
    for (int i = 0; i < static_cast<int>(values.size()); ++i) {
      values[i] = std::sin(values[i] + i);
    }
    // Only the pause is measured: whatever the process burns while its
    // one running thread sleeps is idle threads spinning.
    const double cpu_before = CpuSeconds();
    const auto before = std::chrono::steady_clock::now();
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    pause_wall += std::chrono::duration<double>(
                      std::chrono::steady_clock::now() - before)
                      .count();
    pause_cpu += CpuSeconds() - cpu_before;
  }
  const char* policy = std::getenv("OMP_WAIT_POLICY");
  const char* spin = std::getenv("GOMP_SPINCOUNT");
  std::printf(
      "threads %d, OMP_WAIT_POLICY=%s, GOMP_SPINCOUNT=%s: %d pauses of "
      "%.1f ms; CPU burnt while paused %.1f ms (%.2f cores)\n",
      threads, policy ? policy : "(unset)", spin ? spin : "(unset)", rounds,
      1e3 * pause_wall / rounds, 1e3 * pause_cpu, pause_cpu / pause_wall);
  return 0;
}

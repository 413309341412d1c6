#include "caffe/util/openmp_env.hpp"

#include <unistd.h>

#include <cstdlib>

namespace caffe {

void ReexecWithPassiveOpenMpWaiting(char** argv) {
  if (std::getenv("OMP_WAIT_POLICY") || std::getenv("GOMP_SPINCOUNT")) return;
  if (setenv("OMP_WAIT_POLICY", "passive", 0) != 0) return;
  execv("/proc/self/exe", argv);
  // Still here: keep running with the variable set for child processes
  // (and for an OpenMP runtime that reads it later than libgomp does).
}

}  // namespace caffe

// Linked into every Crema program (tools, tests, benchmarks), never into
// libcaffe: a shared library cannot have a pre-initialiser.
//
// GNU OpenMP reads OMP_WAIT_POLICY once, in its own initialiser, which the
// dynamic loader runs before libcaffe's initialisers and before main; by
// default its idle threads spin for milliseconds before sleeping, which
// on cores shared with other processes made LeNet's forward-backward 60 to
// 250 times slower (bench/README.md). A program's pre-initialisers run
// before any library's initialiser, so this one can still choose passive
// waiting, without re-executing the program. (The C library hands main
// the environment the program started with, so main and child processes
// do not see the variable.) Setting OMP_WAIT_POLICY (for example to
// active) or GOMP_SPINCOUNT keeps the user's choice.

#include <cstdlib>

namespace {

void PreferPassiveOpenMPWaiting(int, char**, char**) {
  if (std::getenv("GOMP_SPINCOUNT") == nullptr) {
    setenv("OMP_WAIT_POLICY", "passive", /*overwrite=*/0);
  }
}

__attribute__((section(".preinit_array"), used)) void (*prefer_passive)(
    int, char**, char**) = &PreferPassiveOpenMPWaiting;

}  // namespace

// What each program of tools/ starts as: it sets the environment that the
// libraries read once, when they load, and then loads the program itself
// (a module beside libcaffe) and runs its main in this same process.
//
// GNU OpenMP reads OMP_WAIT_POLICY when it loads, before main of any
// program that links it; by default its idle threads spin, which on cores
// shared with other busy processes made LeNet's forward-backward 60 to 250
// times slower (bench/README.md). This launcher links neither libcaffe nor
// OpenMP, so it can still choose passive waiting, without restarting the
// process: launchers (mpirun, srun), debuggers and profilers keep the
// process they started. Setting OMP_WAIT_POLICY or GOMP_SPINCOUNT keeps
// the user's choice.
//
// CAFFE_PROGRAM_NAME and CAFFE_PROGRAM_MODULE come from CMakeLists.txt;
// the module is found through this executable's run path.

#include <dlfcn.h>

#include <cstdio>
#include <cstdlib>

int main(int argc, char** argv) {
  if (std::getenv("OMP_WAIT_POLICY") == nullptr &&
      std::getenv("GOMP_SPINCOUNT") == nullptr) {
    setenv("OMP_WAIT_POLICY", "passive", /*overwrite=*/0);
  }
  void* program = dlopen(CAFFE_PROGRAM_MODULE, RTLD_NOW | RTLD_GLOBAL);
  if (program == nullptr) {
    std::fprintf(stderr, "%s: error: cannot load %s: %s\n", CAFFE_PROGRAM_NAME,
                 CAFFE_PROGRAM_MODULE, dlerror());
    return 1;
  }
  using ProgramMain = int (*)(int, char**);
  const auto program_main =
      reinterpret_cast<ProgramMain>(dlsym(program, "main"));
  if (program_main == nullptr) {
    std::fprintf(stderr, "%s: error: %s has no main: %s\n", CAFFE_PROGRAM_NAME,
                 CAFFE_PROGRAM_MODULE, dlerror());
    return 1;
  }
  return program_main(argc, argv);
}

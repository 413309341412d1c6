#ifndef CAFFE_UTIL_THREAD_CONFIG_HPP_
#define CAFFE_UTIL_THREAD_CONFIG_HPP_

namespace caffe {

// How many threads Crema's CPU kernels use. One process-wide count, set
// once (caffe --threads calls SetThreadCount), which any thread may
// override for itself (a net run beside another with its own count).
//
// By default a process takes its share of this node's cores: the cores it
// may run on divided by the processes of its job on the node (as told by
// Open MPI, MPICH or Slurm), at least 1; OMP_NUM_THREADS, where set, wins.
int DefaultThreadCount();

// Sets the process-wide count (<= 0: the default) and sizes OpenBLAS's
// pool to it. Call it before the threads that run nets start computing.
void SetThreadCount(int threads);

// Overrides the count for the calling thread only (<= 0: clears the
// override). The OpenBLAS pool, which the process shares, keeps the
// process-wide size, so that a thread's results do not depend on what the
// other threads ask for.
void SetThreadCountForThisThread(int threads);

// Overrides the calling thread's count for the scope's lifetime (<= 0:
// leaves it as it is) and then restores the override it found.
class ScopedThreadCount {
 public:
  explicit ScopedThreadCount(int threads);
  ~ScopedThreadCount();
  ScopedThreadCount(const ScopedThreadCount&) = delete;
  ScopedThreadCount& operator=(const ScopedThreadCount&) = delete;

 private:
  int previous_override_;
};

// The calling thread's count: its override, else the process-wide one.
int ThreadCount();

// Makes the OpenMP runtime (and oneDNN, which runs on it) use
// ThreadCount() threads for parallel regions started from this thread.
// Every parallel driver calls it first; it costs a thread-local read when
// nothing changed.
void ApplyThreadCount();

}  // namespace caffe

#endif  // CAFFE_UTIL_THREAD_CONFIG_HPP_

#ifndef CAFFE_PARALLEL_PROCESS_GROUP_HPP_
#define CAFFE_PARALLEL_PROCESS_GROUP_HPP_

#include <cstddef>
#include <cstdlib>
#include <functional>
#include <memory>
#include <string>

namespace caffe {

// Where a launcher (mpirun, srun) put this process, read from the
// environment it sets: rank among size processes; size 1 when the process
// was started on its own.
struct LaunchedWorld {
  int size = 1;
  int rank = 0;
  std::string launcher;  // "Open MPI", "Slurm", ... for messages
};
LaunchedWorld LaunchedWorldFromEnvironment();

// Processes that train one model together. Every collective call must be
// made by each process of the group, in the same order.
class ProcessGroup {
 public:
  virtual ~ProcessGroup() = default;
  virtual int rank() const = 0;
  virtual int size() const = 0;
  // Sums data over the processes, in place, on every process. With
  // deterministic the sum is formed in rank order, ((x0 + x1) + x2) + ...,
  // the same bits on every run, at a cost in latency that grows with size.
  virtual void SumInPlace(float* data, size_t count, bool deterministic) = 0;
  virtual void SumInPlace(double* data, size_t count, bool deterministic) = 0;
  // Copies root's bytes to every process.
  virtual void Broadcast(void* data, size_t bytes, int root) = 0;
  // Ends every process of the group with status (the launcher stops the
  // others): the error path.
  [[noreturn]] void Abort(int status) {
    AbortGroup(status);
    std::_Exit(status);
  }

 protected:
  // Asks the launcher to end every process of the group.
  virtual void AbortGroup(int status) = 0;
};

using ProcessGroupFactory =
    std::function<std::unique_ptr<ProcessGroup>(const LaunchedWorld&)>;

// A backend (src/caffe/mpi/) registers itself when the library loads.
void RegisterProcessGroupBackend(const std::string& name,
                                 ProcessGroupFactory factory);

// The group the launcher started this process in, joined; nullptr when the
// process was started on its own. An Error when it was started as one of
// several processes by a build without a backend.
std::unique_ptr<ProcessGroup> JoinLaunchedProcessGroup();

}  // namespace caffe

#endif  // CAFFE_PARALLEL_PROCESS_GROUP_HPP_

#ifndef CAFFE_TESTS_SUPPORT_CHILD_PROCESS_HPP_
#define CAFFE_TESTS_SUPPORT_CHILD_PROCESS_HPP_

// A program run in the background, for tests that kill a tool mid-way and
// check what it left on disk.

#include <sys/types.h>

#include <string>
#include <vector>

namespace caffe {

class ChildProcess {
 public:
  struct Exit {
    bool signaled = false;
    int code = -1;   // Exit code when !signaled.
    int signal = 0;  // Signal number when signaled.
  };

  // Starts argv[0] (a path) with argv, its stdout and stderr appended to
  // log; started() says whether posix_spawn succeeded.
  ChildProcess(const std::vector<std::string>& argv, const std::string& log);
  // Kills (SIGKILL) and reaps a child still running, so that a failed test
  // leaves no process behind.
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  bool started() const { return pid_ > 0; }
  // Whether it has not exited yet; reaps it when it has.
  bool Running();
  void Kill(int signal);
  // Waits for the exit (at once if Running already saw it).
  Exit Wait();

 private:
  void Record(int status);

  pid_t pid_ = -1;
  bool reaped_ = false;
  Exit exit_;
};

}  // namespace caffe

#endif  // CAFFE_TESTS_SUPPORT_CHILD_PROCESS_HPP_

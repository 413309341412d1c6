#include "support/child_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>

extern char** environ;

namespace caffe {

ChildProcess::ChildProcess(const std::vector<std::string>& argv,
                           const std::string& log) {
  std::vector<std::string> args(argv);
  std::vector<char*> raw_args;
  for (std::string& arg : args) raw_args.push_back(&arg[0]);
  raw_args.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null",
                                   O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(),
                                   O_WRONLY | O_CREAT | O_APPEND, 0644);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  pid_t pid = -1;
  if (posix_spawn(&pid, raw_args[0], &actions, nullptr, raw_args.data(),
                  environ) == 0) {
    pid_ = pid;
  }
  posix_spawn_file_actions_destroy(&actions);
}

ChildProcess::~ChildProcess() {
  if (started() && !reaped_) {
    kill(pid_, SIGKILL);
    Wait();
  }
}

void ChildProcess::Record(int status) {
  reaped_ = true;
  exit_.signaled = WIFSIGNALED(status);
  if (exit_.signaled) exit_.signal = WTERMSIG(status);
  if (WIFEXITED(status)) exit_.code = WEXITSTATUS(status);
}

bool ChildProcess::Running() {
  if (!started() || reaped_) return false;
  int status = 0;
  if (waitpid(pid_, &status, WNOHANG) != pid_) return true;
  Record(status);
  return false;
}

void ChildProcess::Kill(int signal) {
  if (started() && !reaped_) kill(pid_, signal);
}

ChildProcess::Exit ChildProcess::Wait() {
  if (!started() || reaped_) return exit_;
  int status = 0;
  while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  Record(status);
  return exit_;
}

}  // namespace caffe

#ifndef CAFFE_TESTS_SUPPORT_SCRIPT_RUNNER_HPP_
#define CAFFE_TESTS_SUPPORT_SCRIPT_RUNNER_HPP_

// Helpers for tests of the download scripts: a throw-away HTTP server on
// 127.0.0.1 (python3 -m http.server) and a way to run a shell command and
// keep its status and output. These machines have no internet; the scripts
// are pointed at the local server instead.

#include <sys/types.h>

#include <string>

namespace caffe {

// Whether `command -v name` finds the program.
bool HaveProgram(const std::string& name);

// A TCP port on 127.0.0.1 that nothing listened on a moment ago.
int UnusedLocalPort();

// Shell-quotes one argument.
std::string ShellQuote(const std::string& text);

std::string ReadWholeFile(const std::string& path);
void WriteWholeFile(const std::string& path, const std::string& content);

// The SHA-1 of a file in hex, by coreutils' sha1sum.
std::string Sha1sumOf(const std::string& path);

struct CommandResult {
  int status = -1;  // Exit status; -1 if the command did not exit normally.
  std::string out;  // What it wrote to stdout.
  std::string err;  // What it wrote to stderr.
};

// Runs a shell command line, its output captured through files in
// scratch_dir, proxies disabled for 127.0.0.1.
CommandResult RunCaptured(const std::string& command, const std::string& scratch_dir);

// Serves the files of one directory over HTTP on 127.0.0.1 for as long as it
// lives. Start() returns false (and why in error()) when python3 cannot
// serve; the destructor stops the server.
class LocalHttpServer {
 public:
  explicit LocalHttpServer(const std::string& root) : root_(root) {}
  ~LocalHttpServer();
  LocalHttpServer(const LocalHttpServer&) = delete;
  LocalHttpServer& operator=(const LocalHttpServer&) = delete;

  bool Start();
  void Stop();
  int port() const { return port_; }
  std::string Url(const std::string& file) const;
  const std::string& error() const { return error_; }

 private:
  bool StartOnPort(int port);

  std::string root_;
  pid_t pid_ = -1;
  int port_ = 0;
  std::string error_;
};

}  // namespace caffe

#endif  // CAFFE_TESTS_SUPPORT_SCRIPT_RUNNER_HPP_

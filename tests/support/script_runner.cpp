#include "support/script_runner.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

extern char** environ;

namespace caffe {
namespace {

sockaddr_in LocalAddress(int port) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return address;
}

bool Answers(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return false;
  const sockaddr_in address = LocalAddress(port);
  const bool connected =
      connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof(address)) == 0;
  close(fd);
  return connected;
}

}  // namespace

bool HaveProgram(const std::string& name) {
  const std::string command = "command -v " + ShellQuote(name) + " >/dev/null 2>&1";
  return std::system(command.c_str()) == 0;
}

int UnusedLocalPort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return 0;
  sockaddr_in address = LocalAddress(0);
  socklen_t length = sizeof(address);
  int port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
    port = ntohs(address.sin_port);
  }
  close(fd);
  return port;
}

std::string ShellQuote(const std::string& text) {
  std::string quoted = "'";
  for (char c : text) {
    quoted += (c == '\'') ? std::string("'\\''") : std::string(1, c);
  }
  return quoted + "'";
}

std::string ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream content;
  content << in.rdbuf();
  return content.str();
}

void WriteWholeFile(const std::string& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary);
  out << content;
}

std::string Sha1sumOf(const std::string& path) {
  const std::string out = path + ".sha1";
  const std::string command = "sha1sum " + ShellQuote(path) + " > " + ShellQuote(out);
  if (std::system(command.c_str()) != 0) return "";
  const std::string line = ReadWholeFile(out);
  std::remove(out.c_str());
  return line.substr(0, line.find(' '));
}

CommandResult RunCaptured(const std::string& command, const std::string& scratch_dir) {
  const std::string out_file = scratch_dir + "/command.out";
  const std::string err_file = scratch_dir + "/command.err";
  const std::string full = "no_proxy=127.0.0.1 NO_PROXY=127.0.0.1 " + command +
                           " </dev/null >" + ShellQuote(out_file) + " 2>" +
                           ShellQuote(err_file);
  CommandResult result;
  const int raw = std::system(full.c_str());
  if (raw != -1 && WIFEXITED(raw)) result.status = WEXITSTATUS(raw);
  result.out = ReadWholeFile(out_file);
  result.err = ReadWholeFile(err_file);
  std::remove(out_file.c_str());
  std::remove(err_file.c_str());
  return result;
}

LocalHttpServer::~LocalHttpServer() { Stop(); }

void LocalHttpServer::Stop() {
  if (pid_ <= 0) return;
  kill(pid_, SIGTERM);
  waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

std::string LocalHttpServer::Url(const std::string& file) const {
  return "http://127.0.0.1:" + std::to_string(port_) + "/" + file;
}

bool LocalHttpServer::Start() {
  if (!HaveProgram("python3")) {
    error_ = "python3 is not installed";
    return false;
  }
  // Another process may take the port between UnusedLocalPort and the bind.
  for (int attempt = 0; attempt < 3; ++attempt) {
    if (StartOnPort(UnusedLocalPort())) return true;
  }
  return false;
}

bool LocalHttpServer::StartOnPort(int port) {
  const std::string port_text = std::to_string(port);
  std::vector<std::string> args = {"python3", "-m",      "http.server", "--bind",
                                   "127.0.0.1", port_text, "--directory", root_};
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(&arg[0]);
  argv.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  const int spawned = posix_spawnp(&pid_, "python3", &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) {
    pid_ = -1;
    error_ = "cannot start python3 -m http.server";
    return false;
  }
  // A loaded machine may take seconds to start the interpreter.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline) {
    if (Answers(port)) {
      port_ = port;
      return true;
    }
    if (waitpid(pid_, nullptr, WNOHANG) == pid_) {
      pid_ = -1;
      error_ = "python3 -m http.server exited at once on port " + port_text;
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  Stop();
  error_ = "python3 -m http.server did not answer on port " + port_text + " within 30 s";
  return false;
}

}  // namespace caffe

#include "caffe/util/signal_handler.h"

#include <signal.h>

#include <atomic>
#include <cstring>

namespace caffe {

namespace {

// Only lock-free atomics may be touched from a signal handler.
static_assert(ATOMIC_BOOL_LOCK_FREE == 2, "signal flags need lock-free bools");

std::atomic<bool> got_sigint(false);
std::atomic<bool> got_sighup(false);
std::atomic<bool> handlers_installed(false);
struct sigaction previous_sigint;
struct sigaction previous_sighup;

void RecordSignal(int signal_number) {
  if (signal_number == SIGINT) {
    got_sigint.store(true);
  } else if (signal_number == SIGHUP) {
    got_sighup.store(true);
  }
}

void InstallHandlers() {
  CHECK(!handlers_installed.exchange(true))
      << "only one SignalHandler may exist at a time";
  got_sigint.store(false);
  got_sighup.store(false);
  struct sigaction action;
  std::memset(&action, 0, sizeof(action));
  action.sa_handler = &RecordSignal;
  sigemptyset(&action.sa_mask);
  // Restart interrupted system calls (file reads in data prefetching) rather
  // than have them fail with EINTR.
  action.sa_flags = SA_RESTART;
  CHECK_EQ(sigaction(SIGINT, &action, &previous_sigint), 0)
      << "cannot install the SIGINT handler: " << std::strerror(errno);
  CHECK_EQ(sigaction(SIGHUP, &action, &previous_sighup), 0)
      << "cannot install the SIGHUP handler: " << std::strerror(errno);
}

void RestoreHandlers() {
  sigaction(SIGINT, &previous_sigint, nullptr);
  sigaction(SIGHUP, &previous_sighup, nullptr);
  handlers_installed.store(false);
}

}  // namespace

SignalHandler::SignalHandler(SolverAction::Enum SIGINT_action,
                             SolverAction::Enum SIGHUP_action)
    : SIGINT_action_(SIGINT_action), SIGHUP_action_(SIGHUP_action) {
  InstallHandlers();
}

SignalHandler::~SignalHandler() { RestoreHandlers(); }

SolverAction::Enum SignalHandler::CheckForSignals() const {
  if (got_sigint.exchange(false)) return SIGINT_action_;
  if (got_sighup.exchange(false)) return SIGHUP_action_;
  return SolverAction::NONE;
}

ActionCallback SignalHandler::GetActionFunction() {
  return [this]() { return CheckForSignals(); };
}

}  // namespace caffe

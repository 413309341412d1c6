#ifndef CAFFE_UTIL_SIGNAL_HANDLER_H_
#define CAFFE_UTIL_SIGNAL_HANDLER_H_

#include "caffe/solver.hpp"

namespace caffe {

// Turns SIGINT and SIGHUP into solver actions. While an instance lives, the
// two signals only raise flags (async-signal-safe); the solver polls the
// callback from GetActionFunction() once per iteration and receives the
// configured action for each signal that arrived since the last poll. The
// previous handlers are restored on destruction. One instance at a time.
class SignalHandler {
 public:
  SignalHandler(SolverAction::Enum SIGINT_action,
                SolverAction::Enum SIGHUP_action);
  ~SignalHandler();
  ActionCallback GetActionFunction();

 private:
  // Consumes a pending signal: SIGINT first, then SIGHUP, else NONE.
  SolverAction::Enum CheckForSignals() const;

  SolverAction::Enum SIGINT_action_;
  SolverAction::Enum SIGHUP_action_;

  SignalHandler(const SignalHandler&) = delete;
  SignalHandler& operator=(const SignalHandler&) = delete;
};

}  // namespace caffe

#endif  // CAFFE_UTIL_SIGNAL_HANDLER_H_

#include "caffe/util/signal_handler.h"

#include <signal.h>

#include "support/test_caffe_main.hpp"

namespace caffe {
namespace {

TEST(SignalHandlerTest, SignalsBecomeTheirActionsOnce) {
  SignalHandler handler(SolverAction::STOP, SolverAction::SNAPSHOT);
  ActionCallback action = handler.GetActionFunction();
  EXPECT_EQ(action(), SolverAction::NONE);

  ASSERT_EQ(raise(SIGINT), 0);
  EXPECT_EQ(action(), SolverAction::STOP);
  EXPECT_EQ(action(), SolverAction::NONE);

  ASSERT_EQ(raise(SIGHUP), 0);
  EXPECT_EQ(action(), SolverAction::SNAPSHOT);
  EXPECT_EQ(action(), SolverAction::NONE);

  // Both pending: SIGINT is reported first, SIGHUP on the next poll.
  ASSERT_EQ(raise(SIGHUP), 0);
  ASSERT_EQ(raise(SIGINT), 0);
  EXPECT_EQ(action(), SolverAction::STOP);
  EXPECT_EQ(action(), SolverAction::SNAPSHOT);
}

TEST(SignalHandlerTest, NoneIgnoresTheSignal) {
  SignalHandler handler(SolverAction::NONE, SolverAction::NONE);
  ASSERT_EQ(raise(SIGINT), 0);  // Must not end the test process.
  EXPECT_EQ(handler.GetActionFunction()(), SolverAction::NONE);
}

TEST(SignalHandlerTest, RestoresThePreviousHandler) {
  struct sigaction before;
  ASSERT_EQ(sigaction(SIGINT, nullptr, &before), 0);
  { SignalHandler handler(SolverAction::STOP, SolverAction::STOP); }
  struct sigaction after;
  ASSERT_EQ(sigaction(SIGINT, nullptr, &after), 0);
  EXPECT_EQ(before.sa_handler, after.sa_handler);
}

}  // namespace
}  // namespace caffe

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "caffe/util/benchmark.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {

namespace {

void SleepMilliseconds(int ms) {
  std::this_thread::sleep_for(std::chrono::milliseconds(ms));
}

}  // namespace

template <typename TypeParam>
class BenchmarkTest : public MultiDeviceTest<TypeParam> {};

TYPED_TEST_SUITE(BenchmarkTest, TestDtypesAndDevices);

TYPED_TEST(BenchmarkTest, TestTimerConstructor) {
  Timer timer;
  EXPECT_TRUE(timer.initted());
  EXPECT_FALSE(timer.running());
  EXPECT_FALSE(timer.has_run_at_least_once());
  // Reading a timer that never ran gives 0 (and a warning), not garbage.
  EXPECT_EQ(0, timer.MilliSeconds());
}

TYPED_TEST(BenchmarkTest, TestTimerStartStop) {
  Timer timer;
  timer.Start();
  EXPECT_TRUE(timer.running());
  EXPECT_TRUE(timer.has_run_at_least_once());
  timer.Start();  // No effect while running.
  timer.Stop();
  EXPECT_FALSE(timer.running());
  timer.Stop();  // No effect while stopped.
  EXPECT_TRUE(timer.has_run_at_least_once());
}

TYPED_TEST(BenchmarkTest, TestTimerMeasures) {
  Timer timer;
  timer.Start();
  SleepMilliseconds(30);
  // Reading a running timer stops it.
  const float ms = timer.MilliSeconds();
  EXPECT_FALSE(timer.running());
  EXPECT_GE(ms, 29);
  EXPECT_LE(ms, 1000);
  EXPECT_NEAR(ms * 1000, timer.MicroSeconds(), 1);
  EXPECT_NEAR(ms / 1000, timer.Seconds(), 1e-6);
}

TYPED_TEST(BenchmarkTest, TestCPUTimerMeasures) {
  CPUTimer timer;
  EXPECT_TRUE(timer.initted());
  EXPECT_FALSE(timer.has_run_at_least_once());
  timer.Start();
  SleepMilliseconds(30);
  timer.Stop();
  EXPECT_FALSE(timer.running());
  EXPECT_GE(timer.MilliSeconds(), 29);
  EXPECT_LE(timer.MilliSeconds(), 1000);
  EXPECT_GE(timer.MicroSeconds(), 29000);
  EXPECT_NEAR(timer.MilliSeconds() / 1000, timer.Seconds(), 1e-6);
}

TYPED_TEST(BenchmarkTest, TestTimerRestarts) {
  CPUTimer timer;
  timer.Start();
  SleepMilliseconds(40);
  timer.Stop();
  timer.Start();
  timer.Stop();
  // A restart measures only the latest interval.
  EXPECT_LT(timer.MilliSeconds(), 30);
}

}  // namespace caffe

#ifndef CAFFE_TESTS_SUPPORT_ERROR_MESSAGE_HPP_
#define CAFFE_TESTS_SUPPORT_ERROR_MESSAGE_HPP_

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "caffe/error.hpp"

namespace caffe {

// The message of the caffe::Error that f throws ("" when it throws none).
template <typename F>
std::string ErrorMessage(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

// Expects run() to throw a caffe::Error whose message contains every word.
inline void ExpectErrorMentioning(const std::function<void()>& run,
                                  const std::vector<std::string>& words) {
  try {
    run();
    ADD_FAILURE() << "expected caffe::Error";
  } catch (const Error& e) {
    const std::string message = e.what();
    for (const std::string& word : words) {
      EXPECT_NE(message.find(word), std::string::npos)
          << "'" << word << "' not in: " << message;
    }
  }
}

}  // namespace caffe

#endif  // CAFFE_TESTS_SUPPORT_ERROR_MESSAGE_HPP_

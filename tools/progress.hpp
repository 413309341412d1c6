// Progress lines of the long-running tools: how many items are done and at
// what rate since the start, so that a user can tell a slow run from a stuck
// one and estimate the time left.
#ifndef CAFFE_TOOLS_PROGRESS_HPP_
#define CAFFE_TOOLS_PROGRESS_HPP_

#include <chrono>
#include <sstream>
#include <string>

namespace caffe {
namespace tools {

class ProgressRate {
 public:
  // unit names what is counted ("files", "images").
  explicit ProgressRate(const std::string& unit)
      : unit_(unit), start_(std::chrono::steady_clock::now()) {}

  // " (R unit/s)" for count items done since construction.
  std::string Rate(long long count) const {
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start_)
            .count();
    std::ostringstream text;
    text.precision(1);
    text << std::fixed << " (" << (seconds > 0 ? count / seconds : 0.0) << " "
         << unit_ << "/s)";
    return text.str();
  }

 private:
  std::string unit_;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace tools
}  // namespace caffe

#endif  // CAFFE_TOOLS_PROGRESS_HPP_

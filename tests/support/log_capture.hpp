#ifndef CAFFE_TESTS_SUPPORT_LOG_CAPTURE_HPP_
#define CAFFE_TESTS_SUPPORT_LOG_CAPTURE_HPP_

#include <glog/logging.h>

#include <algorithm>
#include <regex>
#include <string>
#include <vector>

namespace caffe {

// Collects every log line (INFO included) while alive.
class LogCapture : public google::LogSink {
 public:
  LogCapture() : saved_minloglevel_(FLAGS_minloglevel) {
    FLAGS_minloglevel = 0;
    google::AddLogSink(this);
  }
  ~LogCapture() override {
    google::RemoveLogSink(this);
    FLAGS_minloglevel = saved_minloglevel_;
  }
  void send(google::LogSeverity severity, const char* full_filename,
            const char* base_filename, int line,
            const google::LogMessageTime& time, const char* message,
            size_t message_len) override {
    lines_.emplace_back(message, message_len);
  }

  bool Has(const std::string& line) const { return Count(line) > 0; }
  int Count(const std::string& line) const {
    return static_cast<int>(std::count(lines_.begin(), lines_.end(), line));
  }
  // The first line matching pattern in full, or "" if none does.
  std::string Match(const std::string& pattern, std::smatch* match) const {
    const std::regex re(pattern);
    for (const std::string& line : lines_) {
      if (std::regex_match(line, *match, re)) return line;
    }
    return "";
  }
  std::string All() const {
    std::string all;
    for (const std::string& line : lines_) all += line + "\n";
    return all;
  }

 private:
  int saved_minloglevel_;
  std::vector<std::string> lines_;
};

}  // namespace caffe

#endif  // CAFFE_TESTS_SUPPORT_LOG_CAPTURE_HPP_

#include "caffe/util/db_write_marker.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "caffe/error.hpp"

namespace caffe {
namespace db {

const char kWriteMarkerName[] = ".incomplete";

namespace {

std::string MarkerPath(const std::string& source) {
  return (std::filesystem::path(source) / kWriteMarkerName).string();
}

}  // namespace

void MarkWriteStarted(const std::string& source) {
  std::ofstream marker(MarkerPath(source));
  marker << "written by a program that has not finished; removed when it "
            "finishes\n";
  CAFFE_REQUIRE(marker.good())
      << "cannot mark database " << source << " as being written ("
      << MarkerPath(source) << "): " << std::strerror(errno);
}

void MarkWriteFinished(const std::string& source) {
  std::error_code error;
  std::filesystem::remove(MarkerPath(source), error);
  CAFFE_REQUIRE(!error) << "cannot mark database " << source
                        << " as complete (remove " << MarkerPath(source)
                        << "): " << error.message();
}

void RequireWriteFinished(const std::string& source) {
  std::error_code error;
  if (!std::filesystem::exists(MarkerPath(source), error)) return;
  Error incomplete(std::string("database is incomplete: the program writing "
                               "it did not finish (") +
                   kWriteMarkerName +
                   " is still there); write the database again");
  incomplete.set_file(source);
  throw incomplete;
}

}  // namespace db
}  // namespace caffe

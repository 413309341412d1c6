#include "caffe/util/atomic_file.hpp"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "caffe/error.hpp"

namespace caffe {

namespace {

namespace fs = std::filesystem;

// What mkstemp appends to the template's "XXXXXX".
const char kTempTag[] = ".tmp";
const size_t kTempRandomChars = 6;

fs::path DirectoryOf(const fs::path& target) {
  return target.parent_path().empty() ? fs::path(".") : target.parent_path();
}

[[noreturn]] void ThrowWriteFailed(const std::string& filename, int error) {
  CAFFE_THROW() << "cannot write \"" << filename
                << "\": " << std::strerror(error);
}

// fsync of the file at path, opened again: write() may have written it by
// name (HDF5 does).
int SyncFile(const std::string& path) {
  const int fd = open(path.c_str(), O_RDONLY);
  if (fd < 0) return errno;
  // mkstemp creates the file 0600; give it the usual permissions.
  const mode_t mask = umask(0);
  umask(mask);
  fchmod(fd, 0666 & ~mask);
  const int error = fsync(fd) == 0 ? 0 : errno;
  close(fd);
  return error;
}

// Makes the rename itself durable; without it a crash may bring back the
// old directory entry.
void SyncDirectory(const fs::path& directory) {
  const int fd = open(directory.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd < 0) return;
  // Some file systems cannot fsync a directory; the file is in place anyway.
  fsync(fd);
  close(fd);
}

void WriteAll(int fd, const std::string& bytes, const std::string& filename) {
  size_t written = 0;
  while (written < bytes.size()) {
    const ssize_t n = write(fd, bytes.data() + written, bytes.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) ThrowWriteFailed(filename, errno);
    written += static_cast<size_t>(n);
  }
}

// Whether name is ".<base_prefix>...tmpXXXXXX", a temporary file of ours.
bool IsLeftoverOf(const std::string& name, const std::string& base_prefix) {
  const std::string head = "." + base_prefix;
  const size_t tag_size = sizeof(kTempTag) - 1;
  if (name.size() < head.size() + tag_size + kTempRandomChars ||
      name.compare(0, head.size(), head) != 0) {
    return false;
  }
  const size_t tag = name.size() - tag_size - kTempRandomChars;
  return name.compare(tag, tag_size, kTempTag) == 0 &&
         std::all_of(name.begin() + tag + tag_size, name.end(), [](char c) {
           return std::isalnum(static_cast<unsigned char>(c)) != 0;
         });
}

}  // namespace

void WriteFileAtomically(
    const std::string& filename,
    const std::function<void(const std::string& temp_filename)>& write) {
  const fs::path target(filename);
  const fs::path directory = DirectoryOf(target);
  std::string temp_name =
      (directory / ("." + target.filename().string() + kTempTag + "XXXXXX"))
          .string();
  const int fd = mkstemp(&temp_name[0]);
  if (fd < 0) ThrowWriteFailed(filename, errno);
  close(fd);
  try {
    write(temp_name);
  } catch (...) {
    unlink(temp_name.c_str());
    throw;
  }
  int error = SyncFile(temp_name);
  if (error == 0 && rename(temp_name.c_str(), filename.c_str()) != 0) {
    error = errno;
  }
  if (error != 0) {
    unlink(temp_name.c_str());
    ThrowWriteFailed(filename, error);
  }
  SyncDirectory(directory);
}

void WriteFileAtomically(const std::string& filename,
                         const std::string& bytes) {
  WriteFileAtomically(filename, [&](const std::string& temp_filename) {
    const int fd = open(temp_filename.c_str(), O_WRONLY | O_TRUNC);
    if (fd < 0) ThrowWriteFailed(filename, errno);
    try {
      WriteAll(fd, bytes, filename);
    } catch (...) {
      close(fd);
      throw;
    }
    close(fd);
  });
}

std::vector<std::string> RemoveAtomicWriteLeftovers(
    const std::string& path_prefix) {
  // A prefix ending in "/" has an empty file name: all leftovers in it.
  const fs::path prefix(path_prefix);
  const std::string base_prefix = prefix.filename().string();
  std::vector<std::string> removed;
  std::error_code error;
  for (const fs::directory_entry& entry :
       fs::directory_iterator(DirectoryOf(prefix), error)) {
    const std::string name = entry.path().filename().string();
    if (!IsLeftoverOf(name, base_prefix)) continue;
    if (fs::remove(entry.path(), error))
      removed.push_back(entry.path().string());
  }
  return removed;
}

}  // namespace caffe

#include "load/file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <utility>

namespace kieumau {
namespace {

Error CannotOpen() {
  return Error{"không mở được tệp: " + std::string(std::strerror(errno)) +
               " (cannot open the file)"};
}

Error CannotRead() {
  return Error{"không đọc được tệp: " + std::string(std::strerror(errno)) +
               " (cannot read the file)"};
}

Error IsDirectory() {
  return Error{"đây là một thư mục, không phải tệp (is a directory)"};
}

}  // namespace

Result<std::string> ReadFile(const std::string& path) {
  std::unique_ptr<FILE, int (*)(FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!file) return CannotOpen();
  struct stat info {};
  if (fstat(fileno(file.get()), &info) != 0) return CannotRead();
  if (S_ISDIR(info.st_mode)) return IsDirectory();
  std::string content;
  // Room past the end lets a JSON parser that reads ahead in blocks (simdjson) use the text in
  // place.
  if (S_ISREG(info.st_mode)) content.reserve(static_cast<size_t>(info.st_size) + kReadPadding);
  char buffer[1 << 16];
  size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, file.get())) > 0)
    content.append(buffer, n);
  if (std::ferror(file.get())) return CannotRead();
  return content;
}

FileText::FileText(FileText&& other) noexcept
    : read_(std::move(other.read_)),
      map_(std::exchange(other.map_, nullptr)),
      map_bytes_(std::exchange(other.map_bytes_, 0)),
      size_(std::exchange(other.size_, 0)) {}

FileText& FileText::operator=(FileText&& other) noexcept {
  if (this != &other) {
    Unmap();
    read_ = std::move(other.read_);
    map_ = std::exchange(other.map_, nullptr);
    map_bytes_ = std::exchange(other.map_bytes_, 0);
    size_ = std::exchange(other.size_, 0);
  }
  return *this;
}

FileText::~FileText() {
  Unmap();
}

void FileText::Unmap() {
  if (map_ != nullptr) munmap(map_, map_bytes_);
  map_ = nullptr;
  map_bytes_ = 0;
  size_ = 0;
}

Result<FileText> ReadFileText(const std::string& path) {
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return CannotOpen();
  struct Closer {
    int fd;
    ~Closer() { close(fd); }
  } closer{fd};
  struct stat info {};
  if (fstat(fd, &info) != 0) return CannotRead();
  if (S_ISDIR(info.st_mode)) return IsDirectory();
  FileText result;
  if (S_ISREG(info.st_mode) && info.st_size > 0) {
    // Address space for the file and at least one page more, all readable zeros; then the file
    // mapped over its start. Bytes past the end of the file in its last page read as zeros too.
    const auto size = static_cast<size_t>(info.st_size);
    const auto page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
    const size_t bytes = (size + page - 1) / page * page + page;
    void* base = mmap(nullptr, bytes, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (base != MAP_FAILED) {
      if (mmap(base, size, PROT_READ, MAP_PRIVATE | MAP_FIXED | MAP_POPULATE, fd, 0) !=
          MAP_FAILED) {
        result.map_ = base;
        result.map_bytes_ = bytes;
        result.size_ = size;
        return result;
      }
      munmap(base, bytes);
    }
  }
  // Not a regular file, or one the kernel will not map: read to the end.
  if (S_ISREG(info.st_mode)) result.read_.reserve(static_cast<size_t>(info.st_size) + kReadPadding);
  char buffer[1 << 16];
  while (true) {
    const ssize_t n = read(fd, buffer, sizeof buffer);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      return CannotRead();
    }
    result.read_.append(buffer, static_cast<size_t>(n));
  }
  if (result.read_.capacity() - result.read_.size() < kReadPadding) {
    result.read_.reserve(result.read_.size() + kReadPadding);
  }
  return result;
}

}  // namespace kieumau

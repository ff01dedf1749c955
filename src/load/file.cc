#include "load/file.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

namespace kieumau {

Result<std::string> ReadFile(const std::string& path) {
  std::unique_ptr<FILE, int (*)(FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!file) {
    return Error{"không mở được tệp: " + std::string(std::strerror(errno)) +
                 " (cannot open the file)"};
  }
  struct stat info {};
  if (fstat(fileno(file.get()), &info) != 0) {
    return Error{"không đọc được tệp: " + std::string(std::strerror(errno)) +
                 " (cannot read the file)"};
  }
  if (S_ISDIR(info.st_mode)) return Error{"đây là một thư mục, không phải tệp (is a directory)"};
  std::string content;
  // Room past the end lets a JSON parser that reads ahead in blocks (simdjson) use the text in
  // place.
  if (S_ISREG(info.st_mode)) content.reserve(static_cast<size_t>(info.st_size) + kReadPadding);
  char buffer[1 << 16];
  size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, file.get())) > 0)
    content.append(buffer, n);
  if (std::ferror(file.get())) {
    return Error{"không đọc được tệp: " + std::string(std::strerror(errno)) +
                 " (cannot read the file)"};
  }
  return content;
}

}  // namespace kieumau

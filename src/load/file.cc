#include "load/file.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace kieumau {

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Error{"không mở được tệp: " + std::string(std::strerror(errno)) +
                 " (cannot open the file)"};
  }
  std::ostringstream content;
  content << in.rdbuf();
  if (in.bad()) return Error{"không đọc được tệp (cannot read the file)"};
  return content.str();
}

}  // namespace kieumau

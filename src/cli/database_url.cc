#include "cli/database_url.h"

#include <filesystem>
#include <ostream>
#include <string_view>

namespace kieumau::cli {

std::string RedactUrl(const std::string& url) {
  std::string shown = url;
  // postgresql://user:password@host/…
  const size_t scheme = shown.find("://");
  if (scheme != std::string::npos) {
    const size_t at = shown.find('@', scheme + 3);
    const size_t colon = shown.find(':', scheme + 3);
    if (at != std::string::npos && colon != std::string::npos && colon < at)
      shown = shown.substr(0, colon + 1) + "***" + shown.substr(at);
  }
  // …?password=…&…
  constexpr std::string_view kPassword = "password=";
  for (size_t at = shown.find('?'); at != std::string::npos; at = shown.find('&', at + 1)) {
    if (shown.compare(at + 1, kPassword.size(), kPassword) != 0) continue;
    const size_t value = at + 1 + kPassword.size();
    const size_t end = shown.find('&', value);
    shown.replace(value, end == std::string::npos ? std::string::npos : end - value, "***");
  }
  return shown;
}

std::optional<std::string> SqlitePath(const std::string& url) {
  constexpr std::string_view kPrefix = "sqlite:";
  if (url.compare(0, kPrefix.size(), kPrefix) != 0) return std::nullopt;
  return url.substr(kPrefix.size());
}

void MakeParentFolders(const std::string& url, std::ostream& err) {
  const std::optional<std::string> path = SqlitePath(url);
  if (!path) return;
  const std::filesystem::path parent = std::filesystem::path(*path).parent_path();
  if (parent.empty()) return;
  std::error_code error;
  std::filesystem::create_directories(parent, error);
  if (error) {
    err << parent.string()
        << ": không tạo được thư mục cho cơ sở dữ liệu (cannot create the folder): "
        << error.message() << '\n';
  }
}

}  // namespace kieumau::cli

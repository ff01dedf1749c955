#include "server/static_files.h"

#include <sys/stat.h>

#include <array>
#include <cstdlib>
#include <utility>

#include "server/router.h"

namespace kieumau::server {

namespace {

constexpr std::string_view kNotBuiltPage = R"(<!doctype html>
<html lang="vi">
<head><meta charset="utf-8"><title>KieuMau</title></head>
<body>
<h1>KieuMau</h1>
<p>Ứng dụng web chưa được biên dịch. Giao diện lập trình (API) vẫn chạy tại <a href="/api/health">/api/health</a>;
mô tả OpenAPI tại <a href="/api/openapi.json">/api/openapi.json</a>.</p>
<p lang="en">The web application is not built yet. The API is running under /api/.</p>
</body>
</html>
)";

bool IsRegularFile(const std::string& path) {
  struct stat info {};
  return ::stat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode);
}

// Whether `path`, symbolic links resolved, is inside `root` (itself resolved): a link inside the
// web app's folder may not lead out of it.
bool IsInside(const std::string& path, const std::string& root) {
  char* resolved = ::realpath(path.c_str(), nullptr);
  char* resolved_root = ::realpath(root.c_str(), nullptr);
  bool inside = false;
  if (resolved != nullptr && resolved_root != nullptr) {
    const std::string_view file(resolved);
    const std::string_view dir(resolved_root);
    inside =
        file.size() > dir.size() && file.substr(0, dir.size()) == dir && file[dir.size()] == '/';
  }
  std::free(resolved);
  std::free(resolved_root);
  return inside;
}

bool IsSafeSegment(const std::string& segment) {
  return !segment.empty() && segment.front() != '.' && segment.find('/') == std::string::npos &&
         segment.find('\\') == std::string::npos && segment.find('\0') == std::string::npos;
}

Response NotFound() {
  return ErrorResponse(app::ErrorCode::kNotFound, "Không tìm thấy tệp này (no such file)");
}

Response FileResponse(std::string path) {
  Response response;
  response.content_type = ContentTypeFor(path);
  response.file = std::move(path);
  return response;
}

}  // namespace

StaticFiles::StaticFiles(std::string root) : root_(std::move(root)) {
  while (root_.size() > 1 && root_.back() == '/')
    root_.pop_back();
}

Response StaticFiles::Serve(const Request& request) const {
  if (request.method != "GET" && request.method != "HEAD") {
    Response response =
        ErrorResponse(app::ErrorCode::kMethodNotAllowed,
                      "Tệp tĩnh chỉ đọc được bằng GET (static files answer GET and HEAD only)");
    response.headers.emplace_back("Allow", "GET, HEAD");
    return response;
  }
  std::optional<std::vector<std::string>> segments = SplitPath(request.path);
  if (!segments) return NotFound();
  std::string path = root_;
  for (const std::string& segment : *segments) {
    if (!IsSafeSegment(segment)) return NotFound();
    path += '/';
    path += segment;
  }
  if (!segments->empty() && IsRegularFile(path)) {
    if (!IsInside(path, root_)) return NotFound();
    return FileResponse(std::move(path));
  }

  const bool client_route = segments->empty() || segments->back().find('.') == std::string::npos;
  if (!client_route) return NotFound();
  std::string index = root_ + "/index.html";
  if (IsRegularFile(index)) {
    Response response = FileResponse(std::move(index));
    response.headers.emplace_back("Cache-Control", "no-cache");
    return response;
  }
  Response response;
  response.content_type = kHtmlType;
  response.body = kNotBuiltPage;
  return response;
}

std::string_view ContentTypeFor(std::string_view file_name) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 22> kTypes = {{
      {".html", "text/html; charset=utf-8"},
      {".htm", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".map", "application/json"},
      {".webmanifest", "application/manifest+json"},
      {".txt", "text/plain; charset=utf-8"},
      {".csv", "text/csv; charset=utf-8"},
      {".xml", "application/xml"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".gif", "image/gif"},
      {".webp", "image/webp"},
      {".ico", "image/x-icon"},
      {".woff", "font/woff"},
      {".woff2", "font/woff2"},
      {".wasm", "application/wasm"},
      {".pdf", "application/pdf"},
  }};
  const size_t slash = file_name.rfind('/');
  const size_t dot = file_name.rfind('.');
  if (dot != std::string_view::npos && (slash == std::string_view::npos || dot > slash)) {
    std::string extension(file_name.substr(dot));
    for (char& c : extension) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    for (const auto& [known, type] : kTypes) {
      if (known == extension) return type;
    }
  }
  return "application/octet-stream";
}

}  // namespace kieumau::server

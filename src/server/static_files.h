// The web application's files, served from one folder: content types by extension, no way out of
// the folder, and index.html for the application's own routes.
#pragma once

#include <string>
#include <string_view>

#include "server/http.h"

namespace kieumau::server {

class StaticFiles {
 public:
  // `root` need not exist: then "/" and the application's routes answer a small page saying the
  // web application is not built yet.
  explicit StaticFiles(std::string root);

  // GET of `request.path` (still percent-encoded):
  // - a regular file under the root → 200 with its content type, sent from disk;
  // - a path with a segment that is empty, ".", "..", starts with '.', holds '/', '\\' or a NUL, or
  // is
  //   malformed percent-encoding (so `..`, `%2e%2e`, `//etc/passwd`, `%2fetc`) → 404;
  // - any other missing path whose last segment has no extension (a client-side route) →
  //   index.html, or the "not built" page;
  // - else 404. Other methods → 405.
  Response Serve(const Request& request) const;

  const std::string& root() const { return root_; }

 private:
  std::string root_;
};

// "text/css; charset=utf-8" for "app.css"; "application/octet-stream" when the extension is
// unknown.
std::string_view ContentTypeFor(std::string_view file_name);

}  // namespace kieumau::server

// Reading whole files, with a message for people when it fails.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "engine/result.h"

namespace kieumau {

// Spare capacity ReadFile leaves past the end of the text it returns.
inline constexpr size_t kReadPadding = 64;

// The whole file; a directory or an unreadable file is an error with a message for people.
Result<std::string> ReadFile(const std::string& path);

// A whole file's text followed by at least kReadPadding readable bytes, for a parser that reads
// ahead in blocks (simdjson) to use in place. A regular file is mapped into memory read-only — no
// copy, and its pages, in the page cache after a first read, are mapped all at once instead of
// faulted in one by one — and anything else (a pipe, /dev/stdin, a file the kernel will not map)
// is read. Failures give ReadFile's messages, word for word. As with any mapped file, a file cut
// short by another program while it is being read ends the process (SIGBUS).
class FileText {
 public:
  FileText() = default;
  FileText(FileText&& other) noexcept;
  FileText& operator=(FileText&& other) noexcept;
  FileText(const FileText&) = delete;
  FileText& operator=(const FileText&) = delete;
  ~FileText();

  std::string_view text() const {
    return map_ != nullptr ? std::string_view(static_cast<const char*>(map_), size_) : read_;
  }

 private:
  friend Result<FileText> ReadFileText(const std::string& path);
  void Unmap();

  std::string read_;      // the text read, with kReadPadding bytes of spare capacity
  void* map_ = nullptr;   // the mapping: the file, then at least one page of zeros
  size_t map_bytes_ = 0;  // the mapping's length
  size_t size_ = 0;       // the file's length
};

Result<FileText> ReadFileText(const std::string& path);

}  // namespace kieumau

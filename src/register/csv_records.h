// A small RFC 4180 reader that copies nothing: fields are views into the text, except a quoted
// field holding a doubled quote (""), whose unescaped text is kept in a store the caller owns.
// Records end at LF or CRLF outside quotes; a quoted field may hold commas and line ends.
#pragma once

#include <cstddef>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

namespace kieumau::admin_register {

class CsvRecords {
 public:
  // `unescaped` must outlive the fields read (a deque never moves what it holds).
  CsvRecords(std::string_view text, std::deque<std::string>& unescaped)
      : text_(text), unescaped_(unescaped) {}

  // Reads the next record into `fields`; false when the text is used up. A malformed record
  // still gives true, with error() set (Vietnamese, then English in parentheses) and
  // error_field() the index of the field at fault; reading goes on after it.
  bool Next(std::vector<std::string_view>& fields);

  int line() const { return line_; }  // the line the last record read starts on (1-based)
  const std::string& error() const { return error_; }
  size_t error_field() const { return error_field_; }

 private:
  // A quoted field starting at at_ (on the opening quote).
  std::string_view QuotedField(size_t field);
  // An unquoted field starting at at_.
  std::string_view PlainField(size_t field);
  void Fail(size_t field, std::string message);

  std::string_view text_;
  std::deque<std::string>& unescaped_;
  size_t at_ = 0;
  int line_ = 0;
  int next_line_ = 1;
  std::string error_;
  size_t error_field_ = 0;
};

}  // namespace kieumau::admin_register

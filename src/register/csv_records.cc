#include "register/csv_records.h"

#include <algorithm>

namespace kieumau::admin_register {

bool CsvRecords::Next(std::vector<std::string_view>& fields) {
  fields.clear();
  error_.clear();
  if (at_ >= text_.size()) return false;
  line_ = next_line_;
  for (;;) {
    const size_t index = fields.size();
    fields.push_back(at_ < text_.size() && text_[at_] == '"' ? QuotedField(index)
                                                             : PlainField(index));
    if (at_ >= text_.size()) return true;
    const char separator = text_[at_++];
    if (separator == ',') continue;
    // A line end: LF or CRLF (a field stops at a CR only when LF follows).
    if (separator == '\r') ++at_;
    ++next_line_;
    return true;
  }
}

std::string_view CsvRecords::PlainField(size_t field) {
  const size_t start = at_;
  size_t end = start;
  while (end < text_.size()) {
    const char c = text_[end];
    if (c == ',' || c == '\n') break;
    if (c == '\r' && end + 1 < text_.size() && text_[end + 1] == '\n') break;
    if (c == '"' && error_.empty()) {
      Fail(field,
           "dấu ngoặc kép (\") giữa ô không được đặt trong ngoặc kép (a quote inside an unquoted "
           "field)");
    }
    ++end;
  }
  at_ = end;
  return text_.substr(start, end - start);
}

std::string_view CsvRecords::QuotedField(size_t field) {
  const size_t start = ++at_;
  bool doubled = false;
  size_t close = 0;
  for (;;) {
    close = text_.find('"', at_);
    if (close == std::string_view::npos) {
      Fail(field,
           "dấu ngoặc kép (\") mở mà không đóng đến hết tệp (an opening quote is never "
           "closed)");
      next_line_ += static_cast<int>(std::count(text_.begin() + start, text_.end(), '\n'));
      at_ = text_.size();
      return text_.substr(start);
    }
    if (close + 1 < text_.size() && text_[close + 1] == '"') {
      doubled = true;
      at_ = close + 2;
      continue;
    }
    break;
  }
  std::string_view value = text_.substr(start, close - start);
  next_line_ += static_cast<int>(std::count(value.begin(), value.end(), '\n'));
  at_ = close + 1;
  if (doubled) {
    std::string& unescaped = unescaped_.emplace_back();
    unescaped.reserve(value.size());
    for (size_t i = 0; i < value.size(); ++i) {
      unescaped.push_back(value[i]);
      if (value[i] == '"') ++i;  // the second quote of a pair
    }
    value = unescaped;
  }
  // After the closing quote: a separator, a line end or the end of the text.
  if (at_ < text_.size() && text_[at_] != ',' && text_[at_] != '\n' &&
      !(text_[at_] == '\r' && at_ + 1 < text_.size() && text_[at_ + 1] == '\n')) {
    if (error_.empty()) {
      Fail(field, "có ký tự sau dấu ngoặc kép đóng (text after a closing quote)");
    }
    PlainField(field);  // skipped
  }
  return value;
}

void CsvRecords::Fail(size_t field, std::string message) {
  if (!error_.empty()) return;
  error_ = std::move(message);
  error_field_ = field;
}

}  // namespace kieumau::admin_register

// ParseRegister: each file read in turn, in the order their references need (a file is checked
// against the files read before it), and the reader of one file that all the parsers share.
#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <deque>

#include "engine/utf8.h"
#include "register/parse_internal.h"

namespace kieumau::admin_register {
namespace internal {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

int LineOf(std::string_view text, size_t offset) {
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + offset, '\n'));
}

std::string Joined(std::span<const std::string_view> names) {
  std::string text;
  for (std::string_view name : names) {
    if (!text.empty()) text += ',';
    text += name;
  }
  return text;
}

}  // namespace

bool IsCode(std::string_view text, size_t width) {
  if (text.size() != width) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

std::string Quote(std::string_view text) {
  return fmt::format("\"{}\"", Excerpt(text));
}

std::string NotIn(Referent what, std::string_view code, std::string_view file) {
  return fmt::format("{} {} không có trong {} ({} not in {})", what.vi, Quote(code), file, what.en,
                     file);
}

FileReader::FileReader(std::string_view file, std::string_view text,
                       std::span<const std::string_view> header, RegisterProblems& problems,
                       std::deque<std::string>& unescaped)
    : file_(file),
      header_(header),
      problems_(problems),
      records_(text.starts_with(kUtf8Bom) ? text.substr(kUtf8Bom.size()) : text, unescaped) {
  if (const size_t bad = FirstInvalidUtf8(text); bad != std::string_view::npos) {
    ReportAt(LineOf(text, bad), kWholeRow,
             fmt::format("tệp không phải văn bản UTF-8 (byte 0x{:02X}) (the file is not UTF-8)",
                         static_cast<unsigned char>(text[bad])));
    return;
  }
  if (text.starts_with(kUtf8Bom)) {
    ReportAt(1, kWholeRow,
             "tệp bắt đầu bằng dấu BOM, cần UTF-8 không có BOM (the file starts with a byte order "
             "mark)");
  }
  if (!records_.Next(fields_)) {
    ReportAt(0, kWholeRow,
             fmt::format("tệp trống, cần dòng tiêu đề {} (the file is empty)", Joined(header_)));
    return;
  }
  if (fields_.size() != header_.size()) {
    ReportAt(1, kWholeRow,
             fmt::format("dòng tiêu đề có {} cột, cần {} cột: {} (the header has {} columns, "
                         "expected {})",
                         fields_.size(), header_.size(), Joined(header_), fields_.size(),
                         header_.size()));
    return;
  }
  for (size_t column = 0; column < header_.size(); ++column) {
    if (fields_[column] != header_[column]) {
      ReportAt(1, column,
               fmt::format("cột thứ {} của dòng tiêu đề là {}, cần \"{}\" (the header names "
                           "another column here)",
                           column + 1, Quote(fields_[column]), header_[column]));
      return;
    }
  }
  readable_ = true;
}

bool FileReader::Next() {
  while (records_.Next(fields_)) {
    if (!records_.error().empty()) {
      const size_t at = records_.error_field();
      Report(at < header_.size() ? at : kWholeRow, records_.error());
      continue;
    }
    if (fields_.size() != header_.size()) {
      Report(kWholeRow,
             fmt::format("dòng có {} cột, cần {} (the row has {} fields, expected {})",
                         fields_.size(), header_.size(), fields_.size(), header_.size()));
      continue;
    }
    return true;
  }
  return false;
}

std::string_view FileReader::Required(size_t column) {
  if (fields_[column].empty()) Report(column, "ô trống (the cell is empty)");
  return fields_[column];
}

std::string_view FileReader::Code(size_t column, size_t width) {
  CheckCode(column, fields_[column], width);
  return fields_[column];
}

bool FileReader::CheckCode(size_t column, std::string_view text, size_t width) {
  if (IsCode(text, width)) return true;
  Report(column, fmt::format("mã {} không hợp lệ: cần đúng {} chữ số (a code here is {} digits)",
                             Quote(text), width, width));
  return false;
}

std::optional<std::string_view> FileReader::OptionalCode(size_t column, size_t width) {
  if (fields_[column].empty()) return std::nullopt;
  return Code(column, width);
}

std::optional<Date> FileReader::DateCell(size_t column) {
  const std::string_view text = fields_[column];
  if (text.size() != 10) {
    Report(column, fmt::format("ngày {} không hợp lệ, cần dạng YYYY-MM-DD (date must be "
                               "YYYY-MM-DD)",
                               Quote(text)));
    return std::nullopt;
  }
  Result<Date> date = Date::Parse(text);  // its message quotes the 10 characters
  if (!date) {
    Report(column, date.error().message);
    return std::nullopt;
  }
  return *date;
}

std::optional<Date> FileReader::OptionalDate(size_t column) {
  if (fields_[column].empty()) return std::nullopt;
  return DateCell(column);
}

UnitKind FileReader::CommuneKind(size_t column, std::span<const UnitKind> allowed) {
  const std::optional<UnitKind> kind = ParseUnitKind(fields_[column]);
  if (kind && std::find(allowed.begin(), allowed.end(), *kind) != allowed.end()) return *kind;
  std::string known;
  for (UnitKind each : allowed) {
    if (!known.empty()) known += ", ";
    known += UnitKindKey(each);
  }
  ReportUnknown(column, known);
  return allowed.front();
}

void FileReader::ReportUnknown(size_t column, std::string_view known) {
  Report(column, fmt::format("{} không phải giá trị đã biết: {} (unknown value)",
                             Quote(fields_[column]), known));
}

int32_t FileReader::Refer(size_t column, std::string_view code, const CodeIndex& index,
                          Referent what) {
  if (!index.read) return CodeIndex::kAbsent;
  if (index.Lacks(code)) Report(column, NotIn(what, code, index.file()));
  return index.Find(code);
}

void FileReader::Report(size_t column, std::string message) {
  ReportAt(line(), column, std::move(message));
}

void FileReader::ReportAt(int line, size_t column, std::string message) {
  if (reported_++ >= kMaxProblemsPerFile) return;
  problems_.push_back(
      RegisterProblem{file_, line, column < header_.size() ? header_[column] : std::string_view(),
                      std::move(message)});
}

void FileReader::Finish() {
  if (reported_ <= kMaxProblemsPerFile) return;
  const size_t left_out = reported_ - kMaxProblemsPerFile;
  problems_.push_back(RegisterProblem{
      file_,
      0,
      {},
      fmt::format("còn {} lỗi khác trong tệp này không được liệt kê ({} more problems in this "
                  "file are not listed)",
                  left_out, left_out)});
}

CodeIndex::CodeIndex(size_t width, std::string_view file) : width_(width), file_(file) {
  size_t slots = 1;
  for (size_t i = 0; i < width; ++i)
    slots *= 10;
  rows_.assign(slots, kAbsent);
}

namespace {
size_t CodeNumber(std::string_view code) {
  size_t number = 0;
  for (char c : code)
    number = number * 10 + static_cast<size_t>(c - '0');
  return number;
}
}  // namespace

int32_t CodeIndex::Add(std::string_view code, int32_t row) {
  if (!IsCode(code, width_)) return kAbsent;
  int32_t& slot = rows_[CodeNumber(code)];
  if (slot != kAbsent) return slot;
  slot = row;
  return kAbsent;
}

int32_t CodeIndex::Find(std::string_view code) const {
  if (!IsCode(code, width_)) return kAbsent;
  return rows_[CodeNumber(code)];
}

}  // namespace internal

Result<RegisterData, RegisterProblems> ParseRegister(const RegisterFiles& files) {
  using namespace internal;
  struct Storage {
    std::shared_ptr<const void> files;
    std::deque<std::string> unescaped;
  };
  auto storage = std::make_shared<Storage>();
  storage->files = files.owner;
  RegisterData data;
  RegisterProblems problems;
  RegisterIndex index;

  // Reads one file with `parse`; false when it could not be read at all.
  auto read = [&](std::string_view RegisterFiles::*text, std::span<const std::string_view> header,
                  auto&& parse) {
    const auto spec = std::find_if(kRegisterFileSpecs.begin(), kRegisterFileSpecs.end(),
                                   [&](const RegisterFileSpec& each) { return each.text == text; });
    FileReader reader(spec->name, files.*text, header, problems, storage->unescaped);
    if (reader.readable()) parse(reader);
    reader.Finish();
    return reader.readable();
  };

  index.releases_read = read(&RegisterFiles::releases, kReleasesHeader,
                             [&](FileReader& reader) { ParseReleases(reader, data.releases); });
  index.state_2024_11_01.MarkRead(
      read(&RegisterFiles::communes_2024_11_01, kOldCommunesHeader, [&](FileReader& reader) {
        ParseOldCommunes(reader, data.communes_2024_11_01, index.state_2024_11_01);
      }));
  index.state_2025_03_01.MarkRead(
      read(&RegisterFiles::communes_2024, kOldCommunesHeader, [&](FileReader& reader) {
        ParseOldCommunes(reader, data.communes_2025_03_01, index.state_2025_03_01);
      }));
  index.provinces_2026.read =
      read(&RegisterFiles::provinces_2025, kProvincesHeader,
           [&](FileReader& reader) { ParseProvinces(reader, data.provinces_2026_04_30, index); });
  index.communes_2025_07_01.read =
      read(&RegisterFiles::communes_2025_07_01, kNewCommunesHeader, [&](FileReader& reader) {
        ParseNewCommunes(reader, data.communes_2025_07_01, index.communes_2025_07_01, index);
      });
  index.communes_2026_04_30.read =
      read(&RegisterFiles::communes_2025, kNewCommunesHeader, [&](FileReader& reader) {
        ParseNewCommunes(reader, data.communes_2026_04_30, index.communes_2026_04_30, index);
      });
  read(&RegisterFiles::changes_early_2025, kChangesHeader, [&](FileReader& reader) {
    ParseChanges(reader, data.changes_early_2025, data.releases, index);
  });
  index.lineage_read =
      read(&RegisterFiles::lineage_2025_07_01, kLineageHeader, [&](FileReader& reader) {
        ParseLineage(reader, data.lineage_2025_07_01, data.communes_2025_03_01,
                     data.communes_2026_04_30, index);
      });
  read(&RegisterFiles::lineage_unmatched, kUnmatchedHeader,
       [&](FileReader& reader) { ParseUnmatched(reader, data.lineage_unmatched, index); });

  if (!problems.empty()) return problems;
  data.storage = std::move(storage);
  return data;
}

}  // namespace kieumau::admin_register

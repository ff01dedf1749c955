// Reading the first worksheet of an xlsx workbook: a zip archive (libzip, read from memory) of XML
// parts (expat, namespace-aware, so prefixed and strict-OOXML files read alike). The parts are
// found as Excel finds them: _rels/.rels names the workbook, the workbook's first <sheet> and its
// relationships name the worksheet and the shared strings.
#include <expat.h>
#include <fmt/format.h>
#include <zip.h>

#include <cstring>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "facts_io/fact_table.h"
#include "facts_io/table_internal.h"

namespace kieumau::facts_io {
namespace {

constexpr std::string_view kResave =
    "hãy mở tệp bằng Excel, lưu lại (Save As \"Excel Workbook (*.xlsx)\") rồi tải lên lại";

Error Corrupt(std::string_view detail, std::string_view english) {
  return Error{fmt::format("Tệp xlsx bị hỏng: {}; {} (the xlsx file is corrupt: {})", detail,
                           kResave, english)};
}

// ---- The zip archive ------------------------------------------------------------------------

class ZipArchive {
 public:
  ~ZipArchive() {
    if (zip_ != nullptr) zip_discard(zip_);
  }

  std::optional<Error> Open(std::string_view bytes) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
    if (source == nullptr) {
      zip_error_fini(&error);
      return Error{"Không đọc được tệp xlsx (could not read the xlsx file)"};
    }
    zip_ = zip_open_from_source(source, ZIP_RDONLY, &error);
    if (zip_ == nullptr) {
      zip_source_free(source);
      const int code = zip_error_code_zip(&error);
      zip_error_fini(&error);
      if (!bytes.starts_with("PK")) {
        return Error{fmt::format(
            "Tệp xlsx bị hỏng: đây không phải tệp Excel .xlsx (không phải tệp nén ZIP); nếu là "
            "CSV hãy tải lên với định dạng CSV, nếu là .xls hãy lưu lại bằng \"Excel Workbook "
            "(*.xlsx)\" (the xlsx file is corrupt: not a zip archive)")};
      }
      if (code == ZIP_ER_NOZIP || code == ZIP_ER_INCONS || code == ZIP_ER_EOF) {
        return Corrupt("tệp bị cắt cụt hoặc không đầy đủ (có thể tải lên chưa hết)",
                       "truncated or incomplete zip archive");
      }
      return Corrupt(fmt::format("không mở được tệp nén (lỗi zip {})", code),
                     fmt::format("zip error {}", code));
    }
    return std::nullopt;
  }

  bool Has(const std::string& name) const { return Locate(name) >= 0; }

  // The uncompressed part, at most kMaxXlsxPartBytes.
  Result<std::string> Read(const std::string& name) const {
    const zip_int64_t index = Locate(name);
    if (index < 0) {
      return Corrupt(fmt::format("thiếu phần {}", name), fmt::format("part {} is missing", name));
    }
    const auto too_big = [&] {
      return Error{fmt::format(
          "Tệp xlsx quá lớn hoặc bất thường: phần {} giải nén ra hơn {} MiB (a part of the xlsx "
          "is larger than {} MiB uncompressed)",
          name, kMaxXlsxPartBytes >> 20, kMaxXlsxPartBytes >> 20)};
    };
    zip_stat_t stat;
    zip_stat_init(&stat);
    if (zip_stat_index(zip_, static_cast<zip_uint64_t>(index), 0, &stat) == 0 &&
        (stat.valid & ZIP_STAT_SIZE) != 0 && stat.size > kMaxXlsxPartBytes) {
      return too_big();
    }
    zip_file_t* file = zip_fopen_index(zip_, static_cast<zip_uint64_t>(index), 0);
    if (file == nullptr) {
      return Corrupt(fmt::format("không giải nén được phần {}", name),
                     fmt::format("cannot open part {}", name));
    }
    // The declared size is not trusted: reading stops one byte past the limit.
    std::string data;
    char buffer[64 * 1024];
    for (;;) {
      const zip_int64_t got = zip_fread(file, buffer, sizeof buffer);
      if (got < 0) {
        zip_fclose(file);
        return Corrupt(fmt::format("phần {} không giải nén được (dữ liệu hỏng)", name),
                       fmt::format("part {} does not decompress", name));
      }
      if (got == 0) break;
      data.append(buffer, static_cast<size_t>(got));
      if (data.size() > kMaxXlsxPartBytes) {
        zip_fclose(file);
        return too_big();
      }
    }
    if (zip_fclose(file) != 0) {
      return Corrupt(fmt::format("phần {} sai mã kiểm tra CRC", name),
                     fmt::format("part {} fails its CRC check", name));
    }
    return data;
  }

 private:
  zip_int64_t Locate(const std::string& name) const {
    zip_int64_t index = zip_name_locate(zip_, name.c_str(), 0);
    if (index < 0) index = zip_name_locate(zip_, name.c_str(), ZIP_FL_NOCASE);
    return index;
  }

  zip_t* zip_ = nullptr;
};

// ---- XML ----------------------------------------------------------------------------------------

// Element and attribute names come as "namespace-URI local" (expat's namespace processing with a
// space as separator, which no URI contains): only the local name matters here.
std::string_view LocalName(const XML_Char* name) {
  std::string_view full(name);
  const size_t space = full.rfind(' ');
  return space == std::string_view::npos ? full : full.substr(space + 1);
}

// An attribute by local name; `namespaced` says whether it must have a namespace (r:id) or none.
const char* Attribute(const XML_Char** attributes, std::string_view local, bool namespaced) {
  for (size_t i = 0; attributes[i] != nullptr; i += 2) {
    const std::string_view full(attributes[i]);
    const bool has_namespace = full.find(' ') != std::string_view::npos;
    if (has_namespace == namespaced && LocalName(attributes[i]) == local) return attributes[i + 1];
  }
  return nullptr;
}

class XmlHandler {
 public:
  virtual ~XmlHandler() = default;
  virtual void Start(std::string_view name, const XML_Char** attributes) = 0;
  virtual void End(std::string_view name) = 0;
  virtual void Text(std::string_view) {}
  // Set by a handler to stop the parse with this error.
  std::optional<Error> error;
};

struct ParseState {
  XML_Parser parser;
  XmlHandler* handler;
  bool doctype = false;
};

std::optional<Error> ParseXml(const std::string& xml, const std::string& part,
                              XmlHandler& handler) {
  std::unique_ptr<std::remove_pointer_t<XML_Parser>, decltype(&XML_ParserFree)> parser(
      XML_ParserCreateNS(nullptr, ' '), &XML_ParserFree);
  if (!parser) return Error{"Không đủ bộ nhớ để đọc tệp xlsx (out of memory)"};
  ParseState state{parser.get(), &handler};
  XML_SetUserData(parser.get(), &state);
  XML_SetElementHandler(
      parser.get(),
      [](void* data, const XML_Char* name, const XML_Char** attributes) {
        auto* s = static_cast<ParseState*>(data);
        s->handler->Start(LocalName(name), attributes);
        if (s->handler->error) XML_StopParser(s->parser, XML_FALSE);
      },
      [](void* data, const XML_Char* name) {
        auto* s = static_cast<ParseState*>(data);
        s->handler->End(LocalName(name));
        if (s->handler->error) XML_StopParser(s->parser, XML_FALSE);
      });
  XML_SetCharacterDataHandler(parser.get(), [](void* data, const XML_Char* text, int length) {
    auto* s = static_cast<ParseState*>(data);
    s->handler->Text(std::string_view(text, static_cast<size_t>(length)));
  });
  // Spreadsheet parts have no DTD: one is refused outright (no entity tricks).
  XML_SetStartDoctypeDeclHandler(
      parser.get(), [](void* data, const XML_Char*, const XML_Char*, const XML_Char*, int) {
        auto* s = static_cast<ParseState*>(data);
        s->doctype = true;
        XML_StopParser(s->parser, XML_FALSE);
      });
  const XML_Status status =
      XML_Parse(parser.get(), xml.data(), static_cast<int>(xml.size()), XML_TRUE);
  if (handler.error) return handler.error;
  if (state.doctype) {
    return Corrupt(fmt::format("phần {} có khai báo DOCTYPE", part),
                   fmt::format("part {} has a DOCTYPE", part));
  }
  if (status != XML_STATUS_OK) {
    const auto line = XML_GetCurrentLineNumber(parser.get());
    const char* why = XML_ErrorString(XML_GetErrorCode(parser.get()));
    return Corrupt(fmt::format("phần {} không phải XML hợp lệ (dòng {})", part, line),
                   fmt::format("part {} is not well-formed XML at line {}: {}", part, line,
                               why != nullptr ? why : "?"));
  }
  return std::nullopt;
}

// OOXML escapes characters XML cannot hold as _xHHHH_ (ST_Xstring): "_x000D_" is a carriage
// return, "_x005F_" an underscore.
std::string DecodeXString(std::string text) {
  if (text.find("_x") == std::string::npos) return text;
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '_' && i + 6 < text.size() && text[i + 1] == 'x' && text[i + 6] == '_') {
      uint32_t code = 0;
      bool ok = true;
      for (size_t k = 2; k < 6; ++k) {
        const int digit = hex(text[i + k]);
        ok = ok && digit >= 0;
        code = code * 16 + static_cast<uint32_t>(digit < 0 ? 0 : digit);
      }
      if (ok && (code < 0xD800 || code > 0xDFFF)) {
        if (code < 0x80) {
          out.push_back(static_cast<char>(code));
        } else if (code < 0x800) {
          out.push_back(static_cast<char>(0xC0 | (code >> 6)));
          out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
        } else {
          out.push_back(static_cast<char>(0xE0 | (code >> 12)));
          out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
          out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
        }
        i += 6;
        continue;
      }
    }
    out.push_back(text[i]);
  }
  return out;
}

// ---- Relationships and the workbook ---------------------------------------------------------

struct Relationship {
  std::string id;
  std::string type;
  std::string target;
  bool external = false;
};

class RelationshipsHandler : public XmlHandler {
 public:
  void Start(std::string_view name, const XML_Char** attributes) override {
    if (name != "Relationship") return;
    Relationship relationship;
    if (const char* id = Attribute(attributes, "Id", false)) relationship.id = id;
    if (const char* type = Attribute(attributes, "Type", false)) relationship.type = type;
    if (const char* target = Attribute(attributes, "Target", false)) relationship.target = target;
    if (const char* mode = Attribute(attributes, "TargetMode", false))
      relationship.external = std::string_view(mode) == "External";
    relationships.push_back(std::move(relationship));
  }
  void End(std::string_view) override {}

  std::vector<Relationship> relationships;
};

class WorkbookHandler : public XmlHandler {
 public:
  void Start(std::string_view name, const XML_Char** attributes) override {
    if (name != "sheet" || found) return;
    found = true;
    if (const char* id = Attribute(attributes, "id", true)) first_sheet_id = id;
    if (const char* title = Attribute(attributes, "name", false)) first_sheet_name = title;
  }
  void End(std::string_view) override {}

  bool found = false;
  std::string first_sheet_id;
  std::string first_sheet_name;
};

// "xl/workbook.xml" → "xl/_rels/workbook.xml.rels"
std::string RelsPathOf(const std::string& part) {
  const size_t slash = part.rfind('/');
  if (slash == std::string::npos) return "_rels/" + part + ".rels";
  return part.substr(0, slash + 1) + "_rels/" + part.substr(slash + 1) + ".rels";
}

// A relationship's target resolved against the folder of the part it belongs to.
std::string ResolveTarget(const std::string& source_part, const std::string& target) {
  std::string path;
  if (target.starts_with("/")) {
    path = target.substr(1);
  } else {
    const size_t slash = source_part.rfind('/');
    path = (slash == std::string::npos ? "" : source_part.substr(0, slash + 1)) + target;
  }
  std::vector<std::string> segments;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    const std::string segment = path.substr(start, end - start);
    if (segment == "..") {
      if (!segments.empty()) segments.pop_back();
    } else if (!segment.empty() && segment != ".") {
      segments.push_back(segment);
    }
    start = end + 1;
  }
  std::string resolved;
  for (const std::string& segment : segments)
    resolved += (resolved.empty() ? "" : "/") + segment;
  return resolved;
}

Result<std::vector<Relationship>> ReadRelationships(const ZipArchive& zip,
                                                    const std::string& path) {
  auto xml = zip.Read(path);
  if (!xml) return xml.error();
  RelationshipsHandler handler;
  if (auto error = ParseXml(*xml, path, handler)) return *error;
  return std::move(handler.relationships);
}

bool TypeEndsWith(const Relationship& relationship, std::string_view suffix) {
  return std::string_view(relationship.type).ends_with(suffix);
}

// ---- Shared strings -----------------------------------------------------------------------------

class SharedStringsHandler : public XmlHandler {
 public:
  void Start(std::string_view name, const XML_Char**) override {
    if (name == "si") {
      in_item_ = true;
      current_.clear();
    } else if (name == "rPh") {
      ++phonetic_depth_;
    } else if (name == "t" && in_item_ && phonetic_depth_ == 0) {
      in_text_ = true;
    }
  }
  void End(std::string_view name) override {
    if (name == "si") {
      strings.push_back(DecodeXString(std::move(current_)));
      current_.clear();
      in_item_ = false;
    } else if (name == "rPh") {
      --phonetic_depth_;
    } else if (name == "t") {
      in_text_ = false;
    }
  }
  void Text(std::string_view text) override {
    if (in_text_) current_.append(text);
  }

  std::vector<std::string> strings;

 private:
  std::string current_;
  bool in_item_ = false;
  bool in_text_ = false;
  int phonetic_depth_ = 0;
};

// ---- The worksheet ------------------------------------------------------------------------------

constexpr int kMaxSheetRow = 1'048'576;
constexpr size_t kMaxSheetColumn = 16'384;

// "C7" → column 2 (and the row, unused); nothing when malformed.
std::optional<size_t> ParseCellColumn(std::string_view reference) {
  size_t column = 0;
  size_t i = 0;
  while (i < reference.size() && reference[i] >= 'A' && reference[i] <= 'Z') {
    column = column * 26 + static_cast<size_t>(reference[i] - 'A' + 1);
    if (column > kMaxSheetColumn) return std::nullopt;
    ++i;
  }
  if (i == 0 || i == reference.size()) return std::nullopt;
  for (size_t k = i; k < reference.size(); ++k) {
    if (reference[k] < '0' || reference[k] > '9') return std::nullopt;
  }
  return column - 1;
}

std::optional<int> ParseRowNumber(std::string_view text) {
  int row = 0;
  if (text.empty()) return std::nullopt;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    row = row * 10 + (c - '0');
    if (row > kMaxSheetRow) return std::nullopt;
  }
  if (row < 1) return std::nullopt;
  return row;
}

// A shared string's index: digits only.
std::optional<size_t> ParseIndex(std::string_view text) {
  if (text.empty() || text.size() > 9) return std::nullopt;
  size_t index = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    index = index * 10 + static_cast<size_t>(c - '0');
  }
  return index;
}

class SheetHandler : public XmlHandler {
 public:
  SheetHandler(std::string part, const std::vector<std::string>* shared, GridBuilder& builder)
      : part_(std::move(part)), shared_(shared), builder_(builder) {}

  void Start(std::string_view name, const XML_Char** attributes) override {
    if (name == "sheetData") {
      in_data_ = true;
    } else if (!in_data_) {
      return;
    } else if (name == "row") {
      StartRow(Attribute(attributes, "r", false));
    } else if (name == "c") {
      StartCell(Attribute(attributes, "r", false), Attribute(attributes, "t", false));
    } else if (!in_cell_) {
      return;
    } else if (name == "v") {
      in_value_ = true;
    } else if (name == "is") {
      in_inline_ = true;
    } else if (name == "rPh") {
      ++phonetic_depth_;
    } else if (name == "t" && in_inline_ && phonetic_depth_ == 0) {
      in_text_ = true;
    }
  }

  void End(std::string_view name) override {
    if (name == "sheetData") {
      in_data_ = false;
    } else if (!in_data_) {
      return;
    } else if (name == "c") {
      if (in_cell_) EndCell();
    } else if (name == "v") {
      in_value_ = false;
    } else if (name == "is") {
      in_inline_ = false;
    } else if (name == "rPh") {
      --phonetic_depth_;
    } else if (name == "t") {
      in_text_ = false;
    }
  }

  void Text(std::string_view text) override {
    if (in_value_) value_.append(text);
    if (in_text_) inline_.append(text);
  }

 private:
  void Fail(std::string_view detail, std::string_view english) {
    if (!error) error = Corrupt(detail, english);
  }

  void StartRow(const char* reference) {
    int row = last_row_ + 1;
    if (reference != nullptr) {
      const auto parsed = ParseRowNumber(reference);
      if (!parsed) {
        Fail(fmt::format("số dòng \"{}\" không hợp lệ trong {}", Excerpt(reference, 20), part_),
             "bad row number");
        return;
      }
      row = *parsed;
    }
    if (row <= last_row_ || row > kMaxSheetRow) {
      Fail(fmt::format("các dòng trong {} không theo thứ tự (dòng {} sau dòng {})", part_, row,
                       last_row_),
           "rows out of order");
      return;
    }
    last_row_ = row;
    next_column_ = 0;
    in_row_ = true;
    if (auto failure = builder_.StartRow(row)) error = std::move(failure);
  }

  void StartCell(const char* reference, const char* type) {
    if (!in_row_) {
      Fail(fmt::format("ô nằm ngoài dòng trong {}", part_), "a cell outside a row");
      return;
    }
    size_t column = next_column_;
    if (reference != nullptr) {
      const auto parsed = ParseCellColumn(reference);
      if (!parsed) {
        Fail(fmt::format("địa chỉ ô \"{}\" không hợp lệ", Excerpt(reference, 20)),
             "bad cell reference");
        return;
      }
      column = *parsed;
    }
    if (column < next_column_) {
      Fail(fmt::format("các ô của dòng {} không theo thứ tự", last_row_), "cells out of order");
      return;
    }
    in_cell_ = true;
    column_ = column;
    next_column_ = column + 1;
    type_ = type != nullptr ? type : "n";
    value_.clear();
    inline_.clear();
  }

  void EndCell() {
    in_cell_ = false;
    in_value_ = in_inline_ = in_text_ = false;
    phonetic_depth_ = 0;
    Cell cell;
    const std::string where = ColumnLetter(column_) + std::to_string(last_row_);
    if (type_ == "s") {
      if (value_.empty()) return;
      const std::optional<size_t> index = ParseIndex(TrimSpaces(value_));
      if (shared_ == nullptr || !index || *index >= shared_->size()) {
        Fail(
            fmt::format("ô {} trỏ tới chuỗi dùng chung số {} không có", where, Excerpt(value_, 12)),
            "a cell refers to a missing shared string");
        return;
      }
      cell = Cell::Text((*shared_)[*index]);
    } else if (type_ == "inlineStr") {
      cell = Cell::Text(DecodeXString(std::move(inline_)));
    } else if (type_ == "b") {
      if (value_.empty()) return;
      cell.kind = Cell::Kind::kBool;
      cell.number = value_ == "1" || EqualsIgnoreAsciiCase(value_, "true") ? 1 : 0;
      cell.text = cell.number != 0 ? "TRUE" : "FALSE";
    } else if (type_ == "n") {
      const std::string_view digits = TrimSpaces(value_);
      if (digits.empty()) return;
      const auto number = ParsePlainNumber(digits);
      if (!number) {
        Fail(fmt::format("ô {} có số \"{}\" không đọc được", where, Excerpt(digits, 20)),
             "a number cell holds no number");
        return;
      }
      cell = Cell::Number(*number);
      cell.text = std::string(digits);
    } else {
      // "str" (a formula's text), "e" (an error such as #DIV/0!), "d" (an ISO date): as text.
      cell = Cell::Text(DecodeXString(std::move(value_)));
    }
    if (auto failure = builder_.Add(column_, std::move(cell))) error = std::move(failure);
  }

  std::string part_;
  const std::vector<std::string>* shared_;
  GridBuilder& builder_;
  bool in_data_ = false;
  bool in_row_ = false;
  bool in_cell_ = false;
  bool in_value_ = false;
  bool in_inline_ = false;
  bool in_text_ = false;
  int phonetic_depth_ = 0;
  int last_row_ = 0;
  size_t next_column_ = 0;
  size_t column_ = 0;
  std::string type_;
  std::string value_;
  std::string inline_;
};

}  // namespace

Result<FactTable> ReadXlsxTable(std::string_view bytes) {
  if (bytes.empty()) return Error{"Tệp trống (the file is empty)"};
  ZipArchive zip;
  if (auto error = zip.Open(bytes)) return *error;

  // The workbook: named by the package's relationships, else where Excel puts it.
  std::string workbook_path = "xl/workbook.xml";
  if (zip.Has("_rels/.rels")) {
    auto package = ReadRelationships(zip, "_rels/.rels");
    if (!package) return package.error();
    for (const Relationship& relationship : *package) {
      if (TypeEndsWith(relationship, "/officeDocument") && !relationship.external) {
        workbook_path = ResolveTarget("", relationship.target);
        break;
      }
    }
  }
  if (!zip.Has(workbook_path)) {
    if (!zip.Has("[Content_Types].xml")) {
      return Corrupt("đây là tệp nén ZIP nhưng không phải bảng tính Excel",
                     "a zip archive that is not a workbook");
    }
    return Corrupt(fmt::format("thiếu phần {}", workbook_path),
                   fmt::format("part {} is missing", workbook_path));
  }
  auto workbook_xml = zip.Read(workbook_path);
  if (!workbook_xml) return workbook_xml.error();
  WorkbookHandler workbook;
  if (auto error = ParseXml(*workbook_xml, workbook_path, workbook)) return *error;
  if (!workbook.found || workbook.first_sheet_id.empty()) {
    return Corrupt("sổ tính không có trang tính nào", "the workbook lists no worksheet");
  }

  const std::string workbook_rels = RelsPathOf(workbook_path);
  auto relationships = ReadRelationships(zip, workbook_rels);
  if (!relationships) return relationships.error();
  std::string sheet_path;
  std::string shared_path;
  for (const Relationship& relationship : *relationships) {
    if (relationship.external) continue;
    if (relationship.id == workbook.first_sheet_id)
      sheet_path = ResolveTarget(workbook_path, relationship.target);
    if (TypeEndsWith(relationship, "/sharedStrings"))
      shared_path = ResolveTarget(workbook_path, relationship.target);
  }
  if (sheet_path.empty()) {
    return Corrupt(fmt::format("không tìm thấy trang tính \"{}\" trong {}",
                               Excerpt(workbook.first_sheet_name, 40), workbook_rels),
                   "the first sheet's relationship is missing");
  }

  std::vector<std::string> shared;
  const bool have_shared = !shared_path.empty() && zip.Has(shared_path);
  if (have_shared) {
    auto shared_xml = zip.Read(shared_path);
    if (!shared_xml) return shared_xml.error();
    SharedStringsHandler handler;
    if (auto error = ParseXml(*shared_xml, shared_path, handler)) return *error;
    shared = std::move(handler.strings);
  }

  auto sheet_xml = zip.Read(sheet_path);
  if (!sheet_xml) return sheet_xml.error();
  GridBuilder builder(TableFormat::kXlsx);
  SheetHandler sheet(sheet_path, have_shared ? &shared : nullptr, builder);
  if (auto error = ParseXml(*sheet_xml, sheet_path, sheet)) return *error;
  sheet_xml->clear();
  return builder.Finish();
}

}  // namespace kieumau::facts_io

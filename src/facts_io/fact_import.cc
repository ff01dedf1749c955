#include "facts_io/fact_import.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <unordered_map>
#include <variant>

#include "facts_io/table_internal.h"

namespace kieumau {
namespace {

// An exact number with a decimal comma, for messages that compare two values (41 and 40,5):
// FormatNumberVi would round both to two decimals.
std::string ExactVi(double value) {
  std::string text = FormatTableNumber(value);
  std::replace(text.begin(), text.end(), '.', ',');
  return text;
}

std::string LeMessage(const Indicator& indicator, double value, double bound, bool bound_stored) {
  if (bound_stored) {
    return fmt::format("{} = {} lớn hơn giá trị đã lưu {} = {} ({} may not exceed the stored {})",
                       indicator.name, ExactVi(value), indicator.le_name, ExactVi(bound),
                       indicator.name, indicator.le_name);
  }
  return fmt::format("{} = {} lớn hơn {} = {} ({} may not exceed {})", indicator.name,
                     ExactVi(value), indicator.le_name, ExactVi(bound), indicator.name,
                     indicator.le_name);
}

std::string LeStoredValueMessage(const Indicator& indicator, double stored, double bound) {
  return fmt::format("giá trị đã lưu {} = {} sẽ lớn hơn {} = {} ({} = {} is below the stored {})",
                     indicator.name, ExactVi(stored), indicator.le_name, ExactVi(bound),
                     indicator.le_name, ExactVi(bound), indicator.name);
}

size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> previous(b.size() + 1);
  std::vector<size_t> current(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j)
    previous[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      current[j] = std::min(
          {previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
    }
    std::swap(previous, current);
  }
  return previous[b.size()];
}

// The catalogue name closest to a mistyped one, when it is close enough to be the one meant.
// A name far longer than any in the catalogue is not a typo of one (and comparing a hostile
// million-character header with every name would take seconds): no suggestion then.
std::optional<std::string> Suggest(const Catalogue& catalogue, std::string_view name) {
  constexpr size_t kLongestTypo = 100;
  if (name.size() > kLongestTypo) return std::nullopt;
  std::optional<std::string> best;
  size_t best_distance = std::max<size_t>(2, name.size() / 4) + 1;
  for (const Indicator& indicator : catalogue.indicators()) {
    const size_t distance = EditDistance(name, indicator.name);
    if (distance < best_distance) {
      best_distance = distance;
      best = indicator.name;
    }
  }
  return best;
}

bool IsWholeType(IndicatorType type) {
  return type == IndicatorType::kCount || type == IndicatorType::kMoneyVnd;
}

// "1.000" or "12.500.000": digits in groups of three after a dot, the way Vietnamese writes
// thousands, which a number cell would otherwise take as 1 or 12.5.
bool LooksLikeDotThousands(std::string_view text) {
  const size_t dot = text.find('.');
  if (dot == std::string_view::npos || dot == 0 || dot > 3) return false;
  for (size_t i = 0; i < dot; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
  }
  size_t i = dot;
  while (i < text.size()) {
    if (text[i] != '.' || i + 4 > text.size()) return false;
    for (size_t k = i + 1; k < i + 4; ++k) {
      if (text[k] < '0' || text[k] > '9') return false;
    }
    i += 4;
  }
  return true;
}

// Digits with commas, dots or spaces that are not a plain number: "1,5", "1 000", "1.000.000,5".
bool LooksLikeFormattedNumber(std::string_view text) {
  bool digit = false;
  for (char c : text) {
    if (c >= '0' && c <= '9') {
      digit = true;
    } else if (c != ',' && c != '.' && c != ' ' && c != '-' && c != '+') {
      return false;
    }
  }
  return digit;
}

class ErrorList {
 public:
  void Add(int row, std::string column, std::string message) {
    ++count_;
    if (errors_.size() < kMaxTableErrors)
      errors_.push_back(TableError{row, std::move(column), std::move(message)});
  }
  std::vector<TableError> Take() {
    if (count_ > errors_.size()) {
      const size_t more = count_ - errors_.size();
      errors_.push_back(
          TableError{0, "", fmt::format("… và {} lỗi khác (and {} more problems)", more, more)});
    }
    return std::move(errors_);
  }

 private:
  std::vector<TableError> errors_;
  size_t count_ = 0;
};

class Validator {
 public:
  Validator(const FactTable& table, const Catalogue& catalogue, int year, const UnitLookup& units)
      : table_(table), catalogue_(catalogue), year_(year), units_(units) {}

  FactImport Run() {
    CheckHeader();
    if (table_.rows.empty()) {
      errors_.Add(0, "",
                  "Tệp không có dòng số liệu nào dưới dòng tiêu đề (the file has no data rows)");
    }
    const size_t slots = static_cast<size_t>(catalogue_.size());
    values_.resize(slots);
    state_.resize(slots);
    stored_.resize(slots);
    for (const FactTableRow& row : table_.rows)
      CheckRow(row);
    FactImport result;
    result.writes = std::move(writes_);
    result.errors = errors_.Take();
    return result;
  }

 private:
  void CheckHeader() {
    std::unordered_map<std::string, std::string> seen = {{"unit_code", "A"}, {"unit_name", "B"}};
    column_slot_.assign(table_.columns.size(), -1);
    size_t indicator_columns = 0;
    bool header_errors = false;
    for (size_t i = 0; i < table_.columns.size(); ++i) {
      const FactColumn& column = table_.columns[i];
      if (column.name.empty()) {
        for (const FactTableRow& row : table_.rows) {
          if (row.cell(i).empty()) continue;
          errors_.Add(1, column.letter,
                      fmt::format("Cột {} không có tiêu đề ở dòng 1 nhưng có số liệu (ô {}{}): "
                                  "hãy ghi tên chỉ tiêu vào ô {}1 hoặc xóa cột (a column without "
                                  "a header holds data)",
                                  column.letter, column.letter, row.row, column.letter));
          header_errors = true;
          break;
        }
        continue;
      }
      const auto [first, inserted] = seen.emplace(column.name, column.letter);
      if (!inserted) {
        errors_.Add(1, Excerpt(column.name),
                    fmt::format("Ô {}1: cột {} bị lặp, đã có ở cột {} (duplicated column, first "
                                "in column {})",
                                column.letter, Excerpt(column.name), first->second, first->second));
        header_errors = true;
        continue;
      }
      const std::optional<int> slot = catalogue_.Find(column.name);
      if (!slot) {
        std::string hint;
        std::string hint_en;
        if (auto suggestion = Suggest(catalogue_, column.name)) {
          hint = fmt::format("; có phải {}?", *suggestion);
          hint_en = fmt::format("; did you mean {}?", *suggestion);
        }
        errors_.Add(1, Excerpt(column.name),
                    fmt::format("Ô {}1: chỉ tiêu \"{}\" không có trong danh mục chỉ tiêu{} "
                                "(unknown indicator column{})",
                                column.letter, Excerpt(column.name, 60), hint, hint_en));
        header_errors = true;
        continue;
      }
      column_slot_[i] = *slot;
      ++indicator_columns;
    }
    if (indicator_columns == 0 && !header_errors) {
      errors_.Add(1, "",
                  "Dòng tiêu đề không có cột chỉ tiêu nào sau unit_code, unit_name (the header "
                  "names no indicator)");
    }
  }

  // A cell as the indicator's value, or the reason it is not one.
  std::variant<double, std::string> ReadValue(const Cell& cell, const Indicator& indicator) const {
    const bool is_bool = indicator.type == IndicatorType::kBool;
    std::string_view text = facts_io::TrimSpaces(cell.text);
    std::optional<double> number;
    switch (cell.kind) {
      case Cell::Kind::kEmpty:
        return std::string();
      case Cell::Kind::kBool:
        if (is_bool) return cell.number;
        return std::string(
            "cần một số, không phải đúng/sai (TRUE/FALSE) (must be a number, not "
            "TRUE/FALSE)");
      case Cell::Kind::kNumber:
        number = cell.number;
        break;
      case Cell::Kind::kText:
        number = facts_io::ParsePlainNumber(text);
        if (!number && is_bool &&
            (facts_io::EqualsIgnoreAsciiCase(text, "TRUE") ||
             facts_io::EqualsIgnoreAsciiCase(text, "FALSE"))) {
          return facts_io::EqualsIgnoreAsciiCase(text, "TRUE") ? 1.0 : 0.0;
        }
        break;
    }
    if (IsWholeType(indicator.type) && LooksLikeDotThousands(text)) {
      return fmt::format(
          "\"{}\" có dấu chấm phân cách hàng nghìn hay là số thập phân? Hãy viết số không có dấu "
          "phân cách, ví dụ {} (ambiguous thousands separator: write the number without it)",
          Excerpt(text, 40), WithoutDots(text));
    }
    if (!number) {
      const std::string shown = Excerpt(text, 40);
      if (LooksLikeFormattedNumber(text)) {
        return fmt::format(
            "cần một số viết bằng chữ số và dấu chấm thập phân, không có dấu phân cách hàng "
            "nghìn (ví dụ 1500 hoặc 7.5), nhận được \"{}\" (must be a plain number: digits, a "
            "decimal point, no thousands separators)",
            shown);
      }
      if (is_bool) {
        return fmt::format("cần 1 (có) hoặc 0 (không), nhận được \"{}\" (must be 1 or 0)", shown);
      }
      if (indicator.type == IndicatorType::kRating) {
        std::string keys;
        for (long key : indicator.scale_keys)
          keys += (keys.empty() ? "" : ", ") + std::to_string(key);
        return fmt::format(
            "cần một mức của thang {} ({}), nhận được \"{}\" (must be a level of the scale)",
            indicator.scale, keys, shown);
      }
      return fmt::format("cần một số, nhận được \"{}\" (must be a number)", shown);
    }
    if (auto problem = CheckValue(indicator, *number)) return *problem;
    return *number;
  }

  static std::string WithoutDots(std::string_view text) {
    std::string out;
    for (char c : text)
      if (c != '.') out.push_back(c);
    return out;
  }

  enum class Source { kNone, kFile, kBad };

  void CheckRow(const FactTableRow& row) {
    const std::string code_ref = fmt::format("A{}", row.row);
    std::optional<UnitRef> unit;
    if (row.unit_code.empty()) {
      errors_.Add(row.row, "unit_code",
                  fmt::format("Ô {}: thiếu mã đơn vị (missing unit code)", code_ref));
    } else if (auto [first, inserted] = first_row_.emplace(row.unit_code, row.row); !inserted) {
      errors_.Add(row.row, "unit_code",
                  fmt::format("Ô {}: đơn vị {} bị lặp, đã có ở dòng {} (duplicate unit, first at "
                              "row {})",
                              code_ref, Excerpt(row.unit_code, 40), first->second, first->second));
    } else {
      if (units_.find_unit) unit = units_.find_unit(row.unit_code, year_);
      if (!unit) {
        errors_.Add(row.row, "unit_code",
                    units_.unknown_unit
                        ? fmt::format("Ô {}: {}", code_ref, units_.unknown_unit(row.unit_code))
                        : fmt::format("Ô {}: không có đơn vị nào mã \"{}\" trong năm {} (no unit "
                                      "has this code in {})",
                                      code_ref, Excerpt(row.unit_code, 40), year_, year_));
      }
    }

    std::fill(state_.begin(), state_.end(), Source::kNone);
    std::fill(stored_.begin(), stored_.end(), std::nullopt);
    stored_asked_.assign(state_.size(), false);
    std::vector<size_t> column_of(state_.size(), 0);
    for (size_t i = 0; i < column_slot_.size(); ++i) {
      const int slot = column_slot_[i];
      if (slot < 0) continue;
      const Cell& cell = row.cell(i);
      if (cell.empty()) continue;
      const Indicator& indicator = catalogue_.at(slot);
      const auto index = static_cast<size_t>(slot);
      column_of[index] = i;
      auto value = ReadValue(cell, indicator);
      if (auto* problem = std::get_if<std::string>(&value)) {
        errors_.Add(row.row, indicator.name,
                    fmt::format("Ô {}{} ({}): {}", table_.columns[i].letter, row.row,
                                indicator.name, *problem));
        state_[index] = Source::kBad;
        continue;
      }
      values_[index] = std::get<double>(value);
      state_[index] = Source::kFile;
    }

    // `le`: a value from the file against its partner from the file, else the stored one; and a
    // stored value against a new partner from the file.
    for (int slot = 0; slot < catalogue_.size(); ++slot) {
      const Indicator& indicator = catalogue_.at(slot);
      if (indicator.le_slot < 0) continue;
      const auto mine = static_cast<size_t>(slot);
      const auto bound = static_cast<size_t>(indicator.le_slot);
      if (state_[mine] == Source::kBad || state_[bound] == Source::kBad) continue;
      if (state_[mine] == Source::kFile) {
        std::optional<double> limit;
        bool limit_stored = false;
        if (state_[bound] == Source::kFile) {
          limit = values_[bound];
        } else if (unit) {
          limit = Stored(*unit, indicator.le_slot);
          limit_stored = true;
        }
        if (limit && values_[mine] > *limit) {
          errors_.Add(row.row, indicator.name,
                      fmt::format("Ô {}{}: {}", table_.columns[column_of[mine]].letter, row.row,
                                  LeMessage(indicator, values_[mine], *limit, limit_stored)));
        }
      } else if (state_[bound] == Source::kFile && unit) {
        const std::optional<double> stored = Stored(*unit, slot);
        if (stored && *stored > values_[bound]) {
          const Indicator& partner = catalogue_.at(indicator.le_slot);
          errors_.Add(
              row.row, partner.name,
              fmt::format("Ô {}{} ({}): {}", table_.columns[column_of[bound]].letter, row.row,
                          partner.name, LeStoredValueMessage(indicator, *stored, values_[bound])));
        }
      }
    }

    if (!unit) return;
    for (size_t i = 0; i < column_slot_.size(); ++i) {
      const int slot = column_slot_[i];
      if (slot < 0 || state_[static_cast<size_t>(slot)] != Source::kFile) continue;
      writes_.push_back(
          FactWrite{unit->id, catalogue_.at(slot).name, year_, values_[static_cast<size_t>(slot)]});
    }
  }

  std::optional<double> Stored(const UnitRef& unit, int slot) {
    const auto index = static_cast<size_t>(slot);
    if (!stored_asked_[index]) {
      stored_asked_[index] = true;
      if (units_.stored_value)
        stored_[index] = units_.stored_value(unit.id, catalogue_.at(slot).name, year_);
    }
    return stored_[index];
  }

  const FactTable& table_;
  const Catalogue& catalogue_;
  int year_;
  const UnitLookup& units_;
  ErrorList errors_;
  std::vector<FactWrite> writes_;
  std::vector<int> column_slot_;  // per column: its catalogue slot, or -1 when not read
  std::unordered_map<std::string, int> first_row_;
  // Per slot, for the row being checked.
  std::vector<double> values_;
  std::vector<Source> state_;
  std::vector<std::optional<double>> stored_;
  std::vector<bool> stored_asked_;
};

}  // namespace

FactImport ValidateFactTable(const FactTable& table, const Catalogue& catalogue, int year,
                             const UnitLookup& units) {
  return Validator(table, catalogue, year, units).Run();
}

std::vector<RelationProblem> CheckRelations(
    const Catalogue& catalogue, const std::map<std::string, double, std::less<>>& values) {
  std::vector<RelationProblem> problems;
  for (const Indicator& indicator : catalogue.indicators()) {
    if (indicator.le_slot < 0) continue;
    const auto value = values.find(indicator.name);
    const auto bound = values.find(indicator.le_name);
    if (value == values.end() || bound == values.end()) continue;
    if (value->second > bound->second)
      problems.push_back(
          {indicator.name, LeMessage(indicator, value->second, bound->second, false)});
  }
  return problems;
}

}  // namespace kieumau

#include "load/result_writer.h"

#include <fmt/format.h>

#include <charconv>
#include <cstdint>
#include <cstring>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "engine/format.h"

namespace kieumau {
namespace {

// The length of the prefix of `text` from `from` on that needs no escaping in JSON (no control
// byte, '"' or
// '\\'), found 16 bytes at a time where SSE2 is there and 8 at a time elsewhere: reasons are
// megabytes of text that almost never need escaping.
size_t CleanRun(std::string_view text, size_t from) {
  size_t i = from;
#if defined(__SSE2__)
  const __m128i flip = _mm_set1_epi8(static_cast<char>(0x80));
  const __m128i below =
      _mm_set1_epi8(static_cast<char>(0x20 ^ 0x80));  // unsigned < 0x20, as signed
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  for (; i + 16 <= text.size(); i += 16) {
    const __m128i chunk = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + i));
    const __m128i bad =
        _mm_or_si128(_mm_cmplt_epi8(_mm_xor_si128(chunk, flip), below),
                     _mm_or_si128(_mm_cmpeq_epi8(chunk, quote), _mm_cmpeq_epi8(chunk, backslash)));
    const int mask = _mm_movemask_epi8(bad);
    if (mask != 0) return i + static_cast<size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
  }
#endif
  for (; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 || c == '"' || c == '\\') break;
  }
  return i;
}

void AppendJsonString(std::string& out, std::string_view text) {
  out += '"';
  size_t i = 0;
  while (true) {
    const size_t clean_end = CleanRun(text, i);
    out.append(text.data() + i, clean_end - i);
    if (clean_end == text.size()) break;
    const auto c = static_cast<unsigned char>(text[clean_end]);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        fmt::format_to(std::back_inserter(out), "\\u{:04x}", static_cast<unsigned>(c));
    }
    i = clean_end + 1;
  }
  out += '"';
}

// A JSON number for points: 9, 83.5, 0.25 (exact: points are quarters).
void AppendPoints(std::string& out, Points points) {
  const int64_t quarters = points.quarters();
  if (quarters < 0) out += '-';
  const uint64_t magnitude = static_cast<uint64_t>(quarters < 0 ? -quarters : quarters);
  char buffer[24];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, magnitude / 4);
  out.append(buffer, end);
  static constexpr std::string_view kFractions[] = {"", ".25", ".5", ".75"};
  out += kFractions[magnitude % 4];
}

void AppendScoreEntry(std::string& out, std::string_view id, Points points, Points max) {
  out += "{\"id\":";
  AppendJsonString(out, id);
  out += ",\"points\":";
  AppendPoints(out, points);
  out += ",\"max\":";
  AppendPoints(out, max);
}

// Display width of UTF-8 text: code points, less combining marks (U+0300–U+036F).
size_t DisplayWidth(std::string_view text) {
  size_t width = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if ((c & 0xC0) == 0x80) continue;
    if (c == 0xCC ||
        (c == 0xCD && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) < 0xB0)) {
      continue;  // U+0300..U+036F
    }
    ++width;
  }
  return width;
}

void AppendPadded(std::string& out, std::string_view text, size_t width) {
  out += text;
  for (size_t w = DisplayWidth(text); w < width; ++w)
    out += ' ';
}

}  // namespace

void WriteResultsJsonBegin(const Rubric& rubric, int year, std::string& out) {
  out += "{\"rubric\":";
  AppendJsonString(out, rubric.id);
  fmt::format_to(std::back_inserter(out), ",\"year\":{},\"results\":[", year);
}

void WriteUnitJson(const Rubric& rubric, const UnitFacts& unit, const UnitResult& result,
                   bool first, std::string& out) {
  out += first ? "\n{\"unit\":" : ",\n{\"unit\":";
  AppendJsonString(out, unit.code);
  if (!unit.name.empty()) {
    out += ",\"name\":";
    AppendJsonString(out, unit.name);
  }
  out += ",\"total\":";
  AppendPoints(out, result.total);
  out += ",\"max\":";
  AppendPoints(out, rubric.max);
  out += ",\"outcome\":";
  AppendJsonString(out, OutcomeKey(result.outcome));
  out += ",\"vetoes\":[";
  for (size_t v = 0; v < result.vetoes.size(); ++v) {
    if (v > 0) out += ',';
    AppendJsonString(out, rubric.vetoes[result.vetoes[v]].id);
  }
  out += "],\"missing\":[";
  for (size_t m = 0; m < result.missing.size(); ++m) {
    if (m > 0) out += ',';
    AppendJsonString(out, result.missing[m]);
  }
  out += "],\"groups\":[";
  for (size_t g = 0; g < rubric.groups.size(); ++g) {
    if (g > 0) out += ',';
    AppendScoreEntry(out, rubric.groups[g].id, result.group_points[g], rubric.groups[g].max);
    out += '}';
  }
  out += "],\"criteria\":[";
  for (const Group& group : rubric.groups) {
    for (size_t c = group.first_criterion; c < group.first_criterion + group.criterion_count; ++c) {
      if (c > 0) out += ',';
      AppendScoreEntry(out, rubric.criteria[c].id, result.criterion_points[c],
                       rubric.criteria[c].max);
      out += ",\"group\":";
      AppendJsonString(out, group.id);
      out += '}';
    }
  }
  out += "],\"items\":[";
  for (size_t i = 0; i < rubric.items.size(); ++i) {
    if (i > 0) out += ',';
    out += "\n ";
    AppendScoreEntry(out, rubric.items[i].id, result.items[i].points, rubric.items[i].points);
    out += ",\"reason\":";
    AppendJsonString(out, result.items[i].reason);
    out += '}';
  }
  out += "]}";
}

void WriteResultsJsonEnd(std::string& out) {
  out += "\n]}\n";
}

void WriteResultsJson(const Rubric& rubric, const FactsBatch& batch,
                      const std::vector<UnitResult>& results, std::string& out) {
  WriteResultsJsonBegin(rubric, batch.year, out);
  for (size_t u = 0; u < results.size(); ++u)
    WriteUnitJson(rubric, batch.units[u], results[u], u == 0, out);
  WriteResultsJsonEnd(out);
}

void WriteResultsTableBegin(const Rubric& rubric, int year, size_t unit_count, std::string& out) {
  fmt::format_to(std::back_inserter(out), "Bộ tiêu chí {}: {}\nNăm đánh giá {}; {} đơn vị\n",
                 rubric.id, rubric.title, year, unit_count);
}

void WriteUnitTable(const Rubric& rubric, const UnitFacts& unit, const UnitResult& result,
                    std::string& out) {
  size_t id_width = DisplayWidth("Mục");
  for (const Item& item : rubric.items)
    id_width = std::max(id_width, DisplayWidth(item.id));
  const std::string rule(100, '-');
  out += '\n';
  fmt::format_to(std::back_inserter(out), "Đơn vị {}{} ({})\n", unit.code,
                 unit.name.empty() ? "" : " — " + unit.name, UnitKindLabel(unit.kind));
  out += rule + '\n';
  AppendPadded(out, "Mục", id_width + 2);
  AppendPadded(out, "Điểm", 7);
  AppendPadded(out, "Tối đa", 8);
  out += "Lý do\n";
  for (size_t g = 0; g < rubric.groups.size(); ++g) {
    const Group& group = rubric.groups[g];
    fmt::format_to(std::back_inserter(out), "Nhóm {}{}: {}\n", group.id,
                   group.title.empty() ? "" : " — " + group.title,
                   FormatScoreVi(result.group_points[g], group.max));
    for (size_t c = 0; c < group.criterion_count; ++c) {
      const Criterion& criterion = rubric.criteria[group.first_criterion + c];
      for (size_t i = criterion.first_item; i < criterion.first_item + criterion.item_count; ++i) {
        AppendPadded(out, rubric.items[i].id, id_width + 2);
        AppendPadded(out, FormatPointsVi(result.items[i].points), 7);
        AppendPadded(out, FormatPointsVi(rubric.items[i].points), 8);
        out += result.items[i].reason;
        out += '\n';
      }
    }
  }
  out += rule + '\n';
  fmt::format_to(std::back_inserter(out), "Tổng điểm: {}   Kết quả: {}\n",
                 FormatScoreVi(result.total, rubric.max), OutcomeLabel(result.outcome));
  for (size_t v : result.vetoes) {
    fmt::format_to(std::back_inserter(out), "Điều kiện loại trừ: {} — {}\n", rubric.vetoes[v].id,
                   rubric.vetoes[v].text);
  }
  if (!result.missing.empty()) {
    out += "Thiếu dữ liệu: ";
    for (size_t m = 0; m < result.missing.size(); ++m)
      out += (m > 0 ? ", " : "") + result.missing[m];
    out += '\n';
  }
}

void WriteResultsTable(const Rubric& rubric, const FactsBatch& batch,
                       const std::vector<UnitResult>& results, std::string& out) {
  WriteResultsTableBegin(rubric, batch.year, results.size(), out);
  for (size_t u = 0; u < results.size(); ++u)
    WriteUnitTable(rubric, batch.units[u], results[u], out);
}

}  // namespace kieumau

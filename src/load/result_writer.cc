#include "load/result_writer.h"

#include <fmt/format.h>

#include <algorithm>
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

// --- Writing through a pointer into room made beforehand (UnitJsonBound): no capacity check
// per piece, which is most of the cost of appending a few bytes at a time to a std::string.

// Room for a JSON string holding `text`: every byte escaped (as \u00XX), and the quotes.
constexpr size_t JsonStringBound(std::string_view text) {
  return 6 * text.size() + 2;
}
// Room for points (PutPoints, engine/format.h, with '.': a JSON number, exact since points are
// quarters): a sign, 19 digits and ".75".
constexpr size_t kPointsBound = 24;

template <size_t N>
char* Put(char* at, const char (&literal)[N]) {
  std::memcpy(at, literal, N - 1);
  return at + N - 1;
}

// One byte that JSON does not take as it is (a control byte, '"' or '\\'), escaped as
// AppendJsonString escapes it.
char* PutEscaped(char* at, unsigned char c) {
  static constexpr char kHex[] = "0123456789abcdef";
  switch (c) {
    case '"':
      return Put(at, "\\\"");
    case '\\':
      return Put(at, "\\\\");
    case '\n':
      return Put(at, "\\n");
    case '\r':
      return Put(at, "\\r");
    case '\t':
      return Put(at, "\\t");
    default:  // a control character: \u00XX, as fmt's {:04x}
      at = Put(at, "\\u00");
      *at++ = kHex[c >> 4];
      *at++ = kHex[c & 0xF];
      return at;
  }
}

// Whether any of the 8 bytes of `word` must be escaped in JSON: a byte below 0x20, '"' or '\\'
// (the "has less" and "has zero byte" tests of Bit Twiddling Hacks, which are exact for "any").
constexpr bool NeedsEscape8(uint64_t word) {
  constexpr uint64_t kOnes = 0x0101010101010101ULL;
  constexpr uint64_t kHighs = 0x8080808080808080ULL;
  const auto has_zero = [](uint64_t v) { return ((v - kOnes) & ~v & kHighs) != 0; };
  const bool below_space = ((word - kOnes * 0x20) & ~word & kHighs) != 0;
  return below_space || has_zero(word ^ (kOnes * '"')) || has_zero(word ^ (kOnes * '\\'));
}

// `text` as a JSON string: the same bytes as AppendJsonString. There is room for 6 bytes for each
// byte of `text`, so whole words and 16-byte blocks are stored before they are known to be clean.
// Short strings (ids, codes, names) are copied as two overlapping words when they are clean; long
// ones (reasons) 16 bytes at a time while looking for bytes to escape, their last block overlapping
// the one before when that one was copied as it is.
char* PutJsonString(char* at, std::string_view text) {
  *at++ = '"';
  const char* from = text.data();
  const char* const end = from + text.size();
  const size_t size = text.size();
  if (size >= 4 && size < 16) {
    uint64_t head = 0;
    uint64_t tail = 0;
    const size_t word = size >= 8 ? 8 : 4;
    std::memcpy(&head, from, word);
    std::memcpy(&tail, end - word, word);
    // (Short words are completed with 'a', which needs no escape.)
    const uint64_t filler = word == 8 ? 0 : 0x6161616100000000ULL;
    if (!NeedsEscape8(head | filler) && !NeedsEscape8(tail | filler)) {
      std::memcpy(at, &head, word);
      std::memcpy(at + size - word, &tail, word);
      at += size;
      *at++ = '"';
      return at;
    }
  }
#if defined(__SSE2__)
  const __m128i flip = _mm_set1_epi8(static_cast<char>(0x80));
  const __m128i below = _mm_set1_epi8(static_cast<char>(0x20 ^ 0x80));  // unsigned < 0x20
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  const auto bad_bytes = [&](__m128i chunk) {
    return _mm_movemask_epi8(
        _mm_or_si128(_mm_cmplt_epi8(_mm_xor_si128(chunk, flip), below),
                     _mm_or_si128(_mm_cmpeq_epi8(chunk, quote), _mm_cmpeq_epi8(chunk, backslash))));
  };
  const char* verbatim = from;  // from here to `from`, the output is the input, byte for byte
  while (end - from >= 16) {
    const __m128i chunk = _mm_loadu_si128(reinterpret_cast<const __m128i*>(from));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(at), chunk);
    const int mask = bad_bytes(chunk);
    if (mask == 0) {
      from += 16;
      at += 16;
      continue;
    }
    const auto clean = static_cast<size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
    from += clean;
    at = PutEscaped(at + clean, static_cast<unsigned char>(*from++));
    verbatim = from;
  }
  if (from < end && size >= 16 && end - 16 >= verbatim) {
    // The last 16 bytes, of which the first 16 - rest are written already, as they are.
    const auto rest = static_cast<size_t>(end - from);
    const __m128i chunk = _mm_loadu_si128(reinterpret_cast<const __m128i*>(end - 16));
    if ((static_cast<unsigned>(bad_bytes(chunk)) >> (16 - rest)) == 0) {
      _mm_storeu_si128(reinterpret_cast<__m128i*>(at - (16 - rest)), chunk);
      at += rest;
      from = end;
    }
  }
#endif
  for (; from < end; ++from) {
    const auto c = static_cast<unsigned char>(*from);
    if (c < 0x20 || c == '"' || c == '\\') {
      at = PutEscaped(at, c);
    } else {
      *at++ = static_cast<char>(c);
    }
  }
  *at++ = '"';
  return at;
}

// {"id":ID,"points":P,"max":M (the caller closes the object).
char* PutScoreEntry(char* at, std::string_view id, Points points, Points max) {
  at = Put(at, "{\"id\":");
  at = PutJsonString(at, id);
  at = Put(at, ",\"points\":");
  at = PutPoints(at, points, '.');
  at = Put(at, ",\"max\":");
  return PutPoints(at, max, '.');
}
// Room for PutScoreEntry and up to 16 more bytes of keys and punctuation.
constexpr size_t ScoreEntryBound(std::string_view id) {
  return 32 + JsonStringBound(id) + 2 * kPointsBound;
}

// Asks the processor to bring `unit`'s values into its caches.
void PrefetchFacts(const UnitFacts& unit) {
  constexpr size_t kLine = 64;
  for (const std::vector<double>* values : {&unit.current, &unit.prior, &unit.manual}) {
    const char* begin = reinterpret_cast<const char*>(values->data());
    const size_t bytes = values->size() * sizeof(double);
    for (size_t at = 0; at < bytes; at += kLine)
      __builtin_prefetch(begin + at);
  }
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

void WriteResultsJsonBegin(const Rubric& rubric, int year, std::string& out) {
  out += "{\"rubric\":";
  AppendJsonString(out, rubric.id);
  fmt::format_to(std::back_inserter(out), ",\"year\":{},\"results\":[", year);
}

size_t UnitJsonBound(const Rubric& rubric, const UnitFacts& unit, const UnitResult& result) {
  // 160: every fixed key and bracket of the unit's object (about 110 bytes).
  size_t bound = 160 + JsonStringBound(unit.code) + JsonStringBound(unit.name) + 3 * kPointsBound +
                 JsonStringBound(OutcomeKey(result.outcome));
  for (size_t v : result.vetoes)
    bound += 1 + JsonStringBound(rubric.vetoes[v].id);
  for (const std::string& name : result.missing)
    bound += 1 + JsonStringBound(name);
  for (const Group& group : rubric.groups) {
    bound += ScoreEntryBound(group.id);
    // Each of the group's criteria names it.
    bound += group.criterion_count * JsonStringBound(group.id);
  }
  for (const Criterion& criterion : rubric.criteria)
    bound += ScoreEntryBound(criterion.id);
  for (size_t i = 0; i < rubric.items.size(); ++i)
    bound += ScoreEntryBound(rubric.items[i].id) + JsonStringBound(result.items[i].reason);
  return bound;
}

char* WriteUnitJson(const Rubric& rubric, const UnitFacts& unit, const UnitResult& result,
                    bool first, char* at) {
  at = first ? Put(at, "\n{\"unit\":") : Put(at, ",\n{\"unit\":");
  at = PutJsonString(at, unit.code);
  if (!unit.name.empty()) {
    at = Put(at, ",\"name\":");
    at = PutJsonString(at, unit.name);
  }
  at = Put(at, ",\"total\":");
  at = PutPoints(at, result.total, '.');
  at = Put(at, ",\"max\":");
  at = PutPoints(at, rubric.max, '.');
  at = Put(at, ",\"outcome\":");
  at = PutJsonString(at, OutcomeKey(result.outcome));
  at = Put(at, ",\"vetoes\":[");
  for (size_t v = 0; v < result.vetoes.size(); ++v) {
    if (v > 0) *at++ = ',';
    at = PutJsonString(at, rubric.vetoes[result.vetoes[v]].id);
  }
  at = Put(at, "],\"missing\":[");
  for (size_t m = 0; m < result.missing.size(); ++m) {
    if (m > 0) *at++ = ',';
    at = PutJsonString(at, result.missing[m]);
  }
  at = Put(at, "],\"groups\":[");
  for (size_t g = 0; g < rubric.groups.size(); ++g) {
    if (g > 0) *at++ = ',';
    at = PutScoreEntry(at, rubric.groups[g].id, result.group_points[g], rubric.groups[g].max);
    *at++ = '}';
  }
  at = Put(at, "],\"criteria\":[");
  for (const Group& group : rubric.groups) {
    for (size_t c = group.first_criterion; c < group.first_criterion + group.criterion_count; ++c) {
      if (c > 0) *at++ = ',';
      at = PutScoreEntry(at, rubric.criteria[c].id, result.criterion_points[c],
                         rubric.criteria[c].max);
      at = Put(at, ",\"group\":");
      at = PutJsonString(at, group.id);
      *at++ = '}';
    }
  }
  at = Put(at, "],\"items\":[");
  for (size_t i = 0; i < rubric.items.size(); ++i) {
    at = i > 0 ? Put(at, ",\n ") : Put(at, "\n ");
    at = PutScoreEntry(at, rubric.items[i].id, result.items[i].points, rubric.items[i].points);
    at = Put(at, ",\"reason\":");
    at = PutJsonString(at, result.items[i].reason);
    *at++ = '}';
  }
  return Put(at, "]}");
}

void WriteUnitJson(const Rubric& rubric, const UnitFacts& unit, const UnitResult& result,
                   bool first, std::string& out) {
  // Written into a scratch buffer that only grows (so resizing it fills nothing after the first
  // units), then appended: one copy instead of hundreds of small appends.
  thread_local std::string scratch;
  const size_t bound = UnitJsonBound(rubric, unit, result);
  if (scratch.size() < bound) scratch.resize(std::max(bound, 2 * scratch.size()));
  const char* end = WriteUnitJson(rubric, unit, result, first, scratch.data());
  out.append(scratch.data(), static_cast<size_t>(end - scratch.data()));
}

void ScoreBatchToJson(const Rubric& rubric, const Catalogue& catalogue, const FactsBatch& batch,
                      const std::function<void(std::string_view)>& sink, size_t chunk_bytes) {
  // One buffer, made once (so it is filled with zeros once), handed on whenever it holds
  // chunk_bytes or more; `used` is how much of it holds results.
  std::string buffer(chunk_bytes + (size_t{1} << 16), '\0');
  size_t used = 0;
  const auto flush = [&] {
    if (used > 0) sink(std::string_view(buffer.data(), used));
    used = 0;
  };
  const auto append = [&](std::string_view text) {
    if (used + text.size() > buffer.size()) flush();
    if (text.size() > buffer.size()) buffer.resize(text.size());
    std::memcpy(buffer.data() + used, text.data(), text.size());
    used += text.size();
  };
  std::string text;
  WriteResultsJsonBegin(rubric, batch.year, text);
  append(text);
  UnitResult result;
  for (size_t u = 0; u < batch.units.size(); ++u) {
    // The next unit's values, written when the file was read and long out of the nearest caches,
    // are fetched while this one is scored: judging items reads them all over.
    if (u + 1 < batch.units.size()) PrefetchFacts(batch.units[u + 1]);
    const UnitFacts& unit = batch.units[u];
    ScoreUnitInto(rubric, catalogue, unit, result);
    const size_t bound = UnitJsonBound(rubric, unit, result);
    if (used + bound > buffer.size()) {
      flush();
      if (bound > buffer.size()) buffer.resize(bound);
    }
    used = static_cast<size_t>(WriteUnitJson(rubric, unit, result, u == 0, buffer.data() + used) -
                               buffer.data());
    if (used >= chunk_bytes) flush();
  }
  text.clear();
  WriteResultsJsonEnd(text);
  append(text);
  flush();
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

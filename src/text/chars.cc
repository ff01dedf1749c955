#include "text/chars.h"

#include <array>

namespace kieumau::text {
namespace {

constexpr char32_t kNotUtf8 = 0xFFFFFFFF;

// The code point at `pos` of well-formed UTF-8 (Unicode, table 3-7), or kNotUtf8 for the maximal
// ill-formed part there; `pos` moves past what was read, at least one byte.
constexpr char32_t DecodeUtf8(std::string_view text, size_t& pos) {
  const auto lead = static_cast<unsigned char>(text[pos++]);
  if (lead < 0x80) return lead;
  int continuations = 0;
  char32_t code = 0;
  unsigned char low = 0x80;  // the range of the byte after the lead
  unsigned char high = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    continuations = 1;
    code = lead & 0x1F;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    continuations = 2;
    code = lead & 0x0F;
    if (lead == 0xE0) low = 0xA0;   // overlong below U+0800
    if (lead == 0xED) high = 0x9F;  // surrogates U+D800–U+DFFF
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    continuations = 3;
    code = lead & 0x07;
    if (lead == 0xF0) low = 0x90;   // overlong below U+10000
    if (lead == 0xF4) high = 0x8F;  // beyond U+10FFFF
  } else {
    return kNotUtf8;  // a continuation byte alone, C0 C1 (always overlong), F5–FF
  }
  for (int i = 0; i < continuations; ++i) {
    if (pos >= text.size()) return kNotUtf8;
    const auto byte = static_cast<unsigned char>(text[pos]);
    if (byte < low || byte > high) return kNotUtf8;  // that byte starts what comes next
    low = 0x80;
    high = 0xBF;
    code = (code << 6) | (byte & 0x3F);
    ++pos;
  }
  return code;
}

// The Vietnamese letters: a row per letter without its tone, holding it with each tone in Tone
// order (ngang, sắc, huyền, hỏi, ngã, nặng); đ has no tones. 12 vowels × 6 tones × 2 cases, less
// the 12 ASCII vowels, and đ Đ: 134 letters beyond ASCII.
struct Row {
  std::string_view letters;  // UTF-8
  char base;
  Mark mark;
  bool upper;
};
constexpr Row kRows[] = {
    {"aáàảãạ", 'a', Mark::kNone, false},       {"AÁÀẢÃẠ", 'a', Mark::kNone, true},
    {"ăắằẳẵặ", 'a', Mark::kBreve, false},      {"ĂẮẰẲẴẶ", 'a', Mark::kBreve, true},
    {"âấầẩẫậ", 'a', Mark::kCircumflex, false}, {"ÂẤẦẨẪẬ", 'a', Mark::kCircumflex, true},
    {"eéèẻẽẹ", 'e', Mark::kNone, false},       {"EÉÈẺẼẸ", 'e', Mark::kNone, true},
    {"êếềểễệ", 'e', Mark::kCircumflex, false}, {"ÊẾỀỂỄỆ", 'e', Mark::kCircumflex, true},
    {"iíìỉĩị", 'i', Mark::kNone, false},       {"IÍÌỈĨỊ", 'i', Mark::kNone, true},
    {"oóòỏõọ", 'o', Mark::kNone, false},       {"OÓÒỎÕỌ", 'o', Mark::kNone, true},
    {"ôốồổỗộ", 'o', Mark::kCircumflex, false}, {"ÔỐỒỔỖỘ", 'o', Mark::kCircumflex, true},
    {"ơớờởỡợ", 'o', Mark::kHorn, false},       {"ƠỚỜỞỠỢ", 'o', Mark::kHorn, true},
    {"uúùủũụ", 'u', Mark::kNone, false},       {"UÚÙỦŨỤ", 'u', Mark::kNone, true},
    {"ưứừửữự", 'u', Mark::kHorn, false},       {"ƯỨỪỬỮỰ", 'u', Mark::kHorn, true},
    {"yýỳỷỹỵ", 'y', Mark::kNone, false},       {"YÝỲỶỸỴ", 'y', Mark::kNone, true},
    {"đ", 'd', Mark::kStroke, false},          {"Đ", 'd', Mark::kStroke, true},
};

struct Entry {
  char base = 0;  // 0: not a Vietnamese letter
  bool upper = false;
  Mark mark = Mark::kNone;
  Tone tone = Tone::kLevel;
};

// Every precomposed Vietnamese letter beyond ASCII lies in one of two ranges: Latin-1 Supplement to
// Latin Extended-B (à … ư), and Latin Extended Additional (ạ … ỹ).
constexpr char32_t kLatinFirst = 0x00C0;
constexpr char32_t kLatinLast = 0x01B0;
constexpr char32_t kAdditionalFirst = 0x1EA0;
constexpr char32_t kAdditionalLast = 0x1EF9;

struct Table {
  std::array<Entry, kLatinLast - kLatinFirst + 1> latin{};
  std::array<Entry, kAdditionalLast - kAdditionalFirst + 1> additional{};
  int letters = 0;          // entries filled
  bool well_formed = true;  // rows of 6 (đ: 1), no letter twice, none outside the two ranges

  constexpr Entry* Find(char32_t code) {
    if (code >= kLatinFirst && code <= kLatinLast) return &latin[code - kLatinFirst];
    if (code >= kAdditionalFirst && code <= kAdditionalLast)
      return &additional[code - kAdditionalFirst];
    return nullptr;
  }
  constexpr const Entry* Find(char32_t code) const { return const_cast<Table*>(this)->Find(code); }
};

constexpr Table BuildTable() {
  Table table;
  for (const Row& row : kRows) {
    int tone = 0;
    size_t pos = 0;
    while (pos < row.letters.size()) {
      const char32_t code = DecodeUtf8(row.letters, pos);
      const Entry entry{row.base, row.upper, row.mark, static_cast<Tone>(tone++)};
      if (code < 0x80) continue;  // a e i o u y A E I O U Y: read as ASCII
      Entry* slot = table.Find(code);
      if (slot == nullptr || slot->base != 0) {
        table.well_formed = false;
        continue;
      }
      *slot = entry;
      ++table.letters;
    }
    if (tone != (row.mark == Mark::kStroke ? 1 : 6)) table.well_formed = false;
  }
  return table;
}

constexpr Table kTable = BuildTable();
static_assert(kTable.well_formed && kTable.letters == 134);

constexpr bool In(char32_t code, char32_t first, char32_t last) {
  return code >= first && code <= last;
}

Char Classify(char32_t code) {
  if (const Entry* entry = kTable.Find(code); entry != nullptr && entry->base != 0)
    return {CharKind::kLetter, entry->base, entry->upper, entry->mark, entry->tone};
  if (In(code, 0x0300, 0x036F)) {
    switch (code) {
      case 0x0301:
      case 0x0341:
        return {CharKind::kToneMark, 0, false, Mark::kNone, Tone::kAcute};
      case 0x0300:
      case 0x0340:
        return {CharKind::kToneMark, 0, false, Mark::kNone, Tone::kGrave};
      case 0x0309:
        return {CharKind::kToneMark, 0, false, Mark::kNone, Tone::kHook};
      case 0x0303:
        return {CharKind::kToneMark, 0, false, Mark::kNone, Tone::kTilde};
      case 0x0323:
        return {CharKind::kToneMark, 0, false, Mark::kNone, Tone::kDot};
      case 0x0302:
        return {CharKind::kVowelMark, 0, false, Mark::kCircumflex};
      case 0x0306:
        return {CharKind::kVowelMark, 0, false, Mark::kBreve};
      case 0x031B:
        return {CharKind::kVowelMark, 0, false, Mark::kHorn};
      default:
        return {CharKind::kOtherMark};
    }
  }
  if (In(code, 0x1AB0, 0x1AFF) || In(code, 0x1DC0, 0x1DFF) || In(code, 0x20D0, 0x20FF) ||
      In(code, 0xFE20, 0xFE2F))
    return {CharKind::kOtherMark};
  // Apostrophes, the soft hyphen, zero-width characters, direction marks and isolates, invisible
  // operators, the byte order mark, and the replacement character (what was not text).
  if (code == 0x00AD || code == 0x02BC || code == 0x2019 || In(code, 0x200B, 0x200F) ||
      In(code, 0x202A, 0x202E) || In(code, 0x2060, 0x206F) || code == 0xFEFF || code == 0xFFFD)
    return {CharKind::kIgnored};
  if (code <= 0x00BF || code == 0x00D7 || code == 0x00F7 || code == 0x1680 ||
      In(code, 0x2000, 0x205F) || In(code, 0x3000, 0x3003) || In(code, 0x3008, 0x3011) ||
      In(code, 0xFF01, 0xFF0F) || In(code, 0xFF1A, 0xFF20) || In(code, 0xFF3B, 0xFF40) ||
      In(code, 0xFF5B, 0xFF65))
    return {CharKind::kSeparator};
  return {CharKind::kOther};
}

}  // namespace

namespace internal {

Char NextNonAscii(std::string_view text, size_t& pos) {
  const char32_t code = DecodeUtf8(text, pos);
  if (code == kNotUtf8) return {CharKind::kIgnored};
  return Classify(code);
}

}  // namespace internal

void AppendLetter(std::string& out, char base, Mark mark) {
  switch (mark) {
    case Mark::kNone:
      out += base;
      return;
    case Mark::kCircumflex:
      out += base == 'a' ? "â" : base == 'e' ? "ê" : "ô";
      return;
    case Mark::kBreve:
      out += "ă";
      return;
    case Mark::kHorn:
      out += base == 'o' ? "ơ" : "ư";
      return;
    case Mark::kStroke:
      out += "đ";
      return;
  }
}

Mark AddMark(char base, Mark have, Mark add) {
  if (have != Mark::kNone) return Mark::kNone;
  switch (add) {
    case Mark::kCircumflex:
      return base == 'a' || base == 'e' || base == 'o' ? add : Mark::kNone;
    case Mark::kBreve:
      return base == 'a' ? add : Mark::kNone;
    case Mark::kHorn:
      return base == 'o' || base == 'u' ? add : Mark::kNone;
    default:
      return Mark::kNone;
  }
}

}  // namespace kieumau::text

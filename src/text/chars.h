// The characters of a text as search sees them: UTF-8 decoded strictly, each code point classified
// for Vietnamese (a letter with its base, vowel mark and tone; a combining mark; a separator; a
// character to ignore; any other). Internal to src/text/: fold.h and search_query.h are the API.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace kieumau::text {

// The six tones, numbered as the VNI keyboard numbers them (and as ToneInsensitiveKey writes them).
enum class Tone : uint8_t {
  kLevel = 0,  // ngang: no mark
  kAcute = 1,  // sắc: U+0301
  kGrave = 2,  // huyền: U+0300
  kHook = 3,   // hỏi: U+0309
  kTilde = 4,  // ngã: U+0303
  kDot = 5,    // nặng: U+0323
};

// What makes a Vietnamese letter of a Latin one, besides the tone.
enum class Mark : uint8_t {
  kNone,
  kCircumflex,  // â ê ô (U+0302)
  kBreve,       // ă (U+0306)
  kHorn,        // ơ ư (U+031B)
  kStroke,      // đ (no combining form)
};

enum class CharKind : uint8_t {
  kLetter,    // A-Z, a-z, or one of the 134 precomposed Vietnamese letters: base, upper, mark, tone
  kDigit,     // 0-9: base
  kToneMark,  // combining U+0300 U+0301 U+0303 U+0309 U+0323 (and U+0340 U+0341, U+0300 U+0301's
              // deprecated twins): tone
  kVowelMark,  // combining U+0302 U+0306 U+031B: mark
  kOtherMark,  // any other combining mark (U+0300–U+036F, U+1AB0–U+1AFF, U+1DC0–U+1DFF,
               // U+20D0–U+20FF, U+FE20–U+FE2F)
  kSeparator,  // white space, controls, ASCII punctuation and symbols, Latin-1 punctuation and
               // symbols (U+0080–U+00BF but the soft hyphen; × ÷), general punctuation
               // (U+2000–U+205F), CJK and full-width punctuation
  kIgnored,  // as if absent: apostrophes (' ’ ʼ, so that "M'Drắk" is one word), the soft hyphen,
             // zero-width and direction marks, U+FEFF, U+FFFD, and bytes that are not UTF-8
  kOther,  // any other character (another alphabet's letter, a symbol): kept as it is
};

struct Char {
  CharKind kind = CharKind::kIgnored;
  char base = 0;       // kLetter: the lower-case ASCII letter ('d' for đ); kDigit: the digit
  bool upper = false;  // kLetter: written in upper case
  Mark mark = Mark::kNone;
  Tone tone = Tone::kLevel;
};

namespace internal {
Char NextNonAscii(std::string_view text, size_t& pos);

inline Char AsciiChar(unsigned char byte) {
  if (byte >= 'a' && byte <= 'z') return {CharKind::kLetter, static_cast<char>(byte)};
  if (byte >= 'A' && byte <= 'Z') return {CharKind::kLetter, static_cast<char>(byte + 32), true};
  if (byte >= '0' && byte <= '9') return {CharKind::kDigit, static_cast<char>(byte)};
  if (byte == '\'') return {CharKind::kIgnored};
  return {CharKind::kSeparator};
}
}  // namespace internal

// The character at `pos` of `text`, moving `pos` past it: always at least one byte, so a loop over
// a text ends. Only well-formed UTF-8 is decoded (Unicode, table 3-7: no overlong forms, no
// surrogates, nothing past U+10FFFF); a byte sequence that is not is read as one kIgnored character
// per maximal ill-formed part (a lead byte and the continuation bytes that were valid after it), so
// a valid character after a truncated one is read whole.
inline Char NextChar(std::string_view text, size_t& pos) {
  const auto byte = static_cast<unsigned char>(text[pos]);
  if (byte < 0x80) {
    ++pos;
    return internal::AsciiChar(byte);
  }
  return internal::NextNonAscii(text, pos);
}

// Appends the lower-case letter `base` with `mark` (no tone): "a", "â", "ư", "đ".
void AppendLetter(std::string& out, char base, Mark mark);

// The mark of `base` with `mark` added (a + circumflex: â), or kNone where Vietnamese has no such
// letter or `base` already has a mark.
Mark AddMark(char base, Mark have, Mark add);

}  // namespace kieumau::text

// Vietnamese text made comparable: FoldForSearch for finding units whatever the user typed, with or
// without diacritics, and ToneInsensitiveKey for telling a respelling (Hoà → Hòa) from a rename.
//
// Both read UTF-8 in NFC or NFD alike (or a mix): the 134 precomposed Vietnamese letters and the
// combining marks U+0300 U+0301 U+0303 U+0309 U+0323 (tones) and U+0302 U+0306 U+031B (circumflex,
// breve, horn) are handled explicitly; no Unicode library is needed. What they do with each
// character (text/chars.h):
// - separators (white space, controls, ASCII and Latin-1 punctuation and symbols, general, CJK and
//   full-width punctuation): a run of them becomes one space between words, none at either end;
// - ignored, as if absent (so they never split a word): apostrophes (' ’ ʼ: "M'Drắk" is one word,
//   "mdrak"), the soft hyphen, zero-width and direction marks, U+FEFF, U+FFFD, and every byte that
//   is not well-formed UTF-8 (a truncated sequence, an overlong form, a surrogate, a lone
//   continuation byte, F5–FF): dropped, a maximal ill-formed part at a time, never crashing or
//   looping;
// - any other character (another alphabet's letter, a symbol) is kept as it is, not lower-cased.
// Both run in time linear in the input.
#pragma once

#include <string>
#include <string_view>

namespace kieumau::text {

// The text as search compares it: lower case, every Vietnamese diacritic removed (tones and the
// marks of â ă ê ô ơ ư), đ Đ as d, every other combining mark dropped, words separated by one
// space.
//   "Tiền Ninh Vệ" → "tien ninh ve"    "Hòa", "Hoà", "HOÀ" → "hoa"    "Thuỷ", "Thủy" → "thuy"
//   "Đồng Nai" → "dong nai"    "  Văn Miếu - Quốc Tử Giám " → "van mieu quoc tu giam"
//   "Xã Cư M'gar" → "xa cu mgar"    "00004" → "00004"
// FoldForSearch(FoldForSearch(x)) == FoldForSearch(x).
std::string FoldForSearch(std::string_view utf8);

// A key equal for two spellings of a name that differ only in where the tone mark sits (old "hoà",
// new "hòa"; "thuỵ", "thụy"), in case, NFC or NFD, or separators — and different when a tone, a
// vowel mark or đ differs ("Hoa" ≠ "Hòa" ≠ "Hóa", "Đông" ≠ "Dong" ≠ "Đồng"). Each syllable (a run
// of letters) becomes its lower-case letters without tone — â ă ê ô ơ ư đ kept, written precomposed
// — then its tone as one digit, numbered as on the VNI keyboard: 0 ngang, 1 sắc, 2 huyền, 3 hỏi,
// 4 ngã, 5 nặng. A syllable's first tone mark counts, later ones are dropped. Digits end a syllable
// and are kept; words are separated by one space as in FoldForSearch.
//   "Phường Tiền Ninh Vệ" → "phương2 tiên2 ninh0 vê5"    "Hoà", "Hòa" → "hoa2"    "Hoa" → "hoa0"
//   "Phường 1" → "phương2 1"
// Combining marks not on a letter are dropped; a vowel mark that makes no Vietnamese letter of the
// one before it, and any other combining mark inside a syllable, is kept as it is.
std::string ToneInsensitiveKey(std::string_view utf8);

}  // namespace kieumau::text

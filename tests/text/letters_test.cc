// Every Vietnamese vowel with every tone, in both cases, precomposed (NFC) and decomposed (NFD, in
// either order of the marks), and đ Đ: what FoldForSearch and ToneInsensitiveKey make of each. The
// expected results are built here from the letters' parts (an ASCII vowel, a vowel mark, a tone
// mark), not read from the implementation's table.
#include <gtest/gtest.h>

#include <cstddef>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "cases.h"
#include "text/fold.h"

namespace kieumau::text {
namespace {

using test::ExpectEach;

// The combining marks of Vietnamese.
constexpr std::string_view kCircumflex = "\u0302";
constexpr std::string_view kBreve = "\u0306";
constexpr std::string_view kHorn = "\u031B";
// The tones in the order ToneInsensitiveKey numbers them: ngang 0 (no mark), sắc 1, huyền 2, hỏi 3,
// ngã 4, nặng 5.
const std::vector<std::string_view> kToneMarks = {"",       "\u0301", "\u0300",
                                                  "\u0309", "\u0303", "\u0323"};

// A vowel: its ASCII letter, its vowel mark, how ToneInsensitiveKey spells it, and the letter with
// each tone, precomposed, as typed on a Vietnamese keyboard (in the order of kToneMarks).
struct Vowel {
  char ascii;
  std::string_view mark;
  std::string_view key;
  std::string_view lower;
  std::string_view upper;
};
const std::vector<Vowel> kVowels = {
    {'a', "", "a", "a á à ả ã ạ", "A Á À Ả Ã Ạ"},
    {'a', kBreve, "ă", "ă ắ ằ ẳ ẵ ặ", "Ă Ắ Ằ Ẳ Ẵ Ặ"},
    {'a', kCircumflex, "â", "â ấ ầ ẩ ẫ ậ", "Â Ấ Ầ Ẩ Ẫ Ậ"},
    {'e', "", "e", "e é è ẻ ẽ ẹ", "E É È Ẻ Ẽ Ẹ"},
    {'e', kCircumflex, "ê", "ê ế ề ể ễ ệ", "Ê Ế Ề Ể Ễ Ệ"},
    {'i', "", "i", "i í ì ỉ ĩ ị", "I Í Ì Ỉ Ĩ Ị"},
    {'o', "", "o", "o ó ò ỏ õ ọ", "O Ó Ò Ỏ Õ Ọ"},
    {'o', kCircumflex, "ô", "ô ố ồ ổ ỗ ộ", "Ô Ố Ồ Ổ Ỗ Ộ"},
    {'o', kHorn, "ơ", "ơ ớ ờ ở ỡ ợ", "Ơ Ớ Ờ Ở Ỡ Ợ"},
    {'u', "", "u", "u ú ù ủ ũ ụ", "U Ú Ù Ủ Ũ Ụ"},
    {'u', kHorn, "ư", "ư ứ ừ ử ữ ự", "Ư Ứ Ừ Ử Ữ Ự"},
    {'y', "", "y", "y ý ỳ ỷ ỹ ỵ", "Y Ý Ỳ Ỷ Ỹ Ỵ"},
};

std::vector<std::string> Split(std::string_view row) {
  std::vector<std::string> letters;
  for (size_t start = 0; start <= row.size();) {
    size_t end = row.find(' ', start);
    if (end == std::string_view::npos) end = row.size();
    letters.emplace_back(row.substr(start, end - start));
    start = end + 1;
  }
  return letters;
}

// One letter of the table, every way it can be written, and what it must become.
struct Spelling {
  std::string nfc;            // precomposed, from the rows above
  std::string nfd;            // ASCII vowel, vowel mark, tone mark
  std::string nfd_reordered;  // ASCII vowel, tone mark, vowel mark (canonical order for nặng)
  std::string mixed;          // the vowel with its mark precomposed (tone 0's letter), tone mark
  std::string folded;         // FoldForSearch: the lower-case ASCII vowel
  std::string key;            // ToneInsensitiveKey: the vowel with its mark, then the tone digit
};

std::vector<Spelling> AllSpellings() {
  std::vector<Spelling> all;
  for (const Vowel& vowel : kVowels) {
    for (const bool upper : {false, true}) {
      const std::vector<std::string> row = Split(upper ? vowel.upper : vowel.lower);
      EXPECT_EQ(row.size(), kToneMarks.size()) << vowel.lower;
      const char ascii = upper ? static_cast<char>(vowel.ascii - 'a' + 'A') : vowel.ascii;
      for (size_t tone = 0; tone < kToneMarks.size() && tone < row.size(); ++tone) {
        Spelling spelling;
        spelling.nfc = row[tone];
        spelling.nfd =
            std::string(1, ascii) + std::string(vowel.mark) + std::string(kToneMarks[tone]);
        spelling.nfd_reordered =
            std::string(1, ascii) + std::string(kToneMarks[tone]) + std::string(vowel.mark);
        spelling.mixed = row[0] + std::string(kToneMarks[tone]);
        spelling.folded = std::string(1, vowel.ascii);
        spelling.key = std::string(vowel.key) + std::to_string(tone);
        all.push_back(spelling);
      }
    }
  }
  return all;
}

TEST(Letters, EveryVowelWithEveryToneInBothCases) {
  const std::vector<Spelling> all = AllSpellings();
  ASSERT_EQ(all.size(), 12u * 6u * 2u);
  std::set<std::string> distinct;
  for (const Spelling& spelling : all) {
    SCOPED_TRACE(spelling.nfc);
    distinct.insert(spelling.nfc);
    for (const std::string& written :
         {spelling.nfc, spelling.nfd, spelling.nfd_reordered, spelling.mixed}) {
      EXPECT_EQ(FoldForSearch(written), spelling.folded) << written;
      EXPECT_EQ(ToneInsensitiveKey(written), spelling.key) << written;
    }
  }
  EXPECT_EQ(distinct.size(), all.size());  // the rows hold 144 different letters
}

TEST(Letters, InsideWords) {
  // Each letter between consonants, so that its bytes are read in the middle of a text.
  for (const Spelling& spelling : AllSpellings()) {
    for (const std::string& written : {spelling.nfc, spelling.nfd, spelling.nfd_reordered}) {
      EXPECT_EQ(FoldForSearch("Ng" + written + "n, x" + written + "t"),
                "ng" + spelling.folded + "n x" + spelling.folded + "t")
          << written;
      const std::string digit = spelling.key.substr(spelling.key.size() - 1);
      const std::string letter = spelling.key.substr(0, spelling.key.size() - 1);
      EXPECT_EQ(ToneInsensitiveKey("Ng" + written + "n, x" + written + "t"),
                "ng" + letter + "n" + digit + " x" + letter + "t" + digit)
          << written;
    }
  }
}

TEST(Letters, DStroke) {
  ExpectEach(FoldForSearch, {{"đ", "d"}, {"Đ", "d"}, {"ĐƯỜNG đường Đường", "duong duong duong"}});
  ExpectEach(ToneInsensitiveKey, {{"đ", "đ0"}, {"Đ", "đ0"}, {"ĐỒNG", "đông2"}, {"đồng", "đông2"}});
  EXPECT_NE(ToneInsensitiveKey("Đồng"), ToneInsensitiveKey("Dồng"));
}

std::string Utf8(char32_t code) {
  std::string out;
  if (code < 0x80) {
    out += static_cast<char>(code);
  } else if (code < 0x800) {
    out += static_cast<char>(0xC0 | (code >> 6));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else {
    out += static_cast<char>(0xE0 | (code >> 12));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  }
  return out;
}

// Every letter of the Latin blocks (U+00C0–U+024F, U+1E00–U+1EFF) that folds to an ASCII letter is
// one of the rows' letters or đ Đ: 132 + 2 of them. Any other is kept as it is.
TEST(Letters, NoOtherLetterIsFolded) {
  std::set<std::string> vietnamese = {"đ", "Đ"};
  for (const Spelling& spelling : AllSpellings())
    vietnamese.insert(spelling.nfc);
  int folded_to_ascii = 0;
  for (const auto& [first, last] : {std::pair<char32_t, char32_t>{0x00C0, 0x024F},
                                    std::pair<char32_t, char32_t>{0x1E00, 0x1EFF}}) {
    for (char32_t code = first; code <= last; ++code) {
      const std::string letter = Utf8(code);
      const std::string folded = FoldForSearch(letter);
      if (code == 0x00D7 || code == 0x00F7) {  // × ÷: separators
        EXPECT_EQ(folded, "");
      } else if (vietnamese.count(letter) != 0) {
        ++folded_to_ascii;
        EXPECT_EQ(folded.size(), 1u) << letter;
      } else {
        EXPECT_EQ(folded, letter) << "U+" << std::hex << static_cast<unsigned>(code);
      }
    }
  }
  EXPECT_EQ(folded_to_ascii, 134);
}

}  // namespace
}  // namespace kieumau::text

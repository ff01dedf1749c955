// FoldForSearch: the examples of its contract, separators, apostrophes, other alphabets, bytes that
// are not UTF-8, and inputs of a megabyte.
#include "text/fold.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

#include "cases.h"

namespace kieumau::text {
namespace {

using test::ExpectEach;

TEST(FoldForSearch, Examples) {
  ExpectEach(FoldForSearch, {
                                {"Tiền Ninh Vệ", "tien ninh ve"},
                                {"Hòa", "hoa"},
                                {"Hoà", "hoa"},
                                {"HOÀ", "hoa"},
                                {"Thuỷ", "thuy"},
                                {"Thủy", "thuy"},
                                {"Đồng Nai", "dong nai"},
                                {"Phường Tiền Ninh Vệ", "phuong tien ninh ve"},
                                {"Xã Phó Bảng", "xa pho bang"},
                                {"Thành phố Hồ Chí Minh", "thanh pho ho chi minh"},
                            });
}

// NFD: base letters followed by combining marks, as macOS file names and some keyboards give.
TEST(FoldForSearch, DecomposedInput) {
  ExpectEach(FoldForSearch, {
                                {"Tie\u0302\u0300n Ninh Ve\u0323\u0302", "tien ninh ve"},
                                {"Ho\u0300a", "hoa"},
                                {"Hoa\u0300", "hoa"},
                                {"Đo\u0302\u0300ng Nai", "dong nai"},
                                {"Thu\u031B\u0323c", "thuc"},
                                {"Mu\u0308ller", "muller"},  // other combining marks too
                                {"\u0301\u0302 ha", "ha"},   // marks with no letter before them
                            });
}

TEST(FoldForSearch, AsciiUnchangedButCase) {
  ExpectEach(FoldForSearch, {
                                {"abc xyz 0123456789", "abc xyz 0123456789"},
                                {"ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz"},
                                {"00004", "00004"},
                                {"Phuong 12", "phuong 12"},
                            });
}

TEST(FoldForSearch, SeparatorsCollapseAndTrim) {
  ExpectEach(FoldForSearch, {
                                {"", ""},
                                {"   ", ""},
                                {" \t\n\r\v\f", ""},
                                {".,;:!?()[]{}<>/\\|-_+=*&^%$#@~`\"", ""},
                                {"  Văn Miếu - Quốc Tử Giám  ", "van mieu quoc tu giam"},
                                {"Hà Nội,Việt Nam", "ha noi viet nam"},
                                {"a\t\tb\n\nc", "a b c"},
                                {"(Tiền)-[Ninh]/Vệ.", "tien ninh ve"},
                                {"1.2-3", "1 2 3"},
                                // Beyond ASCII: no-break space, en and em dashes, quotes, ellipsis,
                                // ideographic space, full-width comma, ×.
                                {"Hà\u00A0Nội\u2013Huế\u2014“Vinh”…Ba\u3000Vì\uFF0CSơn×La",
                                 "ha noi hue vinh ba vi son la"},
                                {"\u00A0\u2003Hà Nội\u202F\u00A0", "ha noi"},
                            });
}

TEST(FoldForSearch, ApostrophesAndInvisiblesJoin) {
  ExpectEach(FoldForSearch, {
                                {"Xã Cư M'gar", "xa cu mgar"},
                                {"Xã M’Drắk", "xa mdrak"},
                                {"Phường Bʼlao", "phuong blao"},
                                {"'Hà Nội'", "ha noi"},
                                // Soft hyphen, zero-width space and joiner, byte order mark,
                                // direction marks, the replacement character.
                                {"\uFEFFTiền\u00ADNinh\u200B Vệ\u200D\u200E", "tienninh ve"},
                                {"Hà \uFFFDNội", "ha noi"},
                            });
}

TEST(FoldForSearch, OtherCharactersKeptAsTheyAre) {
  ExpectEach(FoldForSearch, {
                                {"Ünter Straße", "Ünter straße"},
                                {"Москва 北京", "Москва 北京"},
                                {"😀 Hà", "😀 ha"},
                            });
}

TEST(FoldForSearch, Idempotent) {
  for (const char* text : {"Phường Tiền Ninh Vệ", "Ho\u0300a", "  Ünter — Straße ", "M'Drắk",
                           "\xE1\xBB", "Москва 北京 😀"}) {
    const std::string once = FoldForSearch(text);
    EXPECT_EQ(FoldForSearch(once), once) << text;
  }
}

// Bytes that are not UTF-8 are dropped, a maximal ill-formed part at a time, without splitting a
// word; what follows them is read as it is.
TEST(FoldForSearch, InvalidUtf8Dropped) {
  ExpectEach(FoldForSearch,
             {
                 // Lone continuation bytes.
                 {"\x80", ""},
                 {"a\x80\xBFz", "az"},
                 {"Hà\x80 Nội", "ha noi"},
                 // Truncated sequences: at the end, and before a byte that cannot continue them
                 // (what follows is read whole).
                 {"Hà Nộ\xE1\xBB", "ha no"},
                 {"Vi\xE1\xBBt", "vit"},  // ệ is E1 BB 87
                 {"\xE1\xBBà", "a"},
                 {"\xC3", ""},
                 {"\xC3 x", "x"},
                 {"\xF0\x9F\x98x", "x"},
                 {"x\xF0\x9F", "x"},
                 // Overlong forms of '/', 'A', U+00E0 (à), '/' and NUL: never read as those.
                 {"a\xC0\xAFz", "az"},
                 {"\xC1\x81", ""},
                 {"\xE0\x83\xA0", ""},
                 {"\xF0\x80\x80\xAF", ""},
                 {"\xC0\x80ok", "ok"},
                 // Surrogates, beyond U+10FFFF, bytes that never occur.
                 {"\xED\xA0\x80\xED\xB0\x80", ""},
                 {"\xF4\x90\x80\x80", ""},
                 {"\xF5\x80\x80\x80", ""},
                 {"\xFE\xFFz\xFF", "z"},
                 // The largest code point, and the last before the surrogates, are read.
                 {"\xF4\x8F\xBF\xBF", "\xF4\x8F\xBF\xBF"},
                 {"\xED\x9F\xBF", "\xED\x9F\xBF"},
             });
  // ToneInsensitiveKey reads the same way.
  EXPECT_EQ(ToneInsensitiveKey("Ho\x80\xC0\xAFà\xE1\xBB"), "hoa2");
}

// Every string of one or two bytes, and random strings of up to 16: no crash (the sanitizers
// watch), and the result folds to itself, which it would not if it held a byte that is not UTF-8.
TEST(FoldForSearch, AnyBytes) {
  for (int first = 0; first < 256; ++first) {
    for (int second = -1; second < 256; ++second) {
      std::string bytes(1, static_cast<char>(first));
      if (second >= 0) bytes += static_cast<char>(second);
      const std::string folded = FoldForSearch(bytes);
      ASSERT_EQ(FoldForSearch(folded), folded);
      (void)ToneInsensitiveKey(bytes);
    }
  }
  std::mt19937 random(20250701);
  std::uniform_int_distribution<int> length(0, 16);
  std::uniform_int_distribution<int> byte(0, 255);
  for (int i = 0; i < 20000; ++i) {
    std::string bytes(static_cast<size_t>(length(random)), '\0');
    for (char& c : bytes)
      c = static_cast<char>(byte(random));
    const std::string folded = FoldForSearch(bytes);
    ASSERT_EQ(FoldForSearch(folded), folded);
    EXPECT_EQ(folded.find("  "), std::string::npos);
    (void)ToneInsensitiveKey(bytes);
  }
}

// `piece` `copies` times.
std::string Repeat(std::string_view piece, size_t copies) {
  std::string text;
  text.reserve(piece.size() * copies);
  for (size_t i = 0; i < copies; ++i)
    text += piece;
  return text;
}

// A megabyte of each kind of input, folded and keyed correctly. A quadratic step would take hours
// on a megabyte and meet CTest's time-out; the speed itself is text_bench's (make bench), not a
// timed assertion here.
TEST(FoldForSearch, MegabyteInputs) {
  constexpr size_t kSize = 1 << 20;
  constexpr std::string_view kNfc = "Phường Tiền Ninh Vệ, ";
  constexpr std::string_view kNfd =
      "Phu\u031B\u0300o\u031Bng Tie\u0302\u0300n Ninh Ve\u0323\u0302 ";
  const std::string nfc = Repeat(kNfc, kSize / kNfc.size());
  const std::string nfd = Repeat(kNfd, kSize / kNfd.size());
  const std::string one_word = Repeat("ạ", kSize / 3);
  const std::string marks = "a" + Repeat("\u0301\u0302", kSize / 4);
  const std::string separators = Repeat(" \t.", kSize / 3);
  const std::string invalid = Repeat("\xE1\xBB\xC0\x80\xF4\x90", kSize / 6);
  // What a folded copy of kNfc and kNfd is, `copies` times, separated by spaces.
  const auto folded = [](size_t copies) {
    std::string text = Repeat("phuong tien ninh ve ", copies);
    text.pop_back();
    return text;
  };
  const auto keyed = [](size_t copies) {
    std::string text = Repeat("phương2 tiên2 ninh0 vê5 ", copies);
    text.pop_back();
    return text;
  };

  EXPECT_EQ(FoldForSearch(nfc), folded(kSize / kNfc.size()));
  EXPECT_EQ(FoldForSearch(nfd), folded(kSize / kNfd.size()));
  EXPECT_EQ(FoldForSearch(one_word), std::string(kSize / 3, 'a'));
  EXPECT_EQ(FoldForSearch(marks), "a");
  EXPECT_EQ(FoldForSearch(separators), "");
  EXPECT_EQ(FoldForSearch(invalid), "");

  EXPECT_EQ(ToneInsensitiveKey(nfc), keyed(kSize / kNfc.size()));
  EXPECT_EQ(ToneInsensitiveKey(nfd), keyed(kSize / kNfd.size()));
  EXPECT_EQ(ToneInsensitiveKey(one_word), std::string(kSize / 3, 'a') + "5");
  // The first circumflex makes â, the others are kept as they are; the first tone counts.
  EXPECT_EQ(ToneInsensitiveKey(marks), "â" + Repeat("\u0302", kSize / 4 - 1) + "1");
  EXPECT_EQ(ToneInsensitiveKey(separators), "");
  EXPECT_EQ(ToneInsensitiveKey(invalid), "");
}

}  // namespace
}  // namespace kieumau::text

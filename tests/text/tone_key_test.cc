// ToneInsensitiveKey: equal for respellings (where the tone mark sits, case, NFC or NFD), different
// for renames (another tone, vowel mark or đ).
#include <gtest/gtest.h>

#include <string>

#include "cases.h"
#include "text/fold.h"

namespace kieumau::text {
namespace {

using test::ExpectEach;

TEST(ToneInsensitiveKey, Examples) {
  ExpectEach(ToneInsensitiveKey, {
                                     {"Phường Tiền Ninh Vệ", "phương2 tiên2 ninh0 vê5"},
                                     {"Hoà", "hoa2"},
                                     {"Hòa", "hoa2"},
                                     {"Hoa", "hoa0"},
                                     {"Đồng Nai", "đông2 nai0"},
                                     {"Phường 1", "phương2 1"},
                                     {"00004", "00004"},
                                     {"", ""},
                                 });
}

// Old and new tone placement, in both cases and in NFD: one key.
TEST(ToneInsensitiveKey, RespellingsAreEqual) {
  const std::vector<std::vector<std::string>> same = {
      {"Hoà", "Hòa", "HOÀ", "hòa", "Ho\u0300a", "Hoa\u0300", "Hoa\u0340"},
      {"Thuỵ", "Thụy", "Thu\u0323y", "Thuy\u0323"},
      {"Thuỷ", "Thủy", "THỦY"},
      {"Khoẻ", "Khỏe"},
      {"Quý", "Qúy"},
      {"Hoá", "Hóa", "Ho\u0341a"},
      {"Xã Hoà Bình", "Xã  Hòa - Bình", "  xã hòa bình "},
      {"Tiền Ninh Vệ", "Tie\u0302\u0300n Ninh Ve\u0323\u0302",
       "Tie\u0300\u0302n Ninh Ve\u0302\u0323"},
      {"Phường", "Phu\u031Bo\u031B\u0300ng", "Phư\u0300ơng"},
      {"M'Drắk", "M’Drắk", "MDrắk"},
  };
  for (const auto& spellings : same) {
    for (const std::string& spelling : spellings)
      EXPECT_EQ(ToneInsensitiveKey(spelling), ToneInsensitiveKey(spellings[0])) << spelling;
  }
}

// A different tone, vowel mark or đ is a different name.
TEST(ToneInsensitiveKey, RenamesDiffer) {
  const std::vector<std::pair<std::string, std::string>> different = {
      {"Hoa", "Hòa"},        {"Hòa", "Hóa"},
      {"Hoà", "Hoả"},        {"Đông", "Dong"},
      {"Đông", "Đồng"},      {"Dương", "Đương"},
      {"An", "Ân"},          {"Ân", "Ăn"},
      {"Ơn", "Ôn"},          {"Ưng", "Ung"},
      {"Tân An", "Tân Ân"},  {"Hà Nội", "Hà Nổi"},
      {"Ninh Vệ", "NinhVệ"}, {"Phường 1", "Phường 11"},
  };
  for (const auto& [one, other] : different)
    EXPECT_NE(ToneInsensitiveKey(one), ToneInsensitiveKey(other)) << one << " / " << other;
}

TEST(ToneInsensitiveKey, DigitsEndASyllable) {
  ExpectEach(ToneInsensitiveKey, {{"Hòa1", "hoa21"}, {"1Hòa", "1hoa2"}, {"Hoa21", "hoa021"}});
}

TEST(ToneInsensitiveKey, OddMarks) {
  ExpectEach(ToneInsensitiveKey,
             {
                 // The first tone of a syllable counts.
                 {"ho\u0301a\u0300", "hoa1"},
                 {"hóà", "hoa1"},
                 // A mark with no letter before it is dropped.
                 {"\u0301\u0302hoa", "hoa0"},
                 {"hoa \u0300", "hoa0"},
                 {"1\u0300", "1"},
                 // A vowel mark that makes no Vietnamese letter, and other marks, are kept.
                 {"c\u0302", "c\u03020"},
                 {"ô\u031B", "ô\u031B0"},
                 {"Mu\u0308ller", "mu\u0308ller0"},
                 // Other alphabets' letters are part of a syllable, kept as they are.
                 {"Straße Ünter", "straße0 Ünter0"},
             });
}

}  // namespace
}  // namespace kieumau::text

// What a user typed in a search box, ready to be matched against many names and codes.
//
// The query and the candidates are compared folded (FoldForSearch): the user's diacritics are
// ignored like the name's, so "tien ve", "tiên vệ" and even "tien vé" all find "Tiền Ninh Vệ" — a
// wrong or missing accent never hides a unit. A candidate matches when either rule holds:
// - the word rule: each word of the query begins a word of the candidate, a different word each, in
//   any order ("tien ninh ve", "ninh tien", "t n v", "tien vé" find "Phường Tiền Ninh Vệ"; "ha ha"
//   does not find "Hà Nội"). Only queries of at most kMaxWords words use it;
// - the substring rule: the whole folded query occurs in the folded candidate ("oan kiem" finds
//   "Hoàn Kiếm"; "0004" finds the code 00004; "drak" finds "M'Drắk", one word: "mdrak").
// An empty query (nothing but separators) matches everything.
//
// Codes are searched as text: pass FoldForSearch(code) (a code is ASCII, so folding keeps it) as a
// candidate of its own, or join code and name into one candidate ("00004 phuong ba dinh").
//
// Fold each candidate once (FoldForSearch) and match every query against the folded text; matching
// one candidate takes time linear in its length (for a given query) and allocates nothing.
#pragma once

#include <compare>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kieumau::text {

// How a candidate matched, best first.
enum class MatchKind : uint8_t {
  kExact,         // the folded candidate is the folded query ("ba dinh" for "Ba Đình")
  kWholeWords,    // the word rule, each query word a whole word of the candidate ("ba dinh" for
                  // "Phường Ba Đình")
  kWordPrefixes,  // the word rule, some query word only the beginning of one ("ba di")
  kSubstring,     // only the substring rule ("a dinh"); also every candidate for an empty query
};

// The order of results: smaller is better, so sorting candidates by their rank, ascending, puts the
// best first — by kind, then the shorter folded candidate. Candidates of equal rank are the
// caller's to order (by code, say, with a stable sort).
struct SearchRank {
  MatchKind kind = MatchKind::kSubstring;
  size_t length = 0;  // of the folded candidate, in bytes
  friend auto operator<=>(const SearchRank&, const SearchRank&) = default;
};

class SearchQuery {
 public:
  // A query of more words than this matches by the substring rule only (so that matching stays
  // linear whatever is typed); no one types so many into a search box.
  static constexpr size_t kMaxWords = 32;

  explicit SearchQuery(std::string_view typed);

  const std::string& folded() const { return folded_; }             // FoldForSearch(typed)
  const std::vector<std::string>& words() const { return words_; }  // folded(), split at spaces
  bool empty() const { return folded_.empty(); }

  // Whether the candidate, folded by FoldForSearch, matches (see above).
  bool Matches(std::string_view folded_candidate) const;
  // How it matches, or nothing when it does not: Rank(c).has_value() == Matches(c).
  std::optional<SearchRank> Rank(std::string_view folded_candidate) const;

 private:
  enum class WordMatch { kNone, kPrefixes, kWholeWords };
  WordMatch MatchWords(std::string_view candidate) const;
  bool Contains(std::string_view candidate) const;

  std::string folded_;
  std::vector<std::string> words_;
  // For the word rule, a bit per word j, for each word i (kMaxWords words at most):
  std::vector<uint32_t> extended_by_;  // words_[j] begins with words_[i] (j == i included)
  std::vector<uint32_t> shorter_;      // words_[j] is a proper beginning of words_[i]
  std::vector<uint32_t> same_;         // words_[j] == words_[i] (j == i included)
  // For the substring rule (Knuth–Morris–Pratt): for each prefix of folded_, the length of its
  // longest proper prefix that is also its suffix.
  std::vector<size_t> border_;
};

}  // namespace kieumau::text

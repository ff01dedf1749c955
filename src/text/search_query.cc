#include "text/search_query.h"

#include <array>
#include <bit>

#include "text/fold.h"

namespace kieumau::text {

SearchQuery::SearchQuery(std::string_view typed) : folded_(FoldForSearch(typed)) {
  const std::string_view folded = folded_;
  for (size_t start = 0; start < folded.size();) {
    size_t end = folded.find(' ', start);
    if (end == std::string_view::npos) end = folded.size();
    words_.emplace_back(folded.substr(start, end - start));
    start = end + 1;
  }
  if (words_.size() <= kMaxWords) {
    const size_t count = words_.size();
    extended_by_.assign(count, 0);
    shorter_.assign(count, 0);
    same_.assign(count, 0);
    for (size_t i = 0; i < count; ++i) {
      for (size_t j = 0; j < count; ++j) {
        const uint32_t bit = uint32_t{1} << j;
        if (words_[j].starts_with(words_[i])) extended_by_[i] |= bit;
        if (words_[j] == words_[i]) same_[i] |= bit;
        if (words_[j].size() < words_[i].size() && words_[i].starts_with(words_[j]))
          shorter_[i] |= bit;
      }
    }
  }
  // border_[k]: the longest proper border of folded_[0..k].
  border_.assign(folded.size(), 0);
  for (size_t k = 1, length = 0; k < folded.size(); ++k) {
    while (length > 0 && folded[k] != folded[length])
      length = border_[length - 1];
    if (folded[k] == folded[length]) ++length;
    border_[k] = length;
  }
}

bool SearchQuery::Contains(std::string_view candidate) const {
  const size_t size = folded_.size();
  if (candidate.size() < size) return false;
  size_t matched = 0;
  for (const char c : candidate) {
    while (matched > 0 && c != folded_[matched])
      matched = border_[matched - 1];
    if (c == folded_[matched] && ++matched == size) return true;
  }
  return false;
}

// The word rule asks for a matching in the bipartite graph of query words and candidate words
// (query word i — candidate word w when w begins with word i) that covers every query word. The
// candidate words that word i begins, S_i, form a laminar family: two of them are nested (one word
// begins the other) or disjoint. Hall's condition then needs checking on each S_i alone: the words
// j with S_j ⊆ S_i must number at most |S_i|. Those j are the words that begin with word i (S_j ⊆
// S_i always), and the proper beginnings of word i with |S_j| == |S_i| (S_i ⊆ S_j always) — any
// other S_j is disjoint from S_i, and a subset of it only when empty, which fails on its own. So
// counting each S_i in one pass over the candidate is enough: no search, no allocation. The
// whole-word sets (candidate words equal to word i) are equal or disjoint: each needs as many as
// its copies.
SearchQuery::WordMatch SearchQuery::MatchWords(std::string_view candidate) const {
  const size_t count = words_.size();
  if (count == 0 || count > kMaxWords) return WordMatch::kNone;
  std::array<size_t, kMaxWords> begun{};  // |S_i|
  std::array<size_t, kMaxWords> equal{};  // candidate words equal to word i
  for (size_t start = 0; start < candidate.size();) {
    size_t end = candidate.find(' ', start);
    if (end == std::string_view::npos) end = candidate.size();
    const std::string_view word = candidate.substr(start, end - start);
    start = end + 1;
    for (size_t i = 0; i < count; ++i) {
      if (!word.starts_with(words_[i])) continue;
      ++begun[i];
      if (word.size() == words_[i].size()) ++equal[i];
    }
  }
  for (size_t i = 0; i < count; ++i) {
    if (begun[i] == 0) return WordMatch::kNone;
    size_t needed = static_cast<size_t>(std::popcount(extended_by_[i]));
    for (uint32_t rest = shorter_[i]; rest != 0; rest &= rest - 1)
      if (begun[static_cast<size_t>(std::countr_zero(rest))] == begun[i]) ++needed;
    if (needed > begun[i]) return WordMatch::kNone;
  }
  for (size_t i = 0; i < count; ++i)
    if (static_cast<size_t>(std::popcount(same_[i])) > equal[i]) return WordMatch::kPrefixes;
  return WordMatch::kWholeWords;
}

bool SearchQuery::Matches(std::string_view folded_candidate) const {
  return empty() || MatchWords(folded_candidate) != WordMatch::kNone || Contains(folded_candidate);
}

std::optional<SearchRank> SearchQuery::Rank(std::string_view folded_candidate) const {
  const size_t length = folded_candidate.size();
  if (empty()) return SearchRank{MatchKind::kSubstring, length};
  if (folded_candidate == folded_) return SearchRank{MatchKind::kExact, length};
  switch (MatchWords(folded_candidate)) {
    case WordMatch::kWholeWords:
      return SearchRank{MatchKind::kWholeWords, length};
    case WordMatch::kPrefixes:
      return SearchRank{MatchKind::kWordPrefixes, length};
    case WordMatch::kNone:
      break;
  }
  if (Contains(folded_candidate)) return SearchRank{MatchKind::kSubstring, length};
  return std::nullopt;
}

}  // namespace kieumau::text

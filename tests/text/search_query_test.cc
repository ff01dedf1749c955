// SearchQuery: the word rule and the substring rule, ranks and their order, codes, the empty query,
// long queries, and the word rule checked against an exhaustive search on small cases.
#include "text/search_query.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "text/fold.h"

namespace kieumau::text {
namespace {

bool Finds(std::string_view query, std::string_view name) {
  return SearchQuery(query).Matches(FoldForSearch(name));
}

std::optional<MatchKind> KindOf(std::string_view query, std::string_view name) {
  const std::optional<SearchRank> rank = SearchQuery(query).Rank(FoldForSearch(name));
  if (!rank) return std::nullopt;
  return rank->kind;
}

TEST(SearchQuery, Examples) {
  EXPECT_TRUE(Finds("tien ninh ve", "Phường Tiền Ninh Vệ"));
  EXPECT_TRUE(Finds("hoa", "Xã Hòa Bình"));
  EXPECT_TRUE(Finds("hoa", "Xã Hoà Bình"));
  EXPECT_TRUE(Finds("ninh ve", "Tiền Ninh Vệ"));
  EXPECT_TRUE(Finds("00004", "00004"));
  // The query's own accents are folded away like the name's: a wrong accent still finds.
  EXPECT_TRUE(Finds("tien vé", "Tiền Ninh Vệ"));
  EXPECT_TRUE(Finds("Tiền Ninh Vệ", "Phường Tiền Ninh Vệ"));
  EXPECT_TRUE(Finds("TIEN  NINH,", "Phường Tiền Ninh Vệ"));
}

TEST(SearchQuery, WordRule) {
  EXPECT_EQ(KindOf("ninh tien", "Tiền Ninh Vệ"), MatchKind::kWholeWords);  // any order
  EXPECT_EQ(KindOf("ve tien", "Phường Tiền Ninh Vệ"), MatchKind::kWholeWords);
  EXPECT_EQ(KindOf("t n v", "Phường Tiền Ninh Vệ"), MatchKind::kWordPrefixes);
  EXPECT_EQ(KindOf("tien vé", "Tiền Ninh Vệ"), MatchKind::kWholeWords);
  EXPECT_EQ(KindOf("hoa", "Xã Hòa Bình"), MatchKind::kWholeWords);
  EXPECT_EQ(KindOf("hoa", "Phường Hoàng Liệt"), MatchKind::kWordPrefixes);
  EXPECT_EQ(KindOf("mdrak", "Xã M'Drắk"), MatchKind::kWholeWords);
  // A different candidate word for each query word.
  EXPECT_EQ(KindOf("ha ha", "Xã Hải Hà"), MatchKind::kWordPrefixes);
  EXPECT_FALSE(Finds("ha ha", "Thành phố Hà Nội"));
  EXPECT_FALSE(Finds("h ha", "Hà Nội"));
  EXPECT_EQ(KindOf("h ha", "Hà Hội"), MatchKind::kWordPrefixes);
  EXPECT_EQ(KindOf("ninh ninh", "Ninh Bình Ninh"), MatchKind::kWholeWords);
  // Every word must be found.
  EXPECT_FALSE(Finds("tien ninh xa", "Phường Tiền Ninh Vệ"));
  EXPECT_FALSE(Finds("nv", "Tiền Ninh Vệ"));
  EXPECT_FALSE(Finds("hoa", "Xã Bình Minh"));
  // A query word must begin a word: "inh" does so for none, and is not a substring as "ninh inh".
  EXPECT_FALSE(Finds("ninh inh", "Tiền Ninh Vệ"));
}

TEST(SearchQuery, SubstringRule) {
  EXPECT_EQ(KindOf("oan kiem", "Phường Hoàn Kiếm"), MatchKind::kSubstring);
  EXPECT_EQ(KindOf("inh", "Tiền Ninh Vệ"), MatchKind::kSubstring);
  EXPECT_EQ(KindOf("drak", "Xã M'Drắk"), MatchKind::kSubstring);
  EXPECT_EQ(KindOf("0004", "00004"), MatchKind::kSubstring);
  EXPECT_EQ(KindOf("kiem hoan", "Hoàn Kiếm"), MatchKind::kWholeWords);  // not a substring
  EXPECT_FALSE(Finds("em ho", "Hoàn Kiếm"));                            // neither rule
  EXPECT_FALSE(Finds("00005", "00004"));
}

TEST(SearchQuery, CodesAreText) {
  const SearchQuery query("00004");
  EXPECT_EQ(query.Rank(FoldForSearch("00004"))->kind, MatchKind::kExact);
  EXPECT_EQ(query.Rank(FoldForSearch("00004 Phường Ba Đình"))->kind, MatchKind::kWholeWords);
  EXPECT_FALSE(query.Matches(FoldForSearch("00008 Phường Ngọc Hà")));
  EXPECT_TRUE(SearchQuery("0000").Matches("00004"));
  EXPECT_TRUE(SearchQuery("ba dinh 00004").Matches(FoldForSearch("00004 Phường Ba Đình")));
}

TEST(SearchQuery, FoldedAndWords) {
  const SearchQuery query("  Tiền, Ninh  Vệ ");
  EXPECT_EQ(query.folded(), "tien ninh ve");
  EXPECT_EQ(query.words(), (std::vector<std::string>{"tien", "ninh", "ve"}));
  EXPECT_FALSE(query.empty());
}

TEST(SearchQuery, EmptyQueryMatchesEverything) {
  for (const char* typed : {"", "  ", " - , ", "\xFF\xC0"}) {
    const SearchQuery query(typed);
    EXPECT_TRUE(query.empty());
    EXPECT_TRUE(query.words().empty());
    EXPECT_TRUE(query.Matches("phuong ba dinh"));
    EXPECT_TRUE(query.Matches(""));
    EXPECT_EQ(query.Rank("xa hoa"), (SearchRank{MatchKind::kSubstring, 6}));
  }
}

TEST(SearchQuery, RankOrdersResults) {
  const std::vector<std::string> names = {
      "Phường Thoại Ngọc Hầu", "Xã Hòa Bình",       "Hòa",
      "Phường Hoàng Liệt",     "Xã Bình Minh",      "Xã Hoà",
      "Phường Hòa Khánh",      "Xã Hoàng Hoa Thám", "Xã Tân Hòa",
  };
  const SearchQuery query("hoa");
  std::vector<std::pair<SearchRank, std::string>> results;
  for (const std::string& name : names) {
    if (const std::optional<SearchRank> rank = query.Rank(FoldForSearch(name)))
      results.emplace_back(*rank, name);
  }
  std::stable_sort(results.begin(), results.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::string> order;
  for (const auto& [rank, name] : results)
    order.push_back(name);
  EXPECT_EQ(order, (std::vector<std::string>{
                       "Hòa",                                  // exact
                       "Xã Hoà", "Xã Tân Hòa", "Xã Hòa Bình",  // whole words, shorter first
                       "Phường Hòa Khánh", "Xã Hoàng Hoa Thám",
                       "Phường Hoàng Liệt",      // word prefixes
                       "Phường Thoại Ngọc Hầu",  // substring
                   }));
  EXPECT_EQ(query.Rank(FoldForSearch("Hòa"))->kind, MatchKind::kExact);
  EXPECT_LT((SearchRank{MatchKind::kExact, 100}), (SearchRank{MatchKind::kWholeWords, 1}));
  EXPECT_LT((SearchRank{MatchKind::kWordPrefixes, 3}), (SearchRank{MatchKind::kWordPrefixes, 4}));
}

// More than kMaxWords words: the substring rule only.
TEST(SearchQuery, LongQueriesMatchAsSubstrings) {
  std::string in_order;
  std::string reversed;
  for (size_t i = 0; i <= SearchQuery::kMaxWords; ++i) {
    in_order += "w" + std::to_string(i) + " ";
    reversed = "w" + std::to_string(i) + " " + reversed;
  }
  const std::string candidate = FoldForSearch(in_order);
  EXPECT_EQ(SearchQuery(in_order).Rank(candidate)->kind, MatchKind::kExact);
  EXPECT_EQ(SearchQuery(in_order).Rank("x " + candidate)->kind, MatchKind::kSubstring);
  EXPECT_FALSE(SearchQuery(reversed).Matches(candidate));
  // kMaxWords words still use the word rule.
  std::string most;
  for (size_t i = 0; i < SearchQuery::kMaxWords; ++i)
    most = "w" + std::to_string(i) + " " + most;
  EXPECT_EQ(SearchQuery(most).Rank(candidate)->kind, MatchKind::kWholeWords);
}

// What the word rule and the substring rule say, found the slow way: every assignment of query
// words to distinct candidate words tried.
bool Assign(const std::vector<std::string>& query, const std::vector<std::string>& candidate,
            size_t next, std::vector<bool>& used, bool whole) {
  if (next == query.size()) return true;
  for (size_t w = 0; w < candidate.size(); ++w) {
    if (used[w] || !candidate[w].starts_with(query[next])) continue;
    if (whole && candidate[w] != query[next]) continue;
    used[w] = true;
    if (Assign(query, candidate, next + 1, used, whole)) return true;
    used[w] = false;
  }
  return false;
}

std::optional<MatchKind> SlowKind(const std::vector<std::string>& query,
                                  const std::vector<std::string>& candidate) {
  const auto join = [](const std::vector<std::string>& words) {
    std::string text;
    for (const std::string& word : words)
      text += (text.empty() ? "" : " ") + word;
    return text;
  };
  std::vector<bool> used(candidate.size());
  if (join(query) == join(candidate)) return MatchKind::kExact;
  if (Assign(query, candidate, 0, used, true)) return MatchKind::kWholeWords;
  std::fill(used.begin(), used.end(), false);
  if (Assign(query, candidate, 0, used, false)) return MatchKind::kWordPrefixes;
  if (join(candidate).find(join(query)) != std::string::npos) return MatchKind::kSubstring;
  return std::nullopt;
}

TEST(SearchQuery, WordRuleAgreesWithExhaustiveSearch) {
  std::mt19937 random(3321);
  std::uniform_int_distribution<int> letter(0, 2);
  std::uniform_int_distribution<int> length(1, 3);
  const auto words = [&](int count) {
    std::vector<std::string> list;
    for (int i = 0; i < count; ++i) {
      std::string word;
      for (int n = length(random); n > 0; --n)
        word += static_cast<char>('a' + letter(random));
      list.push_back(word);
    }
    return list;
  };
  std::uniform_int_distribution<int> query_words(1, 5);
  std::uniform_int_distribution<int> candidate_words(0, 6);
  int matched = 0;
  for (int i = 0; i < 20000; ++i) {
    const std::vector<std::string> query = words(query_words(random));
    const std::vector<std::string> candidate = words(candidate_words(random));
    std::string query_text;
    std::string candidate_text;
    for (const std::string& word : query)
      query_text += word + " ";
    for (const std::string& word : candidate)
      candidate_text += word + " ";
    const SearchQuery search(query_text);
    const std::string folded = FoldForSearch(candidate_text);
    const std::optional<SearchRank> rank = search.Rank(folded);
    const std::optional<MatchKind> expected = SlowKind(query, candidate);
    ASSERT_EQ(rank.has_value(), expected.has_value()) << query_text << "| " << candidate_text;
    ASSERT_EQ(search.Matches(folded), rank.has_value());
    if (rank) {
      ASSERT_EQ(rank->kind, *expected) << query_text << "| " << candidate_text;
      ++matched;
    }
  }
  EXPECT_GT(matched, 1000);
}

// Queries and candidates of a megabyte, including the worst cases of a naive substring search. A
// quadratic search would meet CTest's time-out; the speed itself is text_bench's, not a timed
// assertion here.
TEST(SearchQuery, MegabyteInputs) {
  constexpr size_t kSize = 1 << 20;
  const std::string as(kSize, 'a');
  const std::string half_then_b = std::string(kSize / 2, 'a') + "b";
  std::string many_words;
  while (many_words.size() < kSize)
    many_words += "a ";
  const std::string long_word = "x " + std::string(kSize, 'y');

  EXPECT_FALSE(SearchQuery(half_then_b).Matches(as));  // no match after half a megabyte compared
  EXPECT_TRUE(SearchQuery(as.substr(0, kSize / 2)).Matches(as));
  const SearchQuery words(many_words);  // 524,288 words: the substring rule only
  EXPECT_EQ(words.words().size(), kSize / 2);
  EXPECT_TRUE(words.Matches(FoldForSearch("b " + many_words)));
  EXPECT_FALSE(words.Matches(as));
  const SearchQuery two("y x");
  EXPECT_EQ(two.Rank(long_word)->kind, MatchKind::kWordPrefixes);
  EXPECT_FALSE(two.Matches(as));
  EXPECT_TRUE(SearchQuery("a a").Matches(FoldForSearch(many_words)));
  const SearchQuery most_words(many_words.substr(0, 2 * SearchQuery::kMaxWords));
  EXPECT_EQ(most_words.Rank(FoldForSearch(many_words))->kind, MatchKind::kWholeWords);
}

}  // namespace
}  // namespace kieumau::text

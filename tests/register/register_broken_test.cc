// Broken copies of the register are refused, every problem named by file, line and column, all the
// problems of a file reported (not only the first); and the CSV reader's quoting.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "register/csv_records.h"
#include "register/register_data.h"
#include "register_test_util.h"

namespace kieumau::admin_register {
namespace {

using test::HasProblem;
using test::RegisterCopy;

// The problems of `file`.
RegisterProblems In(const RegisterProblems& problems, std::string_view file) {
  RegisterProblems found;
  std::copy_if(problems.begin(), problems.end(), std::back_inserter(found),
               [&](const RegisterProblem& problem) { return problem.file == file; });
  return found;
}

constexpr std::string_view kOld2024 = "communes-2024-11-01.csv";
constexpr std::string_view kLineage = "lineage-2025-07-01.csv";

TEST(BrokenRegister, BadCode) {
  RegisterCopy copy;
  copy.Edit(kOld2024, 2, "00001,", "0A001,");
  const RegisterProblems problems = copy.Problems();
  EXPECT_TRUE(HasProblem(problems, kOld2024, 2, "code", "mã \"0A001\" không hợp lệ"));
  EXPECT_TRUE(HasProblem(problems, kOld2024, 2, "code", "cần đúng 5 chữ số"));
  EXPECT_EQ(In(problems, kOld2024).size(), 1u) << FormatProblems(problems);
}

TEST(BrokenRegister, UnknownKind) {
  RegisterCopy copy;
  copy.Edit("communes-2025.csv", 3, ",phuong,", ",phường,");
  copy.Edit(kOld2024, 4, ",phuong,", ",dac_khu,");  // no đặc khu before 2025-07-01
  const RegisterProblems problems = copy.Problems();
  EXPECT_TRUE(HasProblem(problems, "communes-2025.csv", 3, "kind",
                         "\"phường\" không phải giá trị đã biết: xa, phuong, dac_khu"));
  EXPECT_TRUE(HasProblem(problems, kOld2024, 4, "kind", "xa, phuong, thi_tran"));
  EXPECT_EQ(problems.size(), 2u) << FormatProblems(problems);
}

TEST(BrokenRegister, WrongHeaderStopsThatFileOnly) {
  RegisterCopy copy;
  copy.Edit("provinces-2025.csv", 1, ",kind,", ",type,");
  copy.Edit(kLineage, 1, "share_basis,", "");
  const RegisterProblems problems = copy.Problems();
  EXPECT_TRUE(HasProblem(problems, "provinces-2025.csv", 1, "kind",
                         "cột thứ 4 của dòng tiêu đề là \"type\", cần \"kind\""));
  EXPECT_TRUE(HasProblem(problems, kLineage, 1, "", "dòng tiêu đề có 9 cột, cần 10 cột"));
  // The files that refer to them are not checked against them: nothing else is reported.
  EXPECT_EQ(problems.size(), 2u) << FormatProblems(problems);
}

TEST(BrokenRegister, MissingColumn) {
  RegisterCopy copy;
  std::string line = copy.Line(kLineage, 5);
  copy.SetLine(kLineage, 5, line.substr(0, line.rfind(',')));
  const RegisterProblems problems = copy.Problems();
  EXPECT_TRUE(HasProblem(problems, kLineage, 5, "", "dòng có 9 cột, cần 10"));
  EXPECT_EQ(In(problems, kLineage).size(), 1u) << FormatProblems(problems);
}

TEST(BrokenRegister, LineageNamesUnknownCodes) {
  RegisterCopy copy;
  ASSERT_EQ(copy.Line(kLineage, 2),
            "00004,Phường Ba Đình,01,00004,Phường Trúc Bạch,whole,listed,tone,001,01");
  copy.SetLine(kLineage, 2,
               "00004,Phường Ba Đình,01,99999,Phường Trúc Bạch,whole,listed,tone,001,01");
  copy.SetLine(kLineage, 3,
               "99998,Phường Ba Đình,01,00013,Phường Quán Thánh,whole,listed,tone,001,01");
  const RegisterProblems problems = copy.Problems();
  EXPECT_TRUE(HasProblem(problems, kLineage, 2, "old_code",
                         "xã cũ \"99999\" không có trong communes-2024.csv (an old commune not "
                         "in communes-2024.csv)"));
  EXPECT_TRUE(HasProblem(problems, kLineage, 3, "new_code",
                         "đơn vị mới \"99998\" không có trong communes-2025.csv"));
  EXPECT_EQ(problems.size(), 2u) << FormatProblems(problems);
  EXPECT_EQ(In(problems, kLineage).front().ToString(),
            "lineage-2025-07-01.csv, dòng 2, cột old_code: xã cũ \"99999\" không có trong "
            "communes-2024.csv (an old commune not in communes-2024.csv)");
}

TEST(BrokenRegister, LineageDisagreesWithTheOldState) {
  RegisterCopy copy;
  copy.Edit(kLineage, 2, "whole,listed,tone,001,01", "whole,multi_parent,tone,002,01");
  const RegisterProblems problems = copy.Problems();
  EXPECT_TRUE(HasProblem(problems, kLineage, 2, "share", "share_basis gives the other share"));
  EXPECT_TRUE(HasProblem(problems, kLineage, 2, "old_district_code",
                         "\"002\" khác \"001\" ở dòng 3 của communes-2024.csv"));
  EXPECT_EQ(problems.size(), 2u) << FormatProblems(problems);
}

TEST(BrokenRegister, DuplicateCode) {
  RegisterCopy copy;
  std::string& text = copy.Text("communes-2025-07-01.csv");
  text += copy.Line("communes-2025-07-01.csv", 2) + "\n";
  const RegisterProblems problems = copy.Problems();
  EXPECT_TRUE(HasProblem(problems, "communes-2025-07-01.csv", 3323, "code",
                         "mã \"00004\" đã có ở dòng 2 (the code is used twice in the file)"));
  EXPECT_EQ(problems.size(), 1u) << FormatProblems(problems);
}

TEST(BrokenRegister, DistrictNamedTwoWays) {
  RegisterCopy copy;
  copy.Edit(kOld2024, 3, "Quận Ba Đình", "Quận Ba Dinh");
  copy.Edit(kOld2024, 4, ",01,Thành phố Hà Nội", ",02,Tỉnh Hà Giang");  // 001 in Hà Giang
  const RegisterProblems problems = copy.Problems();
  EXPECT_TRUE(HasProblem(problems, kOld2024, 3, "district_name",
                         "huyện 001 có district_name là \"Quận Ba Đình\" ở dòng 2, ở đây là \"Quận "
                         "Ba Dinh\""));
  EXPECT_TRUE(HasProblem(problems, kOld2024, 4, "province_code",
                         "huyện 001 có province_code là \"01\" ở dòng 2, ở đây là \"02\""));
  EXPECT_EQ(problems.size(), 2u) << FormatProblems(problems);
}

TEST(BrokenRegister, EveryProblemOfAFileIsReported) {
  RegisterCopy copy;
  copy.Edit(kOld2024, 2, "00001,", "1,");
  copy.Edit(kOld2024, 10, ",phuong,", ",ward,");
  copy.Edit(kOld2024, 6, ",001,", ",1,");
  // A quote never closed: the rest of the file is that one field, so this is the last problem.
  copy.Edit(kOld2024, 30, ",Phường ", ",\"Phường ");
  const RegisterProblems problems = In(copy.Problems(), kOld2024);
  EXPECT_TRUE(HasProblem(problems, kOld2024, 2, "code", "\"1\""));
  EXPECT_TRUE(HasProblem(problems, kOld2024, 10, "kind", "\"ward\""));
  EXPECT_TRUE(HasProblem(problems, kOld2024, 6, "district_code", "\"1\""));
  EXPECT_TRUE(HasProblem(problems, kOld2024, 30, "full_name", "không đóng"));
  EXPECT_EQ(problems.size(), 4u) << FormatProblems(problems);
}

TEST(BrokenRegister, ProblemsPastTheLimitAreCounted) {
  RegisterCopy copy;
  std::string& text = copy.Text("communes-2024.csv");
  for (size_t at = text.find(",xa,"); at != std::string::npos; at = text.find(",xa,", at))
    text.replace(at, 4, ",x,");
  const RegisterProblems problems = In(copy.Problems(), "communes-2024.csv");
  ASSERT_EQ(problems.size(), kMaxProblemsPerFile + 1);
  EXPECT_EQ(problems.back().line, 0);
  EXPECT_NE(problems.back().message.find("còn 7592 lỗi khác"), std::string::npos)
      << problems.back().message;
}

TEST(BrokenRegister, ChangeRows) {
  RegisterCopy copy;
  constexpr std::string_view kChanges = "changes-early-2025.csv";
  // Line 2: Huế renamed. A date that is not ISO, a change that is not known.
  copy.Edit(kChanges, 2, "2025-01-01,", "01/01/2025,");
  copy.Edit(kChanges, 3, "province_kind_changed", "province_merged");
  // A removed commune with a kind after, a renamed one in a release not listed.
  const RegisterData& data = test::Builtin();
  const auto removed =
      std::find_if(data.changes_early_2025.begin(), data.changes_early_2025.end(),
                   [](const ChangeRow& row) { return row.change == ChangeType::kCommuneRemoved; });
  copy.Edit(kChanges, removed->line, ",phuong,,", ",phuong,phuong,");
  const auto renamed =
      std::find_if(data.changes_early_2025.begin(), data.changes_early_2025.end(),
                   [](const ChangeRow& row) { return row.change == ChangeType::kCommuneRenamed; });
  copy.Edit(kChanges, renamed->line, ",v2.3.0,", ",v2.3.9,");
  const RegisterProblems problems = copy.Problems();
  EXPECT_TRUE(
      HasProblem(problems, kChanges, 2, "effective_date", "ngày \"01/01/2025\" không hợp lệ"));
  EXPECT_TRUE(HasProblem(problems, kChanges, 3, "change", "\"province_merged\""));
  EXPECT_TRUE(HasProblem(problems, kChanges, removed->line, "kind_after",
                         "thay đổi commune_removed không có ô này"));
  EXPECT_TRUE(HasProblem(problems, kChanges, renamed->line, "release_to",
                         "phiên bản \"v2.3.9\" không có trong releases.csv"));
  EXPECT_EQ(problems.size(), 4u) << FormatProblems(problems);
}

TEST(BrokenRegister, NotUtf8AndLongValuesQuotedShort) {
  RegisterCopy copy;
  copy.Edit("releases.csv", 4, "GIS", "G\xC3\x28S");
  copy.Edit(kOld2024, 2, ",phuong,", "," + std::string(5000, 'k') + ",");
  const RegisterProblems problems = copy.Problems();
  EXPECT_TRUE(HasProblem(problems, "releases.csv", 4, "", "không phải văn bản UTF-8 (byte 0xC3)"));
  const RegisterProblems long_value = In(problems, kOld2024);
  ASSERT_EQ(long_value.size(), 1u);
  EXPECT_LT(long_value[0].message.size(), 200u);
  EXPECT_NE(long_value[0].message.find("kkk…\""), std::string::npos);
}

TEST(BrokenRegister, QuotedFieldsAreUnescapedAndKept) {
  RegisterCopy copy;
  copy.Edit("changes-early-2025.csv", 3, ",,,,,,,", ",,,,,,,\"said \"\"Huế\"\", twice\"");
  const RegisterData data = copy.Parsed();
  ASSERT_GE(data.changes_early_2025.size(), 2u);
  EXPECT_EQ(data.changes_early_2025[1].note, "said \"Huế\", twice");
}

TEST(CsvRecords, Rfc4180) {
  std::deque<std::string> unescaped;
  CsvRecords records("a,\"b \"\"c\"\", d\",e\r\n\"x\ny\",,\nlast", unescaped);
  std::vector<std::string_view> fields;
  ASSERT_TRUE(records.Next(fields));
  EXPECT_EQ(records.line(), 1);
  EXPECT_TRUE(records.error().empty());
  EXPECT_EQ(fields, (std::vector<std::string_view>{"a", "b \"c\", d", "e"}));
  ASSERT_TRUE(records.Next(fields));
  EXPECT_EQ(records.line(), 2);
  EXPECT_EQ(fields, (std::vector<std::string_view>{"x\ny", "", ""}));
  ASSERT_TRUE(records.Next(fields));
  EXPECT_EQ(records.line(), 4);
  EXPECT_EQ(fields, (std::vector<std::string_view>{"last"}));
  EXPECT_FALSE(records.Next(fields));
  EXPECT_EQ(unescaped.size(), 1u);  // only the field with doubled quotes was copied
}

TEST(CsvRecords, MalformedQuotes) {
  std::deque<std::string> unescaped;
  CsvRecords records("a,\"b\"c,d\ne,f\"g\n\"open,h\n", unescaped);
  std::vector<std::string_view> fields;
  ASSERT_TRUE(records.Next(fields));
  EXPECT_NE(records.error().find("text after a closing quote"), std::string::npos);
  EXPECT_EQ(records.error_field(), 1u);
  EXPECT_EQ(fields.size(), 3u);
  ASSERT_TRUE(records.Next(fields));
  EXPECT_NE(records.error().find("a quote inside an unquoted field"), std::string::npos);
  ASSERT_TRUE(records.Next(fields));
  EXPECT_NE(records.error().find("never closed"), std::string::npos);
  EXPECT_FALSE(records.Next(fields));
}

}  // namespace
}  // namespace kieumau::admin_register

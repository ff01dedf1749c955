// A register applied to a database, on SQLite and PostgreSQL: loaded into an empty one; the same
// register again adds nothing; a newer latest state adds its changes on its date; a database with
// an earlier part of the history gets the rest; copies that contradict the stored history or
// themselves are refused with every row named, and the database is left as it was.
#include "register/register_apply.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <map>
#include <memory>

#include "register/register_store.h"
#include "register_test_util.h"
#include "support/scratch_database.h"
#include "support/shared_template.h"
#include "units/events_json.h"

namespace kieumau::admin_register {
namespace {

using kieumau::test::ScratchDatabase;
using test::HasProblem;
using test::RegisterCopy;

constexpr std::string_view kLineage = "lineage-2025-07-01.csv";
constexpr std::string_view kLatest = "communes-2025.csv";
// communes-2025.csv line 35: 00376 Xã Sóc Sơn (Hà Nội), its lineage rows lines 242 to 250.
constexpr int kSocSonLine = 35;

Date D(const char* text) {
  return *Date::Parse(text);
}

// Everything the register writes, to tell whether a refusal changed anything.
struct Contents {
  std::vector<UnitEvent> events;
  std::vector<UnitRecord> units;
  std::optional<std::string> setting;

  bool operator==(const Contents&) const = default;
};

Contents Read(Store& store) {
  Contents contents;
  auto events = store.ListUnitEvents();
  auto units = store.ListUnits();
  auto setting = store.GetSetting(kRegisterSetting);
  EXPECT_TRUE(events && units && setting);
  if (events) contents.events = std::move(*events);
  if (units) contents.units = std::move(*units);
  if (setting) contents.setting = std::move(*setting);
  return contents;
}

// The stored history replayed.
UnitRegistry Replay(Store& store) {
  UnitRegistry registry;
  auto events = store.ListUnitEvents();
  EXPECT_TRUE(events);
  if (!events) return registry;
  std::vector<UnitEventValue> values;
  for (const UnitEvent& event : *events) {
    Result<UnitEventValue> value = ParseUnitEvent(event.kind, event.date, event.payload_json);
    EXPECT_TRUE(value) << value.error().message;
    if (value) values.push_back(std::move(*value));
  }
  Result<std::monostate> applied = registry.ApplyAll(std::move(values));
  EXPECT_TRUE(applied) << applied.error().message;
  return registry;
}

// The events added, by "date kind".
std::map<std::string, int> Counts(const AppliedRegister& applied) {
  std::map<std::string, int> counts;
  for (const AddedEvent& added : applied.events_added)
    ++counts[EventDate(added.event).ToString() + " " + std::string(EventKey(added.event))];
  return counts;
}

// A copy in which Xã Sóc Sơn has become Phường Sóc Sơn in the latest state, dated `date`.
RegisterCopy SocSonBecomesPhuong(std::string_view date) {
  RegisterCopy copy;
  copy.SetLine(kLatest, kSocSonLine, "00376,Sóc Sơn,Phường Sóc Sơn,phuong,01");
  for (int line = 242; line <= 250; ++line)
    copy.Edit(kLineage, line, "00376,Xã Sóc Sơn,", "00376,Phường Sóc Sơn,");
  copy.Edit("releases.csv", 2, ",2026-04-30,", fmt::format(",{},", date));
  return copy;
}

std::string Describe(const ApplyRefusal& refusal) {
  return refusal.store ? refusal.store->Describe() : FormatProblems(refusal.problems);
}

// The built-in register loaded into the empty database at `url`, as `register apply data/vn-admin`
// (or a first start) leaves it; the store closed again. Whether it was.
bool LoadBuiltin(const std::string& url) {
  auto store = OpenStore(url);
  EXPECT_TRUE(store) << store.error().Describe();
  if (!store) return false;
  Result<AppliedRegister, ApplyRefusal> loaded = ApplyRegister(**store, BuiltinRegisterFiles());
  EXPECT_TRUE(loaded) << Describe(loaded.error());
  return bool(loaded);
}

class RegisterApplyTest : public ::testing::TestWithParam<std::string> {
 protected:
  // An empty database.
  void OpenEmpty() { Open(std::make_unique<ScratchDatabase>(GetParam(), "regapply")); }
  // A database the built-in register was loaded into, as `register apply data/vn-admin` (or a
  // first start) leaves it.
  void OpenLoaded() {
    // Per backend, a database the built-in register was loaded into once (once per run under
    // scripts/with-services.sh), named after this program, which holds the register.
    static const kieumau::test::TemplateSpec loaded{"register", kieumau::test::ThisProgramKey(),
                                                    LoadBuiltin};
    bool skip = false;
    const std::string template_url = kieumau::test::SharedTemplateUrl(GetParam(), loaded, skip);
    if (skip) GTEST_SKIP() << kieumau::test::kPostgresSkipped;
    ASSERT_FALSE(template_url.empty());
    Open(std::make_unique<ScratchDatabase>(GetParam(), "regapply", template_url));
  }

  void Open(std::unique_ptr<ScratchDatabase> database) {
    database_ = std::move(database);
    if (database_->skipped()) GTEST_SKIP() << kieumau::test::kPostgresSkipped;
    ASSERT_FALSE(database_->url().empty());
    auto store = OpenStore(database_->url());
    ASSERT_TRUE(store) << store.error().Describe();
    store_ = std::move(*store);
  }

  // Applies `files` expecting a refusal; the database must be as it was.
  RegisterProblems Refused(const RegisterFiles& files) {
    const Contents before = Read(*store_);
    Result<AppliedRegister, ApplyRefusal> applied = ApplyRegister(*store_, files);
    EXPECT_FALSE(applied) << "the register was applied";
    EXPECT_TRUE(Read(*store_) == before) << "a refusal changed the database";
    if (applied) return {};
    EXPECT_FALSE(applied.error().store) << applied.error().store->Describe();
    EXPECT_FALSE(applied.error().problems.empty());
    return applied.error().problems;
  }

  std::unique_ptr<ScratchDatabase> database_;
  std::unique_ptr<Store> store_;
};

TEST_P(RegisterApplyTest, LoadsAnEmptyDatabaseThenAddsNothing) {
  OpenEmpty();
  if (IsSkipped() || HasFatalFailure()) return;
  Result<AppliedRegister, ApplyRefusal> loaded = ApplyRegister(*store_, BuiltinRegisterFiles());
  ASSERT_TRUE(loaded) << Describe(loaded.error());
  EXPECT_TRUE(loaded->loaded);
  EXPECT_EQ(loaded->units_added, 14463u);
  EXPECT_EQ(loaded->events_added.size(), 12033u);
  EXPECT_EQ(loaded->release,
            "vn-admin: danh mục đến 2026-04-30 (thanglequoc/vietnamese-provinces-database "
            "cd58063299585146ded3981f2272946ef19ced54)");
  const Contents after_load = Read(*store_);
  EXPECT_EQ(after_load.units.size(), 14463u);
  EXPECT_EQ(after_load.events.size(), 12033u);
  EXPECT_EQ(after_load.setting, loaded->release);

  Result<AppliedRegister, ApplyRefusal> again = ApplyRegister(*store_, BuiltinRegisterFiles());
  ASSERT_TRUE(again) << Describe(again.error());
  EXPECT_FALSE(again->loaded);
  EXPECT_EQ(again->units_added, 0u);
  EXPECT_TRUE(again->events_added.empty());
  EXPECT_EQ(again->previous_release, loaded->release);
  EXPECT_TRUE(Read(*store_) == after_load);
}

TEST_P(RegisterApplyTest, ANewerLatestStateAddsItsChangesOnItsDate) {
  OpenLoaded();
  if (IsSkipped() || HasFatalFailure()) return;
  const RegisterCopy newer = SocSonBecomesPhuong("2026-09-01");
  Result<AppliedRegister, ApplyRefusal> applied = ApplyRegister(*store_, newer.Files());
  ASSERT_TRUE(applied) << Describe(applied.error());
  EXPECT_FALSE(applied->loaded);
  EXPECT_EQ(applied->units_added, 0u);
  EXPECT_EQ(Counts(*applied),
            (std::map<std::string, int>{{"2026-09-01 change_kind", 1}, {"2026-09-01 rename", 1}}));
  EXPECT_EQ(applied->events_added[0].description,
            "đổi tên (rename) ngày 2026-09-01, đơn vị 00376 \"Xã Sóc Sơn\": tên \"Phường Sóc "
            "Sơn\"");
  EXPECT_EQ(*store_->GetSetting(kRegisterSetting), applied->release);
  EXPECT_NE(applied->release.find("2026-09-01"), std::string::npos);

  // The commune is a xã until 31 August 2026 and a phường from 1 September; its record says so.
  const UnitRegistry registry = Replay(*store_);
  const std::optional<UnitId> soc_son = registry.FindByCode("00376", D("2026-09-01"));
  ASSERT_TRUE(soc_son);
  EXPECT_EQ(registry.StateAt(*soc_son, D("2026-08-31"))->kind, UnitKind::kXa);
  EXPECT_EQ(registry.StateAt(*soc_son, D("2026-09-01"))->kind, UnitKind::kPhuong);
  EXPECT_EQ(registry.StateAt(*soc_son, D("2026-09-01"))->name, "Phường Sóc Sơn");
  const StoreResult<UnitRecord> record = store_->GetUnit(*soc_son);
  ASSERT_TRUE(record);
  EXPECT_EQ(record->kind, "phuong");
  EXPECT_EQ(record->name, "Phường Sóc Sơn");

  // The older register again: nothing new (its latest state is in the stored history).
  const Contents after = Read(*store_);
  Result<AppliedRegister, ApplyRefusal> older = ApplyRegister(*store_, BuiltinRegisterFiles());
  ASSERT_TRUE(older) << Describe(older.error());
  EXPECT_TRUE(older->events_added.empty());
  EXPECT_TRUE(Read(*store_) == after);
}

TEST_P(RegisterApplyTest, AnEarlierHistoryGetsTheRestAndItsNewUnits) {
  OpenEmpty();
  if (IsSkipped() || HasFatalFailure()) return;
  // A database holding the register up to 1 March 2025 only.
  Result<RegisterData, RegisterProblems> data = ParseRegister(BuiltinRegisterFiles());
  ASSERT_TRUE(data);
  Result<RegisterHistory> full = BuildRegisterHistory(*data);
  ASSERT_TRUE(full) << full.error().message;
  RegisterHistory early = *full;
  size_t kept = 0;
  while (kept < early.events.size() && EventDate(early.events[kept]) <= D("2025-03-01"))
    ++kept;
  early.events.resize(kept);
  early.sources.resize(kept);
  StoredRegister stored;
  ASSERT_TRUE(stored.registry.ApplyAll(early.events));
  ASSERT_TRUE(store_->InTransaction([&](Store& s) { return WriteRegister(s, early, stored); }));
  const size_t early_units = stored.registry.units().size();

  Result<AppliedRegister, ApplyRefusal> applied = ApplyRegister(*store_, BuiltinRegisterFiles());
  ASSERT_TRUE(applied) << Describe(applied.error());
  EXPECT_EQ(applied->units_added, 14463u - early_units);
  EXPECT_EQ(applied->events_added.size(), 12033u - kept);
  const UnitRegistry registry = Replay(*store_);
  EXPECT_EQ(registry.units().size(), 14463u);
  // The merged Bắc Ninh of 1 July 2025 holds code 24; Bắc Giang held it before.
  const std::optional<UnitId> bac_ninh = registry.FindByCode("24", D("2025-07-01"));
  ASSERT_TRUE(bac_ninh);
  EXPECT_EQ(registry.StateAt(*bac_ninh, D("2025-07-01"))->name, "Tỉnh Bắc Ninh");
  EXPECT_NE(registry.FindByCode("24", D("2025-06-30")), bac_ninh);
  EXPECT_EQ(store_->GetUnit(*bac_ninh)->name, "Tỉnh Bắc Ninh");
}

TEST_P(RegisterApplyTest, ALineageRowThatContradictsTheStoredHistoryIsRefused) {
  OpenLoaded();
  if (IsSkipped() || HasFatalFailure()) return;
  // Phường Ba Đình formed in part from Phường Cống Vị instead of Phường Ngọc Hà.
  RegisterCopy copy;
  copy.Edit(kLineage, 4, ",00016,Phường Ngọc Hà,", ",00007,Phường Cống Vị,");
  const RegisterProblems problems = Refused(copy.Files());
  EXPECT_TRUE(HasProblem(problems, kLineage, 4, "old_code",
                         "lịch sử đã lưu không có chuyển đơn vị 00007 \"Phường Cống Vị\" → đơn "
                         "vị 00004 \"Phường Ba Đình\" (part"));
  EXPECT_TRUE(HasProblem(problems, "communes-2025-07-01.csv", 2, "code",
                         "sổ đăng ký không có chuyển đơn vị 00016 \"Phường Ngọc Hà\""));
  EXPECT_EQ(problems.size(), 2u) << FormatProblems(problems);
}

TEST_P(RegisterApplyTest, RowsThatContradictThemselvesAreRefused) {
  OpenLoaded();
  if (IsSkipped() || HasFatalFailure()) return;
  RegisterCopy parse;
  parse.Edit("communes-2024-11-01.csv", 2, "00001,", "0A001,");
  parse.Edit(kLatest, 3, ",phuong,", ",phường,");
  RegisterProblems problems = Refused(parse.Files());
  EXPECT_TRUE(HasProblem(problems, "communes-2024-11-01.csv", 2, "code", "0A001"));
  EXPECT_TRUE(HasProblem(problems, kLatest, 3, "kind", "phường"));
  EXPECT_EQ(problems.size(), 2u) << FormatProblems(problems);

  // Phường Ngọc Hà given whole (and for certain) to Ba Đình, and in part to Ngọc Hà (line 15).
  RegisterCopy lineage;
  lineage.Edit(kLineage, 4, ",part,refined_text_partial+multi_parent,", ",whole,listed,");
  problems = Refused(lineage.Files());
  for (int line : {4, 15})
    EXPECT_TRUE(HasProblem(problems, kLineage, line, "", "đã chuyển toàn bộ sang một đơn vị"));
  EXPECT_EQ(problems.size(), 2u) << FormatProblems(problems);
}

TEST_P(RegisterApplyTest, AChangeOnAStoredDateIsRefused) {
  OpenLoaded();
  if (IsSkipped() || HasFatalFailure()) return;
  // Thừa Thiên Huế renamed otherwise on 1 January 2025.
  RegisterCopy renamed;
  renamed.Edit("changes-early-2025.csv", 2, ",Thành phố Huế,", ",Thành phố Thuận Hóa,");
  RegisterProblems problems = Refused(renamed.Files());
  EXPECT_TRUE(HasProblem(problems, "changes-early-2025.csv", 2, "full_name_after",
                         "sổ đăng ký ghi tên \"Thành phố Thuận Hóa\", lịch sử đã lưu ghi tên "
                         "\"Thành phố Huế\""));

  // A latest state of the stored latest date that differs from the stored one.
  problems = Refused(SocSonBecomesPhuong("2026-04-30").Files());
  EXPECT_TRUE(HasProblem(problems, kLatest, kSocSonLine, "full_name", "\"Phường Sóc Sơn\""));
  EXPECT_TRUE(HasProblem(problems, kLatest, kSocSonLine, "kind", "loại phuong"));
  EXPECT_EQ(problems.size(), 2u) << FormatProblems(problems);
}

INSTANTIATE_TEST_SUITE_P(Backends, RegisterApplyTest, ::testing::Values("sqlite", "postgresql"),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           return info.param;
                         });

}  // namespace
}  // namespace kieumau::admin_register

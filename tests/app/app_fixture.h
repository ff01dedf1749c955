// The application layer opened in process on a scratch database of one backend — a copy of the
// template the national register and the Bắc Ninh demo were seeded into once per run — with a fixed
// clock.
#pragma once

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "app/services.h"
#include "engine/rubric.h"
#include "support/scratch_database.h"

namespace kieumau::app_test {

// The shipped criteria sets, loaded once, with their hashes.
const std::vector<Rubric>& ShippedRubrics();
app::Rubrics ShippedRubricRefs();

inline constexpr std::chrono::sys_seconds kNow{std::chrono::seconds{1'796'000'000}};

// Bắc Ninh's province codes in the national register: 27 until 30 June 2025; from 1 July 2025 the
// merged Bắc Ninh (with Bắc Giang) has code 24, which had been Bắc Giang's.
inline constexpr const char* kBacNinh2024 = "27";
inline constexpr const char* kBacNinh2025 = "24";

class AppTest : public testing::TestWithParam<std::string> {
 protected:
  void SetUp() override;
  // Opens (another) instance of the application layer on the test's database.
  std::unique_ptr<app::Services> Open(app::Options options = {});

  // The code of a 2025 ward of Bắc Ninh never recognised, and its stored 2025 values.
  std::string UnrecognisedWard2025();
  double Value(app::Services& services, const std::string& code, int year,
               const std::string& indicator);

  // The clock of every instance Open() makes: kNow until a test moves it.
  std::atomic<std::chrono::sys_seconds> now_{kNow};
  // Whether the instances Open() makes run the audit trail's sealer (app::Options::seal_every); off
  // unless a test turns it on, so that what a test writes stays as it wrote it.
  bool seal_in_background_ = false;
  std::unique_ptr<test::ScratchDatabase> database_;
  std::unique_ptr<app::Services> services_;
  std::ostringstream log_;
};

std::string BackendName(const testing::TestParamInfo<std::string>& info);

}  // namespace kieumau::app_test

// The system's private parts shared by its source files: the in-memory state and helpers.
#pragma once

#include <cmath>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <tuple>

#include "engine/excerpt.h"
#include "engine/scoring.h"
#include "service/system.h"
#include "store/store.h"

namespace kieumau::service {

namespace internal {

using Json = nlohmann::ordered_json;

inline std::string Dump(const Json& json) {
  return json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

inline Problem NotFound(std::string message) {
  return Problem{ErrorCode::kNotFound, std::move(message), {}};
}

inline Problem BadRequest(std::string message) {
  return Problem{ErrorCode::kBadRequest, std::move(message), {}};
}

// A store's failure as the client may see it: what failed, in words; the driver's own message
// (which may quote SQL or the server's address) only in `detail`, for the log.
inline Problem FromStore(const StoreError& error) {
  switch (error.kind) {
    case StoreErrorKind::kNotFound:
      return Problem{ErrorCode::kNotFound, error.message, {}, error.detail};
    case StoreErrorKind::kInvalid:
      return Problem{ErrorCode::kInvalid, error.message, {}, error.detail};
    case StoreErrorKind::kUniqueViolation:
      return Problem{ErrorCode::kUniqueViolation, error.message, {}, error.detail};
    case StoreErrorKind::kForeignKey:
      return Problem{ErrorCode::kForeignKey, error.message, {}, error.detail};
    case StoreErrorKind::kUnavailable:
      break;
  }
  return Problem{ErrorCode::kUnavailable,
                 "Cơ sở dữ liệu không trả lời được (the database is unavailable)",
                 {},
                 error.Describe()};
}

inline Problem FromError(const Error& error, ErrorCode code = ErrorCode::kInvalid) {
  return Problem{code, error.message, {}};
}

// Whole numbers as integers, others as they are.
inline Json NumberJson(double value) {
  if (std::isnan(value)) return nullptr;
  if (value == std::floor(value) && std::fabs(value) < 9e15) return static_cast<int64_t>(value);
  return value;
}

inline Json PointsJson(Points points) {
  if (points.quarters() % 4 == 0) return points.quarters() / 4;
  return points.ToDouble();
}

inline std::string TimestampText(std::chrono::sys_seconds at) {
  const auto days = std::chrono::floor<std::chrono::days>(at);
  const std::chrono::year_month_day ymd(days);
  const std::chrono::hh_mm_ss hms(at - days);
  char buffer[96];  // room for any value the format could take (GCC checks)
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02lld:%02lld:%02lldZ",
                static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()), static_cast<long long>(hms.hours().count()),
                static_cast<long long>(hms.minutes().count()),
                static_cast<long long>(hms.seconds().count()));
  return buffer;
}

inline constexpr int kMinYear = 1900;
inline constexpr int kMaxYear = 2200;

inline std::optional<Problem> CheckYear(int year) {
  if (year < kMinYear || year > kMaxYear)
    return BadRequest("Năm " + std::to_string(year) + " nằm ngoài khoảng " +
                      std::to_string(kMinYear) + "–" + std::to_string(kMaxYear) +
                      " (year out of range)");
  return std::nullopt;
}

}  // namespace internal

// --- In-memory state --------------------------------------------------------------------------

struct System::YearFacts {
  // Values by catalogue slot (NaN where none) of every unit with at least one value that year.
  std::unordered_map<UnitId, std::vector<double>> by_unit;
  const std::vector<double>* Find(UnitId unit) const {
    auto it = by_unit.find(unit);
    return it == by_unit.end() ? nullptr : &it->second;
  }
};

struct ProgrammeEntry {
  Programme programme;
  UnitId province = 0;
  const RubricRef* rubric = nullptr;
  // Unit id → the years it was recognised in.
  std::vector<RecognitionRecord> recognitions;
};

struct System::State {
  UnitRegistry registry;
  std::vector<ProgrammeEntry> programmes;
  std::optional<std::string> demo;  // the demo note, when the database holds the demo

  const ProgrammeEntry* FindProgramme(std::string_view id) const {
    for (const ProgrammeEntry& entry : programmes)
      if (entry.programme.id == id) return &entry;
    return nullptr;
  }
  // The units of a kind (or, without one, every commune-level unit) of a province on a date,
  // remembered: the registry walks every unit to answer, and roadmaps ask for the same years again.
  Result<std::vector<UnitId>> UnitsOf(UnitId province, std::optional<UnitKind> kind,
                                      Date date) const {
    const auto key =
        std::make_tuple(province, kind ? static_cast<int>(*kind) : -1, date.ToString());
    {
      std::lock_guard lock(memo_mutex);
      auto it = memo.find(key);
      if (it != memo.end()) return it->second;
    }
    Result<std::vector<UnitId>> units = kind ? registry.UnitsOf(province, *kind, date)
                                             : registry.UnitsOf(province, Level::kCommune, date);
    if (!units) return units;
    std::lock_guard lock(memo_mutex);
    memo.emplace(key, *units);
    return units;
  }
  mutable std::mutex memo_mutex;
  mutable std::map<std::tuple<UnitId, int, std::string>, std::vector<UnitId>> memo;

  std::string Name(UnitId id, Date date) const {
    Result<UnitState> state = registry.StateAt(id, date);
    if (state) return state->name;
    return registry.Describe(id);
  }

  // The unit with `code` existing at the end of `year`, of `level` when one is given; otherwise a
  // "not found" naming the code, the year and the level.
  Answer<UnitId> UnitAtYearEnd(std::string_view code, int year,
                               std::optional<Level> level = std::nullopt) const {
    std::optional<UnitId> unit = registry.FindByCode(code, Date::LastDayOfYear(year));
    if (unit && (!level || registry.Find(*unit)->level == *level)) return *unit;
    std::string what = "đơn vị", english = "unit";
    if (level == Level::kCommune) {
      what = "đơn vị cấp xã";
      english = "commune-level unit";
    } else if (level == Level::kProvince) {
      what = "tỉnh";
      english = "province";
    }
    return internal::NotFound("Không có " + what + " mã \"" + Excerpt(code) + "\" vào cuối năm " +
                              std::to_string(year) + " (no such " + english +
                              " at the end of that year)");
  }
};

struct System::ScoredUnit {
  UnitId unit = 0;
  bool has_facts = false;  // the unit has at least one value that year
  UnitFacts facts;
  UnitResult result;
};

}  // namespace kieumau::service

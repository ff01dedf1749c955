// The Bắc Ninh demo on a fresh database: units with the 2025 reorganisation and their facts
// (src/demo), then the programme and the (invented) recognitions, and the setting that marks the
// database as holding demo data.
#pragma once

#include <ostream>
#include <string_view>

#include "app/problem.h"
#include "engine/catalogue.h"
#include "store/store.h"

namespace kieumau::app {

// The setting that says the database holds the demo: kDemoSeeding while it is being written, then
// the note shown to users.
inline constexpr std::string_view kDemoSettingKey = "demo";
inline constexpr std::string_view kDemoSeeding = "seeding";
inline constexpr std::string_view kDemoNote =
    "Dữ liệu mẫu: đơn vị và chỉ số lực lượng năm 2023 theo Đề án của tỉnh Bắc Ninh; số liệu các "
    "năm, sáp nhập phường và quyết định công nhận là minh họa (demo data: the 2023 units and "
    "staffing are Bắc Ninh's; yearly facts, ward merges and recognitions are illustrative)";

// Seeds the demo when the store has no units; true when it did. Refuses a database whose earlier
// seeding was interrupted.
ProblemOr<bool> SeedDemo(Store& store, const Catalogue& catalogue, Timestamp at, std::ostream& log);

// Fails when an earlier seeding was interrupted (the database then needs to be recreated).
ProblemOr<bool> CheckDemoComplete(Store& store);

}  // namespace kieumau::app

// A new database on its first start: the national register (src/register) as units and their
// dated events — the whole country from the end of 2024 on — and, when asked, the Bắc Ninh demo on
// those real units (src/demo): its facts, its programme and its (invented) recognitions. All of it
// in one unit of work: a start interrupted part-way leaves the database empty.
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <string_view>

#include "app/problem.h"
#include "engine/catalogue.h"
#include "register/register_apply.h"
#include "store/store.h"

namespace kieumau::app {

// The setting that says the database holds the demo: the note shown to users. (Before the register,
// "seeding" marked a seeding in progress; a database left so is refused.)
inline constexpr std::string_view kDemoSettingKey = "demo";
inline constexpr std::string_view kDemoSeeding = "seeding";
inline constexpr std::string_view kDemoNote =
    "Dữ liệu mẫu: đơn vị hành chính là đơn vị thật theo danh mục quốc gia, chỉ số lực lượng năm "
    "2023 theo Đề án của tỉnh Bắc Ninh; số liệu các năm khác và quyết định công nhận là minh họa "
    "(demo data: the units are the real ones of the national register and the 2023 staffing is "
    "Bắc Ninh's; every other yearly figure and the recognitions are illustrative)";
// The setting that names the register the units came from (its upstream release and date).
inline constexpr std::string_view kRegisterSettingKey = admin_register::kRegisterSetting;

// The demo's administrator, made with the demo so that a new user can sign in at once.
inline constexpr std::string_view kDemoAdmin = "demo";

// On a database without units: writes the register, and the demo when `demo`; true when it did.
// With the demo comes a national administrator "demo" whose password is `admin_password`, or,
// without one, a random password written once to `log` (the terminal). A database that has units
// is left as it is. Refuses a database whose earlier seeding was interrupted.
ProblemOr<bool> SeedNewDatabase(Store& store, const Catalogue& catalogue, Timestamp at, bool demo,
                                const std::optional<std::string>& admin_password,
                                std::ostream& log);

// Fails when an earlier seeding was interrupted (the database then needs to be recreated).
ProblemOr<bool> CheckDemoComplete(Store& store);

}  // namespace kieumau::app

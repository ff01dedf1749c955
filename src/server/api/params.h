// Reading a request's parameters into typed values — the one place that parses dates, years,
// levels, kinds and formats from text, each refusal a 400 that names the parameter.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "app/problem.h"
#include "engine/unit_kind.h"
#include "server/http.h"
#include "store/store.h"
#include "units/date.h"
#include "units/unit.h"

namespace kieumau::server {

// The decoded query parameter, or "" when absent.
std::string Param(const Request& request, std::string_view name);
// A required parameter; `example` shows in the message when it is missing.
app::ProblemOr<std::string> RequiredParam(const Request& request, std::string_view name,
                                          std::string_view example);
// ?year=2024 (required).
app::ProblemOr<int> YearParam(const Request& request);
// ?as_of=YYYY-MM-DD; nothing when absent (the service takes today).
app::ProblemOr<std::optional<Date>> AsOfParam(const Request& request);
// ?level=province|district|commune; nothing when absent.
app::ProblemOr<std::optional<Level>> LevelParam(const Request& request);
// ?kind=phuong|xa|thi_tran|dac_khu; nothing when absent.
app::ProblemOr<std::optional<UnitKind>> KindParam(const Request& request);

enum class TableFileFormat { kCsv, kXlsx };
// ?format=csv (default) or xlsx.
app::ProblemOr<TableFileFormat> FormatParam(const Request& request);

// Who writes through this request, and through what: the signed-in user (an anonymous visitor when
// nobody is), from the request's address.
WriteActor ActorOf(const Request& request, FactSource channel);

}  // namespace kieumau::server

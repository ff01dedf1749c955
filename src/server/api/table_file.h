// Tables in and out: a facts table (app::FactsTable) as the file a spreadsheet opens, CSV or xlsx,
// sent as an attachment (the yearly template and export, the template of restated prior-year
// values), and what an import of one answers.
#pragma once

#include <string>

#include "app/facts/facts_service.h"
#include "server/api/json.h"
#include "server/api/params.h"
#include "server/http.h"

namespace kieumau::server {

// A write's counts added to `json`: values, changed, unchanged, scorecards_recomputed.
Json WrittenJson(Json json, const app::WriteSummary& written);
// An import's answer: {"year","rows", …WrittenJson}.
Json ImportSummaryJson(const app::ImportSummary& summary);

// `base` is the file's name without its extension; `sheet` the xlsx sheet's title.
Response TableFileResponse(const Catalogue& catalogue, const app::FactsTable& table,
                           TableFileFormat format, const std::string& base,
                           const std::string& sheet);

}  // namespace kieumau::server

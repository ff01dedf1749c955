// How a programme is kept in the store: its YAML text as written (every figure exactly as the
// decision gives it), inside the JSON document of its ProgrammeRecord.
#pragma once

#include <string_view>

#include "engine/catalogue.h"
#include "engine/result.h"
#include "programme/programme.h"
#include "store/store.h"

namespace kieumau::app {

// Parses and checks `yaml` (programme_yaml.h); the record to store, with the programme's id.
Result<ProgrammeRecord> ProgrammeRecordFromYaml(std::string_view yaml, const Catalogue& catalogue);

// The programme a stored record holds.
Result<Programme> ProgrammeFromRecord(const ProgrammeRecord& record, const Catalogue& catalogue);

}  // namespace kieumau::app

#include "app/programme_record.h"

#include <nlohmann/json.hpp>

#include "programme/programme_yaml.h"

namespace kieumau::app {

namespace {

Result<Programme> Parse(std::string_view yaml, const Catalogue& catalogue) {
  LoadedProgramme loaded = ParseProgramme(yaml, catalogue);
  if (!loaded.programme) {
    std::string message;
    for (const Diagnostic& d : loaded.diagnostics) {
      if (d.severity != Severity::kError) continue;
      if (!message.empty()) message += "; ";
      message += "dòng " + std::to_string(d.line) + ": " + d.message;
    }
    return Error{message};
  }
  return std::move(*loaded.programme);
}

}  // namespace

Result<ProgrammeRecord> ProgrammeRecordFromYaml(std::string_view yaml, const Catalogue& catalogue) {
  Result<Programme> programme = Parse(yaml, catalogue);
  if (!programme) return programme.error();
  nlohmann::ordered_json json = {{"format", "yaml"}, {"source", std::string(yaml)}};
  return ProgrammeRecord{programme->id, json.dump()};
}

Result<Programme> ProgrammeFromRecord(const ProgrammeRecord& record, const Catalogue& catalogue) {
  nlohmann::json json = nlohmann::json::parse(record.content_json, nullptr, false);
  if (json.is_discarded() || !json.is_object() || !json.contains("source") ||
      !json["source"].is_string()) {
    return Error{"nội dung không phải tài liệu đề án (not a programme document)"};
  }
  return Parse(json["source"].get<std::string>(), catalogue);
}

}  // namespace kieumau::app

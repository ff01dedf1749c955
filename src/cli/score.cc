#include <ostream>
#include <string>
#include <string_view>

#include "cli/commands.h"
#include "engine/scoring.h"
#include "load/facts_json.h"
#include "load/file.h"
#include "load/result_writer.h"
#include "load/rubric_yaml.h"

namespace kieumau::cli {

namespace {
constexpr size_t kFlushBytes = 1 << 20;
}  // namespace

int Score(const std::string& rubric_path, const std::string& facts_path, ScoreFormat format,
          const CatalogueChoice& choice, std::ostream& out, std::ostream& err) {
  std::optional<Catalogue> catalogue = LoadChosenCatalogue(choice, err);
  if (!catalogue) return 1;

  LoadedRubric loaded = LoadRubricFile(rubric_path, *catalogue);
  for (const Diagnostic& d : loaded.diagnostics) {
    err << rubric_path << ':' << d.line << ": "
        << (d.severity == Severity::kError ? "error" : "warning") << ": " << d.message << '\n';
  }
  if (!loaded.rubric) {
    err << rubric_path
        << ": bộ tiêu chí không nạp được, không chấm điểm (the rubric does not load)\n";
    return 1;
  }
  const Rubric& rubric = *loaded.rubric;

  Result<FileText> facts_text = ReadFileText(facts_path);
  if (!facts_text) {
    err << facts_path << ": " << facts_text.error().message << '\n';
    return 1;
  }
  LoadedFacts facts = ParseFactsInPlace(facts_text->text(), rubric, *catalogue);
  if (!facts.batch) {
    for (const std::string& message : facts.errors)
      err << facts_path << ": " << message << '\n';
    err << facts_path
        << ": số liệu không hợp lệ, không chấm điểm đơn vị nào (the facts are invalid; nothing "
           "was scored)\n";
    return 1;
  }

  // The facts are valid, so every unit will be scored: results are written as they come, a chunk
  // at a time, and the memory held stays that of one unit's result and one chunk.
  const FactsBatch& batch = *facts.batch;
  if (format == ScoreFormat::kJson) {
    ScoreBatchToJson(
        rubric, *catalogue, batch,
        [&](std::string_view chunk) {
          out.write(chunk.data(), static_cast<std::streamsize>(chunk.size()));
        },
        kFlushBytes);
  } else {
    std::string output;
    output.reserve(kFlushBytes + (1 << 16));
    WriteResultsTableBegin(rubric, batch.year, batch.units.size(), output);
    UnitResult result;
    for (const UnitFacts& unit : batch.units) {
      ScoreUnitInto(rubric, *catalogue, unit, result);
      WriteUnitTable(rubric, unit, result, output);
      if (output.size() >= kFlushBytes) {
        out.write(output.data(), static_cast<std::streamsize>(output.size()));
        output.clear();
      }
    }
    out.write(output.data(), static_cast<std::streamsize>(output.size()));
  }
  out.flush();
  if (!out) {
    err << "không ghi được kết quả ra đầu ra chuẩn (cannot write to standard output)\n";
    return 1;
  }
  return 0;
}

}  // namespace kieumau::cli

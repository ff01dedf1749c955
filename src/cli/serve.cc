#include "cli/serve.h"

#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <ostream>

#include "load/rubric_yaml.h"
#include "server/app.h"
#include "server/http_server.h"

namespace kieumau::cli {

namespace {

bool IsDirectory(const std::string& path) {
  struct stat info {};
  return ::stat(path.c_str(), &info) == 0 && S_ISDIR(info.st_mode);
}

// Every criteria set in `dir` (*.yaml but the catalogue), sorted by file name; nothing when one
// does not load.
std::optional<std::vector<Rubric>> LoadRubrics(const std::string& dir, const Catalogue& catalogue,
                                               std::ostream& err) {
  std::vector<std::string> files;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(dir, error)) {
    const std::string name = entry.path().filename().string();
    if (entry.is_regular_file() && entry.path().extension() == ".yaml" && name != "indicators.yaml")
      files.push_back(entry.path().string());
  }
  if (error) {
    err << dir << ": không đọc được thư mục bộ tiêu chí (cannot read the rubrics folder): "
        << error.message() << '\n';
    return std::nullopt;
  }
  std::sort(files.begin(), files.end());
  std::vector<Rubric> rubrics;
  bool all_loaded = true;
  for (const std::string& file : files) {
    LoadedRubric loaded = LoadRubricFile(file, catalogue);
    for (const Diagnostic& d : loaded.diagnostics) {
      err << file << ':' << d.line << ": " << (d.severity == Severity::kError ? "error" : "warning")
          << ": " << d.message << '\n';
    }
    if (!loaded.rubric) {
      all_loaded = false;
      continue;
    }
    const bool taken = std::any_of(rubrics.begin(), rubrics.end(),
                                   [&](const Rubric& r) { return r.id == loaded.rubric->id; });
    if (taken) {
      err << file << ": mã bộ tiêu chí \"" << loaded.rubric->id
          << "\" đã có ở tệp khác (duplicate rubric id)\n";
      all_loaded = false;
      continue;
    }
    rubrics.push_back(std::move(*loaded.rubric));
  }
  if (!all_loaded) {
    err << dir << ": có bộ tiêu chí không nạp được, máy chủ không chạy (a rubric does not load)\n";
    return std::nullopt;
  }
  return rubrics;
}

}  // namespace

int Serve(server::ServerConfig config, const CatalogueChoice& choice, std::ostream& err) {
  std::optional<Catalogue> catalogue = LoadChosenCatalogue(choice, err);
  if (!catalogue) return 1;
  std::optional<std::vector<Rubric>> rubrics = LoadRubrics(config.rubrics_dir, *catalogue, err);
  if (!rubrics) return 1;
  if (config.static_dir.empty())
    config.static_dir = IsDirectory("web/dist") ? "web/dist" : KIEUMAU_BUILD_WEB_DIR;
  err << "bộ tiêu chí đã nạp (rubrics loaded): " << rubrics->size()
      << "; tệp web (static files): " << config.static_dir
      << (IsDirectory(config.static_dir) ? "" : " (chưa có, not built)")
      << "; cơ sở dữ liệu (database, not opened yet): " << config.db_url << '\n';
  err.flush();
  const server::App app(std::move(config),
                        server::ScoringData{std::move(*catalogue), std::move(*rubrics)});
  return server::RunHttpServer(app);
}

}  // namespace kieumau::cli

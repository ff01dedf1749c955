#include "cli/serve.h"

#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <ostream>
#include <thread>

#include "app/content_hash.h"
#include "app/services.h"
#include "cli/database_url.h"
#include "load/file.h"
#include "load/rubric_yaml.h"
#include "server/app.h"
#include "server/http_server.h"
#include "store/store.h"

namespace kieumau::cli {

namespace {

bool IsDirectory(const std::string& path) {
  struct stat info {};
  return ::stat(path.c_str(), &info) == 0 && S_ISDIR(info.st_mode);
}

// Every criteria set in `dir` (*.yaml but the catalogue), sorted by file name; nothing when one
// does not load.
std::optional<std::vector<Rubric>> LoadRubrics(const std::string& dir, const Catalogue& catalogue,
                                               std::vector<std::string>& hashes,
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
    Result<std::string> bytes = ReadFile(file);
    if (!bytes) {
      err << file << ": " << bytes.error().message << '\n';
      all_loaded = false;
      continue;
    }
    hashes.push_back(app::Sha256Hex(*bytes));
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
  std::vector<std::string> hashes;
  std::optional<std::vector<Rubric>> rubrics =
      LoadRubrics(config.rubrics_dir, *catalogue, hashes, err);
  if (!rubrics) return 1;
  if (config.static_dir.empty())
    config.static_dir = IsDirectory("web/dist") ? "web/dist" : KIEUMAU_BUILD_WEB_DIR;
  // The database is opened (created, migrated, given the demo when empty) at start, so that a wrong
  // --db fails now rather than on the first request.
  MakeParentFolders(config.db_url, err);
  auto data = std::make_shared<const server::ScoringData>(
      server::ScoringData{std::move(*catalogue), std::move(*rubrics)});
  std::vector<app::RubricRef> refs;
  for (size_t i = 0; i < data->rubrics.size(); ++i)
    refs.push_back({&data->rubrics[i], hashes[i]});
  app::Options options;
  options.db_url = config.db_url;
  options.seed_demo = !config.no_demo && !config.no_register;
  if (const char* password = std::getenv("KIEUMAU_ADMIN_PASSWORD"); password && *password)
    options.demo_admin_password = password;
  options.seed_register = !config.no_register;
  const unsigned threads =
      config.threads != 0 ? config.threads : std::max(1u, std::thread::hardware_concurrency());
  options.connections = threads + 2;
  app::ProblemOr<std::unique_ptr<app::Services>> system =
      app::Services::Open(options, data->catalogue, app::Rubrics(std::move(refs)), err);
  if (!system) {
    const app::Problem& problem = system.error();
    err << RedactUrl(config.db_url) << ": "
        << RedactUrl(problem.detail.empty() ? problem.message
                                            : problem.message + " — " + problem.detail)
        << "\nkhông mở được cơ sở dữ liệu, máy chủ không chạy (cannot open the database)\n";
    return 1;
  }
  // Every programme's roadmap computed once before the first request: the years' facts are read and
  // the units scored now (about a second for the whole country), not while a user waits.
  const auto warming = std::chrono::steady_clock::now();
  if (auto warmed = (*system)->roadmap().National(app::Scope::Nation()); !warmed) {
    err << "cảnh báo: chưa tính trước được lộ trình (warning: roadmaps not precomputed): "
        << warmed.error().message << '\n';
  } else {
    err << "lộ trình đã tính trước (roadmaps precomputed) trong "
        << std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                 warming)
               .count()
        << " ms\n";
  }
  err << "bộ tiêu chí đã nạp (rubrics loaded): " << data->rubrics.size()
      << "; tệp web (static files): " << config.static_dir
      << (IsDirectory(config.static_dir) ? "" : " (chưa có, not built)")
      << "; cơ sở dữ liệu (database): " << RedactUrl(config.db_url) << '\n';
  err.flush();
  const server::App app(std::move(config), data, system->get());
  return server::RunHttpServer(app);
}

}  // namespace kieumau::cli

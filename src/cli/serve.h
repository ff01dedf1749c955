// `kieumau serve`: the HTTP server (src/server/) as a command.
#pragma once

#include <iosfwd>

#include "cli/commands.h"
#include "server/config.h"

namespace kieumau::cli {

// Loads the catalogue and every criteria set in config.rubrics_dir, then serves until SIGTERM or
// SIGINT. Returns 0 after a clean stop, 1 when the catalogue or a criteria set does not load or
// the port cannot be opened. Load errors and warnings go to `err`. An empty config.static_dir
// means the default: ./web/dist when it exists, else the build's web/dist.
int Serve(server::ServerConfig config, const CatalogueChoice& catalogue, std::ostream& err);

}  // namespace kieumau::cli

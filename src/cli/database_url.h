// Database URLs on the command line (`--db`): shown without their password, and the folder of a
// SQLite file.
#pragma once

#include <iosfwd>
#include <optional>
#include <string>

namespace kieumau::cli {

// `url` with any password replaced by "***", for messages and logs.
std::string RedactUrl(const std::string& url);

// The file of a sqlite:PATH URL; nothing for another URL.
std::optional<std::string> SqlitePath(const std::string& url);

// Creates the folders a SQLite database file will be in, so that the default sqlite:data/kieumau.db
// works on a fresh clone; a failure is written to `err`.
void MakeParentFolders(const std::string& url, std::ostream& err);

}  // namespace kieumau::cli

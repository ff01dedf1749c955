// The files of the national register of administrative units (data/vn-admin/, described in its
// README.md): the text built into the program, or the same files read from a folder, and the
// problems found in them. Parsing is register_data.h.
#pragma once

#include <array>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/result.h"

namespace kieumau::admin_register {

// The text of each file, one member per file, named after the file. Two names mislead (README):
// `communes_2024` is the state of 2025-03-01 and `communes_2025` that of 2026-04-30.
struct RegisterFiles {
  std::string_view communes_2024_11_01;  // communes-2024-11-01.csv: the state of 2024-11-01
  std::string_view changes_early_2025;   // changes-early-2025.csv: 2025-01-01 and 2025-03-01
  std::string_view communes_2024;        // communes-2024.csv: the state of 2025-03-01 (!)
  std::string_view communes_2025_07_01;  // communes-2025-07-01.csv: the state of 2025-07-01
  std::string_view communes_2025;        // communes-2025.csv: the state of 2026-04-30 (!)
  std::string_view provinces_2025;       // provinces-2025.csv: the 34 provinces as of 2026-04-30
  std::string_view lineage_2025_07_01;   // lineage-2025-07-01.csv: old communes into new units
  std::string_view lineage_unmatched;    // lineage-unmatched.csv: the lineage's hard cases
  std::string_view releases;             // releases.csv: the upstream releases and their dates
  // Keeps the text alive when it was read from disk (ReadRegisterFiles); empty for the built-in
  // text, which lives as long as the program. Parsed data shares it (RegisterData::storage).
  std::shared_ptr<const void> owner;
};

// A file's name in data/vn-admin/ and its member of RegisterFiles.
struct RegisterFileSpec {
  std::string_view name;
  std::string_view RegisterFiles::*text;
};

inline constexpr std::array<RegisterFileSpec, 9> kRegisterFileSpecs = {{
    {"communes-2024-11-01.csv", &RegisterFiles::communes_2024_11_01},
    {"changes-early-2025.csv", &RegisterFiles::changes_early_2025},
    {"communes-2024.csv", &RegisterFiles::communes_2024},
    {"communes-2025-07-01.csv", &RegisterFiles::communes_2025_07_01},
    {"communes-2025.csv", &RegisterFiles::communes_2025},
    {"provinces-2025.csv", &RegisterFiles::provinces_2025},
    {"lineage-2025-07-01.csv", &RegisterFiles::lineage_2025_07_01},
    {"lineage-unmatched.csv", &RegisterFiles::lineage_unmatched},
    {"releases.csv", &RegisterFiles::releases},
}};

// One problem in one file. `line` is the line of the file the record starts on (the header is
// line 1, the first data row line 2), or 0 when the file as a whole is meant; `column` is the
// column's name in the header, empty when the whole row or file is meant.
struct RegisterProblem {
  std::string_view file;  // a name from kRegisterFileSpecs
  int line = 0;
  std::string_view column;
  std::string message;  // for people: Vietnamese first, English in parentheses; quotes the value

  // "communes-2024.csv, dòng 12, cột kind: …"
  std::string ToString() const;
};

using RegisterProblems = std::vector<RegisterProblem>;

// One problem a line.
std::string FormatProblems(const RegisterProblems& problems);

// The files of data/vn-admin/ as built into the program (src/register/CMakeLists.txt).
RegisterFiles BuiltinRegisterFiles();

// The same files read from `dir` (for `kieumau register apply DIR`): every file that cannot be
// read is a problem on line 0.
Result<RegisterFiles, RegisterProblems> ReadRegisterFiles(const std::filesystem::path& dir);

}  // namespace kieumau::admin_register

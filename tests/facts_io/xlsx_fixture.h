// Real xlsx and zip files for the tests: workbooks written with libxlsxwriter, archives built and
// edited with libzip, through temporary files that are removed after.
#pragma once

#include <xlsxwriter.h>
#include <zip.h>

#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace kieumau::test {

// A workbook filled by `fill`, as bytes. constant_memory makes libxlsxwriter write inline strings
// instead of shared ones.
std::string MakeXlsx(const std::function<void(lxw_workbook*)>& fill, bool constant_memory = false);

// A zip archive of these parts (name, content), deflated.
std::string MakeZip(const std::vector<std::pair<std::string, std::string>>& parts);

// `bytes` (a zip) changed by `edit` (zip_delete, zip_file_add, …) and saved.
std::string EditZip(const std::string& bytes, const std::function<void(zip_t*)>& edit);

// One part of a zip, uncompressed; empty when missing.
std::string ZipPart(const std::string& bytes, const std::string& name);

// Replaces (or adds) one part of a zip.
std::string ReplaceZipPart(const std::string& bytes, const std::string& name,
                           const std::string& content);

}  // namespace kieumau::test

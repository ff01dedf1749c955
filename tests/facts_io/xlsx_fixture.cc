#include "xlsx_fixture.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>

namespace kieumau::test {
namespace {

class TempPath {
 public:
  TempPath() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "kieumau-test-XXXXXX.zip").string();
    const int fd = mkstemps(pattern.data(), 4);
    EXPECT_GE(fd, 0);
    close(fd);
    path_ = pattern;
  }
  ~TempPath() { std::remove(path_.c_str()); }
  const std::string& path() const { return path_; }
  std::string Read() const {
    std::ifstream in(path_, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  }
  void Write(const std::string& bytes) const {
    std::ofstream out(path_, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  }

 private:
  std::string path_;
};

}  // namespace

std::string MakeXlsx(const std::function<void(lxw_workbook*)>& fill, bool constant_memory) {
  TempPath file;
  lxw_workbook_options options{};
  options.constant_memory = constant_memory ? LXW_TRUE : LXW_FALSE;
  lxw_workbook* workbook = workbook_new_opt(file.path().c_str(), &options);
  EXPECT_NE(workbook, nullptr);
  fill(workbook);
  EXPECT_EQ(workbook_close(workbook), LXW_NO_ERROR);
  return file.Read();
}

std::string EditZip(const std::string& bytes, const std::function<void(zip_t*)>& edit) {
  TempPath file;
  file.Write(bytes);
  int error = 0;
  zip_t* zip = zip_open(file.path().c_str(), bytes.empty() ? ZIP_CREATE | ZIP_TRUNCATE : 0, &error);
  EXPECT_NE(zip, nullptr) << "zip error " << error;
  if (zip == nullptr) return "";
  edit(zip);
  EXPECT_EQ(zip_close(zip), 0) << zip_strerror(zip);
  return file.Read();
}

std::string MakeZip(const std::vector<std::pair<std::string, std::string>>& parts) {
  return EditZip("", [&](zip_t* zip) {
    for (const auto& [name, content] : parts) {
      zip_source_t* source = zip_source_buffer(zip, content.data(), content.size(), 0);
      EXPECT_GE(zip_file_add(zip, name.c_str(), source, ZIP_FL_OVERWRITE), 0);
    }
  });
}

std::string ReplaceZipPart(const std::string& bytes, const std::string& name,
                           const std::string& content) {
  return EditZip(bytes, [&](zip_t* zip) {
    zip_source_t* source = zip_source_buffer(zip, content.data(), content.size(), 0);
    EXPECT_GE(zip_file_add(zip, name.c_str(), source, ZIP_FL_OVERWRITE), 0);
  });
}

std::string ZipPart(const std::string& bytes, const std::string& name) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  zip_t* zip = zip_open_from_source(source, ZIP_RDONLY, &error);
  zip_error_fini(&error);
  if (zip == nullptr) {
    zip_source_free(source);
    return "";
  }
  std::string content;
  if (zip_file_t* file = zip_fopen(zip, name.c_str(), 0)) {
    char buffer[4096];
    for (zip_int64_t got; (got = zip_fread(file, buffer, sizeof buffer)) > 0;)
      content.append(buffer, static_cast<size_t>(got));
    zip_fclose(file);
  }
  zip_discard(zip);
  return content;
}

}  // namespace kieumau::test

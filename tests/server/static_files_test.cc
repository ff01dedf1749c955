// Static files from a folder: content types, no way out of the folder, index.html for client
// routes.
#include "server/static_files.h"

#include <gtest/gtest.h>

#include "cli/cli_helpers.h"

namespace kieumau::server {
namespace {

class StaticFilesTest : public testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directories(scratch_.path() + "/dist/assets");
    scratch_.Write("secret.txt", "bí mật");
    scratch_.Write("dist/index.html", "<html>app</html>");
    scratch_.Write("dist/assets/app.css", "body{}");
    scratch_.Write("dist/assets/app.js", "1");
    scratch_.Write("dist/.env", "TOKEN=x");
  }
  Response Get(const std::string& path, const std::string& root_name = "dist") const {
    Request request;
    request.method = "GET";
    request.path = path;
    return StaticFiles(scratch_.path() + "/" + root_name).Serve(request);
  }

  cli_test::ScratchDir scratch_;
};

TEST_F(StaticFilesTest, ServesFilesWithTheirContentType) {
  Response css = Get("/assets/app.css");
  EXPECT_EQ(css.status, 200);
  EXPECT_EQ(css.content_type, "text/css; charset=utf-8");
  EXPECT_EQ(css.file, scratch_.path() + "/dist/assets/app.css");
  EXPECT_EQ(Get("/assets/app.js").content_type, "text/javascript; charset=utf-8");
}

TEST_F(StaticFilesTest, ClientRoutesGetIndexHtml) {
  for (const char* path : {"/", "/units/QN-22012", "/dashboard"}) {
    Response response = Get(path);
    EXPECT_EQ(response.status, 200) << path;
    EXPECT_EQ(response.file, scratch_.path() + "/dist/index.html") << path;
    EXPECT_EQ(response.content_type, "text/html; charset=utf-8");
  }
}

TEST_F(StaticFilesTest, MissingAssetIsNotFound) {
  EXPECT_EQ(Get("/assets/missing.js").status, 404);
  EXPECT_EQ(Get("/assets").status, 200);  // a folder is a client route, not a listing
}

TEST_F(StaticFilesTest, NoWayOutOfTheFolder) {
  for (const char* path :
       {"/../secret.txt", "/assets/../../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/secret.txt",
        "/assets/%2e%2e%2f%2e%2e%2fsecret.txt", "/..%2fsecret.txt", "//etc/passwd",
        "/%2fetc%2fpasswd", "/.env", "/assets/./app.css", "/a%5c..%5csecret.txt", "/%00", "/%zz",
        "/..", "/.."}) {
    Response response = Get(path);
    EXPECT_EQ(response.status, 404) << path;
    EXPECT_TRUE(response.file.empty()) << path;
  }
}

TEST_F(StaticFilesTest, SymbolicLinksMayNotLeadOut) {
  std::filesystem::create_symlink(scratch_.path() + "/secret.txt",
                                  scratch_.path() + "/dist/assets/leak.txt");
  std::filesystem::create_symlink(scratch_.path() + "/dist/assets/app.css",
                                  scratch_.path() + "/dist/assets/alias.css");
  const Response leak = Get("/assets/leak.txt");
  EXPECT_EQ(leak.status, 404);
  EXPECT_TRUE(leak.file.empty());
  EXPECT_EQ(Get("/assets/alias.css").status, 200);  // a link that stays inside is served
}

TEST_F(StaticFilesTest, WithoutTheFolderSaysTheAppIsNotBuilt) {
  Response response = Get("/", "nowhere");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.content_type, "text/html; charset=utf-8");
  EXPECT_NE(response.body.find("chưa được biên dịch"), std::string::npos);
  EXPECT_EQ(Get("/app.js", "nowhere").status, 404);
}

TEST_F(StaticFilesTest, OnlyGet) {
  Request request;
  request.method = "POST";
  request.path = "/";
  Response response = StaticFiles(scratch_.path() + "/dist").Serve(request);
  EXPECT_EQ(response.status, 405);
  ASSERT_EQ(response.headers.size(), 1u);
  EXPECT_EQ(response.headers[0].second, "GET, HEAD");
  request.method = "HEAD";
  EXPECT_EQ(StaticFiles(scratch_.path() + "/dist").Serve(request).status, 200);
}

TEST(ContentTypeTest, KnownAndUnknownExtensions) {
  EXPECT_EQ(ContentTypeFor("a/index.HTML"), "text/html; charset=utf-8");
  EXPECT_EQ(ContentTypeFor("logo.svg"), "image/svg+xml");
  EXPECT_EQ(ContentTypeFor("font.woff2"), "font/woff2");
  EXPECT_EQ(ContentTypeFor("data.bin"), "application/octet-stream");
  EXPECT_EQ(ContentTypeFor("a.b/README"), "application/octet-stream");
}

}  // namespace
}  // namespace kieumau::server

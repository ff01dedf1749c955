// `kieumau serve` as users run it: the built binary on a free port, real HTTP over loopback.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <thread>

#include "cli/cli_helpers.h"
#include "server/http_client.h"
#include "server/server_process.h"
#include "store/store.h"
#include "support/test_support.h"

namespace kieumau::server_test {
namespace {

using nlohmann::json;

// A web app folder with a few files, and a secret beside it that must stay out of reach, served by
// one `kieumau serve` shared by the tests of the suite, which only send requests (none needs the
// demo: the server starts on an empty database, given an administrator whose session the tests
// use); CTest runs the suite as one test, in one process (tests/server/CMakeLists.txt). The tests
// that stop the server or read its whole log are in ServeOwnTest: a server each.
class ServeTest : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    scratch_ = new cli_test::ScratchDir;
    std::filesystem::create_directories(scratch_->path() + "/dist/assets");
    scratch_->Write("secret.txt", "SECRET-CONTENT");
    scratch_->Write("dist/index.html", "<!doctype html><title>KieuMau app</title>");
    scratch_->Write("dist/assets/app.css", "body { color: #123; }");
  }
  static void TearDownTestSuite() {
    delete shared_;
    delete scratch_;
    delete shared_session_;
    shared_session_ = nullptr;
    shared_ = nullptr;
    scratch_ = nullptr;
  }
  static std::unique_ptr<ServerProcess> StartServer() {
    return std::make_unique<ServerProcess>(
        std::vector<std::string>{"--static", scratch_->path() + "/dist", "--no-register"});
  }
  void SetUp() override {
    if (!shared_) {
      shared_ = StartServer().release();
      if (shared_->started())
        if (std::optional<Session> admin = shared_->AddAdminAndSignIn())
          shared_session_ = new Session(*admin);
    }
    server_ = shared_;
    ASSERT_TRUE(server_->started()) << server_->Stderr();
    ASSERT_NE(shared_session_, nullptr);
    session_ = shared_session_;
  }
  // As the administrator.
  HttpResponse Get(const std::string& target) const {
    return Fetch(server_->port(), "GET", target, "", "", session_);
  }
  HttpResponse Post(const std::string& target, const std::string& body,
                    const std::string& content_type = "") const {
    return Fetch(server_->port(), "POST", target, body, content_type, session_);
  }
  static json ErrorOf(const HttpResponse& response) {
    return json::parse(response.body).at("error");
  }

  static cli_test::ScratchDir* scratch_;
  static ServerProcess* shared_;
  static Session* shared_session_;
  ServerProcess* server_ = nullptr;
  const Session* session_ = nullptr;
  std::unique_ptr<ServerProcess> own_;
  Session own_session_;
};
cli_test::ScratchDir* ServeTest::scratch_ = nullptr;
ServerProcess* ServeTest::shared_ = nullptr;
Session* ServeTest::shared_session_ = nullptr;

class ServeOwnTest : public ServeTest {
 protected:
  void SetUp() override {
    own_ = StartServer();
    server_ = own_.get();
    ASSERT_TRUE(server_->started()) << server_->Stderr();
    std::optional<Session> admin = own_->AddAdminAndSignIn();
    ASSERT_TRUE(admin);
    own_session_ = *admin;
    session_ = &own_session_;
  }
};

// The lines of `text` that contain `part`.
size_t CountLines(const std::string& text, const std::string& part) {
  size_t count = 0;
  for (const std::string& line : cli_test::Lines(text))
    count += line.find(part) != std::string::npos ? 1 : 0;
  return count;
}

TEST_F(ServeTest, HealthIsExactlyOk) {
  const HttpResponse response = Get("/api/health");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, R"({"status":"ok"})");
  EXPECT_EQ(response.Header("Content-Type"), "application/json");
}

TEST_F(ServeTest, UnknownApiPathIsNotFoundInTheErrorShape) {
  const HttpResponse response = Get("/api/no-such-thing");
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(response.Header("Content-Type"), "application/json");
  const json error = ErrorOf(response);
  EXPECT_EQ(error.at("code"), "not_found");
  // Vietnamese first, the English in parentheses.
  EXPECT_NE(error.at("message").get<std::string>().find(" (no such resource)"), std::string::npos);
}

TEST_F(ServeTest, WrongMethodIs405) {
  const HttpResponse response = Fetch(server_->port(), "DELETE", "/api/health");
  EXPECT_EQ(response.status, 405);
  EXPECT_EQ(response.Header("Allow"), "GET, HEAD");
  EXPECT_EQ(ErrorOf(response).at("code"), "method_not_allowed");
  EXPECT_EQ(Fetch(server_->port(), "GET", "/api/score").status, 405);
}

// A request the HTTP layer refuses before the handler still leaves a line in the log.
TEST_F(ServeOwnTest, MalformedRequestsAreLogged) {
  HttpConnection connection(server_->port());
  ASSERT_TRUE(connection.connected());
  ASSERT_TRUE(connection.SendRaw("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n"));
  EXPECT_EQ(connection.ReadResponse().status, 0);  // closed without an answer
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (server_->Stderr().find("connection closed") == std::string::npos &&
         std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_NE(server_->Stderr().find("connection closed"), std::string::npos) << server_->Stderr();
}

// HEAD answers with GET's headers and Content-Length, and no body: the connection stays usable.
TEST_F(ServeTest, HeadAnswersHeadersOnly) {
  const HttpResponse get = Get("/api/openapi.json");
  ASSERT_EQ(get.status, 200);
  HttpConnection connection(server_->port());
  ASSERT_TRUE(connection.Send("HEAD", "/api/openapi.json", "", "", session_));
  const HttpResponse head = connection.ReadResponse(/*to_head=*/true);
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.Header("Content-Type"), get.Header("Content-Type"));
  EXPECT_EQ(head.Header("Content-Length"), std::to_string(get.body.size()));
  EXPECT_TRUE(head.body.empty());
  ASSERT_TRUE(connection.Send("GET", "/api/health", "", ""));
  const HttpResponse next = connection.ReadResponse();
  EXPECT_EQ(next.status, 200);
  EXPECT_EQ(next.body, R"({"status":"ok"})");
  // A static file too.
  const HttpResponse page = Fetch(server_->port(), "HEAD", "/");
  EXPECT_EQ(page.status, 200);
  EXPECT_EQ(page.Header("Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(page.Header("Content-Length"), "0");
  EXPECT_TRUE(page.body.empty());
}

// Without signing in: the health check, the web application's files (the sign-in page) and signing
// in; 401 for everything else, whatever the method (a state-changing one is not even looked at).
TEST_F(ServeTest, AVisitorGetsHealthTheWebAppAndSignInOnly) {
  EXPECT_EQ(Fetch(server_->port(), "GET", "/api/health").status, 200);
  EXPECT_EQ(Fetch(server_->port(), "GET", "/").status, 200);
  EXPECT_EQ(Fetch(server_->port(), "GET", "/assets/app.css").status, 200);
  for (const auto& [method, target] : std::vector<std::pair<std::string, std::string>>{
           {"GET", "/api/openapi.json"},
           {"GET", "/api/rubrics"},
           {"POST", "/api/score?rubric=qn-ancs-2023"},
           {"GET", "/api/units"},
           {"PUT", "/api/units/00004/facts?year=2025"}}) {
    const HttpResponse refused = Fetch(server_->port(), method, target, "{}", "application/json");
    EXPECT_EQ(refused.status, 401) << method << " " << target;
    EXPECT_EQ(ErrorOf(refused).at("code"), "unauthenticated") << refused.body;
  }
  // A wrong password answers like an unknown account.
  const HttpResponse wrong = Fetch(server_->port(), "POST", "/api/session",
                                   SignInBody("admin", "not the password"), "application/json");
  const HttpResponse unknown = Fetch(server_->port(), "POST", "/api/session",
                                     SignInBody("nobody", "not the password"), "application/json");
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(unknown.status, 401);
  EXPECT_EQ(ErrorOf(wrong).at("message"), ErrorOf(unknown).at("message"));
}

// A body announced larger than the server takes (64 MiB) is refused before it is read: the
// connection is answered 413 or closed, nothing is stored, and the server goes on serving.
TEST_F(ServeTest, ABodyOverTheLimitIsRefusedBeforeItIsRead) {
  HttpConnection connection(server_->port());
  ASSERT_TRUE(connection.connected());
  ASSERT_TRUE(connection.SendRaw(
      "POST /api/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Content-Length: 1073741824\r\n\r\n{\"username\": \""));
  const HttpResponse refused = connection.ReadResponse();
  EXPECT_TRUE(refused.status == 0 || refused.status == 413) << refused.status;
  EXPECT_EQ(Get("/api/health").status, 200);
}

TEST_F(ServeTest, OpenApiDocument) {
  const HttpResponse response = Get("/api/openapi.json");
  ASSERT_EQ(response.status, 200);
  const json document = json::parse(response.body);
  EXPECT_EQ(document.at("openapi").get<std::string>().rfind("3.", 0), 0u);
  EXPECT_TRUE(document.at("paths").contains("/api/score"));
}

TEST_F(ServeTest, StaticFilesWithContentTypeAndIndexFallback) {
  const HttpResponse css = Get("/assets/app.css");
  EXPECT_EQ(css.status, 200);
  EXPECT_EQ(css.Header("Content-Type"), "text/css; charset=utf-8");
  EXPECT_EQ(css.body, "body { color: #123; }");

  for (const char* route : {"/", "/units/QN-22012"}) {
    const HttpResponse page = Get(route);
    EXPECT_EQ(page.status, 200) << route;
    EXPECT_EQ(page.Header("Content-Type"), "text/html; charset=utf-8") << route;
    EXPECT_EQ(page.body, "<!doctype html><title>KieuMau app</title>") << route;
  }
  EXPECT_EQ(Get("/assets/missing.js").status, 404);
}

TEST_F(ServeTest, TraversalIsNotFound) {
  for (const char* target :
       {"/../secret.txt", "/assets/../../secret.txt", "/%2e%2e/secret.txt",
        "/assets/%2E%2E/%2E%2E/secret.txt", "/..%2fsecret.txt", "/%2e%2e%2fsecret.txt",
        "//etc/passwd", "/%2fetc%2fpasswd", "/a%5c..%5c..%5csecret.txt"}) {
    const HttpResponse response = Get(target);
    EXPECT_EQ(response.status, 404) << target;
    EXPECT_EQ(response.body.find("SECRET-CONTENT"), std::string::npos) << target;
    EXPECT_EQ(response.body.find("root:"), std::string::npos) << target;
  }
}

TEST_F(ServeTest, ScoresLikeTheCommandLine) {
  const std::string facts_path = test::RepoPath("examples/qn-ancs-2023.facts.json");
  const test::RunResult cli = test::Run(
      KIEUMAU_BINARY,
      {"score", "--rubric", test::RepoPath("rubrics/qn-ancs-2023.yaml"), "--facts", facts_path});
  ASSERT_EQ(cli.exit_code, 0) << cli.err;
  const HttpResponse response =
      Post("/api/score?rubric=qn-ancs-2023", test::ReadText(facts_path), "application/json");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.Header("Content-Type"), "application/json");
  EXPECT_EQ(response.body, cli.out);
}

TEST_F(ServeTest, InvalidFactsAre422ListingUnitAndField) {
  json facts = json::parse(test::ReadText(test::RepoPath("examples/qn-ancs-2023.facts.json")));
  const std::string unit = facts["units"][1]["unit"];
  facts["units"][1]["values"]["tips.processed"] = -1;
  const HttpResponse response = Post("/api/score?rubric=qn-ancs-2023", facts.dump());
  ASSERT_EQ(response.status, 422);
  const json error = ErrorOf(response);
  EXPECT_EQ(error.at("code"), "invalid_facts");
  ASSERT_EQ(error.at("details").size(), 1u) << response.body;
  const std::string detail = error.at("details")[0];
  EXPECT_NE(detail.find(unit), std::string::npos) << detail;
  EXPECT_NE(detail.find("values.tips.processed"), std::string::npos) << detail;
}

TEST_F(ServeTest, RubricsListAndUnknownRubric) {
  const HttpResponse list = Get("/api/rubrics");
  ASSERT_EQ(list.status, 200);
  std::vector<std::string> ids;
  for (const json& rubric : json::parse(list.body))
    ids.push_back(rubric.at("id"));
  EXPECT_EQ(ids, (std::vector<std::string>{"bn-capkm-2024", "qn-ancs-2023", "tt124-khu-dan-cu",
                                           "tt124-xa-phuong"}));
  EXPECT_EQ(Get("/api/rubrics/tt124-xa-phuong").status, 200);
  const HttpResponse missing = Get("/api/rubrics/no-such-rubric");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(ErrorOf(missing).at("code"), "not_found");
}

TEST_F(ServeOwnTest, OneLogLinePerRequestWithoutQueryOrBody) {
  ASSERT_EQ(Get("/api/health").status, 200);
  ASSERT_EQ(Get("/api/nope").status, 404);
  ASSERT_EQ(Post("/api/score?rubric=token-abc123", R"({"secret_body_marker": 1})").status, 404);
  ASSERT_EQ(server_->Stop(), 0);
  const std::string log = server_->Stderr();
  // One more health request was made while waiting for the server to start.
  EXPECT_GE(CountLines(log, "GET /api/health 200 15B "), 2u) << log;
  EXPECT_EQ(CountLines(log, "GET /api/nope 404 "), 1u) << log;
  EXPECT_EQ(CountLines(log, "POST /api/score 404 "), 1u) << log;
  EXPECT_EQ(log.find("token-abc123"), std::string::npos) << log;
  EXPECT_EQ(log.find("secret_body_marker"), std::string::npos) << log;
  EXPECT_NE(log.find("ms\n"), std::string::npos) << log;
}

size_t CountOccurrences(const std::string& text, const std::string& part) {
  size_t count = 0;
  for (size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1))
    ++count;
  return count;
}

// A facts file of `count` units, copies of the example's with their own codes.
std::string ManyUnits(size_t count) {
  json facts = json::parse(test::ReadText(test::RepoPath("examples/qn-ancs-2023.facts.json")));
  const json examples = facts["units"];
  json units = json::array();
  for (size_t i = 0; i < count; ++i) {
    json unit = examples[i % examples.size()];
    unit["unit"] = "U-" + std::to_string(i);
    units.push_back(std::move(unit));
  }
  facts["units"] = std::move(units);
  return facts.dump();
}

// The answer is ~10 MB and the client reads slowly, so it is still being sent when SIGTERM comes:
// the server must finish sending it, then exit 0.
TEST_F(ServeOwnTest, SigtermLetsTheRequestInFlightFinish) {
  constexpr size_t kUnits = 1000;
  HttpConnection connection(server_->port(), /*receive_buffer=*/65536);
  ASSERT_TRUE(connection.connected());
  ASSERT_TRUE(
      connection.Send("POST", "/api/score?rubric=qn-ancs-2023", ManyUnits(kUnits), "", session_));
  ASSERT_TRUE(connection.ReadAtLeast(1)) << server_->Stderr();

  server_->Signal(SIGTERM);
  std::this_thread::sleep_for(std::chrono::milliseconds(700));
  EXPECT_FALSE(server_->Exited()) << "the server ended with an answer half sent";
  // No new connection is accepted while draining.
  EXPECT_EQ(Get("/api/health").status, 0);

  const HttpResponse response = connection.ReadResponse();
  ASSERT_EQ(response.status, 200);
  // Every unit's result, to the end (parsing 10 MB of JSON under the sanitizers takes seconds).
  EXPECT_EQ(CountOccurrences(response.body, "{\"unit\":\"U-"), kUnits);
  EXPECT_NE(response.body.find("{\"unit\":\"U-" + std::to_string(kUnits - 1) + "\""),
            std::string::npos);
  EXPECT_EQ(response.body.substr(response.body.size() - 3), "]}\n");
  EXPECT_EQ(server_->Wait(30), 0) << server_->Stderr();
  EXPECT_EQ(CountLines(server_->Stderr(), "POST /api/score 200 "), 1u) << server_->Stderr();
}

TEST_F(ServeOwnTest, SigtermWithAnIdleConnectionExitsPromptly) {
  HttpConnection idle(server_->port());
  ASSERT_TRUE(idle.Send("GET", "/api/health"));
  ASSERT_EQ(idle.ReadResponse().status, 200);
  const auto start = std::chrono::steady_clock::now();
  server_->Signal(SIGINT);
  EXPECT_EQ(server_->Wait(10), 0) << server_->Stderr();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

TEST(ServeWithoutWebAppTest, RootSaysTheAppIsNotBuilt) {
  ServerProcess server({"--static", "/nonexistent/kieumau-web", "--no-register"});
  ASSERT_TRUE(server.started()) << server.Stderr();
  const HttpResponse page = Fetch(server.port(), "GET", "/");
  EXPECT_EQ(page.status, 200);
  EXPECT_EQ(page.Header("Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(page.body.find("chưa được biên dịch"), std::string::npos);
}

TEST(ServeStartTest, PortInUseFailsWithExitOne) {
  ServerProcess first({"--no-register"});
  ASSERT_TRUE(first.started()) << first.Stderr();
  // A database of its own, not data/kieumau.db in the working folder.
  const std::string db = (std::filesystem::temp_directory_path() /
                          ("kieumau-port-in-use-" + std::to_string(::getpid()) + ".db"))
                             .string();
  const test::RunResult second =
      test::Run(KIEUMAU_BINARY,
                {"serve", "--host", "127.0.0.1", "--port", std::to_string(first.port()),
                 "--rubrics", test::RepoPath("rubrics"), "--db", "sqlite:" + db, "--no-register"});
  for (const char* suffix : {"", "-wal", "-shm"})
    std::filesystem::remove(db + suffix);
  EXPECT_EQ(second.exit_code, 1);
  EXPECT_NE(second.err.find("cannot listen"), std::string::npos) << second.err;
}

TEST(ServeStartTest, HostMayBeAName) {
  ServerProcess server({"--host", "localhost", "--no-register"});
  ASSERT_TRUE(server.started()) << server.Stderr();
  EXPECT_EQ(Fetch(server.port(), "GET", "/api/health").status, 200);
}

TEST(ServeStartTest, UnknownHostFailsWithExitOne) {
  const std::string db = (std::filesystem::temp_directory_path() /
                          ("kieumau-unknown-host-" + std::to_string(::getpid()) + ".db"))
                             .string();
  const test::RunResult run = test::Run(
      KIEUMAU_BINARY, {"serve", "--host", "no-such-host.invalid", "--port", "1", "--rubrics",
                       test::RepoPath("rubrics"), "--db", "sqlite:" + db, "--no-register"});
  for (const char* suffix : {"", "-wal", "-shm"})
    std::filesystem::remove(db + suffix);
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("cannot resolve"), std::string::npos) << run.err;
}

TEST(ServeStartTest, BrokenRubricsFolderFailsWithExitOne) {
  const test::RunResult run = test::Run(KIEUMAU_BINARY, {"serve", "--port", "1", "--rubrics",
                                                         "/nonexistent/rubrics", "--no-register"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("/nonexistent/rubrics"), std::string::npos) << run.err;
}

TEST(ServeStartTest, DatabaseIsCreatedAndMigratedOnFirstStart) {
  char pattern[] = "/tmp/kieumau-serve-first-XXXXXX";
  ASSERT_NE(mkdtemp(pattern), nullptr);
  const std::string dir = pattern;
  const std::string url = "sqlite:" + dir + "/nested/folder/kieumau.db";
  {
    ServerProcess server({"--db", url, "--no-demo"});
    ASSERT_TRUE(server.started()) << server.Stderr();
    EXPECT_EQ(server.Stop(), 0);
  }
  StoreResult<std::unique_ptr<Store>> store = OpenStore(url);
  ASSERT_TRUE(store) << store.error().message;
  EXPECT_EQ((*store)->SchemaVersion(), LatestSchemaVersion());
  // The new database holds the national register (without the demo: no facts, no programme).
  StoreResult<std::vector<UnitRecord>> units = (*store)->ListUnits();
  ASSERT_TRUE(units);
  EXPECT_GT(units->size(), 14000u);
  StoreResult<std::vector<ProgrammeRecord>> programmes = (*store)->ListProgrammes();
  ASSERT_TRUE(programmes);
  EXPECT_TRUE(programmes->empty());
  std::filesystem::remove_all(dir);
}

TEST(ServeStartTest, UnreachableDatabaseFailsWithoutShowingThePassword) {
  const test::RunResult run = test::Run(
      KIEUMAU_BINARY, {"serve", "--port", "1", "--rubrics", test::RepoPath("rubrics"), "--db",
                       "postgresql://kieumau:s3cret-pw@127.0.0.1:1/nothing", "--no-register"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(run.err.find("s3cret-pw"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("cannot open the database"), std::string::npos) << run.err;
}

}  // namespace
}  // namespace kieumau::server_test

// A tiny blocking HTTP/1.1 client over POSIX sockets, for the tests that talk to a real
// `kieumau serve` on the loopback interface.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace kieumau::server_test {

struct HttpResponse {
  int status = 0;  // 0 when no answer came
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  // The first header named `name` (case-insensitive); empty when none.
  std::string Header(const std::string& name) const;
};

// A signed-in session as a client holds it: the session cookie (name=value) and the CSRF token
// that every state-changing request sends as X-CSRF-Token.
struct Session {
  std::string cookie;
  std::string csrf;
};

// The password of the administrator of every test database: ServerProcess gives it to `kieumau
// serve` as KIEUMAU_ADMIN_PASSWORD (the demo's administrator "demo" gets it), the in-process
// services as Options::demo_admin_password.
inline constexpr const char* kTestPassword = "kieumau-test-password";
inline constexpr const char* kDemoAdmin = "demo";

// The session a sign-in answer (POST /api/session, 200) opened; nothing for another answer.
std::optional<Session> SessionOf(const HttpResponse& response);
// The body of a sign-in request.
std::string SignInBody(const std::string& username, const std::string& password);

// One connection to 127.0.0.1:port. Every call waits at most 30 s.
class HttpConnection {
 public:
  // `receive_buffer`, when not 0, is the socket's SO_RCVBUF, set before connecting.
  explicit HttpConnection(uint16_t port, int receive_buffer = 0);
  ~HttpConnection();
  HttpConnection(const HttpConnection&) = delete;
  HttpConnection& operator=(const HttpConnection&) = delete;

  bool connected() const { return fd_ >= 0; }
  // Sends a request; `target` is sent as it is (no encoding, no normalisation). With a session,
  // its cookie, and its CSRF token on a state-changing method.
  bool Send(const std::string& method, const std::string& target, const std::string& body = "",
            const std::string& content_type = "", const Session* session = nullptr);
  // Sends these bytes as they are.
  bool SendRaw(const std::string& bytes);
  // Reads until the answer's head and at least `bytes` of its body are in; false on EOF or timeout.
  bool ReadAtLeast(size_t bytes);
  // Reads the whole answer to the request sent first of those unanswered (Content-Length);
  // `to_head` when it answers HEAD (its Content-Length has no body behind it).
  HttpResponse ReadResponse(bool to_head = false);
  // Bytes of the body received so far for the current answer.
  size_t BodyBytesReceived() const;

 private:
  bool ReadMore();
  bool HeadComplete() const;

  int fd_ = -1;
  std::string buffer_;
};

// Sends one request on a fresh connection and returns the answer.
HttpResponse Fetch(uint16_t port, const std::string& method, const std::string& target,
                   const std::string& body = "", const std::string& content_type = "",
                   const Session* session = nullptr);
// Signs in on the server at `port`; nothing when it refuses.
std::optional<Session> SignIn(uint16_t port, const std::string& username = kDemoAdmin,
                              const std::string& password = kTestPassword);

// A TCP port on 127.0.0.1 that was free a moment ago.
uint16_t FreePort();

}  // namespace kieumau::server_test

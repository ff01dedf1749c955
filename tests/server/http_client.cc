#include "server/http_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cstdlib>
#include <nlohmann/json.hpp>

namespace kieumau::server_test {

namespace {

sockaddr_in Loopback(uint16_t port) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return address;
}

}  // namespace

std::string HttpResponse::Header(const std::string& name) const {
  for (const auto& [key, value] : headers) {
    if (strcasecmp(key.c_str(), name.c_str()) == 0) return value;
  }
  return "";
}

HttpConnection::HttpConnection(uint16_t port, int receive_buffer) {
  fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd_ < 0) return;
  if (receive_buffer != 0)
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &receive_buffer, sizeof receive_buffer);
  timeval timeout{30, 0};
  ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
  int one = 1;
  ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  const sockaddr_in address = Loopback(port);
  if (::connect(fd_, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
    ::close(fd_);
    fd_ = -1;
  }
}

HttpConnection::~HttpConnection() {
  if (fd_ >= 0) ::close(fd_);
}

bool HttpConnection::Send(const std::string& method, const std::string& target,
                          const std::string& body, const std::string& content_type,
                          const Session* session) {
  std::string request = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  if (!content_type.empty()) request += "Content-Type: " + content_type + "\r\n";
  if (session != nullptr) {
    request += "Cookie: " + session->cookie + "\r\n";
    if (method != "GET" && method != "HEAD") request += "X-CSRF-Token: " + session->csrf + "\r\n";
  }
  if (!body.empty() || method == "POST")
    request += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  request += "\r\n";
  request += body;
  return SendRaw(request);
}

bool HttpConnection::SendRaw(const std::string& bytes) {
  size_t sent = 0;
  while (sent < bytes.size()) {
    const ssize_t n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return false;
    sent += static_cast<size_t>(n);
  }
  return true;
}

bool HttpConnection::ReadMore() {
  char chunk[65536];
  const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
  if (n <= 0) return false;
  buffer_.append(chunk, static_cast<size_t>(n));
  return true;
}

bool HttpConnection::HeadComplete() const {
  return buffer_.find("\r\n\r\n") != std::string::npos;
}

size_t HttpConnection::BodyBytesReceived() const {
  const size_t end = buffer_.find("\r\n\r\n");
  return end == std::string::npos ? 0 : buffer_.size() - end - 4;
}

bool HttpConnection::ReadAtLeast(size_t bytes) {
  while (!HeadComplete() || BodyBytesReceived() < bytes) {
    if (!ReadMore()) return false;
  }
  return true;
}

HttpResponse HttpConnection::ReadResponse(bool to_head) {
  HttpResponse response;
  if (!ReadAtLeast(0)) return response;
  const size_t head_end = buffer_.find("\r\n\r\n");
  const std::string head = buffer_.substr(0, head_end);
  size_t line_end = head.find("\r\n");
  const std::string status_line = head.substr(0, line_end);
  const size_t space = status_line.find(' ');
  if (status_line.rfind("HTTP/1.", 0) != 0 || space == std::string::npos) return response;
  const int status = std::atoi(status_line.c_str() + space + 1);
  size_t content_length = 0;
  while (line_end != std::string::npos && line_end < head.size()) {
    const size_t start = line_end + 2;
    line_end = head.find("\r\n", start);
    const std::string line =
        head.substr(start, line_end == std::string::npos ? std::string::npos : line_end - start);
    const size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string value = line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ')
      value.erase(0, 1);
    response.headers.emplace_back(line.substr(0, colon), value);
  }
  const std::string length = response.Header("Content-Length");
  content_length = static_cast<size_t>(std::strtoull(length.c_str(), nullptr, 10));
  if (to_head) content_length = 0;
  if (!ReadAtLeast(content_length)) return response;
  response.status = status;
  response.body = buffer_.substr(head_end + 4, content_length);
  buffer_.erase(0, head_end + 4 + content_length);
  return response;
}

HttpResponse Fetch(uint16_t port, const std::string& method, const std::string& target,
                   const std::string& body, const std::string& content_type,
                   const Session* session) {
  HttpConnection connection(port);
  if (!connection.connected() || !connection.Send(method, target, body, content_type, session))
    return {};
  return connection.ReadResponse(method == "HEAD");
}

std::string SignInBody(const std::string& username, const std::string& password) {
  return nlohmann::json{{"username", username}, {"password", password}}.dump();
}

std::optional<Session> SessionOf(const HttpResponse& response) {
  if (response.status != 200) return std::nullopt;
  const std::string set_cookie = response.Header("Set-Cookie");
  const nlohmann::json body = nlohmann::json::parse(response.body, nullptr, false);
  if (set_cookie.empty() || body.is_discarded() || !body.contains("csrf")) return std::nullopt;
  return Session{set_cookie.substr(0, set_cookie.find(';')), body.at("csrf").get<std::string>()};
}

std::optional<Session> SignIn(uint16_t port, const std::string& username,
                              const std::string& password) {
  return SessionOf(
      Fetch(port, "POST", "/api/session", SignInBody(username, password), "application/json"));
}

uint16_t FreePort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address = Loopback(0);
  socklen_t size = sizeof address;
  uint16_t port = 0;
  if (::bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) == 0) {
    port = ntohs(address.sin_port);
  }
  ::close(fd);
  return port;
}

}  // namespace kieumau::server_test

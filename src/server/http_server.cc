#include "server/http_server.h"

#include <signal.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <restinio/all.hpp>
#include <thread>
#include <vector>

namespace kieumau::server {

namespace {

using Clock = std::chrono::steady_clock;

// RESTinio's own warnings and errors into our log: a request it refuses before our handler
// (malformed HTTP, a body over the limit) closes the connection, and this line is its only trace.
// Its trace and info messages (every connection's life) are dropped.
class RestinioLog {
 public:
  template <typename Builder>
  void trace(Builder&&) const noexcept {}
  template <typename Builder>
  void info(Builder&&) const noexcept {}
  template <typename Builder>
  void warn(Builder&& builder) const noexcept {
    Write(std::forward<Builder>(builder));
  }
  template <typename Builder>
  void error(Builder&& builder) const noexcept {
    Write(std::forward<Builder>(builder));
  }

 private:
  template <typename Builder>
  static void Write(Builder&& builder) noexcept {
    try {
      if (std::shared_ptr<spdlog::logger> log = spdlog::get("http"))
        log->warn("kết nối bị đóng (connection closed): {}", builder());
    } catch (...) {
    }
  }
};

// Thread-safe traits: the io_context is run by several threads.
using Traits = restinio::traits_t<restinio::asio_timer_manager_t, RestinioLog>;

std::string_view ReasonPhrase(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 204:
      return "No Content";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 409:
      return "Conflict";
    case 413:
      return "Payload Too Large";
    case 422:
      return "Unprocessable Entity";
    case 500:
      return "Internal Server Error";
    case 503:
      return "Service Unavailable";
    default:
      return status < 400 ? "OK" : (status < 500 ? "Client Error" : "Server Error");
  }
}

Request ToRequest(const restinio::request_t& from) {
  Request request;
  const auto& header = from.header();
  request.method = header.method().c_str();
  request.path = std::string(header.path());
  request.query = std::string(header.query());
  request.body = from.body();
  header.for_each_field([&request](const restinio::http_header_field_t& field) {
    request.headers.emplace_back(field.name(), field.value());
  });
  request.remote_address = from.remote_endpoint().address().to_string();
  return request;
}

// The state shared by the network threads, the workers and the shutdown.
class Server {
 public:
  explicit Server(const App& app)
      : app_(app),
        threads_(app.config().threads != 0 ? app.config().threads
                                           : std::max(1u, std::thread::hardware_concurrency())),
        log_(spdlog::stderr_logger_mt("http")),
        workers_(threads_) {
    log_->set_pattern("%Y-%m-%dT%H:%M:%S.%e %l %v");
  }
  ~Server() { spdlog::drop("http"); }

  int Run();

 private:
  restinio::request_handling_status_t OnRequest(const restinio::request_handle_t& req);
  // Handles `request` and sends the answer; never throws.
  void Answer(const restinio::request_handle_t& req, Request request,
              Clock::time_point start) noexcept;
  void Respond(const restinio::request_handle_t& req, Response response, Clock::time_point start);
  void Finish(const restinio::request_handle_t& req, int status, uint64_t bytes,
              Clock::time_point start, const asio::error_code& ec, const std::string& id,
              const std::string& detail);
  void Drain(Clock::time_point deadline);

  // Destroyed in reverse order: the io_context goes after the server and the workers, and before
  // the log and the counters, which answers still pending in it (a drain that timed out) reach.
  const App& app_;
  const unsigned threads_;
  std::shared_ptr<spdlog::logger> log_;
  std::atomic<int> in_flight_{0};
  std::atomic<bool> draining_{false};
  std::atomic<bool> failed_{false};
  asio::io_context io_;
  asio::thread_pool workers_;
  std::unique_ptr<restinio::http_server_t<Traits>> http_;
  std::unique_ptr<asio::steady_timer> drain_timer_;
};

restinio::request_handling_status_t Server::OnRequest(const restinio::request_handle_t& req) {
  const Clock::time_point start = Clock::now();
  ++in_flight_;
  Request request = ToRequest(*req);
  if (app_.WorkFor(request) == Work::kCpu) {
    asio::post(workers_, [this, req, start, request = std::move(request)]() mutable {
      Answer(req, std::move(request), start);
    });
  } else {
    Answer(req, std::move(request), start);
  }
  return restinio::request_accepted();
}

void Server::Answer(const restinio::request_handle_t& req, Request request,
                    Clock::time_point start) noexcept {
  try {
    Respond(req, app_.Handle(std::move(request)), start);
  } catch (const std::exception& e) {
    // Only when memory runs out or the connection is gone: the request gets no answer.
    log_->error("{} {}: không trả lời được (no answer sent): {}", req->header().method().c_str(),
                std::string_view(req->header().path()), e.what());
    --in_flight_;
  }
}

void Server::Respond(const restinio::request_handle_t& req, Response response,
                     Clock::time_point start) {
  std::optional<restinio::sendfile_t> file;
  if (!response.file.empty()) {
    try {
      file.emplace(restinio::sendfile(response.file));
    } catch (const std::exception&) {
      // The file went away between the check and the open.
      std::string id = std::move(response.request_id);
      response = ErrorResponse(app::ErrorCode::kNotFound, "Không tìm thấy tệp này (no such file)");
      response.request_id = std::move(id);
    }
  }
  const int status = response.status;
  const restinio::http_status_line_t status_line(
      restinio::http_status_code_t(static_cast<std::uint16_t>(status)),
      std::string(ReasonPhrase(status)));
  auto add_headers = [&](auto& builder) {
    builder.append_header(restinio::http_field::server, "KieuMau");
    builder.append_header_date_field();
    if (!response.content_type.empty())
      builder.append_header(restinio::http_field::content_type, response.content_type);
    for (const auto& [name, value] : response.headers)
      builder.append_header(name, value);
    // While stopping, a kept-alive connection gets no further request.
    if (draining_) builder.connection_close();
  };
  const uint64_t bytes = file ? file->size() : response.body.size();
  auto finished = [this, req, status, bytes, start, id = std::move(response.request_id),
                   detail = std::move(response.log_detail)](const asio::error_code& ec) {
    Finish(req, status, bytes, start, ec, id, detail);
  };
  if (req->header().method() == restinio::http_method_head()) {
    // HEAD: the headers GET would send, Content-Length included, and no body.
    auto builder = req->create_response<restinio::user_controlled_output_t>(status_line);
    add_headers(builder);
    builder.set_content_length(static_cast<std::size_t>(bytes));
    builder.done(std::move(finished));
    return;
  }
  auto builder = req->create_response(status_line);
  add_headers(builder);
  if (file) {
    builder.set_body(std::move(*file));
  } else {
    builder.set_body(std::move(response.body));
  }
  builder.done(std::move(finished));
}

void Server::Finish(const restinio::request_handle_t& req, int status, uint64_t bytes,
                    Clock::time_point start, const asio::error_code& ec, const std::string& id,
                    const std::string& detail) {
  const double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  const auto& header = req->header();
  // The path only: queries may later carry tokens, and bodies personal data.
  if (ec) {
    log_->warn("{} {} {} {}B {:.3f}ms id={} (gửi không hết: {})", header.method().c_str(),
               std::string_view(header.path()), status, bytes, ms, id, ec.message());
  } else if (status >= 500) {
    log_->error("{} {} {} {}B {:.3f}ms id={}", header.method().c_str(),
                std::string_view(header.path()), status, bytes, ms, id);
  } else {
    log_->info("{} {} {} {}B {:.3f}ms id={}", header.method().c_str(),
               std::string_view(header.path()), status, bytes, ms, id);
  }
  // What the client was not told: a backend's message, an exception's text.
  if (!detail.empty()) log_->warn("id={}: {}", id, detail);
  --in_flight_;
}

void Server::Drain(Clock::time_point deadline) {
  const int left = in_flight_.load();
  if (left == 0 || Clock::now() >= deadline) {
    if (left != 0) {
      log_->warn(
          "hết thời gian chờ, bỏ {} yêu cầu đang xử lý (drain timeout, {} requests "
          "abandoned)",
          left, left);
    }
    io_.stop();
    return;
  }
  drain_timer_->expires_after(std::chrono::milliseconds(10));
  drain_timer_->async_wait([this, deadline](const asio::error_code&) { Drain(deadline); });
}

int Server::Run() {
  const ServerConfig& config = app_.config();
  // --host takes an IP address or a name ("localhost"): a name is resolved, its first IPv4 address
  // used (else its first).
  asio::error_code parse_error;
  asio::ip::address address = asio::ip::make_address(config.host, parse_error);
  if (parse_error) {
    asio::error_code resolve_error;
    asio::ip::tcp::resolver resolver(io_);
    const auto found = resolver.resolve(config.host, std::to_string(config.port), resolve_error);
    if (resolve_error || found.empty()) {
      log_->error("không tìm thấy địa chỉ \"{}\" ({}) (--host: cannot resolve)", config.host,
                  resolve_error ? resolve_error.message() : "no address");
      return 1;
    }
    // IPv4 first: "localhost" is 127.0.0.1 to most clients.
    address = found.begin()->endpoint().address();
    for (const auto& entry : found) {
      if (entry.endpoint().address().is_v4()) {
        address = entry.endpoint().address();
        break;
      }
    }
  }
  http_ = std::make_unique<restinio::http_server_t<Traits>>(
      restinio::external_io_context(io_), [&](auto& settings) {
        settings.port(config.port)
            .address(address)
            .handle_request_timeout(std::chrono::minutes(2))
            .incoming_http_msg_limits(
                restinio::incoming_http_msg_limits_t{}.max_body_size(config.max_body_bytes))
            // Without TCP_NODELAY every answer waits ~40 ms for the client's delayed ACK.
            .socket_options_setter([](restinio::socket_options_t& options) {
              options.set_option(asio::ip::tcp::no_delay(true));
            })
            .request_handler(
                [this](const restinio::request_handle_t& req) { return OnRequest(req); });
      });

  asio::signal_set signals(io_, SIGTERM, SIGINT);
  signals.async_wait([this, &config](const asio::error_code& ec, int signal) {
    if (ec) return;
    log_->info(
        "nhận tín hiệu {}, dừng nhận kết nối mới và chờ {} yêu cầu đang xử lý (signal {}: "
        "draining)",
        signal, in_flight_.load(), signal);
    draining_ = true;
    const Clock::time_point deadline = Clock::now() + config.drain_timeout;
    http_->close_async(
        [this, deadline] {
          drain_timer_ = std::make_unique<asio::steady_timer>(io_);
          Drain(deadline);
        },
        [this](std::exception_ptr) { io_.stop(); });
  });

  http_->open_async(
      [this, &config] {
        log_->info("KieuMau phục vụ tại http://{}:{} với {} luồng (listening, {} threads)",
                   config.host, config.port, threads_, threads_);
      },
      [this, &config](std::exception_ptr error) {
        std::string what = "?";
        try {
          std::rethrow_exception(error);
        } catch (const std::exception& e) {
          what = e.what();
        } catch (...) {
        }
        log_->error("không mở được cổng {}:{} ({}) (cannot listen)", config.host, config.port,
                    what);
        failed_ = true;
        io_.stop();
      });

  std::vector<std::thread> network;
  for (unsigned i = 1; i < threads_; ++i)
    network.emplace_back([this] { io_.run(); });
  io_.run();
  for (std::thread& thread : network)
    thread.join();
  workers_.stop();
  workers_.join();
  if (!failed_) log_->info("đã dừng (stopped)");
  log_->flush();
  return failed_ ? 1 : 0;
}

}  // namespace

int RunHttpServer(const App& app) {
  // A client that leaves in the middle of an answer must not end the process.
  ::signal(SIGPIPE, SIG_IGN);
  Server server(app);
  return server.Run();
}

}  // namespace kieumau::server

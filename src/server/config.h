// What `kieumau serve` is told on its command line.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

namespace kieumau::server {

struct ServerConfig {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;
  // The store: sqlite:PATH or postgresql://…, opened and migrated at start.
  std::string db_url = "sqlite:data/kieumau.db";
  // Whether an empty database is left empty rather than given the Bắc Ninh demo.
  bool no_demo = false;
  // Whether a new database is left empty: no national register (and so no demo).
  bool no_register = false;
  // The web application's built files; served as they are (see static_files.h).
  std::string static_dir = "web/dist";
  // The criteria sets, every *.yaml in it but indicators.yaml, loaded once at start.
  std::string rubrics_dir = "rubrics";
  // Network threads, and as many workers for CPU work; 0 = the machine's cores.
  unsigned threads = 0;
  // On SIGTERM or SIGINT, how long requests in flight may take to finish before the process ends.
  std::chrono::milliseconds drain_timeout{30000};
  // Larger request bodies are refused (the connection is closed).
  std::size_t max_body_bytes = std::size_t{64} << 20;
};

}  // namespace kieumau::server

// Serves an App over HTTP/1.1 (RESTinio). The only file that includes RESTinio is
// http_server.cc: each translation unit that does takes ~30 s and ~750 MB to compile.
#pragma once

#include "server/app.h"

namespace kieumau::server {

// Listens on app.config().host:port and answers every request with `app`, until SIGTERM or
// SIGINT. Then it stops accepting connections, lets the requests in flight finish (for at most
// config.drain_timeout) and returns 0. Returns 1 when it cannot listen. Logs one line per request
// to stderr: method, path (never the query or body), status, bytes sent, duration.
//
// Network threads and CPU workers are config.threads each (the machine's cores by default);
// routes marked Work::kCpu run on the workers. SIGPIPE is ignored for the whole process.
int RunHttpServer(const App& app);

}  // namespace kieumau::server

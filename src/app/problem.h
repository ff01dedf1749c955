// What went wrong, as the services answer it: a code from one closed list (each with its meaning,
// listed in the OpenAPI document), a message for people, the rows of a file or body at fault, and
// the backend's own words for the log only — never for the client.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/result.h"
#include "store/store.h"

namespace kieumau::app {

// The kind of answer a problem calls for (the HTTP side picks the status from it).
enum class ProblemKind {
  kBadRequest,        // 400
  kUnauthorized,      // 401
  kForbidden,         // 403
  kNotFound,          // 404
  kMethodNotAllowed,  // 405
  kUnprocessable,     // 422
  kTooManyRequests,   // 429
  kInternal,          // 500
  kUnavailable,       // 503
};

// Every error code an answer can carry. Adding one means adding its row to ErrorCodes().
enum class ErrorCode {
  kBadRequest,
  kNotFound,
  kMethodNotAllowed,
  kInvalid,
  kInvalidFacts,
  kInvalidFile,
  kInvalidRows,
  kWrongKind,
  kUniqueViolation,
  kForeignKey,
  kCorruptData,
  kInterruptedSeed,
  kUnavailable,
  kInternal,
  kUnauthenticated,
  kForbidden,
  kTooManyAttempts,
  kCsrf,
  kPasswordChangeRequired,
};

struct ErrorCodeInfo {
  ErrorCode code;
  std::string_view key;  // the stable word in answers: "not_found"
  ProblemKind kind;
  std::string_view meaning;  // for the API's readers: Vietnamese, English in parentheses
};

// The closed list, in the order of the enum.
std::span<const ErrorCodeInfo> ErrorCodes();
const ErrorCodeInfo& InfoOf(ErrorCode code);
inline std::string_view KeyOf(ErrorCode code) {
  return InfoOf(code).key;
}

struct RowProblem {
  int row = 0;  // as a spreadsheet shows it (1 = the header); 0 for a body without rows
  std::string column;
  std::string message;
};

struct Problem {
  Problem() = default;
  Problem(ErrorCode code, std::string message, std::vector<RowProblem> rows = {},
          std::string detail = {})
      : code(code), message(std::move(message)), rows(std::move(rows)), detail(std::move(detail)) {}

  ErrorCode code = ErrorCode::kInternal;
  std::string message;  // Vietnamese first, English in parentheses; quotes input only by excerpt
  std::vector<RowProblem> rows;
  // What the backend said (a driver's message, an exception's text): logged with the request's
  // id, never sent.
  std::string detail;

  ProblemKind kind() const { return InfoOf(code).kind; }
};

template <typename T>
using ProblemOr = Result<T, Problem>;

inline Problem NotFound(std::string message) {
  return Problem{ErrorCode::kNotFound, std::move(message)};
}
inline Problem BadRequest(std::string message) {
  return Problem{ErrorCode::kBadRequest, std::move(message)};
}
// A store's failure as a client may see it: what failed, in words; the driver's own message
// (which may quote SQL or the server's address) only in `detail`, for the log.
Problem FromStore(const StoreError& error);
// A rule of the data broken (kInvalid unless told otherwise).
inline Problem FromError(const Error& error, ErrorCode code = ErrorCode::kInvalid) {
  return Problem{code, error.message};
}

}  // namespace kieumau::app

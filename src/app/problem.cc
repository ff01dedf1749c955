#include "app/problem.h"

#include <array>

namespace kieumau::app {

namespace {

constexpr std::array kCodes = {
    ErrorCodeInfo{ErrorCode::kBadRequest, "bad_request", ProblemKind::kBadRequest,
                  "Yêu cầu sai dạng: thiếu tham số, tham số sai kiểu, nội dung không phải JSON như "
                  "cần (the request is malformed)"},
    ErrorCodeInfo{ErrorCode::kNotFound, "not_found", ProblemKind::kNotFound,
                  "Không có thứ được hỏi: đơn vị, đề án, bộ tiêu chí, chỉ tiêu, đường dẫn (no such "
                  "thing)"},
    ErrorCodeInfo{ErrorCode::kMethodNotAllowed, "method_not_allowed",
                  ProblemKind::kMethodNotAllowed,
                  "Đường dẫn không nhận phương thức này; xem tiêu đề Allow (the path does not take "
                  "this method)"},
    ErrorCodeInfo{ErrorCode::kInvalid, "invalid", ProblemKind::kUnprocessable,
                  "Yêu cầu đúng dạng nhưng trái một quy tắc của dữ liệu (the request breaks a "
                  "rule of the data)"},
    ErrorCodeInfo{ErrorCode::kInvalidFacts, "invalid_facts", ProblemKind::kUnprocessable,
                  "Số liệu không hợp lệ; rows hoặc details nêu từng chỉ tiêu, không lưu gì (the "
                  "values are invalid; nothing was stored)"},
    ErrorCodeInfo{ErrorCode::kInvalidFile, "invalid_file", ProblemKind::kUnprocessable,
                  "Tệp không đọc được: không phải CSV UTF-8 hay xlsx, hỏng hoặc quá lớn (the file "
                  "cannot be read)"},
    ErrorCodeInfo{ErrorCode::kInvalidRows, "invalid_rows", ProblemKind::kUnprocessable,
                  "Tệp có dòng sai; rows nêu từng dòng và cột, không lưu gì (the file has bad "
                  "rows; nothing was stored)"},
    ErrorCodeInfo{ErrorCode::kWrongKind, "wrong_kind", ProblemKind::kUnprocessable,
                  "Bộ tiêu chí không áp dụng cho loại đơn vị này (the criteria set does not apply "
                  "to this kind of unit)"},
    ErrorCodeInfo{ErrorCode::kUniqueViolation, "unique_violation", ProblemKind::kUnprocessable,
                  "Đã có bản ghi cùng khóa (a record with this key exists)"},
    ErrorCodeInfo{ErrorCode::kForeignKey, "foreign_key", ProblemKind::kUnprocessable,
                  "Tham chiếu tới đơn vị không có, hoặc đơn vị còn được tham chiếu (refers to a "
                  "missing unit, or the unit is still referred to)"},
    ErrorCodeInfo{ErrorCode::kCorruptData, "corrupt_data", ProblemKind::kUnavailable,
                  "Dữ liệu đã lưu không đọc được; báo quản trị viên kèm request_id (stored data "
                  "is unreadable; tell an administrator the request_id)"},
    ErrorCodeInfo{ErrorCode::kInterruptedSeed, "interrupted_seed", ProblemKind::kUnavailable,
                  "Lần nạp dữ liệu mẫu trước bị dừng giữa chừng (the demo seeding was "
                  "interrupted)"},
    ErrorCodeInfo{ErrorCode::kUnavailable, "unavailable", ProblemKind::kUnavailable,
                  "Cơ sở dữ liệu không trả lời được hoặc máy chủ chạy không có cơ sở dữ liệu; thử "
                  "lại sau (the database is unavailable; try again later)"},
    ErrorCodeInfo{ErrorCode::kInternal, "internal", ProblemKind::kInternal,
                  "Lỗi nội bộ của máy chủ; báo quản trị viên kèm request_id (internal error; "
                  "tell an administrator the request_id)"},
    ErrorCodeInfo{ErrorCode::kUnauthenticated, "unauthenticated", ProblemKind::kUnauthorized,
                  "Chưa đăng nhập, phiên đã hết hạn, hoặc sai tên đăng nhập hay mật khẩu (not "
                  "signed in, the session expired, or a wrong username or password)"},
    ErrorCodeInfo{ErrorCode::kForbidden, "forbidden", ProblemKind::kForbidden,
                  "Không được phép: tài khoản bị quản trị viên khóa, hoặc vai trò không cho phép "
                  "(not allowed: the account is disabled, or the role does not allow it)"},
    ErrorCodeInfo{ErrorCode::kTooManyAttempts, "too_many_attempts", ProblemKind::kTooManyRequests,
                  "Đăng nhập sai quá nhiều lần; thử lại sau thời điểm đã nêu (too many failed "
                  "sign-ins; try again after the time given)"},
    ErrorCodeInfo{ErrorCode::kCsrf, "csrf", ProblemKind::kForbidden,
                  "Thiếu hoặc sai mã X-CSRF-Token của phiên cho một yêu cầu thay đổi dữ liệu (a "
                  "state-changing request without the session's X-CSRF-Token, or with a wrong "
                  "one)"},
    ErrorCodeInfo{ErrorCode::kPasswordChangeRequired, "password_change_required",
                  ProblemKind::kForbidden,
                  "Phải đổi mật khẩu trước (quản trị viên đã đặt lại mật khẩu) (the password must "
                  "be changed first: an administrator reset it)"},
};

}  // namespace

std::span<const ErrorCodeInfo> ErrorCodes() {
  return kCodes;
}

const ErrorCodeInfo& InfoOf(ErrorCode code) {
  return kCodes[static_cast<size_t>(code)];
}

Problem FromStore(const StoreError& error) {
  switch (error.kind) {
    case StoreErrorKind::kNotFound:
      return Problem{ErrorCode::kNotFound, error.message, {}, error.detail};
    case StoreErrorKind::kInvalid:
      return Problem{ErrorCode::kInvalid, error.message, {}, error.detail};
    case StoreErrorKind::kUniqueViolation:
      return Problem{ErrorCode::kUniqueViolation, error.message, {}, error.detail};
    case StoreErrorKind::kForeignKey:
      return Problem{ErrorCode::kForeignKey, error.message, {}, error.detail};
    case StoreErrorKind::kUnavailable:
      break;
  }
  return Problem{ErrorCode::kUnavailable,
                 "Cơ sở dữ liệu không trả lời được (the database is unavailable)",
                 {},
                 error.Describe()};
}

}  // namespace kieumau::app

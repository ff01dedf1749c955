// `kieumau audit verify [--db URL] [--anchor SEQ:HASH]`: checks the whole audit chain
// (store/audit_store.h) and names the first entry altered, removed or inserted; reading only. And
// the sealing the commands that write do after their writes.
#include <fmt/chrono.h>
#include <fmt/format.h>

#include <charconv>
#include <filesystem>
#include <ostream>

#include "cli/commands.h"
#include "cli/database_url.h"
#include "store/audit_store.h"
#include "store/store.h"

namespace kieumau::cli {

namespace {

std::string TimeText(Timestamp at) {
  return fmt::format("{:%Y-%m-%d %H:%M:%S} UTC", at);
}

// "SEQ:HASH" (a head `audit verify` printed before).
std::optional<AuditAnchor> ParseAnchor(std::string_view text) {
  const size_t colon = text.find(':');
  if (colon == std::string_view::npos || colon == 0) return std::nullopt;
  AuditAnchor anchor;
  const std::string_view seq = text.substr(0, colon);
  const auto [end, error] = std::from_chars(seq.data(), seq.data() + seq.size(), anchor.seal_seq);
  if (error != std::errc() || end != seq.data() + seq.size() || anchor.seal_seq < 1)
    return std::nullopt;
  anchor.hash = std::string(text.substr(colon + 1));
  if (anchor.hash.size() != 64) return std::nullopt;
  return anchor;
}

}  // namespace

void SealAfterWrite(Store& store, Timestamp at, std::ostream& err) {
  StoreResult<int64_t> sealed = SealAll(store.audit(), at);
  if (!sealed) {
    err << "cảnh báo: chưa niêm phong được nhật ký kiểm toán; máy chủ sẽ niêm phong sau (warning: "
           "the audit trail was not sealed; a server will seal it): "
        << RedactUrl(sealed.error().Describe()) << '\n';
  }
}

int AuditVerify(const AuditVerifyOptions& options, std::ostream& out, std::ostream& err) {
  const std::string shown = RedactUrl(options.db_url);
  std::optional<AuditAnchor> anchor;
  if (options.anchor) {
    anchor = ParseAnchor(*options.anchor);
    if (!anchor) {
      err << "--anchor phải có dạng SỐ:MÃBĂM, như kieumau audit verify in ra (--anchor must be "
             "SEQ:HASH, as audit verify prints it)\n";
      return 2;
    }
  }
  const std::optional<std::string> path = SqlitePath(options.db_url);
  std::error_code error;
  if (path && !std::filesystem::exists(*path, error)) {
    err << shown << ": không có tệp cơ sở dữ liệu này (no such database file)\n";
    return 1;
  }
  StoreResult<std::unique_ptr<Store>> store = OpenStore(options.db_url);
  if (!store) {
    err << shown << ": " << RedactUrl(store.error().Describe())
        << "\nkhông mở được cơ sở dữ liệu (cannot open the database)\n";
    return 1;
  }
  StoreResult<AuditVerification> verified = VerifyAuditChain((*store)->audit(), anchor);
  if (!verified) {
    err << shown << ": " << RedactUrl(verified.error().Describe())
        << "\nkhông đọc được nhật ký kiểm toán (cannot read the audit trail)\n";
    return 1;
  }
  const AuditVerification& result = *verified;
  if (result.problem) {
    err << "Chuỗi nhật ký kiểm toán bị phá vỡ (the audit chain is broken) ["
        << AuditProblemKindKey(result.problem->kind) << "]: " << result.problem->message << '\n'
        << result.checked << " mục đầu tiên nguyên vẹn (the first " << result.checked
        << " entries are whole)\n";
    return 1;
  }
  out << "Chuỗi nhật ký kiểm toán nguyên vẹn: " << result.checked
      << " mục đã niêm phong (the audit chain is whole: " << result.checked << " sealed entries)\n";
  if (result.checked > 0) {
    out << "Đầu chuỗi (head): #" << result.head.seal_seq << " " << result.head.hash
        << ", niêm phong lúc (sealed at) " << TimeText(result.head.sealed_at) << '\n'
        << "Ghi lại mốc này ở nơi khác để kiểm về sau (record this anchor elsewhere to check "
           "against later): --anchor "
        << result.head.seal_seq << ':' << result.head.hash << '\n';
  }
  if (result.unsealed.count > 0) {
    out << result.unsealed.count << " mục chưa niêm phong";
    if (result.unsealed.oldest_id && result.unsealed.oldest_at) {
      out << ", cũ nhất là id " << *result.unsealed.oldest_id << " lúc "
          << TimeText(*result.unsealed.oldest_at);
    }
    out << ": chưa được bảo vệ cho đến khi máy chủ niêm phong (" << result.unsealed.count
        << " entries not sealed yet: not protected until a server seals them)\n";
  }
  return 0;
}

}  // namespace kieumau::cli

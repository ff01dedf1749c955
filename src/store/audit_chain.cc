// The audit trail's chain, the same on both backends: the hash of an entry, the checks of an entry
// before it is appended, the seals of a batch, sealing until done, and the verifier's walk.
#include <deque>
#include <string>

#include "accounts/credentials.h"
#include "engine/utf8.h"
#include "store/audit_store.h"
#include "store/backend.h"

namespace kieumau {

namespace {

constexpr int64_t kVerifyPage = 1000;

void AddField(std::string& out, std::string_view field) {
  out += std::to_string(field.size());
  out += ':';
  out += field;
  out += ';';
}

// "#5 (id 17)".
std::string EntryLabel(int64_t seal_seq, std::optional<int64_t> id) {
  std::string label = "#" + std::to_string(seal_seq);
  if (id) label += " (id " + std::to_string(*id) + ")";
  return label;
}

AuditProblem Problem(AuditProblem::Kind kind, int64_t seal_seq, std::optional<int64_t> id,
                     std::string message) {
  return AuditProblem{kind, seal_seq, id, std::move(message)};
}

}  // namespace

std::string AuditEntryHash(const AuditEntry& entry, std::string_view prev_hash) {
  std::string bytes = "kieumau-audit-1;";
  bytes.reserve(bytes.size() + entry.detail_json.size() + entry.subject.size() + 256);
  AddField(bytes, std::to_string(entry.id));
  AddField(bytes, std::to_string(entry.at.time_since_epoch().count()));
  AddField(bytes, ActorKindKey(entry.actor.kind));
  AddField(bytes, entry.actor.user);
  AddField(bytes, FactSourceKey(entry.actor.channel));
  AddField(bytes, entry.actor.address);
  AddField(bytes, entry.action);
  AddField(bytes, entry.unit_id ? std::to_string(*entry.unit_id) : std::string());
  AddField(bytes, entry.subject);
  AddField(bytes, entry.detail_json);
  AddField(bytes, prev_hash);
  return accounts::Sha256Hex(bytes);
}

std::string_view AuditProblemKindKey(AuditProblem::Kind kind) {
  switch (kind) {
    case AuditProblem::Kind::kAltered:
      return "altered";
    case AuditProblem::Kind::kRemoved:
      return "removed";
    case AuditProblem::Kind::kInserted:
      return "inserted";
  }
  return "";
}

StoreResult<int64_t> SealAll(AuditStore& audit, Timestamp at, int64_t batch) {
  int64_t total = 0;
  for (;;) {
    StoreResult<int64_t> sealed = audit.Seal(batch, at);
    if (!sealed) return sealed.error();
    total += *sealed;
    if (*sealed < batch) return total;
  }
}

StoreResult<AuditVerification> VerifyAuditChain(AuditStore& audit,
                                                const std::optional<AuditAnchor>& anchor) {
  AuditVerification result;
  StoreResult<AuditHead> head = audit.Head();
  if (!head) return head.error();
  result.head = *head;

  // The chain read ahead in pages: the entry being checked and the one after it.
  std::deque<AuditEntry> ahead;
  int64_t read_to = 0;
  bool at_end = false;
  auto fill = [&]() -> std::optional<StoreError> {
    while (ahead.size() < 2 && !at_end) {
      StoreResult<std::vector<AuditEntry>> page = audit.Sealed(read_to, kVerifyPage);
      if (!page) return page.error();
      if (page->empty()) {
        at_end = true;
        break;
      }
      read_to = *page->back().seal_seq;
      for (AuditEntry& entry : *page)
        ahead.push_back(std::move(entry));
    }
    return std::nullopt;
  };

  int64_t expected = 1;  // the seal_seq the next entry must have
  std::string prev(kAuditGenesisHash);
  std::string before_prev;  // the hash of the entry before the previous one
  std::optional<int64_t> prev_id;
  for (;;) {
    if (auto error = fill()) return *error;
    if (ahead.empty()) {
      // The end as read: a sealer may have sealed more since, and then moved the head.
      StoreResult<AuditHead> now = audit.Head();
      if (!now) return now.error();
      result.head = *now;
      if (now->seal_seq > expected - 1) {
        at_end = false;
        if (auto error = fill()) return *error;
        if (!ahead.empty()) continue;
        result.problem = Problem(
            AuditProblem::Kind::kRemoved, expected, std::nullopt,
            "Mục " + EntryLabel(expected, std::nullopt) + " đến #" + std::to_string(now->seal_seq) +
                " đã bị xoá: chuỗi dừng ở #" + std::to_string(expected - 1) +
                " nhưng đầu chuỗi ghi #" + std::to_string(now->seal_seq) + " (entries #" +
                std::to_string(expected) + "–#" + std::to_string(now->seal_seq) +
                " were removed: the chain ends before its recorded head)");
      } else if (now->seal_seq == expected - 1 && now->hash != prev) {
        result.problem = Problem(
            AuditProblem::Kind::kAltered, expected - 1, prev_id,
            "Mục cuối " + EntryLabel(expected - 1, prev_id) +
                " không khớp mã băm đầu chuỗi đã ghi: mục hoặc đầu chuỗi đã bị sửa (the last "
                "entry does not match the recorded head: the entry or the head was altered)");
      }
      break;
    }
    AuditEntry row = std::move(ahead.front());
    ahead.pop_front();
    const int64_t seq = *row.seal_seq;
    const std::string label = EntryLabel(seq, row.id);
    if (seq > result.head.seal_seq) {
      StoreResult<AuditHead> now = audit.Head();
      if (!now) return now.error();
      result.head = *now;
      if (seq > now->seal_seq) {
        result.problem =
            Problem(AuditProblem::Kind::kInserted, seq, row.id,
                    "Mục " + label + " nằm sau đầu chuỗi #" + std::to_string(now->seal_seq) +
                        ": đã bị chèn thêm (the entry lies past the recorded head of "
                        "the chain: it was inserted)");
        break;
      }
    }
    if (seq > expected) {
      result.problem =
          Problem(AuditProblem::Kind::kRemoved, expected, std::nullopt,
                  "Mục " + EntryLabel(expected, std::nullopt) +
                      (seq > expected + 1 ? " đến #" + std::to_string(seq - 1) : std::string()) +
                      " đã bị xoá; mục tiếp theo còn lại là " + label +
                      " (entries missing from the chain: "
                      "removed)");
      break;
    }
    const bool intact =
        row.readable && !row.hash.empty() && AuditEntryHash(row, row.prev_hash) == row.hash;
    if (row.prev_hash != prev) {
      if (!ahead.empty() && ahead.front().prev_hash == prev) {
        result.problem = Problem(AuditProblem::Kind::kInserted, seq, row.id,
                                 "Mục " + label +
                                     " đã bị chèn thêm: mục sau nó nối thẳng với mục trước nó (the "
                                     "entry was inserted: the next one links past it)");
      } else if (!intact) {
        result.problem = Problem(AuditProblem::Kind::kAltered, seq, row.id,
                                 "Mục " + label +
                                     " đã bị sửa: mã băm và liên kết không còn khớp (the entry was "
                                     "altered: its hash and link no longer match)");
      } else if (prev_id && row.prev_hash == before_prev) {
        result.problem =
            Problem(AuditProblem::Kind::kInserted, seq - 1, prev_id,
                    "Mục " + EntryLabel(seq - 1, prev_id) + " đã bị chèn thêm: mục " + label +
                        " nối thẳng với mục trước nó (the entry was inserted: the "
                        "next one links past it)");
      } else {
        result.problem = Problem(
            AuditProblem::Kind::kRemoved, seq, row.id,
            "Mục trước " + label +
                " đã bị xoá: liên kết của nó chỉ tới một mục không còn trong chuỗi (an entry "
                "before this one was removed: its link names an entry no longer in the chain)");
      }
      break;
    }
    if (!intact) {
      result.problem = Problem(AuditProblem::Kind::kAltered, seq, row.id,
                               "Mục " + label +
                                   " đã bị sửa: mã băm không khớp nội dung (the entry was altered: "
                                   "its hash does not match its content)");
      break;
    }
    if (anchor && anchor->seal_seq == seq && anchor->hash != row.hash) {
      result.problem = Problem(AuditProblem::Kind::kAltered, seq, row.id,
                               "Mục " + label +
                                   " khác mốc đã ghi lại: chuỗi đã bị viết lại đến đây (the entry "
                                   "differs from the recorded anchor: the chain was rewritten "
                                   "up to here)");
      break;
    }
    before_prev = std::move(prev);
    prev = row.hash;
    prev_id = row.id;
    ++expected;
    ++result.checked;
  }
  if (!result.problem && anchor && anchor->seal_seq > result.checked) {
    result.problem =
        Problem(AuditProblem::Kind::kRemoved, result.checked + 1, std::nullopt,
                "Chuỗi chỉ có " + std::to_string(result.checked) + " mục, ít hơn mốc đã ghi lại #" +
                    std::to_string(anchor->seal_seq) +
                    ": các mục sau đã bị xoá (the chain is shorter than the "
                    "recorded anchor: entries were removed)");
  }
  StoreResult<AuditBacklog> backlog = audit.Backlog();
  if (!backlog) return backlog.error();
  result.unsealed = *backlog;
  return result;
}

namespace store_internal {

namespace {}  // namespace

std::optional<StoreError> CheckAuditEntry(const AuditEntry& entry, std::string_view context) {
  if (auto error = CheckActor(entry.actor, context)) return error;
  if (entry.action.empty()) {
    return MakeError(StoreErrorKind::kInvalid, context, "thiếu hành động (no action)");
  }
  for (std::string_view text :
       {std::string_view(entry.action), std::string_view(entry.subject),
        std::string_view(entry.detail_json), std::string_view(entry.actor.user),
        std::string_view(entry.actor.address)}) {
    if (text.find('\0') != std::string_view::npos ||
        FirstInvalidUtf8(text) != std::string_view::npos) {
      return MakeError(StoreErrorKind::kInvalid, context,
                       "văn bản chứa ký tự NUL hoặc không phải UTF-8 (a NUL character or text "
                       "that is not UTF-8)");
    }
  }
  return std::nullopt;
}

StoreError InsideUnitOfWorkError(std::string_view context) {
  return MakeError(StoreErrorKind::kInvalid, context,
                   "phải chạy riêng, không trong một đơn vị công việc (runs on its own, never "
                   "inside a unit of work)");
}

std::vector<AuditSeal> ChainSeals(const AuditHead& head, std::span<const AuditEntry> entries) {
  std::vector<AuditSeal> seals;
  seals.reserve(entries.size());
  int64_t seq = head.seal_seq;
  std::string prev = head.hash.empty() ? std::string(kAuditGenesisHash) : head.hash;
  for (const AuditEntry& entry : entries) {
    std::string hash = AuditEntryHash(entry, prev);
    seals.push_back(AuditSeal{entry.id, ++seq, prev, hash});
    prev = std::move(hash);
  }
  return seals;
}

}  // namespace store_internal

}  // namespace kieumau

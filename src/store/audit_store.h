// The audit trail in the store: an append-only log of every write (who, when, from where, what,
// the values before and after), each entry appended in the same transaction as the change it
// records, and linked afterwards into a tamper-evident hash chain by one sealer at a time.
//
// Two steps, so that writers never queue behind each other for the chain:
//   1. Append (inside the writer's own unit of work): the entry gets its id from the database
//      (SQLite AUTOINCREMENT, a PostgreSQL identity) and no seal. Nothing is locked but the new
//      row: writers of different units do not wait for each other.
//   2. Seal (a transaction of its own, one sealer at a time: PostgreSQL locks the `audit_head` row,
//      SQLite's single writer serialises): the committed entries not yet sealed are taken in id
//      order and linked into the chain in that order — entry n gets seal_seq n, prev_hash = the
//      hash of entry n − 1 (64 zeros for the first) and hash = SHA-256 of its fields and prev_hash
//      (AuditEntryHash) — and `audit_head` records the last seal_seq and hash. An id taken by a
//      transaction still in flight when a higher id is sealed is sealed later, after it: the chain
//      is in seal order, not id order.
//
// VerifyAuditChain walks the chain in seal order and names the first entry altered (its hash no
// longer matches its fields), removed (a seal_seq missing, a link naming no entry, the chain ending
// before the head) or inserted (a link that skips it, a seal_seq past the head). What it cannot
// see: entries not sealed yet (they can be changed unseen until they are), and a rewrite of the
// chain and its head together by someone who can write to the database (the hash has no secret):
// record the head it reports elsewhere (VerifyAuditChain's `anchor`) to pin everything up to it.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "store/store.h"

namespace kieumau {

// One entry of the trail. `detail_json` is a JSON object (kept byte for byte): what changed, the
// values before and after. The seal fields are empty until the sealer links the entry in.
struct AuditEntry {
  int64_t id = 0;  // assigned by Append
  Timestamp at;
  WriteActor actor;                // who, through what, from where
  std::string action;              // a short key: "facts.put", "user.create", "access.refused", …
  std::optional<int64_t> unit_id;  // the unit the entry is about, when it is about one
  std::string subject;  // what it is about, in a few words (a year, a username, a request)
  std::string detail_json = "{}";
  std::optional<int64_t> seal_seq;  // its place in the chain, from 1
  std::string prev_hash;            // the hash of the entry before it in the chain
  std::string hash;                 // SHA-256 (hex) of its fields and prev_hash
  // False when a stored actor kind or channel is no known key (a row changed outside the program):
  // the entry is then not what was sealed.
  bool readable = true;

  bool operator==(const AuditEntry&) const = default;
};

// Which entries List answers: those matching every filter given, with id > after_id, in id order
// (the order they were written), at most `limit` (1 to 1000).
struct AuditFilter {
  std::optional<int64_t> unit_id = {};
  std::optional<std::string> user = {};  // WriteActor::user of the entries' actor
  std::optional<Timestamp> from = {};    // at >= from
  std::optional<Timestamp> to = {};      // at < to
  int64_t after_id = 0;
  int64_t limit = 100;
};

// The end of the chain as the last seal left it: seal_seq 0 and 64 zeros before any.
struct AuditHead {
  int64_t seal_seq = 0;
  std::string hash;
  Timestamp sealed_at;
  bool operator==(const AuditHead&) const = default;
};

// The entries waiting for the sealer.
struct AuditBacklog {
  int64_t count = 0;
  std::optional<int64_t> oldest_id;
  std::optional<Timestamp> oldest_at;
};

// The repository (Store::audit()), on the store's own connection. Errors as the rest of the store:
// an entry with a bad actor (CheckActor), an empty action, a detail that is not a JSON object, or a
// NUL character in its texts is kInvalid. Nothing of it is reported to the change feed.
class AuditStore {
 public:
  virtual ~AuditStore() = default;

  // Appends an unsealed entry (inside a unit of work: joins it) and answers its id. AppendAll
  // appends several, all or none, their ids rising in the order given.
  virtual StoreResult<int64_t> Append(const AuditEntry& entry) = 0;
  virtual StoreStatus AppendAll(std::span<const AuditEntry> entries) = 0;

  virtual StoreResult<std::vector<AuditEntry>> List(const AuditFilter& filter) = 0;

  // Seals up to `limit` committed unsealed entries, in id order, after the head; `at` is recorded
  // as the head's time. Its own transaction: inside a unit of work it is kInvalid. One sealer at a
  // time on the database (others wait for it, then find what it sealed done). Answers how many it
  // sealed (0 when there was none, without taking any lock).
  virtual StoreResult<int64_t> Seal(int64_t limit, Timestamp at) = 0;

  // The chain in seal order: the sealed entries with seal_seq > after_seq, at most `limit`.
  virtual StoreResult<std::vector<AuditEntry>> Sealed(int64_t after_seq, int64_t limit) = 0;
  virtual StoreResult<AuditHead> Head() = 0;
  virtual StoreResult<AuditBacklog> Backlog() = 0;
};

// The hash of the first entry's predecessor: 64 zeros.
inline constexpr std::string_view kAuditGenesisHash =
    "0000000000000000000000000000000000000000000000000000000000000000";

// SHA-256 (hex) of the entry's id, at, actor (kind, user, channel, address), action, unit,
// subject, detail and `prev_hash`, each field as "<byte length>:<bytes>;" after the version tag
// "kieumau-audit-1;" — the hash the sealer stores and the verifier recomputes. seal_seq is not
// part of it: the links (prev_hash) fix the order.
std::string AuditEntryHash(const AuditEntry& entry, std::string_view prev_hash);

// Seals up to `batch` entries at a time until none is left; answers how many were sealed.
StoreResult<int64_t> SealAll(AuditStore& audit, Timestamp at, int64_t batch = 1000);

// What VerifyAuditChain found.
struct AuditProblem {
  enum class Kind { kAltered, kRemoved, kInserted };
  Kind kind = Kind::kAltered;
  int64_t seal_seq = 0;       // where in the chain
  std::optional<int64_t> id;  // the entry named, when there is one
  std::string message;        // Vietnamese, then English in parentheses
};
std::string_view AuditProblemKindKey(AuditProblem::Kind kind);  // "altered", "removed", …

struct AuditVerification {
  int64_t checked = 0;  // sealed entries whose hash and link were checked
  AuditHead head;       // as read at the end
  AuditBacklog unsealed;
  std::optional<AuditProblem> problem;  // the first, in chain order; none: the chain is whole
  bool ok() const { return !problem; }
};

// A head recorded earlier (seal_seq and hash): the entry of that seal_seq must still have that
// hash, which pins every entry up to it even against a rewrite of the whole chain.
struct AuditAnchor {
  int64_t seal_seq = 0;
  std::string hash;
};

// Walks the whole chain in seal order (in pages, reading only) and stops at the first problem.
// Entries sealed while it runs are checked too.
StoreResult<AuditVerification> VerifyAuditChain(AuditStore& audit,
                                                const std::optional<AuditAnchor>& anchor = {});

}  // namespace kieumau

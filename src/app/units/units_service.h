// Units with their dated history, as the API asks for them: every unit on a date (under a unit, of
// a level and a kind), and one unit on a date with its path, children, lineage and names.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/context.h"
#include "units/unit.h"

namespace kieumau::app {

// A unit as it was on a date.
struct UnitSummary {
  UnitId id = 0;  // the unit's identity: a code may pass to another unit on a later date
  std::string code;
  std::string name;
  Level level = Level::kCommune;
  std::optional<UnitKind> kind;
  std::optional<std::string> parent_code;
  std::optional<int64_t> population;
  std::optional<double> area_m2;
};

struct UnitsQuery {
  std::optional<Date> as_of;  // today when empty
  std::string within;         // a unit code; empty for the whole country
  std::optional<Level> level;
  std::optional<UnitKind> kind;
  // What a user typed to find a unit by name or code, with or without diacritics (text/
  // search_query.h): "tien ninh ve" finds "Phường Tiền Ninh Vệ", "hoa" both "Hòa" and "Hoà". With
  // a query the units come best match first, else by code.
  std::string q;
};

struct UnitList {
  Date as_of;
  std::vector<UnitSummary> units;  // by code
};

struct UnitName {
  std::string code;
  std::string name;
};

// A predecessor or successor: the other unit, named as it was just before (a predecessor) or just
// after (a successor) the link.
struct LineageEntry {
  UnitId id = 0;
  std::string code;
  std::string name;
  Date date;
  LinkKind kind = LinkKind::kMerge;
  Share share = Share::kWhole;
  bool certain = true;
  std::string basis;  // how the link is known (LineageLink::basis)
  // A link the data only inferred that a person confirmed (now certain): who, through what, when.
  std::optional<LinkConfirmationRecord> confirmation;
  std::string confirmed_by;  // the confirmer's username, when a user
};

// A name in a merger text that the register could not resolve to an old commune: listed, never
// guessed (lineage-unmatched.csv rows without a resolved code).
struct UnresolvedName {
  std::string text;        // the name as the merger text has it
  std::string reason;      // why it is not resolved ("ambiguous", "no_candidate", …)
  std::string candidates;  // the candidates the register considered, as it gives them
};

struct UnitDetail {
  UnitId id = 0;
  std::string code;
  Level level = Level::kCommune;
  Date from;
  std::optional<Date> to;
  Date as_of;
  bool exists = false;
  // When it exists on the date:
  std::optional<UnitSummary> state;
  std::vector<UnitName> path;  // from the province down to the unit
  std::vector<UnitName> children;
  std::vector<LineageEntry> predecessors;
  std::vector<LineageEntry> successors;
  std::vector<Dated<std::string>> names;
  // Names of the merger text that formed the unit which the register could not resolve: its
  // lineage may lack those predecessors.
  std::vector<UnresolvedName> unresolved;
};

// The national register the database holds, and what it could not resolve.
struct RegisterView {
  std::string release;  // the release text the database records (empty when none)
  struct Entry {
    std::optional<UnitId> unit;  // the new unit named by the row (when it is in the database)
    std::string code, name, province;
    UnresolvedName name_in_text;
  };
  std::vector<Entry> unresolved;  // in the register's order
};

class UnitsService {
 public:
  explicit UnitsService(Context& context) : context_(context) {}

  // The units `scope` covers among those the query asks for.
  ProblemOr<UnitList> List(const UnitsQuery& query, const Scope& scope);
  // The unit the code meant on the date (World::UnitMeant): found whether or not it exists then;
  // "not found" outside `scope`.
  ProblemOr<UnitDetail> Get(std::string_view code, std::optional<Date> as_of, const Scope& scope);
  // The register's release and the names its lineage could not resolve (those of the register
  // built into the program: a newer one applied with `kieumau register apply` may resolve more).
  ProblemOr<RegisterView> Register();

 private:
  Context& context_;
};

}  // namespace kieumau::app

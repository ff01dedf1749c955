// The criteria sets the server scores with, each with the SHA-256 of its file (stored with every
// scorecard computed from it). Loaded once at start and only read afterwards.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/problem.h"
#include "engine/rubric.h"
#include "engine/unit_kind.h"

namespace kieumau::app {

struct RubricRef {
  const Rubric* rubric = nullptr;
  std::string hash;
};

class Rubrics {
 public:
  Rubrics() = default;
  explicit Rubrics(std::vector<RubricRef> refs) : refs_(std::move(refs)) {}

  const std::vector<RubricRef>& all() const { return refs_; }
  // The criteria set `id`, or null.
  const RubricRef* Find(std::string_view id) const;
  // The criteria set `id`, or "no such criteria set" — the one place that says it.
  ProblemOr<const RubricRef*> Get(std::string_view id) const;

 private:
  std::vector<RubricRef> refs_;
};

// "Bộ tiêu chí … không áp dụng cho …": the criteria set does not judge this kind of unit.
Problem WrongKind(const Rubric& rubric, std::string_view unit_name, std::optional<UnitKind> kind);

}  // namespace kieumau::app

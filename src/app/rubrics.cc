#include "app/rubrics.h"

#include "engine/excerpt.h"

namespace kieumau::app {

const RubricRef* Rubrics::Find(std::string_view id) const {
  for (const RubricRef& ref : refs_)
    if (ref.rubric->id == id) return &ref;
  return nullptr;
}

ProblemOr<const RubricRef*> Rubrics::Get(std::string_view id) const {
  if (const RubricRef* ref = Find(id)) return ref;
  return Problem{ErrorCode::kNotFound,
                 "Không có bộ tiêu chí \"" + Excerpt(id) + "\" (no such rubric)"};
}

Problem WrongKind(const Rubric& rubric, std::string_view unit_name, std::optional<UnitKind> kind) {
  return Problem{ErrorCode::kWrongKind,
                 "Bộ tiêu chí " + rubric.id + " không áp dụng cho " + std::string(unit_name) +
                     " (" + (kind ? std::string(UnitKindLabel(*kind)) : "không phải cấp xã") +
                     ") (the rubric does not apply to this unit's kind)"};
}

}  // namespace kieumau::app

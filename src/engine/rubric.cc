#include "engine/rubric.h"

#include <algorithm>

namespace kieumau {

void Rubric::Finalize() {
  for (Item& item : items) {
    item.has_manual = false;
    for (UnitKind kind : kAllUnitKinds) {
      const auto k = static_cast<size_t>(kind);
      std::vector<Ref>& refs = item.needs[k];
      refs.clear();
      bool manual = false;
      item.rule->CollectNeeds(kind, refs, &manual);
      std::sort(refs.begin(), refs.end());
      refs.erase(std::unique(refs.begin(), refs.end()), refs.end());
      item.needs_manual[k] = manual;
      item.has_manual = item.has_manual || manual;
    }
  }
  max = Points();
  for (Criterion& criterion : criteria) {
    criterion.max = Points();
    for (size_t i = 0; i < criterion.item_count; ++i) {
      criterion.max += items[criterion.first_item + i].points;
    }
  }
  for (Group& group : groups) {
    group.max = Points();
    for (size_t i = 0; i < group.criterion_count; ++i) {
      group.max += criteria[group.first_criterion + i].max;
    }
    max += group.max;
  }
}

bool Rubric::AppliesTo(UnitKind kind) const {
  return std::find(unit_kinds.begin(), unit_kinds.end(), kind) != unit_kinds.end();
}

int Rubric::FindItem(std::string_view item_id) const {
  for (size_t i = 0; i < items.size(); ++i) {
    if (items[i].id == item_id) return static_cast<int>(i);
  }
  return -1;
}

std::vector<int> Rubric::PriorSlots(UnitKind kind) const {
  std::vector<int> slots;
  auto add = [&slots](const std::vector<Ref>& refs) {
    for (const Ref& ref : refs) {
      if (ref.prior) slots.push_back(ref.slot);
    }
  };
  for (const Item& item : items) {
    add(item.needs[static_cast<size_t>(kind)]);
    if (item.na_when) add(item.na_when->refs());
  }
  for (const Veto& veto : vetoes)
    add(veto.when.refs());
  std::sort(slots.begin(), slots.end());
  slots.erase(std::unique(slots.begin(), slots.end()), slots.end());
  return slots;
}

}  // namespace kieumau

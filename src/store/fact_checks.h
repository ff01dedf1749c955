// The check a batch of facts passes before it is stored: every indicator in the catalogue, every
// value one its indicator accepts (CheckValue). The store itself checks only what both backends
// must refuse alike.
#pragma once

#include <optional>
#include <span>

#include "engine/catalogue.h"
#include "store/store.h"

namespace kieumau {

// Nothing when every write is acceptable; otherwise kInvalid naming the first write refused (unit,
// indicator, year and why). Erasures pass whenever their indicator is known. Relations between
// indicators (`le`) need a unit's other values and are not checked here.
std::optional<StoreError> CheckFactWrites(const Catalogue& catalogue,
                                          std::span<const FactWrite> batch);

}  // namespace kieumau

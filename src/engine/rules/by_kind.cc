#include "engine/rules/by_kind.h"

namespace kieumau {

using namespace std::string_view_literals;

void ByKindRule::CollectNeeds(UnitKind kind, std::vector<Ref>& refs, bool* manual) const {
  if (const Rule* branch = Branch(kind)) branch->CollectNeeds(kind, refs, manual);
}

Points ByKindRule::Judge(JudgeContext& ctx) const {
  const Rule* branch = Branch(ctx.unit.kind);
  if (ctx.reason != nullptr) {
    *ctx.reason += branch ? "["sv : "không áp dụng cho loại đơn vị "sv;
    *ctx.reason += UnitKindLabel(ctx.unit.kind);
    *ctx.reason += branch ? "] "sv : " (not applicable to kind)"sv;
  }
  return branch ? branch->Judge(ctx) : Points();
}

void ByKindRule::Lint(std::vector<Diagnostic>& out) const {
  // An aliased branch (YAML anchors) is a distinct object here, so each warning is reported per
  // kind listed; report a shared shape once by skipping branches whose warnings repeat the ones
  // already found.
  for (const auto& branch : branches_) {
    if (!branch) continue;
    std::vector<Diagnostic> found;
    branch->Lint(found);
    for (Diagnostic& diagnostic : found) {
      bool seen = false;
      for (const Diagnostic& have : out) {
        seen = seen || (have.line == diagnostic.line && have.message == diagnostic.message);
      }
      if (!seen) out.push_back(std::move(diagnostic));
    }
  }
}

}  // namespace kieumau

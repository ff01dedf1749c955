#include "engine/rules/by_kind.h"

namespace kieumau {

void ByKindRule::CollectNeeds(UnitKind kind, std::vector<Ref>& refs, bool* manual) const {
  if (const Rule* branch = Branch(kind)) branch->CollectNeeds(kind, refs, manual);
}

Verdict ByKindRule::Judge(JudgeContext& ctx) const {
  const Rule* branch = Branch(ctx.unit.kind);
  const std::string label(UnitKindLabel(ctx.unit.kind));
  if (branch == nullptr) {
    return Verdict{Points(),
                   "không áp dụng cho loại đơn vị " + label + " (not applicable to kind)"};
  }
  Verdict verdict = branch->Judge(ctx);
  verdict.reason = "[" + label + "] " + verdict.reason;
  return verdict;
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

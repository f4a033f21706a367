"""The Go/No-Go decision: GO only when every ``must`` criterion holds and everything was judged.

``should`` and ``nice`` criteria that do not hold are advisories: listed, never blocking. A
checklist without criteria needs every item to hold.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from policycheck.model import ScanError
from policycheck.readiness.rollup import ItemResult, SectionResult, count

EXIT_GO, EXIT_NO_GO, EXIT_INCOMPLETE = 0, 1, 2


@dataclass(frozen=True, slots=True)
class Decision:
    go: bool
    complete: bool
    """False when a file, source or policy could not be judged."""
    reasons: tuple[str, ...]
    """Why the decision is NO-GO."""
    advisories: tuple[str, ...]
    """``should`` and ``nice`` criteria that do not hold."""

    @property
    def status(self) -> str:
        return "GO" if self.go else "NO-GO"

    @property
    def exit_code(self) -> int:
        if not self.complete:
            return EXIT_INCOMPLETE
        return EXIT_GO if self.go else EXIT_NO_GO


def _why(tier: str, result: ItemResult) -> str:
    because = "; ".join(result.reasons)
    return f"{tier}: {result.item.text}: {result.state.label}" + (f" ({because})" if because else "")


def decide(sections: Sequence[SectionResult], errors: Sequence[ScanError]) -> Decision:
    reasons: list[str] = []
    if errors:
        reasons.append(f"{count(len(errors), 'file or source')} could not be judged (see errors)")
    tiers = [g for s in sections for g in s.groups if g.group.tier]
    advisories = [_why(g.group.title, r) for g in tiers if g.group.tier != "must"
                  for r in g.items if not r.state.holds]
    if tiers:
        reasons += [_why(g.group.title, r) for g in tiers if g.group.tier == "must"
                    for r in g.items if not r.state.holds]
    else:
        reasons += [_why(r.item.section, r) for s in sections for r in s.items()
                    if not r.state.holds]
    return Decision(not reasons, not errors, tuple(reasons), tuple(advisories))

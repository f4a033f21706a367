"""The readiness report every renderer receives: item states by section, the decision, and
where the evidence came from."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from policycheck import __version__
from policycheck.checklist import Checklist
from policycheck.model import ScanError
from policycheck.readiness.attestations import Attestation
from policycheck.readiness.decision import Decision, decide
from policycheck.readiness.evidence import Evidence
from policycheck.readiness.rollup import GroupResult, ItemResult, SectionResult, State, roll_up, state_counts


@dataclass(frozen=True, slots=True)
class Readiness:
    checklist: Checklist
    sections: tuple[SectionResult, ...]
    decision: Decision
    evidence: tuple[Evidence, ...]
    today: date
    attestations_file: str | None = None
    notes: tuple[str, ...] = ()
    """Warnings of the roll-up itself (attestations that evidence made unnecessary)."""
    version: str = __version__

    def items(self) -> Iterator[ItemResult]:
        for section in self.sections:
            yield from section.items()

    def result(self, item_id: str) -> ItemResult:
        """The result of one item; KeyError if the checklist has no such item."""
        found = next((r for r in self.items() if r.item.id == item_id), None)
        if found is None:
            raise KeyError(item_id)
        return found

    def criteria(self) -> list[GroupResult]:
        """The tier groups (Go/No-Go criteria), in document order."""
        return [g for s in self.sections for g in s.groups if g.group.tier]

    @property
    def counts(self) -> dict[State, int]:
        return state_counts(self.items())

    @property
    def automated(self) -> int:
        return sum(bool(r.policies) for r in self.items())

    @property
    def errors(self) -> list[ScanError]:
        return [error for e in self.evidence for error in e.errors]

    @property
    def warnings(self) -> list[str]:
        return [*(w for e in self.evidence for w in e.warnings), *self.notes]


def assess(checklist: Checklist, evidence: Sequence[Evidence],
           attestations: Mapping[str, Attestation], coverage: Mapping[str, Sequence[str]], *,
           today: date, unknown_fails: bool = False,
           attestations_file: str | None = None) -> Readiness:
    """Roll ``evidence`` and ``attestations`` up over ``checklist`` and decide Go/No-Go.
    ``coverage`` maps item IDs to the policies that name them (the registry's metadata)."""
    sections, notes = roll_up(checklist, evidence, attestations, coverage, today=today,
                              unknown_fails=unknown_fails)
    errors = [error for e in evidence for error in e.errors]
    return Readiness(checklist, sections, decide(sections, errors), tuple(evidence), today,
                     attestations_file, tuple(notes))

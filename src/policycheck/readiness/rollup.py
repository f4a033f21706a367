"""Rolling evidence and attestations up into one state per checklist item.

Evidence decides first: an unsuppressed FAIL (or UNKNOWN with ``--unknown fail``) makes the
item FAIL whatever an attestation says (accept a risk with a suppression instead); passes make
it PASS; policies that ran and produced no finding at all make it NOT APPLICABLE. Attestations
answer what evidence leaves open: manual items, items whose policies did not run and items left
undecided by UNKNOWN verdicts (ATTESTED, or EXPIRED after ``until``). Anything else is OPEN.
A Go/No-Go criterion is derived from the items it requires, the findings at or above its
threshold, the policies that name it directly and, if it asks for one, its own attestation.
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date

from policycheck.checklist import Checklist, ChecklistItem, Group, Section
from policycheck.model import Finding, Verdict
from policycheck.readiness.attestations import Attestation
from policycheck.readiness.evidence import Evidence


class State(enum.StrEnum):
    PASS = "pass"
    FAIL = "fail"
    NOT_APPLICABLE = "not_applicable"
    ATTESTED = "attested"
    EXPIRED = "expired"
    OPEN = "open"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").upper()

    @property
    def holds(self) -> bool:
        """Whether the item is answered: passed, not applicable or attested."""
        return self in (State.PASS, State.NOT_APPLICABLE, State.ATTESTED)


PRECEDENCE = (State.FAIL, State.EXPIRED, State.OPEN, State.PASS, State.ATTESTED,
              State.NOT_APPLICABLE)
"""Worst first: the status of a group of items is the first of these any item has."""


def overall(states: Iterable[State]) -> State:
    present = set(states)
    return next((s for s in PRECEDENCE if s in present), State.NOT_APPLICABLE)


def count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def some(names: Sequence[str], shown: int = 3) -> str:
    """The first ``shown`` names, then how many more."""
    more = f", +{len(names) - shown} more" if len(names) > shown else ""
    return ", ".join(names[:shown]) + more


@dataclasses.dataclass(frozen=True, slots=True)
class ItemResult:
    item: ChecklistItem
    state: State
    policies: tuple[str, ...] = ()
    """The policies that provide evidence for the item (it is automated when there are any)."""
    failing: tuple[Finding, ...] = ()
    undecided: tuple[Finding, ...] = ()
    """UNKNOWN verdicts that do not fail (without ``--unknown fail``)."""
    accepted: tuple[Finding, ...] = ()
    """Suppressed (inline or baseline) FAIL and UNKNOWN findings."""
    passed: int = 0
    attestation: Attestation | None = None
    reasons: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True, slots=True)
class GroupResult:
    group: Group
    items: tuple[ItemResult, ...]

    @property
    def status(self) -> State:
        return overall(r.state for r in self.items)


@dataclasses.dataclass(frozen=True, slots=True)
class SectionResult:
    section: Section
    groups: tuple[GroupResult, ...]

    def items(self) -> Iterator[ItemResult]:
        for group in self.groups:
            yield from group.items

    @property
    def status(self) -> State:
        return overall(r.state for r in self.items())


def state_counts(results: Iterable[ItemResult]) -> dict[State, int]:
    counts = dict.fromkeys(State, 0)
    for result in results:
        counts[result.state] += 1
    return counts


class _Judge:
    def __init__(self, checklist: Checklist, evidence: Sequence[Evidence],
                 attestations: Mapping[str, Attestation], coverage: Mapping[str, Sequence[str]],
                 today: date, unknown_fails: bool) -> None:
        self.checklist = checklist
        self.attestations = attestations
        self.coverage = coverage
        self.today = today
        self.unknown_fails = unknown_fails
        self.findings = [f for e in evidence for f in e.findings]
        self.ran = frozenset(p for e in evidence for p in e.policies)
        self.notes = [note for e in evidence for note in e.notes]
        self.by_item: dict[str, list[Finding]] = {}
        for finding in self.findings:
            for item_id in dict.fromkeys(finding.checklist):
                self.by_item.setdefault(item_id, []).append(finding)
        self.unused: list[str] = []

    def failing(self, finding: Finding) -> bool:
        return not finding.suppressed and (finding.verdict is Verdict.FAIL or (
            self.unknown_fails and finding.verdict is Verdict.UNKNOWN))

    def evidence(self, item: ChecklistItem) -> ItemResult:
        """The item judged on findings alone (OPEN when they do not decide it)."""
        found = self.by_item.get(item.id, [])
        policies = tuple(sorted({*self.coverage.get(item.id, ()), *(f.policy_id for f in found)}))
        failing = tuple(f for f in found if self.failing(f))
        undecided = tuple(f for f in found if f.verdict is Verdict.UNKNOWN and not f.suppressed
                          and not self.failing(f))
        accepted = tuple(f for f in found if f.suppressed and f.verdict is not Verdict.PASS)
        passed = sum(f.verdict is Verdict.PASS and not f.suppressed for f in found)
        not_run = [p for p in policies if p not in self.ran]
        reasons = [f"not run: {', '.join(not_run)}"] if not_run and len(not_run) < len(policies) \
            else []
        reasons += [line for item_id, line in self.notes if item_id == item.id]
        if accepted:
            reasons.append(f"{count(len(accepted), 'suppressed finding')} accepted")
        result = ItemResult(item, State.OPEN, policies, failing, undecided, accepted, passed)
        if failing:
            ids = ", ".join(dict.fromkeys(f.policy_id for f in failing))
            return dataclasses.replace(result, state=State.FAIL, reasons=(
                f"{count(len(failing), 'failing finding')} ({ids})", *reasons))
        if undecided:
            return dataclasses.replace(result, reasons=(
                f"{count(len(undecided), 'finding')} could not be decided (UNKNOWN): resolve "
                "the values or attest the item", *reasons))
        if not policies:
            return dataclasses.replace(result, reasons=("manual item: needs an attestation",))
        if len(not_run) == len(policies):
            return dataclasses.replace(result, reasons=(
                f"its policies did not run ({', '.join(policies)}): attest the item or run them",))
        if passed or accepted:
            return dataclasses.replace(result, state=State.PASS, reasons=tuple(reasons))
        return dataclasses.replace(result, state=State.NOT_APPLICABLE, reasons=(
            "no resource its policies judge was found", *reasons))

    def attested(self, result: ItemResult, attestation: Attestation | None) -> ItemResult:
        """``result`` answered by ``attestation`` when evidence left it open."""
        if attestation is None:
            return result
        if result.state is not State.OPEN:
            self.unused.append(f"{result.item.id}: the attestation by {attestation.by} is not "
                               f"used: evidence decides the item ({result.state.label})")
            return result
        if attestation.expired(self.today):
            return dataclasses.replace(result, state=State.EXPIRED, attestation=attestation,
                                       reasons=(f"the attestation by {attestation.by} expired on "
                                                f"{attestation.until}",))
        return dataclasses.replace(result, state=State.ATTESTED, attestation=attestation,
                                   reasons=())

    def item(self, item: ChecklistItem) -> ItemResult:
        return self.attested(self.evidence(item), self.attestations.get(item.id))

    def requirements(self, selectors: Sequence[str], results: Mapping[str, ItemResult]
                     ) -> tuple[list[ItemResult], list[tuple[State, str]]]:
        """The items ``selectors`` name, and what keeps them from holding."""
        required: list[ItemResult] = []
        conditions: list[tuple[State, str]] = []
        for selector in selectors:
            targets = [results[i.id] for i in self.checklist.selected(selector)]
            required += targets
            for state in (State.FAIL, State.EXPIRED, State.OPEN):
                ids = [r.item.id for r in targets if r.state is state]
                if ids and "/" in selector:
                    conditions.append((state, f"{selector} is {state.label}"))
                elif ids:
                    conditions.append((state, f"{self.checklist.label(selector)}: "
                                              f"{count(len(ids), 'item')} {state.label}: {some(ids)}"))
        return required, conditions

    def criterion(self, item: ChecklistItem, results: Mapping[str, ItemResult]) -> ItemResult:
        rule = item.criterion
        assert rule is not None
        own = self.evidence(item)
        required, conditions = self.requirements(rule.requires, results)
        if own.policies and own.state in (State.FAIL, State.OPEN):
            conditions += [(own.state, f"own evidence: {reason}") for reason in own.reasons]
        failing = own.failing
        if rule.no_failures_at_or_above is not None:
            over = [f for f in self.findings
                    if self.failing(f) and f.severity >= rule.no_failures_at_or_above]
            if over:
                policies = some(sorted({f.policy_id for f in over}), 5)
                conditions.append((State.FAIL, f"{count(len(over), 'failing finding')} at or above "
                                               f"{rule.no_failures_at_or_above}: {policies}"))
                failing = tuple(dict.fromkeys([*failing, *over]))
        attestation = self.attestations.get(item.id) if rule.attest else None
        if rule.attest:
            answered = self.attested(dataclasses.replace(own, state=State.OPEN), attestation)
            if answered.state is State.OPEN:
                conditions.append((State.OPEN, "needs an attestation of the criterion itself"))
            elif answered.state is State.EXPIRED:
                conditions += [(State.EXPIRED, r) for r in answered.reasons]
        states = {state for state, _ in conditions}
        if states:
            state = overall(states)
        elif rule.attest:
            state = State.ATTESTED
        elif required and all(r.state is State.NOT_APPLICABLE for r in required) \
                and own.state is not State.PASS:
            state = State.NOT_APPLICABLE
        else:
            state = State.PASS
        return ItemResult(item, state, own.policies, failing, own.undecided, own.accepted,
                          own.passed, attestation, tuple(reason for _, reason in conditions))


def roll_up(checklist: Checklist, evidence: Sequence[Evidence],
            attestations: Mapping[str, Attestation], coverage: Mapping[str, Sequence[str]], *,
            today: date, unknown_fails: bool = False) -> tuple[tuple[SectionResult, ...], list[str]]:
    """The state of every item, by section and group, and warnings about attestations that
    evidence made unnecessary. ``coverage`` maps item IDs to the policies that name them."""
    judge = _Judge(checklist, evidence, attestations, coverage, today, unknown_fails)
    results = {i.id: judge.item(i) for i in checklist.items() if i.criterion is None}
    for item in checklist.items():
        if item.criterion is not None:
            results[item.id] = judge.criterion(item, results)
    sections = tuple(
        SectionResult(section, tuple(GroupResult(g, tuple(results[i.id] for i in g.items))
                                     for g in section.groups))
        for section in checklist.sections
    )
    return sections, judge.unused

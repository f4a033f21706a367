"""The outcome of a run, as every reporter receives it."""

from __future__ import annotations

from dataclasses import dataclass, field

from policycheck import __version__
from policycheck.engine.policy import Policy
from policycheck.engine.shard import Shard
from policycheck.model import Finding, NotAssessed, ScanError, Severity, Verdict


@dataclass(frozen=True, slots=True)
class Summary:
    files: int
    resources: int
    passed: int
    failed: int
    unknown: int
    suppressed: int
    errors: int


@dataclass(frozen=True, slots=True)
class DriftSummary:
    """How declared (state, plan, manifests) and live resources compare, over the covered types."""

    managed: int
    """Live resources that a declared resource matches."""
    missing: int
    """Declared resources with no live counterpart (PC-DRIFT-001)."""
    unmanaged: int
    """Live resources of a covered type that nothing declares (PC-DRIFT-002)."""
    drifted: int
    """Managed resources whose live attributes differ (PC-DRIFT-003/004)."""
    live: int
    """Every live resource of the covered types (managed + unmanaged)."""
    ignored: int = 0
    """Live resources a drift-ignore entry excluded."""

    @property
    def coverage(self) -> float:
        """Percentage of the live resources of the covered types that IaC manages."""
        return round(100.0 * self.managed / self.live, 1) if self.live else 100.0

    def as_dict(self) -> dict[str, int | float]:
        return {"managed": self.managed, "missing": self.missing, "unmanaged": self.unmanaged,
                "drifted": self.drifted, "live": self.live, "ignored": self.ignored,
                "coverage": self.coverage}


@dataclass(slots=True)
class ScanReport:
    """Findings of every verdict (passes included), errors, warnings and the policies that ran.

    ``findings`` is sorted by file, line, policy ID and resource; reporters keep that order.
    Suppressed findings are kept with ``suppressed=True``.
    """

    findings: list[Finding]
    errors: list[ScanError]
    policies: list[Policy]
    files: int
    resources: int
    warnings: list[str] = field(default_factory=list)
    fail_on: Severity = Severity.HIGH
    unknown_fails: bool = False
    errors_fail: bool = True
    """Whether scan errors make the exit code 2 (``--no-fail-on-error`` turns this off)."""
    version: str = __version__
    live: bool = False
    """A live audit or drift run: reports list ``not_assessed`` (even when empty)."""
    not_assessed: list[NotAssessed] = field(default_factory=list)
    drift: DriftSummary | None = None
    shard: Shard | None = None
    """The part of a sharded live run this report covers (``policycheck merge`` joins them)."""
    api_calls: dict[str, int] = field(default_factory=dict)
    """Live API calls made, by service (for ``--metrics-file``)."""
    api_throttles: dict[str, int] = field(default_factory=dict)
    """Live API calls that were throttled and retried, by service."""
    totals: Summary | None = None
    """Counts carried over from saved reports (a merged report's findings may lack the passes)."""
    unlisted_passes: dict[str, int] = field(default_factory=dict)
    """Passes judged but not kept in ``findings`` (the run was not asked to list them), by
    policy ID."""

    @property
    def summary(self) -> Summary:
        if self.totals is not None:
            return self.totals
        live = [f for f in self.findings if not f.suppressed]
        return Summary(
            files=self.files,
            resources=self.resources,
            passed=sum(f.verdict is Verdict.PASS for f in live) + sum(self.unlisted_passes.values()),
            failed=sum(f.verdict is Verdict.FAIL for f in live),
            unknown=sum(f.verdict is Verdict.UNKNOWN for f in live),
            suppressed=sum(f.suppressed for f in self.findings),
            errors=len(self.errors),
        )

    def visible(self, show_passed: bool) -> list[Finding]:
        """Findings a reporter lists: failures and unknowns, plus passes when asked."""
        return [f for f in self.findings if show_passed or f.verdict is not Verdict.PASS]

    def gating(self, finding: Finding) -> bool:
        """Whether this finding alone makes the run exit 1."""
        if finding.suppressed or finding.severity < self.fail_on:
            return False
        return finding.verdict is Verdict.FAIL or (
            self.unknown_fails and finding.verdict is Verdict.UNKNOWN
        )

    @property
    def exit_code(self) -> int:
        if (self.errors or self.not_assessed) and self.errors_fail:
            return 2
        return 1 if any(self.gating(f) for f in self.findings) else 0

"""The outcome of a run, as every reporter receives it."""

from __future__ import annotations

from dataclasses import dataclass, field

from policycheck import __version__
from policycheck.engine.policy import Policy
from policycheck.model import Finding, ScanError, Severity, Verdict


@dataclass(frozen=True, slots=True)
class Summary:
    files: int
    resources: int
    passed: int
    failed: int
    unknown: int
    suppressed: int
    errors: int


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

    @property
    def summary(self) -> Summary:
        live = [f for f in self.findings if not f.suppressed]
        return Summary(
            files=self.files,
            resources=self.resources,
            passed=sum(f.verdict is Verdict.PASS for f in live),
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
        if self.errors and self.errors_fail:
            return 2
        return 1 if any(self.gating(f) for f in self.findings) else 0

"""Applying inline suppressions and baselines to findings."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path

from policycheck.errors import PolicycheckError
from policycheck.model import Finding, Resource, Suppression, Verdict

BASELINE_VERSION = 1


class BaselineError(PolicycheckError, ValueError):
    """A baseline file that cannot be read."""


def apply_inline(findings: list[Finding], resources: Iterable[Resource],
                 ran: Mapping[str, Collection[str]], today: date) -> tuple[list[Finding], list[str]]:
    """Mark findings covered by an active inline suppression; warn on expired ones, and on
    unused ones of policies that ran (``ran``: policy ID -> the sources it judges) on a
    resource of a source the policy judges."""
    by_resource: dict[tuple[str, str], tuple[Suppression, ...]] = {
        (r.source, r.address): r.suppressions for r in resources if r.suppressions
    }
    used: set[int] = set()
    warnings: list[str] = []
    marked: list[Finding] = []
    for finding in findings:
        match = None
        if finding.verdict is not Verdict.PASS:
            for suppression in by_resource.get((finding.source, finding.resource), ()):
                if suppression.policy_id == finding.policy_id:
                    used.add(id(suppression))
                    if suppression.active(today):
                        match = suppression
                        break
        if match is None:
            marked.append(finding)
        else:
            marked.append(dataclasses.replace(finding, suppressed=True,
                                              suppression_reason=match.reason))
    for (source, _), suppressions in by_resource.items():
        for suppression in suppressions:
            if source not in ran.get(suppression.policy_id, ()):
                continue
            if id(suppression) not in used:
                warnings.append(f"{suppression.location}: ignore of {suppression.policy_id} "
                                "matches no finding")
            elif not suppression.active(today):
                warnings.append(f"{suppression.location}: ignore of {suppression.policy_id} "
                                f"expired on {suppression.until}; the finding is reported")
    return marked, warnings


def baseline_key(finding: Finding) -> tuple[str, str, str]:
    return (finding.policy_id, finding.resource, Path(finding.location.file).as_posix())


def write_baseline(path: Path, findings: Sequence[Finding]) -> None:
    """Record every unsuppressed FAIL/UNKNOWN finding, keyed without line numbers."""
    entries = sorted({baseline_key(f) for f in findings
                      if f.verdict is not Verdict.PASS and not f.suppressed})
    data = {"version": BASELINE_VERSION,
            "findings": [{"policy_id": p, "resource": r, "file": f} for p, r, f in entries]}
    path.write_text(json.dumps(data, indent=2) + "\n", "utf-8")


def read_baseline(path: Path) -> set[tuple[str, str, str]]:
    """Keys of a baseline file; raises BaselineError with the reason when it is not one."""
    try:
        data = json.loads(path.read_text("utf-8"))
        return {(e["policy_id"], e["resource"], e["file"]) for e in data["findings"]}
    except (OSError, UnicodeDecodeError) as exc:
        raise BaselineError(f"{path}: cannot read baseline: {exc}") from None
    except (json.JSONDecodeError, KeyError, TypeError) as exc:
        raise BaselineError(f"{path}: not a policycheck baseline file ({exc})") from None


def apply_baseline(findings: list[Finding], keys: set[tuple[str, str, str]]) -> list[Finding]:
    return [
        dataclasses.replace(f, suppressed=True, suppression_reason="in baseline", baselined=True)
        if not f.suppressed and f.verdict is not Verdict.PASS and baseline_key(f) in keys
        else f
        for f in findings
    ]

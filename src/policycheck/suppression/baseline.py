"""Baselines: recording today's findings in a file, and suppressing the recorded ones later."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from pathlib import Path

from policycheck.errors import PolicycheckError
from policycheck.model import Finding, Verdict

BASELINE_VERSION = 1


class BaselineError(PolicycheckError, ValueError):
    """A baseline file that cannot be read."""


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

"""``policycheck merge``: saved JSON reports (the shards of one live run, or any reports) joined
into one report that every format renders, with one exit code.

Shards must all belong to one run (same run ID, shard count and tool version) and all be there,
each once; otherwise nothing is merged. Counts are summed from the reports' summaries (a report
saved without ``--show-passed`` lists no passes but still counts them).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from policycheck.engine.live import finding_order, not_assessed_order
from policycheck.engine.registry import Registry
from policycheck.engine.report import DriftSummary, ScanReport, Summary
from policycheck.errors import PolicycheckError
from policycheck.model import Severity
from policycheck.reporters.json_read import SavedReport, read_report

SUMMED = ("files", "resources", "passed", "failed", "unknown", "suppressed")


class MergeError(PolicycheckError):
    """Reports that cannot be merged: shards of different runs, a missing or repeated shard."""


@dataclass(frozen=True, slots=True)
class MergeOptions:
    fail_on: Severity = Severity.HIGH
    unknown_fails: bool = False


def check_shards(reports: Sequence[SavedReport]) -> None:
    """Refuse a mix of shards and whole reports, shards of several runs, a missing shard."""
    sharded = [r for r in reports if r.shard is not None]
    if not sharded:
        return
    if len(sharded) != len(reports):
        whole = ", ".join(str(r.path) for r in reports if r.shard is None)
        raise MergeError(f"{whole}: not a shard, but the other reports are shards of a run")
    first = sharded[0].shard or {}
    for report in sharded[1:]:
        shard = report.shard or {}
        for key in ("run", "count"):
            if shard.get(key) != first.get(key):
                raise MergeError(f"{report.path} is shard {shard.get('index')}/{shard.get('count')} of "
                                 f"run {shard.get('run')!r}, but {sharded[0].path} belongs to run "
                                 f"{first.get('run')!r} with {first.get('count')} shards")
    count = first.get("count")
    seen: dict[object, Path] = {}
    for report in sharded:
        index = (report.shard or {}).get("index")
        if index in seen:
            raise MergeError(f"{report.path} and {seen[index]} are both shard {index}/{count}")
        seen[index] = report.path
    missing = [str(i) for i in range(1, int(count or 0) + 1) if i not in seen]
    if missing:
        raise MergeError(f"shard(s) {', '.join(missing)} of {count} missing for run {first.get('run')!r}")


def _drift(reports: Sequence[SavedReport]) -> DriftSummary | None:
    parts = [r.drift for r in reports if r.drift is not None]
    if not parts:
        return None
    return DriftSummary(*(sum(getattr(p, name) for p in parts)
                          for name in ("managed", "missing", "unmanaged", "drifted", "live", "ignored")))


def merge_reports(paths: Sequence[Path], registry: Registry, options: MergeOptions) -> ScanReport:
    reports = [read_report(path) for path in paths]
    check_shards(reports)
    versions = {r.version for r in reports}
    if len(versions) > 1:
        raise MergeError(f"reports of different policycheck versions: {', '.join(sorted(versions))}")
    live = any(r.live for r in reports)
    findings = sorted({f for r in reports for f in r.findings},
                      key=finding_order if live else lambda f: (f.location.file, f.location.line,
                                                                 f.policy_id, f.resource))
    errors = sorted(dict.fromkeys(e for r in reports for e in r.errors), key=lambda e: (e.file, e.line))
    ran = {pid for r in reports for pid in r.policies} | {f.policy_id for f in findings}
    totals = Summary(**{key: sum(r.summary.get(key, 0) for r in reports) for key in SUMMED},
                     errors=len(errors))
    return ScanReport(
        findings=findings, errors=errors, policies=[p for p in registry if p.id in ran],
        files=totals.files, resources=totals.resources, fail_on=options.fail_on,
        unknown_fails=options.unknown_fails, version=versions.pop() if versions else "",
        live=live,
        not_assessed=sorted(dict.fromkeys(g for r in reports for g in r.not_assessed), key=not_assessed_order),
        drift=_drift(reports), totals=totals,
    )

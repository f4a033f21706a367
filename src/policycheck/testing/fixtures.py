"""The fixture-annotation runner, for built-in and user policies alike.

A fixture directory is scanned with the policies its annotations name. Annotations are comments
on the line before the line a finding must (or must not) point at::

    # ruleid: PC-AWS-070          the policy FAILs on the next line
    # ok: PC-AWS-070              no FAIL/UNKNOWN of it on the next line
    # unknown: PC-AWS-070         it reports UNKNOWN on the next line
    # todoruleid: / # todook:     known gaps: reported, never failing

A ``.policycheck.yaml`` in the fixture directory sets parameters (``params:``) for its policies.

Files that cannot hold comments (plan JSON, snapshots) get a sidecar ``<name>.expect.yaml``::

    ruleid: [{id: PC-PLAN-001, resource: aws_db_instance.main}]
    ok: [{id: PC-PLAN-001, resource: aws_s3_bucket.logs}]
    unknown: []
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from policycheck.engine.config import CONFIG_FILE, Config, read_config_file
from policycheck.engine.registry import Registry
from policycheck.engine.scan import ScanOptions, scan
from policycheck.model import Finding, ScanError, Verdict

KINDS = ("ruleid", "ok", "unknown", "todoruleid", "todook")
_ANNOTATION = re.compile(
    r"^\s*(?:#|//)\s*(ruleid|ok|unknown|todoruleid|todook)\s*:\s*([A-Z0-9,\s-]+?)\s*$"
)
_TEXT_SUFFIXES = (".tf", ".yaml", ".yml", ".txt", ".in", ".toml", ".dockerfile", ".tfvars")
SIDE_CAR = ".expect.yaml"


@dataclass(frozen=True, slots=True)
class Annotation:
    kind: str
    policy_id: str
    file: str
    line: int
    """The line the expectation is about (the first non-annotation line after the comment)."""
    resource: str | None = None

    def describe(self) -> str:
        where = f"{self.file}:{self.line}" if self.resource is None else (
            f"{self.file} [{self.resource}]")
        return f"{where}: {self.kind}: {self.policy_id}"


@dataclass(slots=True)
class FixtureOutcome:
    directory: Path
    annotations: list[Annotation] = field(default_factory=list)
    missed: list[Annotation] = field(default_factory=list)
    unexpected: list[Finding] = field(default_factory=list)
    todo: list[Annotation] = field(default_factory=list)
    errors: list[ScanError] = field(default_factory=list)
    unknown_ids: list[Annotation] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.missed or self.unexpected or self.errors or self.unknown_ids)

    def report(self) -> str:
        lines = [f"missed   {a.describe()}" for a in self.missed]
        lines += [f"unexpected {f.location}: {f.verdict} {f.policy_id} on {f.resource}: {f.message}"
                  for f in self.unexpected]
        lines += [f"error    {e.file}:{e.line}: {e.message}" for e in self.errors]
        lines += [f"unknown policy ID in {a.describe()}" for a in self.unknown_ids]
        return "\n".join(lines)


def _is_fixture_file(path: Path) -> bool:
    name = path.name
    return (name.endswith(_TEXT_SUFFIXES) or name.startswith(("Dockerfile", "Containerfile"))
            ) and not name.endswith(SIDE_CAR)


def _file_annotations(path: Path, display: str) -> Iterator[Annotation]:
    pending: list[tuple[str, str]] = []
    for number, text in enumerate(path.read_text("utf-8", errors="replace").splitlines(), 1):
        match = _ANNOTATION.match(text)
        if match:
            pending += [(match.group(1), i.strip()) for i in match.group(2).split(",") if i.strip()]
            continue
        for kind, policy_id in pending:
            yield Annotation(kind, policy_id, display, number)
        pending = []


def _sidecar_annotations(path: Path, display: str) -> Iterator[Annotation]:
    data = yaml.safe_load(path.read_text("utf-8")) or {}
    target = display.removesuffix(SIDE_CAR)
    for kind in KINDS:
        for entry in data.get(kind, []) or []:
            yield Annotation(kind, str(entry["id"]), target, 0, str(entry["resource"]))


def collect_annotations(directory: Path, display: str) -> list[Annotation]:
    found: list[Annotation] = []
    for path in sorted(directory.rglob("*")):
        if not path.is_file():
            continue
        shown = f"{display}/{path.relative_to(directory).as_posix()}"
        if path.name.endswith(SIDE_CAR):
            found.extend(_sidecar_annotations(path, shown))
        elif _is_fixture_file(path):
            found.extend(_file_annotations(path, shown))
    return found


def _matches(annotation: Annotation, finding: Finding) -> bool:
    if finding.policy_id != annotation.policy_id or finding.location.file != annotation.file:
        return False
    if annotation.resource is not None:
        return finding.resource == annotation.resource
    return finding.location.line == annotation.line


def run_fixture_dir(directory: Path, registry: Registry) -> FixtureOutcome:
    """Scan ``directory`` with the policies its annotations name and compare."""
    shown = directory.as_posix()
    outcome = FixtureOutcome(directory)
    annotations = collect_annotations(directory, shown)
    outcome.annotations = annotations
    outcome.unknown_ids = [a for a in annotations if registry.get(a.policy_id) is None]
    ids = sorted({a.policy_id for a in annotations} - {a.policy_id for a in outcome.unknown_ids})
    if not ids:
        return outcome
    settings = directory / CONFIG_FILE
    config = read_config_file(settings) if settings.is_file() else Config()
    report = scan(ScanOptions(paths=[shown], config=config), _only(registry, ids))
    outcome.errors = list(report.errors)
    live = [f for f in report.findings if not f.suppressed and f.verdict is not Verdict.PASS]
    claimed: set[int] = set()
    for annotation in annotations:
        hits = [f for f in live if _matches(annotation, f)]
        if annotation.kind in ("ruleid", "unknown"):
            wanted = Verdict.FAIL if annotation.kind == "ruleid" else Verdict.UNKNOWN
            good = [f for f in hits if f.verdict is wanted]
            claimed.update(id(f) for f in good)
            if not good:
                outcome.missed.append(annotation)
        elif annotation.kind == "ok":
            outcome.unexpected.extend(f for f in hits if id(f) not in claimed)
            claimed.update(id(f) for f in hits)
        else:
            claimed.update(id(f) for f in hits)
            outcome.todo.append(annotation)
    outcome.unexpected.extend(f for f in live if id(f) not in claimed and f.policy_id in ids
                              and f not in outcome.unexpected)
    return outcome


def _only(registry: Registry, ids: Iterable[str]) -> Registry:
    wanted = set(ids)
    return Registry({k: v for k, v in registry.policies.items() if k in wanted}, [])


def fixture_dirs(roots: Sequence[Path]) -> list[Path]:
    """Every directory directly under ``roots`` (one fixture set per policy)."""
    return sorted(p for root in roots if root.is_dir() for p in root.iterdir() if p.is_dir())


def coverage_gaps(annotations: Iterable[Annotation], registry: Registry) -> list[str]:
    """Policies lacking a failing (``ruleid``) or passing (``ok``) fixture case."""
    kinds: dict[str, set[str]] = {p.id: set() for p in registry}
    for annotation in annotations:
        kinds.setdefault(annotation.policy_id, set()).add(annotation.kind)
    return [f"{pid}: no {need} case" for pid, have in sorted(kinds.items())
            for need in ("ruleid", "ok") if need not in have]

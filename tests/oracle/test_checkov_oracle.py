"""Our verdicts against checkov's, on the fixtures of the policy/peer pairs whose semantics agree.

checkov is a test oracle, not a dependency: it pins versions the project cannot share
(``packaging<24``, and ``bc-python-hcl2`` replaces python-hcl2's ``hcl2`` module), so it runs
as a subprocess from its own environment. Set ``POLICYCHECK_CHECKOV`` to its executable, or put
``checkov`` on PATH; without it the comparison is skipped.

checkov runs once per framework over copies of the paired fixture directories, without network
access to its platform. A checkov result covers a resource: a Terraform block or a Kubernetes
document (its file line range), or a whole Dockerfile. Our verdict for it is FAIL when one of
our findings of the paired policy in that range fails, UNKNOWN when one is unknown, PASS
otherwise. Verdicts must agree except where KNOWN_DIFFERENCES lists the resource, with a
reason the policy's doc states (checked by a test that runs without checkov).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from policycheck.engine.registry import Registry, load_registry
from policycheck.engine.scan import ScanOptions, scan
from policycheck.model import Finding, Verdict

ROOT = Path(__file__).resolve().parents[2]
CHECKOV_ENV = "POLICYCHECK_CHECKOV"
TIMEOUT = 600
QUIET_ENV = {
    "BC_SKIP_MAPPING": "TRUE",
    "CHECKOV_RUN_SCA_PACKAGE_SCAN_V2": "false",
    "CKV_SKIP_PACKAGE_UPDATE_CHECK": "true",
    "CKV_GITHUB_CONFIG_FETCH_DATA": "false",
    "CKV_GITLAB_CONFIG_FETCH_DATA": "false",
    "LOG_LEVEL": "ERROR",
}
"""Environment that keeps checkov from calling its platform, PyPI or a VCS host."""
PLATFORM_ENV = ("BC_API_KEY", "BC_API_URL", "PRISMA_API_URL", "BC_REPO_ID")


@dataclass(frozen=True, slots=True)
class Pair:
    policy_id: str
    check_id: str
    framework: str
    """checkov's ``--framework``: terraform, kubernetes or dockerfile."""
    fixtures: str

    @property
    def directory(self) -> Path:
        return ROOT / self.fixtures / self.policy_id


PAIRS = (
    Pair("PC-AWS-070", "CKV_AWS_16", "terraform", "terraform_fixtures"),
    Pair("PC-AWS-020", "CKV_AWS_17", "terraform", "terraform_fixtures"),
    Pair("PC-AWS-063", "CKV_AWS_7", "terraform", "terraform_fixtures"),
    Pair("PC-AWS-073", "CKV_AWS_42", "terraform", "terraform_fixtures"),
    Pair("PC-K8S-003", "CKV_K8S_8", "kubernetes", "k8s_fixtures"),
    Pair("PC-K8S-004", "CKV_K8S_9", "kubernetes", "k8s_fixtures"),
    Pair("PC-K8S-011", "CKV_K8S_22", "kubernetes", "k8s_fixtures"),
    Pair("PC-DOCKER-002", "CKV_DOCKER_2", "dockerfile", "docker_fixtures"),
)
PRESENT = [pair for pair in PAIRS if pair.directory.is_dir()]


@dataclass(frozen=True, slots=True)
class Difference:
    """A resource on which we deliberately disagree with checkov."""

    ours: Verdict
    checkov: Verdict
    reason: str
    doc: str
    """Words of the policy's doc that state the difference."""


KNOWN_DIFFERENCES: dict[tuple[str, str], Difference] = {
    ("PC-DOCKER-002", "Dockerfile.none"): Difference(
        Verdict.FAIL, Verdict.PASS,
        "the final HEALTHCHECK NONE disables the one before it; checkov counts any HEALTHCHECK",
        "Ours also fails `HEALTHCHECK NONE`"),
    ("PC-DOCKER-002", "Dockerfile.missing"): Difference(
        Verdict.FAIL, Verdict.PASS,
        "only the final stage and the stages it is built FROM count; checkov counts a "
        "HEALTHCHECK in any stage",
        "ignores a HEALTHCHECK in a stage the final image is not built from"),
    ("PC-DOCKER-002", "probed/Dockerfile"): Difference(
        Verdict.PASS, Verdict.FAIL,
        "a scanned workload runs the image with a livenessProbe, which is what Kubernetes uses; "
        "checkov judges the Dockerfile alone",
        "It passes, with a note, when a scanned Kubernetes workload runs an image built from this "
        "Dockerfile with a `livenessProbe`"),
}
"""(policy ID, ``file`` or ``file::resource`` relative to the fixture directory) -> why."""


@dataclass(frozen=True, slots=True)
class Unit:
    """What one checkov verdict covers: lines of a file (a whole Dockerfile: no lines)."""

    file: str
    resource: str
    lines: tuple[int, int] | None

    @property
    def key(self) -> str:
        return self.file if self.lines is None else f"{self.file}::{self.resource}"


def checkov_executable() -> str | None:
    return os.environ.get(CHECKOV_ENV) or shutil.which("checkov")


def _documents(text: str) -> Iterator[dict[str, object]]:
    """checkov prints one JSON report per framework, a list of them, or several in a row."""
    decoder = json.JSONDecoder()
    position = 0
    while (position := _skip_space(text, position)) < len(text):
        value, position = decoder.raw_decode(text, position)
        yield from value if isinstance(value, list) else [value]


def _skip_space(text: str, position: int) -> int:
    while position < len(text) and text[position].isspace():
        position += 1
    return position


def _run_checkov(executable: str, framework: str, pairs: list[Pair], workdir: Path
                 ) -> subprocess.Popen[str]:
    for pair in pairs:
        shutil.copytree(pair.directory, workdir / pair.policy_id)
    env = {k: v for k, v in os.environ.items() if k not in PLATFORM_ENV} | QUIET_ENV
    command = [executable, "--directory", str(workdir), "--output", "json",
               "--framework", framework, "--check", ",".join(p.check_id for p in pairs),
               "--skip-download", "--download-external-modules", "false", "--compact"]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=env, cwd=workdir)


def _checkov_verdicts(text: str, pairs: list[Pair], dockerfile: bool
                      ) -> dict[tuple[str, str], tuple[Unit, Verdict]]:
    """(policy ID, unit key) -> the unit and checkov's verdict on it."""
    by_check = {pair.check_id: pair for pair in pairs}
    verdicts: dict[tuple[str, str], tuple[Unit, Verdict]] = {}
    for report in _documents(text):
        results = report.get("results")
        if not isinstance(results, dict):
            continue
        for bucket, verdict in (("passed_checks", Verdict.PASS), ("failed_checks", Verdict.FAIL)):
            for result in results.get(bucket, []):
                pair = by_check.get(result["check_id"])
                if pair is None:
                    continue
                parts = Path(result["file_path"]).parts
                if pair.policy_id not in parts:
                    continue
                file = "/".join(parts[parts.index(pair.policy_id) + 1:])
                start, end = result["file_line_range"]
                unit = Unit(file, result["resource"], None if dockerfile else (start, end))
                key = (pair.policy_id, unit.key)
                if verdicts.get(key, (unit, Verdict.PASS))[1] is Verdict.PASS:
                    verdicts[key] = (unit, verdict)
    return verdicts


@pytest.fixture(scope="module")
def checkov_verdicts(tmp_path_factory: pytest.TempPathFactory
                     ) -> dict[tuple[str, str], tuple[Unit, Verdict]]:
    executable = checkov_executable()
    if executable is None:
        pytest.skip(f"checkov not installed: set {CHECKOV_ENV} to a checkov executable "
                    "(installed in its own venv) or put checkov on PATH")
    groups: dict[str, list[Pair]] = {}
    for pair in PRESENT:
        groups.setdefault(pair.framework, []).append(pair)
    runs = {framework: _run_checkov(executable, framework, pairs,
                                    tmp_path_factory.mktemp(framework))
            for framework, pairs in groups.items()}
    verdicts: dict[tuple[str, str], tuple[Unit, Verdict]] = {}
    for framework, process in runs.items():
        try:
            out, err = process.communicate(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            raise
        assert process.returncode in (0, 1), f"checkov {framework} failed:\n{err[-2000:]}"
        verdicts |= _checkov_verdicts(out, groups[framework], framework == "dockerfile")
    return verdicts


@pytest.fixture(scope="module")
def registry() -> Registry:
    loaded = load_registry(entry_points=False)
    assert not loaded.errors, loaded.errors
    return loaded


def _our_findings(pair: Pair, registry: Registry) -> list[tuple[str, Finding]]:
    policy = registry.get(pair.policy_id)
    assert policy is not None, f"{pair.policy_id} is not a registered policy"
    report = scan(ScanOptions(paths=[str(pair.directory)]),
                  Registry({policy.id: policy}, []))
    assert not report.errors, report.errors
    return [(Path(f.location.file).relative_to(pair.directory).as_posix(), f)
            for f in report.findings]


def _our_verdict(unit: Unit, findings: list[tuple[str, Finding]]) -> Verdict:
    inside = [f for file, f in findings if file == unit.file and (
        unit.lines is None or unit.lines[0] <= f.location.line <= unit.lines[1])]
    named = [f for f in inside if f.resource == unit.resource]
    verdicts = {f.verdict for f in named or inside}
    for verdict in (Verdict.FAIL, Verdict.UNKNOWN):
        if verdict in verdicts:
            return verdict
    return Verdict.PASS


@pytest.mark.slow
@pytest.mark.parametrize("pair", PRESENT, ids=[f"{p.policy_id}~{p.check_id}" for p in PRESENT])
def test_verdicts_agree_with_checkov(
    pair: Pair, checkov_verdicts: dict[tuple[str, str], tuple[Unit, Verdict]],
    registry: Registry,
) -> None:
    judged = {key: value for (pid, key), value in checkov_verdicts.items() if pid == pair.policy_id}
    assert judged, f"checkov judged nothing in {pair.directory} with {pair.check_id}"
    findings = _our_findings(pair, registry)
    problems = []
    for key, (unit, theirs) in sorted(judged.items()):
        ours = _our_verdict(unit, findings)
        known = KNOWN_DIFFERENCES.get((pair.policy_id, key))
        if known is None and ours is not theirs:
            problems.append(f"{key}: ours {ours}, checkov {theirs}")
        elif known is not None and (ours, theirs) != (known.ours, known.checkov):
            problems.append(f"{key}: listed as a known difference (ours {known.ours}, checkov "
                            f"{known.checkov}) but now ours {ours}, checkov {theirs}")
    stale = [key for pid, key in KNOWN_DIFFERENCES if pid == pair.policy_id and key not in judged]
    problems += [f"{key}: listed as a known difference but checkov no longer judges it"
                 for key in stale]
    assert not problems, f"{pair.policy_id} vs {pair.check_id}:\n" + "\n".join(problems)


def test_known_differences_are_documented(registry: Registry) -> None:
    checks = {pair.policy_id: pair.check_id for pair in PAIRS}
    for (policy_id, key), difference in KNOWN_DIFFERENCES.items():
        policy = registry.get(policy_id)
        assert policy is not None, f"unknown policy {policy_id}"
        assert checks[policy_id] in policy.related, f"{policy_id} does not list its peer"
        assert difference.doc in " ".join(policy.doc.split()), (
            f"{policy_id}'s doc does not say how it differs from {checks[policy_id]} on {key}: "
            f"expected the words {difference.doc!r} ({difference.reason})")

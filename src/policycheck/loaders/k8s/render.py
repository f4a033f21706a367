"""Rendering Helm charts (``helm template``) and Kustomize overlays (``kubectl kustomize``)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

from policycheck.loaders.base import LoadOptions, LoadResult
from policycheck.loaders.k8s.kustomize import build_directory, trace_to_sources
from policycheck.loaders.k8s.manifests import parse_manifests
from policycheck.loaders.k8s.remote import Refusal, helm_refusals, kustomize_refusals
from policycheck.model import ScanError

TIMEOUT_SECONDS = 60
NOT_RENDERED_HELM = ("Helm chart not rendered: helm is not on PATH (install helm 3.8 or later, or "
                     "exclude the chart with --exclude); its templates were not judged")
NOT_RENDERED_KUSTOMIZE = (
    "{display}: Kustomize overlay not rendered (kubectl not found on PATH); raw manifests scanned"
)

Locator = Callable[[str, str], tuple[str, int]]
"""``(stderr, display) -> (file, line)`` of a failed render."""

_SOURCE = re.compile(r"^# Source: (.+?)[ \t]*(?:\n|\Z)", re.M)
_HELM_ERROR_AT = (
    re.compile(r"template: ([^\s:]+):(\d+)"),  # template: chart/templates/x.yaml:12:3: ...
    re.compile(r"parse error on ([^\s:]+): .*?line (\d+)"),  # YAML parse error on chart/...
)
_MAX_STDERR = 2000
_UNREACHABLE_PROXY = "http://127.0.0.1:9"
"""Where the renderers' HTTP(S) requests go, should one slip past the checks: nowhere."""


def offline_environment() -> dict[str, str]:
    """The environment of a renderer: ours, with every proxy pointing nowhere, git limited to
    local repositories and Helm plugins (downloaders) off, so that nothing is fetched."""
    env = dict(os.environ)
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        env[name] = env[name.lower()] = _UNREACHABLE_PROXY
    env["NO_PROXY"] = env["no_proxy"] = ""
    env["GIT_ALLOW_PROTOCOL"] = "file"
    env["HELM_NO_PLUGINS"] = "1"
    return env


def render_helm(chart_dir: Path, display: str, options: LoadOptions) -> LoadResult:
    """The objects ``helm template RELEASE CHART`` renders from ``chart_dir`` with the chart's
    values and ``options.helm``, each located in its template (``<display>/templates/x.yaml``;
    lines count from the template's first rendered line). A chart that cannot be rendered (helm
    missing, a render error) is an error entry: its templates were not judged."""
    result = LoadResult()
    helm = shutil.which("helm")
    if helm is None:
        result.errors.append(ScanError(display, 0, NOT_RENDERED_HELM))
        return result
    if _refused(helm_refusals(chart_dir, options.roots), chart_dir, display, result):
        return result
    argv = [helm, "template", options.helm.release, str(chart_dir), *options.helm.arguments()]
    output = _run(argv, display, result, _helm_error_location, options.limits.max_file_bytes)
    if output is not None:
        files = {file for file, text in _split_sources(output, display)
                 if parse_manifests(text, file, result)}  # fmt: skip
        result.files = len(files)
    return result


def render_kustomize(directory: Path, display: str, options: LoadOptions) -> LoadResult | None:
    """The objects ``kubectl kustomize`` renders from ``directory``, each located at its source
    document (see :mod:`policycheck.loaders.k8s.kustomize`), or ``None`` when kubectl is not on
    PATH."""
    kubectl = shutil.which("kubectl")
    if kubectl is None:
        return None
    result = LoadResult()
    if _refused(kustomize_refusals(directory, options.roots), directory, display, result):
        return result
    with build_directory(directory) as wrapper:
        output = _run([kubectl, "kustomize", wrapper], display, result, None, options.limits.max_file_bytes)
        if output is not None and parse_manifests(output, display, result):
            trace_to_sources(result, directory, display, Path(wrapper), options.roots)
            result.files = 1
    return result


def _refused(refusals: list[Refusal], directory: Path, display: str, result: LoadResult) -> bool:
    """Record each refusal as an error entry; whether there was any."""
    for refusal in refusals:
        try:
            shown = f"{display.rstrip('/')}/{refusal.file.relative_to(directory).as_posix()}"
        except ValueError:
            shown = str(refusal.file)
        result.errors.append(ScanError(shown, refusal.line, refusal.message))
    return bool(refusals)


def _run(argv: list[str], display: str, result: LoadResult, locate: Locator | None,
         limit: int | None = None) -> str | None:
    """The command's stdout, or ``None`` after recording why it failed (or why its output,
    over ``limit`` characters, is not judged)."""
    command = f"{Path(argv[0]).name} {argv[1]}"
    try:
        done = subprocess.run(
            argv, stdin=subprocess.DEVNULL, capture_output=True, text=True, encoding="utf-8",
            errors="replace", timeout=TIMEOUT_SECONDS, check=False, env=offline_environment(),
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        message = f"{command} timed out after {TIMEOUT_SECONDS} s"
        result.errors.append(ScanError(display, 1, message))
        return None
    except OSError as exc:
        result.errors.append(ScanError(display, 1, f"cannot run {command}: {exc.strerror or exc}"))
        return None
    if done.returncode == 0:
        if limit is not None and len(done.stdout) > limit:
            result.errors.append(ScanError(display, 1, f"{command} rendered {len(done.stdout)} characters, "
                                           f"over the {limit} limit (limits: max-file-bytes); not judged"))
            return None
        return done.stdout
    stderr = done.stderr.strip()[-_MAX_STDERR:] or f"exit status {done.returncode}"
    file, line = locate(stderr, display) if locate else (display, 1)
    result.errors.append(ScanError(file, line, f"{command} failed: {stderr}"))
    return None


def _split_sources(output: str, display: str) -> list[tuple[str, str]]:
    """``(file display, text)`` per ``# Source:`` section of helm's output."""
    matches = list(_SOURCE.finditer(output))
    if not matches:
        return [(display, output)]
    sections = [(display, output[: matches[0].start()])]
    for match, following in zip(matches, [*matches[1:], None], strict=True):
        end = following.start() if following else len(output)
        sections.append((_template_display(display, match.group(1)), output[match.end() : end]))
    return sections


def _template_display(display: str, source: str) -> str:
    """``chart/templates/x.yaml`` shown under the chart's own display path."""
    relative = source.partition("/")[2] or source
    return relative if display in ("", ".") else f"{display.rstrip('/')}/{relative}"


def _helm_error_location(stderr: str, display: str) -> tuple[str, int]:
    for pattern in _HELM_ERROR_AT:
        match = pattern.search(stderr)
        if match:
            return _template_display(display, match.group(1)), int(match.group(2))
    return display, 1

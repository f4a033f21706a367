"""The Terraform plan loader: ``terraform show -json PLANFILE`` output (format_version 1.x).

A plan found while scanning a directory is recognised by its first bytes; ``policycheck plan``
loads one file strictly (a JSON that is not a plan is an error). When the plan sits in a
Terraform root, or ``--source`` names one, resources are located in the ``.tf`` files.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from policycheck.loaders.base import LoadOptions, LoadResult, SourceFile, Unit, read_text
from policycheck.loaders.discovery import Discovered
from policycheck.model import ScanError

if TYPE_CHECKING:
    from policycheck.loaders.plan.model import PlanOptions
    from policycheck.loaders.plan.sourcemap import SourceMap

SNIFF_BYTES = 4096
PLAN_MAX_BYTES = 256 * 1024 * 1024
"""Plans of a few thousand resources are tens of megabytes: they get a larger limit."""
NOT_A_PLAN = "not a Terraform plan (no format_version / planned_values)"
_HEAD_KEYS = {b"format_version", b"terraform_version"}
_TOKENS = re.compile(rb'"((?:[^"\\]|\\.)*)"(\s*:)?|[{}\[\]]')
_BODY_KEY = re.compile(rb'"(?:planned_values|resource_changes)"\s*:')


def is_plan(path: Path) -> bool:
    """Whether a ``.json`` file is plan output: an object whose first bytes hold the top-level
    keys ``format_version`` and ``terraform_version`` (Terraform writes them first) and that has
    ``planned_values`` or ``resource_changes``. Only files that pass the first test are read
    further."""
    try:
        with path.open("rb") as handle:
            head = handle.read(SNIFF_BYTES)
            if not _top_level_keys(head) >= _HEAD_KEYS:
                return False
            return bool(_BODY_KEY.search(head) or _BODY_KEY.search(head[-64:] + handle.read()))
    except OSError:
        return False


def _top_level_keys(head: bytes) -> set[bytes]:
    """The keys of the outermost object found in the first bytes of a JSON document."""
    keys: set[bytes] = set()
    depth = 0
    for token in _TOKENS.finditer(head.lstrip(b"\xef\xbb\xbf")):
        text = token.group()
        if text in (b"{", b"["):
            depth += 1
        elif text in (b"}", b"]"):
            depth -= 1
        elif depth == 1 and token.group(2):
            keys.add(token.group(1))
        if depth <= 0:
            break
    return keys


def split_plans(files: Sequence[SourceFile]) -> tuple[list[SourceFile], list[SourceFile]]:
    """(plan files, other files) of the JSON/YAML files discovery found."""
    plans = [f for f in files if f.path.name.endswith(".json") and is_plan(f.path)]
    return plans, [f for f in files if f not in plans]


class PlanLoader:
    """Plans found by a scan: ``.json`` files that :func:`is_plan` recognises, claimed from
    the manifests; one unit each, with unknown inputs (the mapped root is read too)."""

    name = "plan"

    def claim(self, found: Discovered) -> None:
        found.plans, found.manifests = split_plans(found.manifests)

    def units(self, found: Discovered, inputs: bool = True) -> list[Unit]:
        return [Unit(self.name, (p,), None) for p in found.plans]

    def load(self, files: Sequence[SourceFile], options: LoadOptions) -> LoadResult:
        return load(files, options)


PLAN = PlanLoader()


def load(files: Sequence[SourceFile], options: LoadOptions) -> LoadResult:
    """Plans found by a scan; a plan in a Terraform root is mapped to it (the scan reports the
    root's own errors)."""
    result = LoadResult()
    for source in files:
        from policycheck.loaders.plan.model import PlanOptions  # loading plans imports their modules

        result.extend(load_plan(source, options, PlanOptions()))
    return result


def load_plan(source: SourceFile, options: LoadOptions, plan_options: PlanOptions
              ) -> LoadResult:
    """One plan file, located in its Terraform root when there is one."""
    result = LoadResult(files=1)
    text = read_text(source, result, limit=PLAN_MAX_BYTES)
    if text is None:
        return result
    data = _parse(text, source.display, result)
    if data is None:
        return result
    sources = _source_map(source, options, plan_options, result)
    from policycheck.loaders.plan.build import PlanBuilder

    builder = PlanBuilder(data, source.display, text, sources)
    plan = builder.build(plan_options.changed_only)
    result.errors.extend(builder.errors)
    result.resources.extend(plan.planned)
    result.plans.append(plan)
    return result


def _parse(text: str, display: str, result: LoadResult) -> dict[str, object] | None:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        result.errors.append(ScanError(display, exc.lineno,
                                       f"invalid JSON: {exc.msg} (column {exc.colno})"))
        return None
    if not isinstance(data, dict) or "format_version" not in data or not (
            "planned_values" in data or "resource_changes" in data):
        hint = (": it is the JSON of a state, not of a saved plan (terraform plan -out FILE, "
                "then terraform show -json FILE)" if isinstance(data, dict) and "values" in data
                else "")
        result.errors.append(ScanError(display, 1, NOT_A_PLAN + hint))
        return None
    version = data["format_version"]
    if not isinstance(version, str) or version.split(".")[0] != "1":
        result.errors.append(ScanError(display, 1, f"unsupported plan format_version {version!r}: "
                                       "policycheck reads format 1.x"))
        return None
    return data


def _source_map(source: SourceFile, options: LoadOptions, plan_options: PlanOptions,
                result: LoadResult) -> SourceMap | None:
    """The Terraform root to locate findings in: ``--source``, else the plan's directory."""
    if plan_options.source is not None:
        directory = plan_options.source
        display = plan_options.source_display or str(directory)
    else:
        directory, display = source.path.parent, posixpath.dirname(source.display)
    from policycheck.loaders.plan.sourcemap import SourceMap

    mapped = SourceMap.load(directory, display, options)
    if mapped is None:
        if plan_options.source is not None:
            result.warnings.append(f"{display}: no .tf files; findings point into the plan")
        return None
    if plan_options.report_source_errors:
        result.warnings.extend(f"source mapping: {e.file}:{e.line}: {e.message}"
                               for e in mapped.loaded.errors)
    return mapped

"""Declarative policies: simple attribute rules written in YAML instead of Python.

A ``*.yaml``/``*.yml`` file in a policy directory holds one policy per YAML document::

    id: PC-ACME-001
    title: Bucket has no cost-center tag
    severity: medium                  # critical | high | medium | low
    sources: [tf, plan, aws]
    kinds: [aws_s3_bucket, "aws_db_*"]  # resource kinds; shell-style globs allowed
    checklist: []                     # checklist item IDs, as for Python policies
    related: []
    params: {}                        # parameter defaults, used as `value: {param: NAME}`
    when:                             # optional: judge only resources where these hold
      - {attribute: engine, operator: in, value: [postgres, mysql]}
    require:                          # one condition or a list; every one must hold
      attribute: tags.cost-center     # dotted path; `*` is every item of a list
      operator: exists
      message: the bucket has no cost-center tag   # {path} {value} {expected} are filled in
    doc: |
      ## What ... ## Why ... ## Fail example ... ## Fix ... ## References ...

Operators: equals, not-equals, in, not-in, exists, not-exists, matches, not-matches (Python
regular expression, searched), greater-or-equal, less-or-equal. A condition's ``default`` is the
value assumed when the attribute is absent. Each value a path names is judged on its own and
located at its own line; an unresolvable value makes the verdict UNKNOWN.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from policycheck.engine.declarative.spec import SpecError, parse_policy
from policycheck.engine.policy import Policy
from policycheck.loaders.yamldoc import YamlDocument, YamlProblem
from policycheck.model import ScanError

SUFFIXES = (".yaml", ".yml")


@dataclass(slots=True)
class LoadedFile:
    policies: list[Policy] = field(default_factory=list)
    errors: list[ScanError] = field(default_factory=list)


def load_policy_file(path: Path) -> LoadedFile:
    """The policies of one YAML file; every problem is an error naming the file and line."""
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:  # errors name the file as given
        return LoadedFile(errors=[ScanError(str(path), 1, f"cannot read policy file: {exc}")])
    return policies_from_documents(read_documents(text), path)


def read_documents(text: str) -> list[YamlDocument | YamlProblem]:
    """The documents of a policy file's ``text``, without their node graphs (they can be kept)."""
    from policycheck.loaders.yamlload import iter_yaml  # PyYAML: only when a file is read

    return [YamlDocument(item.value, item.lines, item.line, item.end_line, item.warnings, None)
            if isinstance(item, YamlDocument) else item for item in iter_yaml(text)]


def policies_from_documents(items: Iterable[YamlDocument | YamlProblem], path: Path) -> LoadedFile:
    """The policies of the YAML file ``path`` whose documents are ``items``."""
    file = os.path.abspath(path)  # a policy's origin, as Python policy files record theirs
    shown = str(path)  # errors name the file as given, as for Python policy files
    loaded = LoadedFile()
    for item in items:
        if isinstance(item, YamlProblem):
            loaded.errors.append(ScanError(shown, item.line, item.message))
            continue
        if item.value is None:
            continue
        if item.warnings:
            loaded.errors.extend(ScanError(shown, w.line, w.message) for w in item.warnings)
            continue
        try:
            loaded.policies.append(parse_policy(item, file))
        except SpecError as exc:
            named = item.value.get("id") if isinstance(item.value, dict) else None
            prefix = f"{named}: " if isinstance(named, str) else ""
            loaded.errors.extend(
                ScanError(shown, line, message if message.startswith(prefix) else prefix + message)
                for line, message in exc.problems)
    return loaded


__all__ = ["SUFFIXES", "LoadedFile", "SpecError", "load_policy_file", "policies_from_documents",
           "read_documents"]

"""The drift-ignore file: resources drift leaves alone, each with a reason.

``.policycheck-driftignore`` in the working directory (or ``--driftignore FILE``), one pattern
a line, gitignore-style::

    # comment
    aws_s3_bucket.scratch            # reason: created by the data team's notebooks
    arn:aws:s3:::tmp-*               # reason: temporary exports, expire after a day
    module.legacy.**                 # reason: being migrated, tracked in OPS-12
    Deployment/monitoring/*          # reason: installed by the monitoring operator
    !arn:aws:s3:::tmp-keep           # reason: this one is ours

A pattern matches a Terraform address, an ARN or a Kubernetes ``Kind/namespace/name`` (``Kind/name``
for cluster-scoped kinds). ``*`` matches within one ``/``-separated part, ``**`` across parts,
``?`` one character; a leading ``!`` re-includes what an earlier line ignored (the last
matching line decides). The reason follows `` # ``; a line without one is a warning.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from policycheck.drift.model import IgnoreRule
from policycheck.errors import UsageError

DEFAULT_FILE = ".policycheck-driftignore"


def parse_ignore(text: str, display: str) -> tuple[list[IgnoreRule], list[str]]:
    """The rules of an ignore file and a warning for each line without a reason."""
    rules: list[IgnoreRule] = []
    warnings: list[str] = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        pattern, _, reason = line.partition(" # ")
        pattern, reason = pattern.strip(), reason.strip()
        if "#" in pattern and not reason:
            pattern, _, reason = pattern.partition("#")
            pattern, reason = pattern.strip(), reason.strip()
        if not reason:
            warnings.append(f"{display}:{number}: {pattern} has no reason (write `{pattern} # why`)")
        negated = pattern.startswith("!")
        rules.append(IgnoreRule(pattern.removeprefix("!"), reason, negated, number))
    return rules, warnings


def read_ignore(explicit: Path | None, directory: Path = Path(".")) -> tuple[list[IgnoreRule], list[str]]:
    """``explicit`` (which must exist), else ``.policycheck-driftignore`` in ``directory`` if any."""
    path = explicit or directory / DEFAULT_FILE
    if explicit is None and not path.is_file():
        return [], []
    try:
        text = path.read_text("utf-8")
    except OSError as error:
        raise UsageError(f"cannot read drift-ignore file {path}: {error.strerror}") from None
    return parse_ignore(text, str(path))


def _regex(pattern: str) -> re.Pattern[str]:
    parts: list[str] = []
    index = 0
    while index < len(pattern):
        if pattern.startswith("**", index):
            parts.append(".*")
            index += 2
            continue
        char = pattern[index]
        parts.append("[^/]*" if char == "*" else "[^/]" if char == "?" else re.escape(char))
        index += 1
    return re.compile("".join(parts) + r"\Z")


class Ignore:
    """Compiled rules: :meth:`matches` tells whether any of a resource's names is ignored."""

    def __init__(self, rules: Sequence[IgnoreRule]) -> None:
        self.rules = [(rule, _regex(rule.pattern)) for rule in rules]

    def matches(self, names: Iterable[str]) -> bool:
        listed = [n for n in names if n]
        ignored = False
        for rule, regex in self.rules:
            if any(regex.match(name) for name in listed):
                ignored = not rule.negated
        return ignored

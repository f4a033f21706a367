"""State shared by every module instance of one root: warnings, what evaluations depend on,
memoized values and the literal config of every resource (for references to literal values)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from policycheck.loaders.base import LoadResult
from policycheck.loaders.hcl import strip_metadata
from policycheck.loaders.hcl.expressions import MISSING, is_metadata, is_template
from policycheck.loaders.limits import Limits
from policycheck.loaders.terraform.provenance import Provenance
from policycheck.model import Reference, ScanError, Unknown

_MAX_DEPTH = 40  # nested evaluations of locals, outputs, variables (each uses ~15 frames)
_INSTANCE_KEY = re.compile(r'\[(?:\d+|"(?:[^"\\]|\\.)*")\]$')



@dataclass(slots=True)
class Collected:
    """What an evaluation depended on: resource addresses and input variables."""

    references: set[str] = field(default_factory=set)
    variables: set[str] = field(default_factory=set)

    def __bool__(self) -> bool:
        return bool(self.references or self.variables)


Memo = dict[str, tuple[Any, Collected] | None]


class _Collecting:
    __slots__ = ("collected", "collectors")

    def __init__(self, collectors: list[Collected]) -> None:
        self.collectors = collectors
        self.collected = Collected()

    def __enter__(self) -> Collected:
        self.collectors.append(self.collected)
        return self.collected

    def __exit__(self, *_exc: object) -> None:
        self.collectors.pop()


class Session:
    def __init__(self, result: LoadResult, limits: Limits | None = None) -> None:
        self.result = result
        self.limits = limits or Limits()
        self.instances = 0
        """Resource instances yielded so far under this root."""
        self.literals: dict[str, dict[str, Any]] = {}
        self._warned: set[str] = set()
        self._error_sites: set[str] = set()
        self._collectors: list[Collected] = []
        self._depth = 0
        self.provenance = Provenance()

    def warn(self, message: str) -> None:
        if message not in self._warned:
            self._warned.add(message)
            self.result.warnings.append(message)

    def refuse(self, file: str, line: int, message: str) -> None:
        """An error entry: something at ``file:line`` is not judged."""
        self.result.errors.append(ScanError(file, line, message))

    def on_error(self, site: str) -> Callable[[str], None]:
        """A reporter of evaluation errors that warns at most once per expression site."""

        def report(message: str) -> None:
            if site not in self._error_sites:
                self._error_sites.add(site)
                self.warn(f"{site}: cannot evaluate expression: {message}")

        return report

    def note(self, address: str) -> None:
        """The running evaluations reference the resource at ``address``."""
        for collector in self._collectors:
            collector.references.add(address)

    def note_variable(self, address: str) -> None:
        """The running evaluations read the input variable at ``address``."""
        for collector in self._collectors:
            collector.variables.add(address)

    def _note_all(self, collected: Collected) -> None:
        for collector in self._collectors:
            collector.references |= collected.references
            collector.variables |= collected.variables

    def collecting(self) -> _Collecting:
        """Collect what the evaluations inside the block depend on (a class, not a generator:
        every evaluated value opens one)."""
        return _Collecting(self._collectors)

    @contextmanager
    def isolated(self) -> Iterator[None]:
        """Note nothing into the collectors active outside the block."""
        saved, self._collectors = self._collectors, []
        try:
            yield
        finally:
            self._collectors = saved

    def memo(self, table: Memo, key: str, compute: Callable[[], Any], what: str, site: str) -> Any:
        """``compute()`` once per key; what it depends on is noted again on every use.

        ``what`` (at ``site``) names the value when it (indirectly) depends on itself.
        """
        entry = table.get(key)
        if key in table and entry is None:
            self.warn(f"{site}: {what} depends on itself")
            return Unknown(f"{what} depends on itself")
        if entry is None:
            if self._depth >= _MAX_DEPTH:
                self.warn(f"{site}: {what} is nested too deeply to evaluate")
                return Unknown(f"{what} is nested too deeply to evaluate")
            table[key] = None
            self._depth += 1
            try:
                with self.collecting() as collected:
                    value = compute()
            except BaseException:
                del table[key]
                raise
            finally:
                self._depth -= 1
            entry = table[key] = (value, collected)
        self._note_all(entry[1])
        return entry[0]

    def literal(self, reference: Reference) -> Any:
        """The referenced attribute's value if the resource's config sets it literally."""
        body = self.literals.get(_INSTANCE_KEY.sub("", reference.address))
        if body is None or not reference.attribute:
            return MISSING
        value: Any = body
        for part in reference.attribute.split("."):
            if isinstance(value, dict) and part in value and not is_metadata(part):
                value = value[part]
            elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
                value = value[int(part)]
            else:
                return MISSING
        return strip_metadata(value) if _is_literal(value) else MISSING


def _is_literal(value: Any) -> bool:
    if isinstance(value, str):
        return not is_template(value)
    if isinstance(value, list):
        return all(map(_is_literal, value))
    if isinstance(value, dict):
        return all(_is_literal(v) for k, v in value.items() if not is_metadata(k))
    return True

"""A block body evaluated into attributes with their lines: nested blocks become lists,
``dynamic`` blocks are expanded, keyword-like meta-arguments keep their text."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from policycheck.loaders.hcl.expressions import (
    EvalError,
    NotKnown,
    Scope,
    bind,
    evaluate,
    expression_text,
    is_metadata,
    is_template,
    items,
    known,
)
from policycheck.loaders.hcl.shape import COMMENTS, LINES, START_LINE
from policycheck.loaders.terraform.config import ORIGINS
from policycheck.loaders.terraform.overrides import split_by_file
from policycheck.loaders.terraform.session import Session
from policycheck.model import Location, Suppression, Unknown
from policycheck.suppression.syntax import parse_comment

_CALL = re.compile(r"[A-Za-z_][\w:]*\s*\(")
"""A function call: its result (``jsonencode(...)``, ``merge(...)``) mixes many values, so the
variables it read are not traced as the value's origin (they rarely decide a verdict)."""
# Meta-arguments whose value is a keyword or address, not an expression to evaluate.
_TEXT_ATTRIBUTES = frozenset({"provider", "providers", "ignore_changes"})


@dataclass(slots=True)
class Evaluated:
    attributes: dict[str, Any] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    computed: set[str] = field(default_factory=set)  # paths an expression produced
    variables: dict[str, set[str]] = field(default_factory=dict)  # path -> variables it read


class BodyEvaluator:
    """Evaluates the bodies of one block (and its nested blocks) in one scope."""

    def __init__(self, session: Session, file: str, skip: frozenset[str] = frozenset()) -> None:
        self.session = session
        self.file = file
        self.skip = skip

    def run(self, body: dict[str, Any], scope: Scope) -> Evaluated:
        out = Evaluated()
        out.attributes = self._body(body, scope, "", out, self.skip)
        return out

    def _body(self, body: dict[str, Any], scope: Scope, prefix: str, out: Evaluated,
              skip: frozenset[str]) -> dict[str, Any]:
        attributes: dict[str, Any] = {}
        lines: dict[str, int] = body.get(LINES, {})
        start = int(body.get(START_LINE, 1))
        for path, line in lines.items():
            head = path.split(".", 1)[0]
            if head not in skip and head != "dynamic":
                out.lines[prefix + path] = line
        for key, value in body.items():
            if is_metadata(key) or key in skip or key == "dynamic":
                continue
            if _is_block_list(value):
                attributes[key] = [
                    self._nested(item, scope, f"{prefix}{key}.{i}", out)
                    for i, item in enumerate(value)
                ]
            elif key in _TEXT_ATTRIBUTES:
                attributes[key] = expression_text(value)
            else:
                file = body.get(ORIGINS, {}).get(key, self.file)  # set by an override file?
                site = f"{file}:{lines.get(key, start)}"
                attributes[key] = self._value(value, scope, prefix + key, out,
                                              self.session.on_error(site))
        if isinstance(body.get("dynamic"), list):  # after the static blocks they extend
            self._dynamic(body["dynamic"], scope, prefix, out, attributes)
        return attributes

    def _value(self, value: Any, scope: Scope, path: str, out: Evaluated,
               report: Callable[[str], None]) -> Any:
        """An attribute value evaluated; ``path`` is computed if it depends on a variable, a
        resource or a data source (a function of literals, such as ``jsonencode``, is not)."""
        if isinstance(value, list):
            return [self._value(v, scope, f"{path}.{i}", out, report) for i, v in enumerate(value)]
        if isinstance(value, dict) and not any(is_template(k) for k in value):
            return {k: self._value(v, scope, f"{path}.{k}", out, report)
                    for k, v in value.items() if not is_metadata(k)}
        if isinstance(value, str) and not is_template(value):
            return evaluate(value, scope, report)
        with self.session.collecting() as collected:
            result = evaluate(value, scope, report)
        if collected:
            out.computed.add(path)
        if collected.variables and isinstance(value, str) and not _CALL.search(value):
            out.variables[path] = collected.variables
        return result

    def _nested(self, block: dict[str, Any], scope: Scope, path: str,
                out: Evaluated) -> dict[str, Any]:
        out.lines[path] = int(block.get(START_LINE, 1))
        return self._body(block, scope, path + ".", out, frozenset())

    def _dynamic(self, entries: list[Any], scope: Scope, prefix: str, out: Evaluated,
                 attributes: dict[str, Any]) -> None:
        for entry in entries:
            for label, spec in entry.items():
                if is_metadata(label) or not isinstance(spec, dict):
                    continue
                existing = attributes.get(label, [])
                expanded = self._expand(label, spec, scope, prefix, out, len(existing)
                                        if isinstance(existing, list) else 0)
                if isinstance(existing, Unknown):
                    continue
                if isinstance(expanded, Unknown):
                    out.computed.add(prefix + label)
                    attributes[label] = expanded
                else:
                    attributes[label] = existing + expanded

    def _expand(self, label: str, spec: dict[str, Any], scope: Scope, prefix: str,
                out: Evaluated, offset: int) -> list[Any] | Unknown:
        line = spec.get(LINES, {}).get("for_each", spec.get(START_LINE, 1))
        report = self.session.on_error(f"{self.file}:{line}")
        collection = evaluate(spec.get("for_each"), scope, report)
        iterator = expression_text(spec.get("iterator", label))
        contents = [c for c in spec.get("content", []) if isinstance(c, dict)]
        try:
            pairs = list(items(known(collection, scope)))
        except NotKnown as exc:
            return Unknown(f"dynamic {label} blocks are not known: {exc.unknown.reason}")
        except EvalError as exc:
            report(str(exc))
            return Unknown(f"dynamic {label} blocks are not known: {exc}")
        blocks: list[Any] = []
        for key, value in pairs:
            inner = bind(scope, {iterator: {"key": key, "value": value}})
            for content in contents:
                path = f"{prefix}{label}.{offset + len(blocks)}"
                blocks.append(self._nested(content, inner, path, out))
        return blocks


def _is_block_list(value: Any) -> bool:
    return (isinstance(value, list) and bool(value)
            and all(isinstance(v, dict) and START_LINE in v for v in value))


def _comments(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, dict):
        for key, inner in value.items():
            if key == COMMENTS and isinstance(inner, list):
                yield from (c for c in inner if isinstance(c, dict))
            elif not is_metadata(key):
                yield from _comments(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _comments(inner)


def suppressions(body: dict[str, Any], file: str, session: Session) -> tuple[Suppression, ...]:
    """The ``policycheck:ignore`` comments anywhere inside ``body``; problems become warnings."""
    found: list[Suppression] = []
    for part_file, part in split_by_file(body, file):
        start = int(part.get(START_LINE, 1))
        located = sorted((int(c.get("line") or start), str(c.get("value", "")))
                         for c in _comments(part))
        for line, text in located:
            parsed, problems = parse_comment(text, Location(part_file, line, line))
            found.extend(parsed)
            for problem in problems:
                session.warn(problem)
    return tuple(found)

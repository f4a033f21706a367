"""A declarative policy document, validated and turned into a :class:`Policy`.

The metadata goes through the same ``@policy`` validation as a Python policy's, with the
document's ``id:`` line as the policy's origin; :class:`Rule` is its check.
"""

from __future__ import annotations

import dataclasses
import fnmatch
import inspect
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from policycheck.engine.declarative.operators import NUMBER, OPERATORS, REGEX, VALUES, Operator, Outcome
from policycheck.engine.declarative.paths import Leaf, fixed_prefix, leaves, path_problem
from policycheck.engine.policy import ANY_KIND, Context, Policy, PolicyDefinitionError, fail, passed, policy, unknown
from policycheck.errors import PolicycheckError
from policycheck.helpers.secrets import is_secret_key
from policycheck.loaders.yamldoc import YamlDocument
from policycheck.model import Reference, Resource, Result, Unknown

KEYS = ("id", "title", "severity", "sources", "kinds", "checklist", "related", "params", "when",
        "require", "message", "doc")
REQUIRED = ("id", "title", "severity", "sources", "kinds", "require")
CONDITION_KEYS = ("attribute", "operator", "value", "default", "message")
_PLACEHOLDER = re.compile(r"\{(path|value|expected)\}")
_GLOB = re.compile(r"[*?\[]")
_SHOWN_LENGTH = 80


class SpecError(PolicycheckError):
    """Problems with a policy document: ``(line, message)`` pairs."""

    def __init__(self, problems: list[tuple[int, str]]) -> None:
        super().__init__("; ".join(message for _, message in problems))
        self.problems = problems


@dataclass(frozen=True, slots=True)
class Param:
    """``value: {param: NAME}``: the policy parameter ``NAME``, read when the policy runs."""

    name: str


def show(path: str, value: Any) -> str:
    """A value as messages print it; secret-looking attributes are never printed."""
    if value is None:
        return "unset"
    if is_secret_key(path.rsplit(".", 1)[-1]):
        return "<redacted>"
    if isinstance(value, re.Pattern):
        return json.dumps(value.pattern)
    text = json.dumps(value, default=str)
    return text if len(text) <= _SHOWN_LENGTH else text[: _SHOWN_LENGTH - 1] + "…"


@dataclass(frozen=True, slots=True)
class Judged:
    leaf: Leaf
    value: Any
    outcome: Outcome


@dataclass(frozen=True, slots=True)
class Condition:
    """``attribute`` ``operator`` ``expected``; ``default`` stands for an absent value."""

    attribute: str
    operator: Operator
    expected: Any = None
    default: Any = None
    message: str | None = None

    def expected_value(self, params: Mapping[str, Any]) -> Any:
        return params[self.expected.name] if isinstance(self.expected, Param) else self.expected

    def judge(self, resource: Resource, expected: Any) -> list[Judged]:
        judged: list[Judged] = []
        for leaf in leaves(resource.attributes, self.attribute):
            value = self.default if leaf.value is None else leaf.value
            if isinstance(value, Reference) and self.operator.operand:
                value = Unknown(f"{value} is known only after apply")
            outcome = value if isinstance(value, Unknown) else self.operator.test(value, expected)
            judged.append(Judged(leaf, value, outcome))
        return judged

    def text(self, template: str, item: Judged, expected: Any) -> str:
        path = item.leaf.path
        value = show(path, item.value)
        if item.leaf.value is None and self.default is not None:
            value = f"unset (default {value})"
        fields = {"path": path, "value": value, "expected": show("", expected)}
        return _PLACEHOLDER.sub(lambda m: fields[m.group(1)], template)

    def requirement(self) -> str:
        """What the value must do, for messages: ``equal {expected}``, ``be set``."""
        return f"{self.operator.phrase} {{expected}}" if self.operator.operand else self.operator.phrase


@dataclass(frozen=True, slots=True, eq=False)
class Rule:
    """The check of a declarative policy: when every ``when`` condition holds, each
    ``require`` condition must hold for every value its attribute path names."""

    when: tuple[Condition, ...]
    require: tuple[Condition, ...]
    message: str | None = None
    kind_patterns: tuple[str, ...] = ()

    def __call__(self, resource: Resource, ctx: Context) -> Iterator[Result]:
        if self.kind_patterns and not any(fnmatch.fnmatchcase(resource.kind, p)
                                          for p in self.kind_patterns):
            return
        for condition in self.when:
            expected = condition.expected_value(ctx.params)
            for item in condition.judge(resource, expected):
                if isinstance(item.outcome, Unknown):
                    yield _unknown(item)
                    return
                if not item.outcome:
                    template = f"not applicable: {{path}} is {{value}} and does not {condition.requirement()}"
                    yield passed(condition.text(template, item, expected), at=item.leaf.path)
                    return
        for condition in self.require:
            yield from self._require(condition, resource, ctx)

    def _require(self, condition: Condition, resource: Resource, ctx: Context) -> Iterator[Result]:
        expected = condition.expected_value(ctx.params)
        judged = condition.judge(resource, expected)
        template = (condition.message or self.message
                    or f"{{path}} is {{value}}; it must {condition.requirement()}")
        for item in judged:
            if isinstance(item.outcome, Unknown):
                yield _unknown(item)
            elif not item.outcome:
                yield fail(condition.text(template, item, expected), at=item.leaf.path)
        if all(item.outcome is True for item in judged):
            if len(judged) == 1:
                yield passed(condition.text("{path} is {value}", judged[0], expected),
                             at=judged[0].leaf.path)
            else:
                yield passed(f"{len(judged)} value(s) of {condition.attribute} pass",
                             at=fixed_prefix(condition.attribute))


def _unknown(item: Judged) -> Result:
    reason = item.outcome.reason if isinstance(item.outcome, Unknown) else ""
    return unknown(f"{item.leaf.path} is not known ({reason or 'unresolved'})", at=item.leaf.path)


class _Reader:
    """Reads one document's keys, collecting every problem with its line."""

    def __init__(self, document: YamlDocument) -> None:
        self.document = document
        self.problems: list[tuple[int, str]] = []

    def line(self, path: str) -> int:
        while path:
            line = self.document.lines.get(path)
            if line is not None:
                return line
            path = path.rpartition(".")[0]
        return self.document.line

    def problem(self, path: str, message: str) -> None:
        self.problems.append((self.line(path), message))

    def strings(self, data: Mapping[str, Any], key: str) -> tuple[str, ...]:
        value = data.get(key, ())
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, (list, tuple)) or not all(isinstance(v, str) and v for v in items):
            self.problem(key, f"{key} must be a string or a list of strings")
            return ()
        return tuple(items)

    def text(self, data: Mapping[str, Any], key: str, where: str | None = None) -> str | None:
        value = data.get(key)
        if value is not None and not isinstance(value, str):
            self.problem(where or key, f"{key} must be a string")
            return None
        return value

    def conditions(self, data: Mapping[str, Any], key: str, params: Mapping[str, Any]
                   ) -> tuple[Condition, ...]:
        raw = data.get(key, [])
        listed = isinstance(raw, list)
        items = raw if listed else [raw]
        found: list[Condition] = []
        for index, item in enumerate(items):
            prefix = f"{key}.{index}" if listed else key
            condition = self.condition(item, prefix, params, with_message=key == "require")
            if condition is not None:
                found.append(condition)
        if key == "require" and not items:
            self.problem(key, "require needs at least one condition")
        return tuple(found)

    def condition(self, item: Any, prefix: str, params: Mapping[str, Any], *, with_message: bool
                  ) -> Condition | None:
        if not isinstance(item, Mapping):
            self.problem(prefix, f"{prefix} must be a mapping with attribute and operator")
            return None
        allowed = CONDITION_KEYS if with_message else CONDITION_KEYS[:-1]
        for key in item:
            if key not in allowed:
                self.problem(f"{prefix}.{key}", f"{prefix}: unknown key {key!r} (expected some of "
                             f"{', '.join(allowed)})")
        attribute = item.get("attribute")
        problem = path_problem(attribute)
        if problem:
            self.problem(f"{prefix}.attribute", f"{prefix}: {problem}")
        operator = OPERATORS.get(str(item.get("operator")))
        if operator is None:
            self.problem(f"{prefix}.operator", f"{prefix}: operator must be one of "
                         f"{', '.join(OPERATORS)} (got {item.get('operator')!r})")
        message = self.text(item, "message", f"{prefix}.message")
        if problem or operator is None:
            return None
        expected = self.operand(item, prefix, operator, params)
        return Condition(str(attribute), operator, expected, item.get("default"), message)

    def operand(self, item: Mapping[str, Any], prefix: str, operator: Operator,
                params: Mapping[str, Any]) -> Any:
        where = f"{prefix}.value"
        if not operator.operand:
            if "value" in item:
                self.problem(where, f"{prefix}: {operator.name} takes no value")
            return None
        if "value" not in item:
            self.problem(prefix, f"{prefix}: {operator.name} needs a value ({operator.operand})")
            return None
        value = item["value"]
        checked = value
        if isinstance(value, Mapping) and list(value) == ["param"]:
            if value["param"] not in params:
                self.problem(where, f"{prefix}: no parameter {value['param']!r} in params")
                return None
            value = Param(str(value["param"]))
            checked = params[value.name]
        if not _fits(operator.operand, checked):
            self.problem(where, f"{prefix}: {operator.name} needs {operator.operand}")
            return None
        if operator.operand == REGEX and isinstance(value, str):
            try:
                return re.compile(value)
            except re.error as exc:
                self.problem(where, f"{prefix}: invalid regex {value!r}: {exc}")
                return None
        return value


def _fits(operand: str, value: Any) -> bool:
    if operand == VALUES:
        return isinstance(value, list)
    if operand == NUMBER:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if operand == REGEX:
        return isinstance(value, str)
    return True


def _anchor(file: str, line: int) -> Callable[..., Iterable[Result]]:
    """A stand-in check whose code names ``file`` and ``line``: the ``@policy`` decorator
    reads a policy's origin from the function it decorates, so the YAML metadata goes through
    exactly the validation Python metadata does, located in the YAML file."""

    def anchor(*_: object) -> Iterable[Result]:
        return ()

    anchor.__code__ = anchor.__code__.replace(co_filename=file, co_firstlineno=line)
    anchor.__module__ = f"{__name__}:{file}"  # no such module: the doc comes from `doc:`
    return anchor


def parse_policy(document: YamlDocument, file: str) -> Policy:
    """The policy a YAML document declares; :class:`SpecError` lists what is wrong."""
    data = document.value
    if not isinstance(data, Mapping):
        raise SpecError([(document.line, "a policy document must be a mapping of id, title, ...")])
    reader = _Reader(document)
    for key in data:
        if key not in KEYS:
            reader.problem(key, f"unknown key {key!r} (expected some of {', '.join(KEYS)})")
    missing = [key for key in REQUIRED if key not in data]
    if missing:
        reader.problem("id", f"missing key(s) {', '.join(missing)}")
    params = data.get("params") or {}
    if not isinstance(params, Mapping):
        reader.problem("params", "params must be a mapping of parameter names to defaults")
        params = {}
    kinds = reader.strings(data, "kinds")
    sources, checklist = reader.strings(data, "sources"), reader.strings(data, "checklist")
    related = reader.strings(data, "related")
    policy_id, title, severity = (reader.text(data, key) for key in ("id", "title", "severity"))
    doc, message = reader.text(data, "doc"), reader.text(data, "message")
    rule = Rule(reader.conditions(data, "when", params), reader.conditions(data, "require", params),
                message, kinds if any(_GLOB.search(k) for k in kinds) else ())
    if reader.problems or policy_id is None or title is None or severity is None:
        raise SpecError(reader.problems)
    line = reader.line("id")
    try:
        made = policy(id=policy_id, title=title, severity=severity, sources=sources,
                      kinds=(ANY_KIND,) if rule.kind_patterns else kinds, checklist=checklist,
                      related=related, params=dict(params))(_anchor(file, line))
    except PolicyDefinitionError as exc:
        raise SpecError([(line, str(exc).removeprefix(f"{file}:{line}: "))]) from None
    return dataclasses.replace(made, check=rule, doc=inspect.cleandoc(doc or ""))

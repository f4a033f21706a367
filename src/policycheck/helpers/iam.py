"""IAM policy documents in one normalised shape, and what their statements grant.

A document may be a JSON string, an already-decoded ``jsonencode(...)`` value, or a
:class:`Reference` to ``data.aws_iam_policy_document.<name>.json`` (whose ``statement`` blocks,
``source_policy_documents`` and ``override_policy_documents`` are merged the way the provider
merges them: later statements replace earlier ones with the same non-empty ``sid``).
``Statement`` may be one object or a list; ``Action``/``Resource`` (and their ``Not`` forms)
a string or a list. Actions compare case-insensitively.

Identity (permissions) policies live in :data:`POLICY_PATHS`; ``aws_iam_role``'s
``assume_role_policy`` is a trust policy and is not one of them.
"""

from __future__ import annotations

import fnmatch
import json
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from policycheck.helpers.links import values_of
from policycheck.model import Reference, Resource, ResourceGraph, Result, Unknown, Verdict

DOCUMENT_DATA_SOURCE = "data.aws_iam_policy_document"
POLICY_PATHS: Mapping[str, str] = {
    "aws_iam_policy": "policy",
    "aws_iam_role_policy": "policy",
    "aws_iam_user_policy": "policy",
    "aws_iam_group_policy": "policy",
    "aws_ssoadmin_permission_set_inline_policy": "inline_policy",
}
ROLE = "aws_iam_role"
POLICY_KINDS = (*POLICY_PATHS, ROLE)
"""Resource kinds that carry identity policy documents (``aws_iam_role`` via its
``inline_policy`` blocks)."""

FULL_ACCESS_ACTIONS = frozenset({"*", "*:*"})
_SERVICE_WILDCARD = re.compile(r"([a-z0-9-]+):\*+")
_SOURCES = ("source_policy_documents", "source_json")
_OVERRIDES = ("override_policy_documents", "override_json")

Value = str | Unknown


@dataclass(frozen=True, slots=True)
class Statement:
    """One statement. Absent lists are empty; ``origin`` says where it was written
    (``Statement[0]`` of a JSON document, ``data.aws_iam_policy_document.x statement 1``)."""

    effect: Value
    actions: tuple[Value, ...] = ()
    not_actions: tuple[Value, ...] = ()
    resources: tuple[Value, ...] = ()
    not_resources: tuple[Value, ...] = ()
    condition: Any = None
    sid: Value = ""
    origin: str = ""

    def describe(self) -> str:
        sid = f' (Sid "{self.sid}")' if isinstance(self.sid, str) and self.sid else ""
        return f"{self.origin}{sid}"


@dataclass(frozen=True, slots=True)
class PolicyDocument:
    """A document attached at ``path`` of a resource. ``unknown`` says why (part of) it could
    not be read; the statements that could be read are still there."""

    path: str
    statements: tuple[Statement, ...] = ()
    unknown: Unknown | None = None


def _value(item: object) -> Value:
    if isinstance(item, (str, Unknown)):
        return item
    return Unknown(f"{item} is not a literal string")


def _values(raw: object) -> tuple[Value, ...]:
    if isinstance(raw, Unknown):
        return (raw,)
    return tuple(_value(v) for v in values_of(raw))


def _effect(raw: object) -> Value:
    if isinstance(raw, str):
        return raw.strip().capitalize()
    if raw is None:
        return Unknown("the statement has no Effect")
    return _value(raw)


def _json_statement(raw: Mapping[str, Any], origin: str) -> Statement:
    keys = {str(k).lower(): v for k, v in raw.items()}
    return Statement(
        effect=_effect(keys.get("effect")),
        actions=_values(keys.get("action")),
        not_actions=_values(keys.get("notaction")),
        resources=_values(keys.get("resource")),
        not_resources=_values(keys.get("notresource")),
        condition=keys.get("condition"),
        sid=_value(keys.get("sid", "")),
        origin=origin,
    )


def _block_statement(block: Mapping[str, Any], origin: str) -> Statement:
    return Statement(
        effect=_effect(block.get("effect", "Allow")),
        actions=_values(block.get("actions")),
        not_actions=_values(block.get("not_actions")),
        resources=_values(block.get("resources")),
        not_resources=_values(block.get("not_resources")),
        condition=block.get("condition"),
        sid=_value(block.get("sid", "")),
        origin=origin,
    )


@dataclass(slots=True)
class _Reading:
    statements: list[Statement]
    unknown: Unknown | None = None

    def add(self, other: _Reading) -> None:
        """Merge ``other`` in: its statements replace those with the same non-empty sid."""
        for statement in other.statements:
            sid = statement.sid
            same = [i for i, s in enumerate(self.statements)
                    if isinstance(sid, str) and sid and s.sid == sid]
            if same:
                self.statements[same[0]] = statement
            else:
                self.statements.append(statement)
        self.unknown = self.unknown or other.unknown


def _read_json(value: object, origin: str) -> _Reading:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return _Reading([], Unknown(f"{origin} is not valid JSON"))
    if not isinstance(value, Mapping):
        return _Reading([], Unknown(f"{origin} is not a policy document object"))
    keys = {str(k).lower(): v for k, v in value.items()}
    raw = keys.get("statement")
    if isinstance(raw, Unknown):
        return _Reading([], raw)
    reading = _Reading([])
    items = [raw] if isinstance(raw, Mapping) else values_of(raw)
    for index, item in enumerate(items):
        where = f"{origin} Statement[{index}]" if len(items) > 1 else f"{origin} Statement"
        if isinstance(item, Mapping):
            reading.statements.append(_json_statement(item, where))
        else:
            reading.unknown = reading.unknown or Unknown(f"{where} is not known")
    return reading


def _read_data_source(source: Resource, graph: ResourceGraph, seen: set[str]) -> _Reading:
    merged = _Reading([])
    for path in _SOURCES:
        for item in values_of(source.get(path)):
            merged.add(_read(item, source, graph, f"{source.address} {path}", seen))
    own = _Reading([])
    blocks = source.get("statement")
    if isinstance(blocks, Unknown):
        own.unknown = blocks
    for index, block in enumerate(values_of(blocks)):
        if isinstance(block, Mapping):
            own.statements.append(_block_statement(block, f"{source.address} statement {index}"))
    merged.add(own)
    for path in _OVERRIDES:
        for item in values_of(source.get(path)):
            merged.add(_read(item, source, graph, f"{source.address} {path}", seen))
    return merged


def _data_reference(unknown: Unknown, like: Resource) -> Reference | None:
    """The data-source attribute an :class:`Unknown` stands for.

    The Terraform loader evaluates ``data.<type>.<name>.<attr>`` to
    ``Unknown("<address>.<attr> is known only after apply")``; ``like.references`` names the
    data source, so the document can still be read from its arguments.
    """
    for address in sorted(like.references):
        prefix = f"{address}."
        if DOCUMENT_DATA_SOURCE in address and unknown.reason.startswith(prefix):
            return Reference(address, unknown.reason[len(prefix):].split(" ", 1)[0])
    return None


def _read(
    value: object, like: Resource, graph: ResourceGraph, origin: str, seen: set[str]
) -> _Reading:
    if isinstance(value, Unknown):
        value = _data_reference(value, like) or value
    if isinstance(value, Unknown):
        return _Reading([], value)
    if not isinstance(value, Reference):
        return _read_json(value, origin)
    target = graph.resolve(value, like=like)
    if target is None:
        return _Reading([], Unknown(f"{value} is not in the scan"))
    if target.kind == DOCUMENT_DATA_SOURCE:
        if target.address in seen:
            return _Reading([])
        return _read_data_source(target, graph, seen | {target.address})
    literal = target.get(value.attribute)
    if literal is None or isinstance(literal, Reference):
        return _Reading([], Unknown(f"{value} is not known"))
    return _read(literal, target, graph, str(value), seen)


def read_document(value: object, like: Resource, graph: ResourceGraph, path: str
                  ) -> PolicyDocument:
    """The document ``value`` (an attribute of ``like`` at ``path``), normalised."""
    reading = _read(value, like, graph, path, set())
    return PolicyDocument(path, tuple(reading.statements), reading.unknown)


def policy_documents(resource: Resource, graph: ResourceGraph) -> list[PolicyDocument]:
    """The identity policy documents ``resource`` carries (none for other kinds)."""
    if resource.kind == ROLE:
        blocks = resource.get("inline_policy")
        if isinstance(blocks, Unknown):
            return [PolicyDocument("inline_policy", unknown=blocks)]
        paths = [f"inline_policy.{i}.policy" for i, b in enumerate(values_of(blocks))
                 if isinstance(b, Mapping) and b.get("policy") is not None]
    elif resource.kind in POLICY_PATHS:
        paths = [POLICY_PATHS[resource.kind]]
    else:
        return []
    return [read_document(resource.get(path), resource, graph, path) for path in paths]


def _all_resources(pattern: Value) -> bool:
    """``*`` or an ARN pattern whose every part is a wildcard (``arn:aws:*:*:*:*``)."""
    if not isinstance(pattern, str):
        return False
    parts = pattern.strip().split(":")
    if parts == ["*"]:
        return True
    return len(parts) >= 3 and parts[0] == "arn" and all(p == "*" for p in parts[2:])


def on_all_resources(statement: Statement) -> bool | Unknown:
    """Whether the statement applies to every resource: ``Resource: "*"`` (or an all-wildcard
    ARN), or any ``NotResource`` (everything but a few)."""
    if statement.not_resources:
        return True
    if any(_all_resources(r) for r in statement.resources):
        return True
    undecided = next((r for r in statement.resources if isinstance(r, Unknown)), None)
    return undecided if undecided is not None else False


def allowed_on_all_resources(statement: Statement) -> tuple[Value, ...] | Unknown:
    """The ``Action`` patterns an Allow statement grants on every resource.

    ``()`` for a Deny, for ``NotAction`` statements, and for statements scoped to specific
    resources; :class:`Unknown` when the effect or the resources are not known. Unknown action
    entries are kept so the caller can tell "no match" from "cannot tell".
    """
    effect = statement.effect
    if isinstance(effect, Unknown):
        return effect
    if effect != "Allow":
        return ()
    scope = on_all_resources(statement)
    if isinstance(scope, Unknown):
        return scope
    return statement.actions if scope else ()


def is_full_access(action: str) -> bool:
    """``*`` or ``*:*``: every action of every service."""
    return action.strip().lower() in FULL_ACCESS_ACTIONS


def service_wildcard(action: str) -> str | None:
    """The service of a ``<service>:*`` action (``"s3"`` for ``S3:*``), else ``None``."""
    match = _SERVICE_WILDCARD.fullmatch(action.strip().lower())
    return match.group(1) if match else None


def allows(statement: Statement, action: str) -> bool | Unknown:
    """Whether the statement allows ``action`` (``"s3:GetObject"``) on every resource."""
    patterns = allowed_on_all_resources(statement)
    if isinstance(patterns, Unknown):
        return patterns
    target = action.lower()
    if any(isinstance(p, str) and fnmatch.fnmatchcase(target, p.lower()) for p in patterns):
        return True
    undecided = next((p for p in patterns if isinstance(p, Unknown)), None)
    return undecided if undecided is not None else False


def _reason(unknown: Unknown) -> str:
    return unknown.reason or "unresolved"


def judge_grants(
    resource: Resource,
    graph: ResourceGraph,
    match: Callable[[str], bool],
    granted: str,
) -> Iterator[Result]:
    """Results for every identity document of ``resource``: FAIL per Allow statement whose
    actions on every resource include one ``match`` accepts (the message says it grants
    ``granted``), UNKNOWN where that cannot be decided, PASS otherwise."""
    documents = policy_documents(resource, graph)
    if not documents:
        yield Result(Verdict.PASS, "no inline policy document")
    for document in documents:
        yield from _judge_document(document, match, granted)


def _judge_document(
    document: PolicyDocument, match: Callable[[str], bool], granted: str
) -> Iterator[Result]:
    failed = False
    undecided: list[str] = []
    if document.unknown is not None:
        undecided.append(_reason(document.unknown))
    for statement in document.statements:
        patterns = allowed_on_all_resources(statement)
        if isinstance(patterns, Unknown):
            undecided.append(f"{statement.describe()}: {_reason(patterns)}")
            continue
        hits = [p for p in patterns if isinstance(p, str) and match(p)]
        if hits:
            failed = True
            actions = ", ".join(f'"{a}"' for a in hits)
            yield Result(Verdict.FAIL, f"{document.path}: {statement.describe()} allows "
                         f"{actions} on all resources, which grants {granted}", document.path)
        else:
            undecided += [f"{statement.describe()}: {_reason(p)}" for p in patterns
                          if isinstance(p, Unknown)]
    if failed:
        return
    if undecided:
        yield Result(Verdict.UNKNOWN, f"{document.path}: cannot tell whether it grants "
                     f"{granted}: {'; '.join(undecided)}", document.path)
    else:
        yield Result(Verdict.PASS, f"{document.path} does not grant {granted}", document.path)

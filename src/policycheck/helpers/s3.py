"""S3 buckets and the resources that configure them.

Since AWS provider v4 a bucket's settings live in companion resources
(``aws_s3_bucket_server_side_encryption_configuration``, ``aws_s3_bucket_public_access_block``,
``aws_s3_bucket_lifecycle_configuration``, ``aws_s3_bucket_policy``) whose ``bucket`` argument
names the bucket either by :class:`Reference` (``aws_s3_bucket.b.id`` / ``.bucket``) or by a
literal equal to the bucket's ``bucket`` attribute. Provider v3 configurations set them inline
on ``aws_s3_bucket`` (``server_side_encryption_configuration``, ``lifecycle_rule``, ``policy``).

A literal link to a bucket whose name is not known (a variable without a value, a computed
name), or a companion whose ``bucket`` is not known, is undecided: it yields UNKNOWN, never a
guess. A literal equal to the name of another bucket of the scan is not undecided: bucket names
are global, so it cannot name this one.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from weakref import WeakKeyDictionary

from policycheck.helpers.attributes import is_set
from policycheck.helpers.links import designates, literal_ids, values_of
from policycheck.model import Reference, Resource, ResourceGraph, Result, Unknown, Verdict

BUCKET = "aws_s3_bucket"
ENCRYPTION_CONFIGURATION = "aws_s3_bucket_server_side_encryption_configuration"
PUBLIC_ACCESS_BLOCK = "aws_s3_bucket_public_access_block"
LIFECYCLE_CONFIGURATION = "aws_s3_bucket_lifecycle_configuration"
BUCKET_POLICY = "aws_s3_bucket_policy"
ACCOUNT_PUBLIC_ACCESS_BLOCK = "aws_s3_account_public_access_block"
LINK_IDENTIFIERS = ("bucket", "id")
"""The bucket attributes a companion's literal ``bucket`` may equal."""

Judge = Callable[[Resource], Result | None]
"""Judges one resource that may configure a bucket; ``None`` means it does not configure it.
The result's path is an attribute of the judged resource."""


def link(companion: Resource, bucket: Resource, graph: ResourceGraph) -> bool | Unknown:
    """Whether ``companion``'s ``bucket`` names ``bucket``; :class:`Unknown` if undecided."""
    value = companion.get("bucket")
    linked = designates(value, bucket, graph, companion, identifiers=LINK_IDENTIFIERS)
    if isinstance(linked, Unknown):
        return Unknown(f"the bucket of {companion.address} is not known ({_why(linked)})")
    name = bucket.get("bucket")
    if linked or not isinstance(value, str) or not isinstance(name, (Unknown, Reference)):
        return linked
    if _named_elsewhere(value, bucket, graph):
        return False
    reason = _why(name) if isinstance(name, Unknown) else f"computed from {name}"
    return Unknown(
        f"{companion.address} names bucket {value!r} but the name of {bucket.address} "
        f"is not known ({reason})"
    )


def _named_elsewhere(name: str, bucket: Resource, graph: ResourceGraph) -> bool:
    """Whether another bucket of the scan is literally called ``name`` (names are global)."""
    return any(other is not bucket for other in _bucket_names(graph).get((bucket.source, name), ()))


_BUCKET_NAMES: WeakKeyDictionary[ResourceGraph, dict[tuple[str, str], list[Resource]]] = (
    WeakKeyDictionary())


def _bucket_names(graph: ResourceGraph) -> dict[tuple[str, str], list[Resource]]:
    """``graph``'s buckets by source and literal name, built once."""
    names = _BUCKET_NAMES.get(graph)
    if names is None:
        names = _BUCKET_NAMES[graph] = {}
        for bucket in graph.of_kind(BUCKET):
            name = bucket.get("bucket")
            if isinstance(name, str):
                names.setdefault((bucket.source, name), []).append(bucket)
    return names


def companions(
    bucket: Resource, graph: ResourceGraph, kind: str
) -> list[tuple[Resource, bool | Unknown]]:
    """Resources of ``kind`` (in the bucket's source) that configure ``bucket`` (``True``) or
    may configure it (an :class:`Unknown` giving the reason), in graph order.

    The first call for a graph and kind indexes the candidates; :func:`link` then judges only
    those that may name ``bucket``.
    """
    index = _candidate_index(graph, kind)
    source = bucket.source
    chosen = set(index.by_target.get(bucket, ()))
    chosen.update(index.undecided.get(source, ()))
    for literal in literal_ids(bucket, LINK_IDENTIFIERS):
        chosen.update(index.by_literal.get((source, literal), ()))
    if isinstance(bucket.get("bucket"), (Unknown, Reference)):
        chosen.update(index.unmatched.get(source, ()))
    found: list[tuple[Resource, bool | Unknown]] = []
    for candidate in sorted(chosen, key=index.position.__getitem__):
        linked = link(candidate, bucket, graph)
        if isinstance(linked, Unknown) or linked:
            found.append((candidate, linked))
    return found


@dataclass(slots=True)
class _Candidates:
    """The resources of one kind of a graph, by what their ``bucket`` may name: each one that
    :func:`link` may find linked to a bucket, or undecided, is in a lookup for that bucket."""

    position: dict[Resource, int] = field(default_factory=dict)
    by_target: dict[Resource, list[Resource]] = field(default_factory=dict)
    """By the resource a :class:`Reference` resolves to."""
    by_literal: dict[tuple[str, str], list[Resource]] = field(default_factory=dict)
    """By source and literal."""
    undecided: dict[str, list[Resource]] = field(default_factory=dict)
    """By source: an :class:`Unknown` value, or an unknown item of a list."""
    unmatched: dict[str, list[Resource]] = field(default_factory=dict)
    """By source: a literal ``bucket`` that no bucket of the source is called, so it may name
    a bucket whose name is not known (names are global)."""


_CANDIDATES: WeakKeyDictionary[ResourceGraph, dict[str, _Candidates]] = WeakKeyDictionary()


def _candidate_index(graph: ResourceGraph, kind: str) -> _Candidates:
    """The index of ``graph``'s resources of ``kind``, built once."""
    per_graph = _CANDIDATES.setdefault(graph, {})
    index = per_graph.get(kind)
    if index is not None:
        return index
    index = per_graph[kind] = _Candidates()
    names = _bucket_names(graph)
    for position, candidate in enumerate(graph.of_kind(kind)):
        index.position[candidate] = position
        value = candidate.get("bucket")
        if isinstance(value, str) and (candidate.source, value) not in names:
            index.unmatched.setdefault(candidate.source, []).append(candidate)
        items = [value] if isinstance(value, Unknown) else values_of(value)
        if any(isinstance(item, Unknown) for item in items):
            index.undecided.setdefault(candidate.source, []).append(candidate)
        for item in items:
            target = graph.resolve(item, like=candidate)
            if target is not None:
                index.by_target.setdefault(target, []).append(candidate)
            elif isinstance(item, str) and item:
                index.by_literal.setdefault((candidate.source, item), []).append(candidate)
    return index


def account_public_access_blocks(graph: ResourceGraph, like: Resource) -> list[Resource]:
    """The account-level ``aws_s3_account_public_access_block`` resources of ``like``'s source."""
    return [r for r in graph.of_kind(ACCOUNT_PUBLIC_ACCESS_BLOCK) if r.source == like.source]


def inline_setting(path: str) -> Judge:
    """A judge for a legacy inline bucket attribute: PASS when set, not configured when empty."""

    def judge(bucket: Resource) -> Result | None:
        value = bucket.get(path)
        if isinstance(value, Unknown):
            return Result(Verdict.UNKNOWN, f"{path} is not known ({_why(value)})", path)
        if not is_set(value):
            return None
        return Result(Verdict.PASS, f"{path} is set on the bucket", path)

    return judge


def configured_by(resource: Resource) -> Result:
    """The default companion judge: the companion's existence configures the bucket."""
    return Result(Verdict.PASS, f"configured by {resource.address}")


def judge_bucket(
    bucket: Resource,
    graph: ResourceGraph,
    kind: str,
    *,
    missing: str,
    judge: Judge = configured_by,
    inline: Judge | None = None,
    account: Sequence[Resource] = (),
) -> Result:
    """One verdict for ``bucket`` from every resource that may configure it.

    Candidates are the bucket itself (judged by ``inline``), the ``account``-wide resources and
    the companions of ``kind`` (judged by ``judge``). PASS when a definitely linked candidate
    passes; otherwise UNKNOWN when an undecided link or an unknown value could make it pass;
    otherwise the first linked candidate's FAIL (located on that candidate), or FAIL with
    ``missing`` on the bucket when nothing configures it.
    """
    candidates: list[tuple[Resource, bool | Unknown, Judge]] = []
    if inline is not None:
        candidates.append((bucket, True, inline))
    candidates.extend((resource, True, judge) for resource in account)
    candidates.extend((r, linked, judge) for r, linked in companions(bucket, graph, kind))
    undecided: Result | None = None
    failure: Result | None = None
    for resource, linked, check in candidates:
        result = check(resource)
        if result is None:
            continue
        result = _on_bucket(result, resource, bucket)
        if result.verdict is Verdict.FAIL:
            failure = failure or (None if isinstance(linked, Unknown) else result)
        elif isinstance(linked, Unknown):
            maybe = f"{resource.address} may apply to this bucket: {linked.reason}"
            undecided = undecided or Result(Verdict.UNKNOWN, maybe)
        elif result.verdict is Verdict.PASS:
            return result
        else:
            undecided = undecided or result
    return undecided or failure or Result(Verdict.FAIL, missing)


def _on_bucket(result: Result, judged: Resource, bucket: Resource) -> Result:
    """``result`` (about ``judged``) as a result about ``bucket``, located on ``judged``."""
    if judged is bucket:
        return result
    return dataclasses.replace(result, path=None, location=judged.location_of(result.path))


def _why(value: Unknown) -> str:
    return value.reason or "unresolved"

"""Kubernetes objects from manifest text: which documents are objects, their addresses, lines
and suppressions."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from policycheck.loaders.base import LoadResult
from policycheck.loaders.k8s.shape import object_shape, problems
from policycheck.loaders.yamlload import (
    Comment,
    YamlDocument,
    YamlProblem,
    find_comments,
    item_end_lines,
    iter_json,
    iter_yaml,
    outside_scalars,
    separator_lines,
)
from policycheck.model import Location, Resource, ScanError, Suppression
from policycheck.suppression.syntax import ANNOTATION, MARKER, parse_annotation, parse_comment

SOURCE = "k8s"
DEFAULT_NAMESPACE = "default"
UNNAMED = "<unnamed>"

CLUSTER_SCOPED = frozenset(
    {
        "Namespace", "Node", "PersistentVolume", "ClusterRole", "ClusterRoleBinding",
        "CustomResourceDefinition", "StorageClass", "PriorityClass",
        "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration", "APIService",
        "IngressClass", "RuntimeClass", "PodSecurityPolicy", "CSIDriver", "VolumeAttachment",
    }
)  # fmt: skip
"""Kinds whose address has no namespace: ``Kind/name``."""

TOOL_CONFIG_GROUPS = frozenset({"kustomize.config.k8s.io", "kind.x-k8s.io", "skaffold"})
"""API groups of tool configuration files that look like objects but never reach a cluster."""

_LOOKS_YAML = (re.compile(r"^apiVersion\s*:", re.M), re.compile(r"^kind\s*:", re.M))
_LOOKS_JSON = (re.compile(r'"apiVersion"\s*:'), re.compile(r'"kind"\s*:'))


def parse_manifests(text: str, display: str, result: LoadResult, *, is_json: bool = False) -> bool:
    """Add the Kubernetes objects in ``text`` to ``result``.

    Returns whether ``text`` is a Kubernetes file; for any other YAML/JSON nothing is added.
    """
    if "apiVersion" not in text or "kind" not in text:
        return False
    parse = _FileParse(display, [] if is_json else find_comments(text, MARKER))
    separators = separator_lines(text)
    region_start = 1
    for item in iter_json(text) if is_json else iter_yaml(text):
        if isinstance(item, YamlProblem):
            parse.errors.append(ScanError(display, item.line, item.message))
        elif item.value is not None:
            region_end = _separator_after(separators, item.end_line)
            parse.document(item, (region_start, region_end))
            region_start = region_end
    looks = _LOOKS_JSON if is_json else _LOOKS_YAML
    if not parse.objects and not (parse.errors and all(p.search(text) for p in looks)):
        return False
    result.resources.extend(parse.resources)
    result.errors.extend(parse.errors)
    result.warnings.extend(parse.warnings)
    return True


def is_object(value: Any) -> bool:
    """A mapping with string ``apiVersion`` and ``kind`` that is not a tool's config file."""
    return (
        isinstance(value, dict)
        and isinstance(value.get("apiVersion"), str)
        and isinstance(value.get("kind"), str)
        and not _tool_config(value)
    )


def _tool_config(value: dict[str, Any]) -> bool:
    api_version = value.get("apiVersion")
    if not isinstance(api_version, str):
        return False
    group = api_version.partition("/")[0] if "/" in api_version else ""
    return group in TOOL_CONFIG_GROUPS or (api_version, value.get("kind")) == ("v1", "Config")


def address(kind: str, name: str, namespace: str) -> str:
    return f"{kind}/{name}" if kind in CLUSTER_SCOPED else f"{kind}/{namespace}/{name}"


def _is_list(obj: dict[str, Any]) -> bool:
    kind: str = obj["kind"]
    return kind == "List" or (kind.endswith("List") and isinstance(obj.get("items"), list))


def _separator_after(separators: Sequence[int], line: int) -> int:
    """The first ``---``/``...`` line after ``line``: a document's comments are those from the
    previous document's separator up to its own (file header comments go to the first)."""
    index = bisect.bisect_right(separators, line)
    return separators[index] if index < len(separators) else 1 << 31


@dataclass(slots=True)
class _FileParse:
    """The resources, errors and warnings of one text, kept until it is known to be Kubernetes."""

    display: str
    comments: list[Comment]
    objects: int = 0
    resources: list[Resource] = field(default_factory=list)
    errors: list[ScanError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def document(self, doc: YamlDocument, region: tuple[int, int]) -> None:
        self.warnings.extend(f"{self.display}:{w.line}: {w.message}" for w in doc.warnings)
        value = doc.value
        if not is_object(value):
            if not (isinstance(value, dict) and _tool_config(value)):
                self.errors.append(ScanError(
                    self.display, doc.line,
                    "document is not a Kubernetes object (it needs string apiVersion and kind)",
                ))  # fmt: skip
            return
        self.objects += 1
        comments = [c for c in self.comments if region[0] <= c.line < region[1]]
        comments = outside_scalars(comments, doc)
        if _is_list(value):
            self._items(value, doc, comments)
        elif self._well_shaped(value, doc.lines, doc.line):
            self.resources.append(
                self._resource(value, doc.lines, doc.line, doc.end_line, comments)
            )

    def _items(self, lst: dict[str, Any], doc: YamlDocument, comments: list[Comment]) -> None:
        """Each object of a ``List``/``*List`` document, with paths relative to the item."""
        items = lst.get("items")
        if items is None:
            return
        if not isinstance(items, list):
            line = doc.lines.get("items", doc.line)
            self.errors.append(ScanError(self.display, line, f"{lst['kind']} items is not a list"))
            return
        lines: list[dict[str, int]] = [{} for _ in items]
        for path, line in doc.lines.items():
            if path.startswith("items."):
                number, _, rest = path[6:].partition(".")
                if rest:
                    lines[int(number)][rest] = line
        starts = [doc.lines.get(f"items.{i}", doc.line) for i in range(len(items))]
        ends = item_end_lines(doc, "items") or [doc.end_line] * len(items)
        owned = _assign(comments, ends)
        for index, item in enumerate(items):
            obj = self._item_object(lst, item, starts[index])
            if obj is not None and self._well_shaped(obj, lines[index], starts[index]):
                self.resources.append(
                    self._resource(obj, lines[index], starts[index], ends[index], owned[index])
                )

    def _item_object(self, lst: dict[str, Any], item: Any, line: int) -> dict[str, Any] | None:
        """The item, with a typed list's kind (``PodList`` -> ``Pod``) filled in if missing."""
        if isinstance(item, dict) and lst["kind"] != "List":
            item = {"apiVersion": lst["apiVersion"], "kind": lst["kind"][:-4]} | item
        if isinstance(item, dict) and is_object(item):
            return item
        self.errors.append(ScanError(self.display, line, "List item is not a Kubernetes object"))
        return None

    def _well_shaped(self, obj: dict[str, Any], lines: dict[str, int], line: int) -> bool:
        """Whether the fields policies read have their types; else an error entry per field."""
        found = list(problems(obj, object_shape(obj["kind"])))
        for path, message in found:
            self.errors.append(ScanError(self.display, lines.get(path, line),
                                         f"{obj['kind']}: {message}; the object is not judged"))
        return not found

    def _resource(
        self,
        obj: dict[str, Any],
        lines: dict[str, int],
        line: int,
        end_line: int,
        comments: Iterable[Comment],
    ) -> Resource:
        kind: str = obj["kind"]
        metadata = obj.get("metadata")
        metadata = metadata if isinstance(metadata, dict) else {}
        name = metadata.get("name")
        if not isinstance(name, str) or not name:
            self.warnings.append(
                f"{self.display}:{line}: {kind} has no metadata.name; it is reported as {UNNAMED}"
            )
            name = UNNAMED
        namespace = metadata.get("namespace")
        if not isinstance(namespace, str) or not namespace:
            namespace = DEFAULT_NAMESPACE
        return Resource(
            kind=kind,
            address=address(kind, name, namespace),
            source=SOURCE,
            attributes=obj,
            location=Location(self.display, line, end_line),
            attribute_lines=lines,
            suppressions=self._suppressions(metadata, lines, line, comments),
        )

    def _suppressions(
        self,
        metadata: dict[str, Any],
        lines: dict[str, int],
        line: int,
        comments: Iterable[Comment],
    ) -> tuple[Suppression, ...]:
        found: list[Suppression] = []
        annotations = metadata.get("annotations")
        if isinstance(annotations, dict) and ANNOTATION in annotations:
            at = lines.get(f"metadata.annotations.{ANNOTATION}", line)
            more, problems = parse_annotation(annotations[ANNOTATION], Location(self.display, at, at))
            found.extend(more)
            self.warnings.extend(problems)
        for comment in comments:
            where = Location(self.display, comment.line, comment.line)
            more, problems = parse_comment(comment.text, where)
            found.extend(more)
            self.warnings.extend(problems)
        return tuple(found)


def _assign(comments: Sequence[Comment], ends: Sequence[int]) -> list[list[Comment]]:
    """Comments per item: each goes to the first item ending at or after it, else the last."""
    owned: list[list[Comment]] = [[] for _ in ends]
    if owned:
        for comment in comments:
            index = bisect.bisect_left(ends, comment.line)
            owned[min(index, len(ends) - 1)].append(comment)
    return owned

"""The deployment checklist: the built-in one (``data/checklist.yaml``) or a user's file.

A checklist has sections, sections have groups, groups have items; an item's ID is
``<group id>/<item id>``. Groups with a ``tier`` (``must``, ``should``, ``nice``) hold the
Go/No-Go criteria, whose :class:`Criterion` says how each is derived. ``data/checklist.schema.json``
describes the format for editors; :func:`parse_checklist` checks it, plus what a schema cannot
(unique IDs, ``requires`` targets), with messages naming the file and the section, group or item.
"""

from __future__ import annotations

import copy
import dataclasses
import functools
import re
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from policycheck.errors import PolicycheckError
from policycheck.model import Severity

TIERS = ("must", "should", "nice")
EXTENDS_BUILTIN = "built-in"
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_KEYS = {
    "checklist": ({"title", "sections"}, {"extends"}),
    "section": ({"id", "groups"}, {"title"}),
    "group": ({"id", "items"}, {"title", "tier"}),
    "item": ({"id", "text"}, {"requires", "no-failures-at-or-above", "attest"}),
}
"""Required and optional keys of each level."""


class ChecklistError(PolicycheckError):
    """An invalid checklist file; the message names the file and where in it."""


@dataclasses.dataclass(frozen=True, slots=True)
class Criterion:
    """How a Go/No-Go criterion is decided: every item of ``requires`` (section, group or item
    IDs) holds, no failing finding at or above ``no_failures_at_or_above`` exists, and, with
    ``attest``, the criterion itself is attested."""

    requires: tuple[str, ...] = ()
    no_failures_at_or_above: Severity | None = None
    attest: bool = False


@dataclasses.dataclass(frozen=True, slots=True)
class ChecklistItem:
    id: str
    text: str
    section: str
    """The title of the item's section."""
    group: str
    """The title of the item's group."""
    criterion: Criterion | None = None
    """Set for the items of tier groups (and only for them)."""


@dataclasses.dataclass(frozen=True, slots=True)
class Group:
    id: str
    title: str
    items: tuple[ChecklistItem, ...]
    tier: str | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class Section:
    id: str
    title: str
    groups: tuple[Group, ...]

    def items(self) -> Iterator[ChecklistItem]:
        for group in self.groups:
            yield from group.items


@dataclasses.dataclass(frozen=True, slots=True)
class Checklist:
    title: str
    sections: tuple[Section, ...]
    origin: str
    """Where it was read from: ``built-in`` or the file's path."""

    def items(self) -> Iterator[ChecklistItem]:
        for section in self.sections:
            yield from section.items()

    def item(self, item_id: str) -> ChecklistItem | None:
        return next((i for i in self.items() if i.id == item_id), None)

    def selected(self, selector: str) -> list[ChecklistItem]:
        """The items a ``requires`` entry names: a section's, a group's, or one item."""
        for section in self.sections:
            if section.id == selector:
                return list(section.items())
            for group in section.groups:
                if group.id == selector:
                    return list(group.items)
        found = self.item(selector)
        return [found] if found else []

    def label(self, selector: str) -> str:
        """A section's or group's title, or an item's text, for a ``requires`` entry."""
        for section in self.sections:
            if section.id == selector:
                return section.title
            for group in section.groups:
                if group.id == selector:
                    return group.title
        found = self.item(selector)
        return found.text if found else selector


def _check_keys(node: object, level: str, where: str) -> dict[str, Any]:
    if not isinstance(node, dict):
        raise ChecklistError(f"{where}: must be a mapping")
    required, optional = _KEYS[level]
    unknown = sorted(str(k) for k in set(node) - required - optional)
    if unknown:
        known = ", ".join(sorted(required | optional))
        raise ChecklistError(f"{where}: unknown key(s) {', '.join(unknown)} (known: {known})")
    missing = sorted(required - set(node))
    if missing:
        raise ChecklistError(f"{where}: missing {', '.join(missing)}")
    return node


def _text(node: dict[str, Any], key: str, where: str) -> str:
    value = node.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ChecklistError(f"{where}: {key} must be a non-empty string")
    return value.strip()


def _id(node: dict[str, Any], where: str) -> str:
    value = node["id"]
    if not isinstance(value, str) or not _ID.match(value):
        raise ChecklistError(f"{where}: id {value!r} must be lowercase words joined by '-'")
    return value


def _list(node: dict[str, Any], key: str, where: str) -> list[Any]:
    value = node[key]
    if not isinstance(value, list):
        raise ChecklistError(f"{where}: {key} must be a list")
    return value


def _criterion(node: dict[str, Any], where: str) -> Criterion:
    requires = node.get("requires", [])
    if not isinstance(requires, list) or not all(isinstance(r, str) for r in requires) or (
            "requires" in node and not requires):
        raise ChecklistError(f"{where}: requires must be a non-empty list of section, group or "
                             "item IDs")
    threshold = node.get("no-failures-at-or-above")
    try:
        severity = None if threshold is None else Severity.parse(str(threshold))
    except ValueError as exc:
        raise ChecklistError(f"{where}: no-failures-at-or-above: {exc}") from None
    attest = node.get("attest", False)
    if not isinstance(attest, bool):
        raise ChecklistError(f"{where}: attest must be true or false")
    return Criterion(tuple(requires), severity, attest or (not requires and severity is None))


def _item(node: object, section: str, group: Group, where: str) -> ChecklistItem:
    data = _check_keys(node, "item", where)
    where = f"item {group.id}/{_id(data, where)}"
    derived = {"requires", "no-failures-at-or-above", "attest"} & set(data)
    if derived and group.tier is None:
        raise ChecklistError(f"{where}: {', '.join(sorted(derived))} is only allowed in groups "
                             "with a tier (the Go/No-Go criteria)")
    return ChecklistItem(f"{group.id}/{data['id']}", _text(data, "text", where), section,
                         group.title, _criterion(data, where) if group.tier else None)


def _group(node: object, section: str, where: str) -> Group:
    data = _check_keys(node, "group", where)
    where = f"group {_id(data, where)}"
    tier = data.get("tier")
    if tier is not None and tier not in TIERS:
        raise ChecklistError(f"{where}: tier must be one of {', '.join(TIERS)}")
    group = Group(data["id"], _text(data, "title", where), (), tier)
    items = [_item(n, section, group, f"{where} item #{i + 1}")
             for i, n in enumerate(_list(data, "items", where))]
    return dataclasses.replace(group, items=tuple(items))


def _section(node: object, where: str) -> Section:
    data = _check_keys(node, "section", where)
    where = f"section {_id(data, where)}"
    title = _text(data, "title", where)
    groups = [_group(n, title, f"{where} group #{i + 1}")
              for i, n in enumerate(_list(data, "groups", where))]
    return Section(data["id"], title, tuple(groups))


def _check_references(checklist: Checklist) -> None:
    containers: set[str] = set()
    seen: set[str] = set()
    for section in checklist.sections:
        for name, kind in ((section.id, "section"), *((g.id, "group") for g in section.groups)):
            if name in containers:
                raise ChecklistError(f"{kind} {name}: the ID is used twice (section and group IDs "
                                     "share one namespace)")
            containers.add(name)
        for item in section.items():
            if item.id in seen:
                raise ChecklistError(f"item {item.id}: the ID is used twice")
            seen.add(item.id)
    criteria = {i.id for i in checklist.items() if i.criterion}
    if not criteria:
        return
    if not any(g.tier == "must" for s in checklist.sections for g in s.groups):
        raise ChecklistError("the Go/No-Go criteria need a group with tier: must")
    for item in checklist.items():
        for selector in item.criterion.requires if item.criterion else ():
            targets = checklist.selected(selector)
            if not targets:
                raise ChecklistError(f"item {item.id}: requires {selector!r}, which is no section, "
                                     "group or item of the checklist")
            if any(t.id in criteria for t in targets):
                raise ChecklistError(f"item {item.id}: requires {selector!r}, which holds Go/No-Go "
                                     "criteria; require the items they derive from instead")


def parse_checklist(data: object, origin: str) -> Checklist:
    """Validate checklist data read from ``origin`` (``extends`` must be resolved already)."""
    try:
        document = _check_keys(data, "checklist", "the checklist")
        if document.get("extends") not in (None, EXTENDS_BUILTIN):
            raise ChecklistError(f"extends must be {EXTENDS_BUILTIN!r}")
        sections = [_section(n, f"section #{i + 1}")
                    for i, n in enumerate(_list(document, "sections", "the checklist"))]
        checklist = Checklist(_text(document, "title", "the checklist"), tuple(sections), origin)
        _check_references(checklist)
    except ChecklistError as exc:
        raise ChecklistError(f"{origin}: {exc}") from None
    return checklist


def _merge(base: dict[str, Any], extension: dict[str, Any]) -> dict[str, Any]:
    """The built-in data with the extension's sections, groups and items added by ID; new
    sections go before the first section holding Go/No-Go criteria."""
    merged = copy.deepcopy(base)
    sections: list[dict[str, Any]] = merged["sections"]
    tiers_at = next((n for n, s in enumerate(sections)
                     if any("tier" in g for g in s["groups"])), len(sections))
    for section in _list(_check_keys(extension, "checklist", "the checklist"), "sections",
                         "the checklist"):
        if not isinstance(section, dict):
            continue  # parse_checklist reports it
        target = next((s for s in sections if s["id"] == section.get("id")), None)
        if target is None:
            sections.insert(tiers_at, section)
            tiers_at += 1
            continue
        for group in section.get("groups") or []:
            same = next((g for g in target["groups"]
                         if isinstance(group, dict) and g["id"] == group.get("id")), None)
            if same is None:
                target["groups"].append(group)
            else:
                same["items"] = [*same["items"], *(group.get("items") or [])]
    merged["title"] = extension.get("title", merged["title"])
    return merged


def _builtin_data() -> dict[str, Any]:
    text = resources.files("policycheck").joinpath("data/checklist.yaml").read_text("utf-8")
    data: dict[str, Any] = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return data


def load_checklist(path: Path) -> Checklist:
    """A user's checklist file (YAML or JSON); ``extends: built-in`` adds to the built-in one."""
    try:
        data = yaml.safe_load(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ChecklistError(f"{path}: cannot read: {exc}") from None
    except yaml.YAMLError as exc:
        raise ChecklistError(f"{path}: invalid YAML: {exc}") from None
    if isinstance(data, dict) and data.get("extends") == EXTENDS_BUILTIN:
        try:
            data = _merge(_builtin_data(), data)
        except ChecklistError as exc:
            raise ChecklistError(f"{path}: {exc}") from None
    return parse_checklist(data, str(path))


@functools.cache
def builtin_checklist() -> Checklist:
    return parse_checklist(_builtin_data(), "built-in")


def checklist_items() -> tuple[ChecklistItem, ...]:
    """Every item of the built-in checklist, in document order; IDs are ``<group>/<item>``."""
    return tuple(builtin_checklist().items())


@functools.cache
def checklist_item_ids() -> frozenset[str]:
    return frozenset(item.id for item in checklist_items())

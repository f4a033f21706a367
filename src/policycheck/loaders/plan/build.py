"""Building a plan's resources from its parsed ``terraform show -json`` document.

Planned resources (source ``plan``) come from ``resource_changes``: kind is the resource type
(``data.TYPE`` for data sources), the address is Terraform's, attributes are ``after`` with
``after_unknown`` paths :class:`Unknown` and ``after_sensitive`` strings :class:`Sensitive`,
``change`` is the action. Objects the plan deletes exist only in the prior world (``before``).
Data sources read while planning come from ``prior_state``; ``planned_values`` entries missing
from ``resource_changes`` (hand-trimmed plans) are taken as they are.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from policycheck.loaders.plan.addresses import module_names, split_instance
from policycheck.loaders.plan.configuration import Configuration, Linker, Place, listed
from policycheck.loaders.plan.lines import entry_lines
from policycheck.loaders.plan.sourcemap import SourceMap
from policycheck.loaders.plan.values import changes, merge
from policycheck.model import Drift, LoadedPlan, Location, Resource, ScanError, Suppression

SOURCE = "plan"
_ACTIONS = {
    ("no-op",): "no-op", ("create",): "create", ("read",): "read", ("update",): "update",
    ("delete", "create"): "replace", ("create", "delete"): "replace", ("delete",): "delete",
    ("forget",): "forget", ("create", "forget"): "create",
}
EXISTS_AFTER = frozenset({"create", "update", "replace", "no-op", "read"})
EXISTED_BEFORE = frozenset({"update", "replace", "delete", "no-op"})


def action_of(actions: object) -> str:
    """One word for a change's ``actions``: create, update, replace, delete, no-op, read ..."""
    key = tuple(a for a in actions if isinstance(a, str)) if isinstance(actions, list) else ()
    if key in _ACTIONS:
        return _ACTIONS[key]
    if "delete" in key:
        return "replace" if "create" in key else "delete"
    return "-".join(key) or "no-op"


@dataclass(slots=True)
class _Entry:
    """One resource instance of the plan, before linking."""

    address: str
    kind: str
    relative: str
    place: Place
    line: int
    action: str | None
    after: dict[str, Any] | None = None
    before: dict[str, Any] | None = None


def _kind_and_relative(entry: Mapping[str, Any]) -> tuple[str, str] | None:
    kind, name = entry.get("type"), entry.get("name")
    if not isinstance(kind, str) or not isinstance(name, str):
        return None
    data = entry.get("mode") == "data"
    return (f"data.{kind}" if data else kind), f"{'data.' if data else ''}{kind}.{name}"


def _place(address: str, relative: str) -> Place:
    prefix, key = split_instance(address, relative)
    return Place(module_names(prefix), prefix, key)


def _state_resources(module: object, where: str, problems: list[str]) -> Iterator[Mapping[str, Any]]:
    """The resources of a values representation's module (at ``where``) and its child modules;
    what has the wrong shape is added to ``problems``."""
    if module is None:
        return
    if not isinstance(module, dict):
        problems.append(f"{where} is not an object")
        return
    for key in ("resources", "child_modules"):
        if module.get(key) is not None and not isinstance(module[key], list):
            problems.append(f"{where}.{key} is not a list")
    entries = listed(module, "resources")
    usable = [e for e in entries if isinstance(e, dict) and isinstance(e.get("address"), str)]
    if len(usable) < len(entries):
        problems.append(f"{where}.resources: {len(entries) - len(usable)} entries have no address")
    yield from usable
    for index, child in enumerate(listed(module, "child_modules")):
        yield from _state_resources(child, f"{where}.child_modules[{index}]", problems)


def _root(data: Mapping[str, Any], *keys: str) -> object:
    node: object = data
    for key in keys:
        node = node.get(key) if isinstance(node, dict) else None
    return node


@dataclass(slots=True)
class PlanBuilder:
    """Turns one plan document into a :class:`LoadedPlan`."""

    data: Mapping[str, Any]
    display: str
    text: str
    sources: SourceMap | None = None
    errors: list[ScanError] = field(default_factory=list)

    def build(self, changed_only: bool = False) -> LoadedPlan:
        plan = LoadedPlan(self.display, changed_only=changed_only)
        entries = list(self._changes(plan))
        seen = {e.address for e in entries}
        entries += self._extras(seen)
        configuration = Configuration(self.data.get("configuration"))
        planned = {e.address: e.after for e in entries if e.after is not None}
        prior = {e.address: e.before for e in entries if e.before is not None}
        planned_links, prior_links = Linker(configuration, planned), Linker(configuration, prior)
        for entry in entries:
            if entry.after is not None:
                plan.planned.append(self._resource(entry, planned_links, entry.after))
            if entry.before is not None:
                plan.prior.append(self._resource(entry, prior_links, entry.before))
        plan.drift = list(self._drift())
        return plan

    def _entries(self, key: str) -> Iterator[tuple[Mapping[str, Any], int, str, str]]:
        """(entry, line, kind, relative address) of each well-formed entry of array ``key``."""
        raw = self.data.get(key, [])
        if not isinstance(raw, list):
            self.errors.append(ScanError(self.display, 1, f"{key} is not a list"))
            return
        usable = [e for e in raw if isinstance(e, dict) and isinstance(e.get("address"), str)]
        lines = entry_lines(self.text, key, [e["address"] for e in usable])
        if len(usable) < len(raw):
            self.errors.append(ScanError(self.display, 1,
                                         f"{key}: {len(raw) - len(usable)} entries have no address"))
        for entry, line in zip(usable, lines, strict=True):
            names = _kind_and_relative(entry)
            if names is None or not isinstance(entry.get("change"), dict):
                self.errors.append(ScanError(self.display, line, f"{key} entry {entry['address']} "
                                             "has no type, name or change"))
                continue
            yield entry, line, *names

    def _changes(self, plan: LoadedPlan) -> Iterator[_Entry]:
        for entry, line, kind, relative in self._entries("resource_changes"):
            if entry.get("deposed"):
                continue  # an old object of a create_before_destroy replacement
            address, change = entry["address"], entry["change"]
            action = action_of(change.get("actions"))
            item = _Entry(address, kind, relative, _place(address, relative), line, action)
            if action in EXISTS_AFTER and isinstance(change.get("after"), dict):
                item.after = self._object(merge(change["after"], change.get("after_unknown"),
                                                change.get("after_sensitive"), address), line,
                                          f"resource_changes entry {address}: after")
            if action in EXISTED_BEFORE and isinstance(change.get("before"), dict):
                item.before = self._object(merge(change["before"], None,
                                                 change.get("before_sensitive"), address), line,
                                           f"resource_changes entry {address}: before")
            if action in ("update", "replace") and item.before is not None:
                plan.changes[address] = tuple(changes(
                    change["before"], change.get("after"), change.get("before_sensitive"),
                    change.get("after_sensitive"), change.get("after_unknown")))
            plan.labels[address] = _label(action, change.get("replace_paths"))
            yield item

    def _object(self, value: Any, line: int, what: str) -> dict[str, Any] | None:
        """``value`` if it is an object; else (``after_unknown: true``, a sensitive marker of
        the wrong shape) an error entry: the resource is not judged."""
        if isinstance(value, dict):
            return value
        self.errors.append(ScanError(self.display, line, f"{what} is not an object once its "
                                     "unknown and sensitive markers apply; not judged"))
        return None

    def _extras(self, seen: set[str]) -> list[_Entry]:
        """Data sources read while planning (prior state) and planned values without a change."""
        found: list[_Entry] = []
        problems: list[str] = []
        planned = _state_resources(_root(self.data, "planned_values", "root_module"),
                                   "planned_values.root_module", problems)
        read = (e for e in _state_resources(_root(self.data, "prior_state", "values", "root_module"),
                                            "prior_state.values.root_module", problems)
                if e.get("mode") == "data")
        entries = [*planned, *read]
        self.errors += [ScanError(self.display, 1, problem) for problem in problems]
        for entry in entries:
            names = _kind_and_relative(entry)
            address = entry["address"]
            if names is None or address in seen or not isinstance(entry.get("values"), dict):
                continue
            seen.add(address)
            item = _Entry(address, names[0], names[1], _place(address, names[1]), 1, None)
            item.after = merge(entry["values"], None, entry.get("sensitive_values"), address)
            found.append(item)
        return found

    def _located(self, address: str, line: int
                 ) -> tuple[Location, Mapping[str, int], tuple[Suppression, ...]]:
        mapped = self.sources.locate(address) if self.sources else None
        if mapped is not None:
            return mapped.location, mapped.attribute_lines, mapped.suppressions
        return Location(self.display, line, line), {}, ()

    def _resource(self, entry: _Entry, linker: Linker, attributes: dict[str, Any]) -> Resource:
        linked = linker.link(entry.place, entry.relative, attributes)
        location, lines, suppressions = self._located(entry.address, entry.line)
        return Resource(
            kind=entry.kind, address=entry.address, source=SOURCE, attributes=linked.attributes,
            location=location, attribute_lines=lines,
            references=frozenset(linked.references - {entry.address}),
            suppressions=suppressions, change=entry.action,
            computed_paths=frozenset(linked.computed),
        )

    def _drift(self) -> Iterator[Drift]:
        for entry, line, kind, _ in self._entries("resource_drift"):
            change = entry["change"]
            before, after = change.get("before"), change.get("after")
            if action_of(change.get("actions")) != "update" or not isinstance(before, dict) \
                    or not isinstance(after, dict):
                continue
            address = entry["address"]
            location, lines, suppressions = self._located(address, line)
            if location.file == self.display:
                location = Location(self.display, line, line)
            recorded = Resource(kind, address, SOURCE, {}, location, attribute_lines=lines,
                                suppressions=suppressions)
            sensitive = change.get("before_sensitive"), change.get("after_sensitive")
            yield Drift(
                replace(recorded, attributes=merge(before, None, sensitive[0], address)),
                replace(recorded, attributes=merge(after, change.get("after_unknown"),
                                                   sensitive[1], address)),
                tuple(changes(before, after, *sensitive, change.get("after_unknown"))),
                location,
            )

def _label(action: str, replace_paths: object) -> str:
    """The action findings show: ``update``, or ``replace: engine, identifier``."""
    if action != "replace" or not isinstance(replace_paths, list):
        return action
    paths = [".".join(str(step) for step in path) for path in replace_paths
             if isinstance(path, list) and path]
    return f"replace: {', '.join(paths)}" if paths else action

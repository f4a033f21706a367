"""The plan's ``configuration``: which objects each attribute's expression references.

Plan values cannot carry references (``vpc_id`` is ``"vpc-0a1b"`` or known only after apply),
but the configuration keeps each expression's ``references``. :class:`Linker` turns them into
:class:`Reference` values and ``Resource.references``, following module inputs (``var.x`` inside
a module) and outputs (``module.net.vpc_id``) to the resource that produces the value.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import zip_longest
from typing import Any

from policycheck.loaders.plan.addresses import Target, parent_module, parse_reference, strip_keys
from policycheck.model import Reference, Unknown

_MAX_DEPTH = 16
_EXPRESSION_KEYS = frozenset({"references", "constant_value"})
_PER_INSTANCE = ("count.index", "each.key", "each.value")

ModulePath = tuple[str, ...]


def _is_expression(node: Mapping[str, Any]) -> bool:
    """An expression representation (rather than a nested block's expressions)."""
    return not node or node.keys() <= _EXPRESSION_KEYS


def listed(node: Mapping[str, Any], key: str) -> list[Any]:
    """``node[key]`` if it is a list, else ``[]`` (plan JSON is untrusted input)."""
    value = node.get(key)
    return value if isinstance(value, list) else []


def mapped(node: Mapping[str, Any], key: str) -> dict[str, Any]:
    """``node[key]`` if it is a mapping, else ``{}``."""
    value = node.get(key)
    return value if isinstance(value, dict) else {}


class Configuration:
    """Every module of ``configuration``, indexed by its module call path."""

    def __init__(self, data: object) -> None:
        self.resources: dict[tuple[ModulePath, str], Mapping[str, Any]] = {}
        self.calls: dict[tuple[ModulePath, str], Mapping[str, Any]] = {}
        self.outputs: dict[tuple[ModulePath, str], Mapping[str, Any]] = {}
        root = data.get("root_module") if isinstance(data, dict) else None
        if isinstance(root, dict):
            self._index((), root)

    def _index(self, path: ModulePath, module: Mapping[str, Any]) -> None:
        for entry in listed(module, "resources"):
            if isinstance(entry, dict) and isinstance(entry.get("address"), str):
                self.resources[(path, entry["address"])] = entry
        for name, output in mapped(module, "outputs").items():
            if isinstance(output, dict):
                self.outputs[(path, name)] = output
        for name, call in mapped(module, "module_calls").items():
            if isinstance(call, dict):
                self.calls[(path, name)] = call
                if isinstance(call.get("module"), dict):
                    self._index((*path, name), call["module"])

    def resource(self, path: ModulePath, relative: str) -> Mapping[str, Any] | None:
        return self.resources.get((path, relative))


@dataclass(slots=True)
class Linked:
    """Attributes with references put in, the addresses referenced, and the computed paths."""

    attributes: dict[str, Any]
    references: set[str] = field(default_factory=set)
    computed: set[str] = field(default_factory=set)


@dataclass(frozen=True, slots=True)
class Link:
    """A resource instance an expression references, and the attribute it reads (``""`` when
    the reference names the whole object, or indexes it by an expression)."""

    address: str
    attribute: str
    data: bool = False


def _pairs(targets: Sequence[Link]) -> list[tuple[str, str]]:
    """The (address, attribute) a value may stand for: data sources never (their values are
    known only after apply, as in the Terraform loader); a whole-object reference only for an
    address no attribute reference names."""
    managed = [t for t in targets if not t.data]
    named = {t.address for t in managed if t.attribute}
    return list(dict.fromkeys((t.address, t.attribute) for t in managed
                              if t.attribute or t.address not in named))


@dataclass(frozen=True, slots=True)
class Place:
    """Where an instance sits: module call path, instance prefix (``module.db[0].``), its key."""

    path: ModulePath
    prefix: str
    key: str


class Linker:
    """Links the instances of one world (planned, or prior) whose attributes are ``values``."""

    def __init__(self, configuration: Configuration, values: Mapping[str, Mapping[str, Any]]) -> None:
        self.configuration = configuration
        self.values = values
        self.by_config: dict[str, list[str]] = {}
        for address in values:
            self.by_config.setdefault(strip_keys(address), []).append(address)

    def link(self, place: Place, relative: str, attributes: Mapping[str, Any]) -> Linked:
        entry = self.configuration.resource(place.path, relative)
        expressions = entry.get("expressions") if entry else None
        if not isinstance(expressions, dict):
            return Linked(dict(attributes), computed=set(attributes))
        linked = Linked({})
        linked.computed.update(k for k in attributes if k not in expressions)
        linked.attributes = self._walk(expressions, attributes, "", place, linked)
        return linked

    def _walk(self, expressions: Mapping[str, Any], value: Mapping[str, Any], path: str,
              place: Place, linked: Linked) -> dict[str, Any]:
        out = dict(value)
        for name, expression in expressions.items():
            current = value.get(name)
            where = f"{path}{name}"
            if isinstance(expression, dict) and _is_expression(expression):
                references = expression.get("references") or []
                if "constant_value" not in expression:
                    linked.computed.add(where)
                targets = self.targets(references, place)
                linked.references.update(t.address for t in targets)
                pairs = _pairs(targets)
                if name in value and pairs:
                    out[name] = self._substitute(current, pairs)
            elif isinstance(expression, dict) and isinstance(current, dict):
                out[name] = self._walk(expression, current, f"{where}.", place, linked)
            elif isinstance(expression, dict) and isinstance(current, list) and current:
                blocks = [expression, *([None] * (len(current) - 1))]
                out[name] = self._blocks(blocks, current, where, place, linked)
            elif isinstance(expression, list) and isinstance(current, list):
                out[name] = self._blocks(expression, current, where, place, linked)
        return out

    def _blocks(self, expressions: list[Any], values: list[Any], where: str, place: Place,
                linked: Linked) -> list[Any]:
        """Nested blocks by position; values of set-typed blocks may be in another order, so
        references are put in only when the counts agree."""
        exact = len(expressions) == len(values)
        out: list[Any] = []
        for index, (expression, value) in enumerate(zip_longest(expressions, values)):
            if index >= len(values):
                break
            if isinstance(expression, dict) and isinstance(value, dict):
                walked = self._walk(expression, value, f"{where}.{index}.", place, linked)
                out.append(walked if exact else value)
            else:
                out.append(value)
        return out

    def _substitute(self, value: Any, pairs: list[tuple[str, str]]) -> Any:
        if isinstance(value, list):
            return [self._one(item, pairs, i if len(pairs) == len(value) else None)
                    for i, item in enumerate(value)]
        return self._one(value, pairs, None)

    def _one(self, value: Any, pairs: list[tuple[str, str]], position: int | None) -> Any:
        """A Reference for a value that is unknown or equal to what it references."""
        if isinstance(value, Unknown):
            if len(pairs) == 1:
                return Reference(*pairs[0])
            return Reference(*pairs[position]) if position is not None else value
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            for address, attribute in pairs:
                target = self.values[address].get(attribute)
                if type(target) in (str, int, float) and target == value:
                    return Reference(address, attribute)
        return value

    # --- references ------------------------------------------------------------------------

    def targets(self, references: Iterable[str], place: Place, depth: int = 0) -> list[Link]:
        """Every resource instance ``references`` lead to."""
        references = list(references)
        per_instance = any(r in _PER_INSTANCE for r in references)
        found: list[Link] = []
        for reference in references:
            target = parse_reference(reference)
            found += self._target(target, place, per_instance, depth)
        return list(dict.fromkeys(found))

    def _target(self, target: Target, place: Place, per_instance: bool, depth: int
                ) -> list[Link]:
        if depth > _MAX_DEPTH:
            return []
        if target.kind == "resource":
            data = target.name.startswith("data.")
            return [Link(a, target.attribute, data)
                    for a in self._instances(place, target.name, target.key, per_instance)]
        if target.kind == "module" and target.attribute:
            output = self.configuration.outputs.get(((*place.path, target.name), target.attribute))
            expression = output.get("expression") if output else None
            if not isinstance(expression, dict):
                return []
            child = Place((*place.path, target.name),
                          f"{place.prefix}module.{target.name}{target.key}.", "")
            return self.targets(expression.get("references") or [], child, depth + 1)
        if target.kind == "var" and place.path:
            call = self.configuration.calls.get((place.path[:-1], place.path[-1]))
            expression = (call.get("expressions") or {}).get(target.name) if call else None
            if not isinstance(expression, dict):
                return []
            parent = Place(place.path[:-1], parent_module(place.prefix), "")
            return self.targets(expression.get("references") or [], parent, depth + 1)
        return []

    def _instances(self, place: Place, name: str, key: str, per_instance: bool) -> list[str]:
        """The instances a reference to ``name`` (with ``key``, if written) in ``place`` means."""
        exact = f"{place.prefix}{name}{key}"
        if exact in self.values:
            return [exact]
        candidates = self.by_config.get(strip_keys(exact), [])
        if key:
            candidates = [c for c in candidates if c.endswith(f"{name}{key}")]
        candidates = [c for c in candidates if c.startswith(place.prefix)] or candidates
        if len(candidates) > 1 and per_instance and place.key:
            same = [c for c in candidates if c.endswith(f"{name}{place.key}")]
            if len(same) == 1:
                return same
        return candidates

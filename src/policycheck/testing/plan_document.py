"""Writing plan documents in the exact shape of ``terraform show -json`` (format 1.2), for
fixtures, tests and benchmarks.

Describe each resource instance once (:class:`Instance`: its action, ``before`` and ``after``
values with :data:`UNKNOWN` and :class:`Secret` leaves, its configuration expressions) and
:func:`plan_document` derives what Terraform derives: ``planned_values`` (unknowns omitted),
``resource_changes`` (``after_unknown``, ``before_sensitive``/``after_sensitive``), the
``prior_state``, the ``configuration`` tree with module calls, in Terraform's key order and
sort order. The shapes follow Terraform's ``jsonplan`` marshalling (``omitUnknowns``,
``unknownAsBool``, ``SensitiveAsBool``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from policycheck.loaders.plan.addresses import steps

FORMAT_VERSION = "1.2"
TERRAFORM_VERSION = "1.9.8"
AWS = "registry.terraform.io/hashicorp/aws"
AWS_PROVIDER = {"aws": {"name": "aws", "full_name": AWS, "version_constraint": "~> 5.0",
                        "expressions": {"region": {"constant_value": "eu-west-1"}}}}


class _Unknown:
    """A value known only after apply; ``shape`` is ``"list"``/``"map"`` for collections."""

    def __init__(self, shape: str = "") -> None:
        self.shape = shape

    def __repr__(self) -> str:
        return f"UNKNOWN{'_' + self.shape.upper() if self.shape else ''}"


UNKNOWN = _Unknown()
UNKNOWN_LIST = _Unknown("list")
UNKNOWN_MAP = _Unknown("map")


@dataclass(frozen=True, slots=True)
class Secret:
    """A value Terraform marks sensitive (a ``sensitive`` attribute or variable)."""

    value: Any


def refs(*references: str) -> dict[str, list[str]]:
    """An expression with ``references``, unwrapped as Terraform does: each traversal step
    removed in turn (``aws_subnet.a[0].id``, ``aws_subnet.a[0]``, ``aws_subnet.a``)."""
    listed: list[str] = []
    for reference in references:
        parts = steps(reference)
        shortest = 3 if parts[0] == "data" else 2
        for end in range(len(parts), min(shortest, len(parts)) - 1, -1):
            listed.append(_joined(parts[:end]))
    return {"references": list(dict.fromkeys(listed))}


def _joined(parts: Sequence[str]) -> str:
    return "".join(p if p.startswith("[") or i == 0 else f".{p}" for i, p in enumerate(parts))


def const(value: Any) -> dict[str, Any]:
    return {"constant_value": value}


@dataclass(slots=True)
class Instance:
    """One resource instance of the plan and, once per block, its configuration."""

    type: str
    name: str
    actions: Sequence[str]
    before: Mapping[str, Any] | None = None
    after: Mapping[str, Any] | None = None
    module: str = ""
    index: int | str | None = None
    mode: str = "managed"
    expressions: Mapping[str, Any] = field(default_factory=dict)
    count: Any = None
    for_each: Any = None
    replace_paths: Sequence[Sequence[str | int]] = ()
    action_reason: str = ""
    provider: str = AWS
    depends_on: Sequence[str] = ()

    @property
    def relative(self) -> str:
        return f"{'data.' if self.mode == 'data' else ''}{self.type}.{self.name}"

    @property
    def address(self) -> str:
        key = "" if self.index is None else (
            f"[{self.index}]" if isinstance(self.index, int) else f'["{self.index}"]')
        return f"{self.module + '.' if self.module else ''}{self.relative}{key}"


@dataclass(slots=True)
class ModuleCall:
    """A ``module`` block: its call path (``("db",)``, ``("app", "db")``) and arguments."""

    path: tuple[str, ...]
    source: str
    expressions: Mapping[str, Any] = field(default_factory=dict)
    count: Any = None
    variables: Mapping[str, Any] = field(default_factory=dict)
    outputs: Mapping[str, Any] = field(default_factory=dict)


# --- value transforms, as in Terraform's jsonplan ----------------------------------------------

def _plain(value: Any) -> Any:
    """The value with secrets unwrapped and unknowns kept."""
    if isinstance(value, Secret):
        return _plain(value.value)
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _has_unknown(value: Any) -> bool:
    value = _plain(value)
    if isinstance(value, _Unknown):
        return True
    if isinstance(value, dict):
        return any(_has_unknown(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_unknown(v) for v in value)
    return False


def omit_unknowns(value: Any) -> Any:
    """Unknown object attributes dropped, unknown list elements null."""
    value = _plain(value)
    if isinstance(value, dict):
        return {k: omit_unknowns(v) for k, v in value.items() if not isinstance(v, _Unknown)}
    if isinstance(value, list):
        return [None if isinstance(v, _Unknown) else omit_unknowns(v) for v in value]
    return value


def unknown_as_bool(value: Any) -> Any:
    value = _plain(value)
    if isinstance(value, _Unknown):
        return True
    if isinstance(value, dict):
        marks = {k: unknown_as_bool(v) for k, v in value.items()}
        return {k: m for k, m in marks.items() if m is not False}
    if isinstance(value, list):
        return [unknown_as_bool(v) for v in value]
    return False


def sensitive_as_bool(value: Any) -> Any:
    if isinstance(value, Secret):
        return True
    if isinstance(value, _Unknown):
        return {"list": [], "map": {}}.get(value.shape, False)
    if isinstance(value, dict):
        marks = {k: sensitive_as_bool(v) for k, v in value.items()}
        return {k: m for k, m in marks.items() if m is not False}
    if isinstance(value, list):
        return [sensitive_as_bool(v) for v in value]
    return False


# --- the document ------------------------------------------------------------------------------

def _sort_key(instance: Instance) -> tuple[Any, ...]:
    key = instance.index
    return (instance.module, instance.mode != "managed", instance.type, instance.name,
            (isinstance(key, str), key if key is not None else -1))


def _head(instance: Instance, module_address: bool) -> dict[str, Any]:
    head: dict[str, Any] = {"address": instance.address}
    if module_address and instance.module:
        head["module_address"] = instance.module
    head.update(mode=instance.mode, type=instance.type, name=instance.name)
    if instance.index is not None:
        head["index"] = instance.index
    head["provider_name"] = instance.provider
    return head


def _state_entry(instance: Instance, values: Mapping[str, Any], state: bool) -> dict[str, Any]:
    entry = _head(instance, module_address=False)
    entry["schema_version"] = 0
    entry["values"] = omit_unknowns(values)
    entry["sensitive_values"] = sensitive_as_bool(values)
    if state and instance.depends_on:
        entry["depends_on"] = list(instance.depends_on)
    return entry


def _values_module(entries: Sequence[tuple[Instance, Mapping[str, Any]]], state: bool
                   ) -> dict[str, Any]:
    """A values representation's ``root_module``, with ``child_modules`` nested by address;
    ``state``: a prior state's (with ``depends_on``) rather than planned values."""
    by_module: dict[str, list[dict[str, Any]]] = {}
    for instance, values in sorted(entries, key=lambda e: e[0].address):
        by_module.setdefault(instance.module, []).append(_state_entry(instance, values, state))
    modules = set(by_module)
    for address in list(modules):
        while address:
            address = _parent(address)
            modules.add(address)

    def module(address: str) -> dict[str, Any]:
        node: dict[str, Any] = {}
        if by_module.get(address):
            node["resources"] = by_module[address]
        children = sorted(m for m in modules if m and _parent(m) == address)
        if children:
            node["child_modules"] = [{**module(c), "address": c} for c in children]
        return node

    return module("")


def _parent(module: str) -> str:
    """``module.a[0].module.b`` -> ``module.a[0]``; ``module.a`` -> the root."""
    return module.rpartition(".module.")[0]


def _change(instance: Instance) -> dict[str, Any]:
    before, after = instance.before, instance.after
    change: dict[str, Any] = {"actions": list(instance.actions),
                              "before": omit_unknowns(before) if before is not None else None,
                              "after": omit_unknowns(after) if after is not None else None}
    change["after_unknown"] = unknown_as_bool(after) if _has_unknown(after) else {}
    change["before_sensitive"] = sensitive_as_bool(before) if before is not None else False
    change["after_sensitive"] = sensitive_as_bool(after) if after is not None else False
    if instance.replace_paths:
        change["replace_paths"] = [list(p) for p in instance.replace_paths]
    return change


def _resource_change(instance: Instance) -> dict[str, Any]:
    entry = _head(instance, module_address=True)
    entry["change"] = _change(instance)
    if instance.action_reason:
        entry["action_reason"] = instance.action_reason
    return entry


def _config_resource(instance: Instance) -> dict[str, Any]:
    entry: dict[str, Any] = {"address": instance.relative, "mode": instance.mode,
                             "type": instance.type, "name": instance.name,
                             "provider_config_key": instance.provider.rsplit("/", 1)[-1],
                             "expressions": dict(instance.expressions), "schema_version": 0}
    if instance.count is not None:
        entry["count_expression"] = instance.count
    if instance.for_each is not None:
        entry["for_each_expression"] = instance.for_each
    return entry


def _config_module(path: tuple[str, ...], instances: Sequence[Instance],
                   calls: Sequence[ModuleCall], variables: Mapping[str, Any],
                   outputs: Mapping[str, Any]) -> dict[str, Any]:
    module: dict[str, Any] = {}
    if outputs:
        module["outputs"] = {k: {"expression": v} for k, v in outputs.items()}
    blocks: dict[str, dict[str, Any]] = {}
    for instance in instances:
        if _module_path(instance.module) == path and instance.relative not in blocks:
            blocks[instance.relative] = _config_resource(instance)
    if blocks:
        module["resources"] = list(blocks.values())
    children = [c for c in calls if c.path[:-1] == path]
    if children:
        module["module_calls"] = {}
        for call in children:
            entry: dict[str, Any] = {"source": call.source, "expressions": dict(call.expressions)}
            if call.count is not None:
                entry["count_expression"] = call.count
            entry["module"] = _config_module(call.path, instances, calls, call.variables,
                                             call.outputs)
            module["module_calls"][call.path[-1]] = entry
    if variables:
        module["variables"] = dict(variables)
    return module


def _module_path(module: str) -> tuple[str, ...]:
    parts = module.split(".")
    return tuple(parts[i + 1].split("[")[0] for i, p in enumerate(parts[:-1]) if p == "module")


def _instances_with(instances: Sequence[Instance], side: str
                    ) -> Iterator[tuple[Instance, Mapping[str, Any]]]:
    for instance in instances:
        values = getattr(instance, side)
        if values is not None:
            yield instance, values


def plan_document(
    instances: Sequence[Instance],
    *,
    calls: Sequence[ModuleCall] = (),
    variables: Mapping[str, Any] | None = None,
    drift: Sequence[Instance] = (),
    data_read: Sequence[Instance] = (),
    providers: Mapping[str, Any] | None = None,
    relevant_attributes: Sequence[tuple[str, Sequence[str | int]]] = (),
) -> dict[str, Any]:
    """The full ``terraform show -json`` document of a plan with ``instances`` (changes in any
    order), module ``calls``, root ``variables`` (name -> value), ``drift`` entries, data
    sources read while planning (``data_read``, whose ``after`` is their state), the
    configuration's ``providers`` (default: ``aws`` in eu-west-1) and ``relevant_attributes``
    ((resource address, attribute path) pairs)."""
    ordered = sorted(instances, key=_sort_key)
    variables = dict(variables or {})
    document: dict[str, Any] = {"format_version": FORMAT_VERSION,
                                "terraform_version": TERRAFORM_VERSION}
    if variables:
        document["variables"] = {k: {"value": _plain(v)} for k, v in variables.items()}
    planned = [(i, a) for i, a in _instances_with(ordered, "after") if "delete" not in i.actions
               or "create" in i.actions]
    document["planned_values"] = {"root_module": _values_module(planned, False)}
    if drift:
        document["resource_drift"] = [_resource_change(i) for i in sorted(drift, key=_sort_key)]
    document["resource_changes"] = [_resource_change(i) for i in ordered]
    prior = [*_instances_with(ordered, "before"),
             *((i, i.after) for i in data_read if i.after is not None)]
    if prior:
        document["prior_state"] = {"format_version": "1.0",
                                   "terraform_version": TERRAFORM_VERSION,
                                   "values": {"root_module": _values_module(prior, True)}}
    root_variables = {k: ({"default": _plain(v), "sensitive": True} if isinstance(v, Secret)
                          else {"default": _plain(v)}) for k, v in variables.items()}
    configuration_instances = [*ordered, *data_read]
    document["configuration"] = {
        "provider_config": dict(providers or AWS_PROVIDER),
        "root_module": _config_module((), configuration_instances, calls, root_variables, {}),
    }
    if relevant_attributes:
        document["relevant_attributes"] = [{"resource": r, "attribute": list(a)}
                                           for r, a in relevant_attributes]
    document["timestamp"] = "2025-03-14T09:26:53Z"
    document["applyable"] = True
    document["complete"] = True
    document["errored"] = False
    return document

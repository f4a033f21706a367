"""Comparable views of a declared and a live object, and the differences between them.

Both sides are reduced to what can honestly be compared:

- a :class:`Reference` becomes the value it stands for (``Reference(<sg ARN>, "id")`` -> the
  group's ``sg-...`` id), so a live link and a state literal compare equal;
- empty values (``None``, ``""``, ``[]``, ``{}``) are equal; unknown values (a plan's "known after
  apply") are never a difference;
- only keys present on both sides are compared (a live normaliser does not read every attribute
  the provider stores, and a missing attribute is "not read", not "changed");
- AWS lists compare as sets (the provider stores most nested blocks as sets);
- Kubernetes objects compare on the paths that matter (see :func:`k8s_view`): containers (by name)
  image, resources (quantities by value: ``1000m`` is ``1``), probes and securityContext, the pod
  securityContext, ``replicas`` (not when an HPA scales the workload) and Service ports.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from policycheck.drift._plan import AttributeChange, changes
from policycheck.drift.state import hide_sensitive
from policycheck.model import Reference, Resource, ResourceGraph, Unknown

_SKIP = object()
"""A value that is not compared (unknown on one side)."""


def _sort_key(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str)


def plain(value: Any, graph: ResourceGraph, like: Resource, *, as_set: bool) -> Any:
    """``value`` with references resolved, empties as None, unknowns skipped (see the module doc)."""
    if isinstance(value, Unknown):
        return _SKIP
    if isinstance(value, Reference):
        target = graph.resolve(value, like)
        if target is None:
            return value.address
        return plain(target.attributes.get(value.attribute or "id", value.address), graph, target, as_set=as_set)
    if isinstance(value, Mapping):
        kept = {k: plain(v, graph, like, as_set=as_set) for k, v in value.items()}
        return {k: v for k, v in kept.items() if v is not None} or None
    if isinstance(value, (list, tuple)):
        items = [plain(v, graph, like, as_set=as_set) for v in value]
        items = [v for v in items if v is not None]
        if as_set:
            items.sort(key=_sort_key)
        return items or None
    if value == "":
        return None
    return value


def _common(declared: Any, live: Any) -> tuple[Any, Any]:
    """Both values restricted to the keys both have (recursively; skipped values dropped)."""
    if declared is _SKIP or live is _SKIP:
        return _SKIP, _SKIP
    if isinstance(declared, dict) and isinstance(live, dict):
        pairs = {k: _common(declared[k], live[k]) for k in declared if k in live}
        pairs = {k: p for k, p in pairs.items() if p[0] is not _SKIP}
        return {k: p[0] for k, p in pairs.items()}, {k: p[1] for k, p in pairs.items()}
    if isinstance(declared, list) and isinstance(live, list) and len(declared) == len(live):
        pairs_list = [_common(d, v) for d, v in zip(declared, live, strict=True)]
        return [p[0] for p in pairs_list], [p[1] for p in pairs_list]
    return declared, live


def differences(declared: Mapping[str, Any], live: Mapping[str, Any]) -> list[AttributeChange]:
    """Every leaf at which two comparable views differ (secret values shown as hidden)."""
    left, right = _common(dict(declared), dict(live))
    if left is _SKIP:
        return []
    return changes(hide_sensitive(left, None), hide_sensitive(right, None))


def aws_view(resource: Resource, graph: ResourceGraph) -> dict[str, Any]:
    view = plain(resource.attributes, graph, resource, as_set=True)
    return view if isinstance(view, dict) else {}


# --- Kubernetes ------------------------------------------------------------------------------

POD_SPEC_PATHS = {"Pod": ("spec",), "CronJob": ("spec", "jobTemplate", "spec", "template", "spec")}
TEMPLATED = ("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job")
SCALED = ("Deployment", "StatefulSet", "ReplicaSet")
CONTAINER_FIELDS = ("image", "resources", "livenessProbe", "readinessProbe", "startupProbe",
                    "securityContext")
_BINARY = {"Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "Ti": 2**40, "Pi": 2**50, "Ei": 2**60}
_DECIMAL = {"n": Decimal("1e-9"), "u": Decimal("1e-6"), "m": Decimal("1e-3"), "k": Decimal(10**3),
            "M": Decimal(10**6), "G": Decimal(10**9), "T": Decimal(10**12), "P": Decimal(10**15),
            "E": Decimal(10**18)}


def quantity(value: Any) -> Any:
    """A resource quantity by value (``"1000m"``, ``1`` and ``"1"`` are the same), as text."""
    text = str(value).strip()
    try:
        for suffix, factor in _BINARY.items():
            if text.endswith(suffix):
                return str((Decimal(text[: -len(suffix)]) * factor).normalize())
        if text and text[-1] in _DECIMAL and not text[-1].isdigit():
            return str((Decimal(text[:-1]) * _DECIMAL[text[-1]]).normalize())
        return str(Decimal(text).normalize())
    except InvalidOperation:
        return value


def _path(obj: Any, keys: tuple[str, ...]) -> Any:
    for key in keys:
        obj = obj.get(key) if isinstance(obj, Mapping) else None
    return obj


def pod_spec(obj: Mapping[str, Any]) -> Mapping[str, Any] | None:
    kind = str(obj.get("kind") or "")
    keys = POD_SPEC_PATHS.get(kind) or (("spec", "template", "spec") if kind in TEMPLATED else None)
    found = _path(obj, keys) if keys else None
    return found if isinstance(found, Mapping) else None


def _container_view(container: Mapping[str, Any]) -> dict[str, Any]:
    return {field: container.get(field) for field in CONTAINER_FIELDS if field in container}


def k8s_view(obj: Mapping[str, Any], *, scaled_by_hpa: bool = False) -> dict[str, Any]:
    """The parts of a (normalised) Kubernetes object that PC-DRIFT-003 compares, keyed so that a
    difference names what changed: ``container[api]``, ``pod securityContext``, ``replicas``,
    ``port[http]``."""
    kind = str(obj.get("kind") or "")
    view: dict[str, Any] = {}
    spec = pod_spec(obj)
    if spec is not None:
        for key in ("initContainers", "containers"):
            for container in spec.get(key) or ():
                if isinstance(container, Mapping):
                    prefix = "initContainer" if key == "initContainers" else "container"
                    view[f"{prefix}[{container.get('name')}]"] = _container_view(container)
        view["pod securityContext"] = spec.get("securityContext") or {}
    if kind in SCALED and not scaled_by_hpa:
        view["replicas"] = _path(obj, ("spec", "replicas")) if _path(obj, ("spec", "replicas")) is not None else 1
    if kind == "Service":
        for port in _path(obj, ("spec", "ports")) or ():
            if isinstance(port, Mapping):
                view[f"port[{port.get('name') or port.get('port')}]"] = dict(port)
    return view


def _same_amounts(declared: Any, live: Any) -> Any:
    """``live`` with each resource amount that equals the declared one by value written as declared
    (so ``1000m`` against ``1`` is no change, and a change shows the amounts as written)."""
    if isinstance(declared, Mapping) and isinstance(live, Mapping):
        return {k: _same_amounts(declared[k], v) if k in declared else v for k, v in live.items()}
    if isinstance(declared, (str, int, float)) and isinstance(live, (str, int, float)) \
            and not isinstance(declared, bool) and quantity(declared) == quantity(live):
        return declared
    return live


def k8s_differences(declared: Mapping[str, Any], live: Mapping[str, Any]) -> list[AttributeChange]:
    """Differences of two Kubernetes views: unlike :func:`differences`, a container, port or field
    on one side only is a difference too (both views are complete)."""
    return changes(hide_sensitive(dict(declared), None), hide_sensitive(_same_amounts(declared, live), None))

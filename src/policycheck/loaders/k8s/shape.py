"""The structural shape of the fields policies read in a Kubernetes object.

An object whose ``metadata`` is a list, whose ``spec`` is a number or whose ``containers`` is a
mapping cannot be judged: a policy that looks for a missing field would pass it. Such an object
is an error entry instead (never judged, never a pass). Only the fields policies read are
checked, and only their types (mapping, list of mappings, string), so that the check is fast and
holds for every API version and custom resource; ``null`` counts as unset, as in Kubernetes.
(Full OpenAPI validation, as ``kubernetes-validate`` does, needs the schemas of every version
and cannot know custom resources; it would reject objects that policies judge well.)
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from policycheck.helpers.kubernetes import POD_SPEC_PATHS


@dataclass(frozen=True, slots=True)
class Fields:
    """A mapping, with the shapes of some of its keys."""

    keys: Mapping[str, Shape] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ListOf:
    item: Shape


class Text:
    """A string."""


Shape = Fields | ListOf | type[Text]

_OBJECTS = ListOf(Fields())
_PROBE = Fields()
_CONTAINER = Fields({
    "name": Text, "image": Text, "securityContext": Fields({"capabilities": Fields()}),
    "resources": Fields({"limits": Fields(), "requests": Fields()}),
    "env": _OBJECTS, "envFrom": _OBJECTS, "ports": _OBJECTS, "volumeMounts": _OBJECTS,
    "livenessProbe": _PROBE, "readinessProbe": _PROBE, "startupProbe": _PROBE,
})
_POD_SPEC = Fields({
    "containers": ListOf(_CONTAINER), "initContainers": ListOf(_CONTAINER),
    "ephemeralContainers": ListOf(_CONTAINER), "volumes": _OBJECTS,
    "securityContext": Fields(), "serviceAccountName": Text,
})
_METADATA = Fields({"name": Text, "namespace": Text, "labels": Fields(), "annotations": Fields()})
_SPEC_LISTS: Mapping[str, tuple[str, ...]] = {
    "Service": ("ports",), "Ingress": ("rules", "tls"), "NetworkPolicy": ("ingress", "egress"),
}
_TOP_LISTS: Mapping[str, tuple[str, ...]] = {
    "Role": ("rules",), "ClusterRole": ("rules",), "RoleBinding": ("subjects",),
    "ClusterRoleBinding": ("subjects",),
}
_TOP_MAPPINGS: Mapping[str, tuple[str, ...]] = {
    "ConfigMap": ("data",), "Secret": ("data", "stringData"), "RoleBinding": ("roleRef",),
    "ClusterRoleBinding": ("roleRef",),
}


def _nest(path: str, inner: Shape) -> Fields:
    """``inner`` at dotted ``path`` inside mappings: ``a.b`` -> ``{a: {b: inner}}``."""
    head, _, rest = path.partition(".")
    return Fields({head: _nest(rest, inner) if rest else inner})


def _merge(left: Fields, right: Fields) -> Fields:
    keys = dict(left.keys)
    for key, shape in right.keys.items():
        current = keys.get(key)
        keys[key] = _merge(current, shape) if isinstance(current, Fields) and isinstance(
            shape, Fields) else shape
    return Fields(keys)


@cache
def object_shape(kind: str) -> Fields:
    """The shape policies expect of an object of ``kind``."""
    shape = Fields({"metadata": _METADATA, "spec": Fields()})
    pod = POD_SPEC_PATHS.get(kind)
    if pod is not None:
        shape = _merge(shape, _nest(pod, _POD_SPEC))
        if pod != "spec":  # the pod template's metadata
            shape = _merge(shape, _nest(pod.removesuffix("spec") + "metadata", _METADATA))
    for key in _SPEC_LISTS.get(kind, ()):
        shape = _merge(shape, _nest(f"spec.{key}", _OBJECTS))
    for key in _TOP_LISTS.get(kind, ()):
        shape = _merge(shape, Fields({key: _OBJECTS}))
    for key in _TOP_MAPPINGS.get(kind, ()):
        shape = _merge(shape, Fields({key: Fields()}))
    return shape


def _name(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    return "a mapping" if isinstance(value, dict) else type(value).__name__


def _expected(shape: Shape) -> str:
    if isinstance(shape, Fields):
        return "a mapping"
    if isinstance(shape, ListOf):
        return f"a list of {_expected(shape.item).removeprefix('a ')}s"
    return "a string"


def problems(value: Any, shape: Shape, path: str = "") -> Iterator[tuple[str, str]]:
    """``(path, message)`` for each field of ``value`` that does not have its ``shape``."""
    if value is None:
        return
    if isinstance(shape, Fields):
        if not isinstance(value, dict):
            yield path, f"{path or 'the object'} must be a mapping, not {_name(value)}"
            return
        for key, inner in shape.keys.items():
            yield from problems(value.get(key), inner, f"{path}.{key}" if path else key)
    elif isinstance(shape, ListOf):
        if not isinstance(value, list):
            yield path, f"{path} must be {_expected(shape)}, not {_name(value)}"
            return
        for index, item in enumerate(value):
            if item is None:
                yield f"{path}.{index}", f"{path}.{index} must be {_expected(shape.item)}, not null"
            else:
                yield from problems(item, shape.item, f"{path}.{index}")
    elif not isinstance(value, str):
        yield path, f"{path} must be a string, not {_name(value)}"

"""Reading Kubernetes manifests: workloads, their containers, security contexts and selectors.

A Kubernetes resource's attributes are the manifest dict, so every path here is a dotted path
from the document root (``spec.template.spec.containers.0``), the same paths the loaders put in
``Resource.attribute_lines``.

Finding locations follow one convention in every PC-K8S policy: a finding points at the
offending key when it is present, otherwise at the deepest present parent of the missing key
(``...containers.0.resources`` when ``resources`` lacks ``limits``), otherwise at the container
item or pod spec itself. :meth:`Container.at` and :func:`pod_at` compute those paths.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from weakref import WeakKeyDictionary

from policycheck.model import Resource, ResourceGraph, Result, Unknown, UnknownValueError, Verdict

POD_SPEC_PATHS: Mapping[str, str] = {
    "Pod": "spec",
    "Deployment": "spec.template.spec",
    "StatefulSet": "spec.template.spec",
    "DaemonSet": "spec.template.spec",
    "ReplicaSet": "spec.template.spec",
    "ReplicationController": "spec.template.spec",
    "Job": "spec.template.spec",
    "CronJob": "spec.jobTemplate.spec.template.spec",
}
"""Workload kind -> dotted path of its pod spec."""

WORKLOAD_KINDS: tuple[str, ...] = tuple(POD_SPEC_PATHS)
BATCH_KINDS: tuple[str, ...] = ("Job", "CronJob")
LONG_RUNNING_KINDS: tuple[str, ...] = tuple(k for k in WORKLOAD_KINDS if k not in BATCH_KINDS)

POD_SECURITY_KEYS = frozenset(
    {"runAsUser", "runAsGroup", "runAsNonRoot", "seLinuxOptions", "seccompProfile",
     "windowsOptions", "appArmorProfile"}
)
"""Security-context keys a pod-level ``securityContext`` sets as the containers' default."""

DEFAULT_NAMESPACE = "default"
RBAC_DEFAULTS_LABEL = ("kubernetes.io/bootstrapping", "rbac-defaults")


def _walk(root: Any, base: str, key: str) -> tuple[str, Any, bool]:
    """Follow dotted ``key`` from ``root`` (located at ``base``): deepest present path, its
    value, and whether the whole key was present."""
    node, path = root, base
    for part in key.split("."):
        if isinstance(node, Mapping) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return path, node, False
        path = f"{path}.{part}" if path else part
    return path, node, True


def pod_spec_path(kind: str) -> str | None:
    """The pod spec path of a workload kind, ``None`` for other kinds."""
    return POD_SPEC_PATHS.get(kind)


def pod_spec(resource: Resource) -> Mapping[str, Any]:
    """The workload's pod spec, ``{}`` when the resource is no workload or has none."""
    path = pod_spec_path(resource.kind)
    spec = resource.get(path) if path else None
    return spec if isinstance(spec, Mapping) else {}


def pod_at(resource: Resource, key: str) -> str:
    """Path of ``key`` in the pod spec, or of its deepest present parent (see module doc)."""
    base = pod_spec_path(resource.kind) or ""
    return _walk(pod_spec(resource), base, key)[0]


def pod_labels(resource: Resource) -> Mapping[str, Any]:
    """Labels of the pods a workload creates (``metadata.labels`` of a Pod)."""
    path = pod_spec_path(resource.kind)
    if path is None:
        return {}
    labels = resource.get(path.removesuffix("spec") + "metadata.labels")
    return labels if isinstance(labels, Mapping) else {}


@dataclass(frozen=True, slots=True)
class Container:
    """One container of a workload: its dict, its attribute path and which list it is in."""

    spec: Mapping[str, Any]
    path: str
    init: bool = False
    ephemeral: bool = False

    @property
    def name(self) -> str:
        return str(self.spec.get("name") or f"#{self.path.rsplit('.', 1)[-1]}")

    @property
    def sidecar(self) -> bool:
        """A native sidecar: an init container with ``restartPolicy: Always`` (runs alongside)."""
        return self.init and self.spec.get("restartPolicy") == "Always"

    @property
    def long_running(self) -> bool:
        """Runs for the pod's lifetime: a regular container or a native sidecar."""
        return not self.ephemeral and (not self.init or self.sidecar)

    @property
    def label(self) -> str:
        """How messages name it: ``container "app"``, ``init container "setup"``."""
        prefix = "init " if self.init else "ephemeral " if self.ephemeral else ""
        return f'{prefix}container "{self.name}"'

    def get(self, key: str, default: Any = None) -> Any:
        """The value at dotted ``key`` inside the container, or ``default``."""
        _, value, present = _walk(self.spec, "", key)
        return value if present else default

    def at(self, key: str) -> str:
        """Path of ``key`` in the container, or of its deepest present parent (see module doc)."""
        return _walk(self.spec, self.path, key)[0]


def iter_containers(
    resource: Resource, *, init: bool = False, ephemeral: bool = False
) -> Iterator[Container]:
    """The workload's ``containers``, then ``initContainers`` if ``init``, then
    ``ephemeralContainers`` if ``ephemeral``. Non-workloads have none."""
    base = pod_spec_path(resource.kind)
    if base is None:
        return
    spec = pod_spec(resource)
    groups = [("containers", False, False)]
    if init:
        groups.append(("initContainers", True, False))
    if ephemeral:
        groups.append(("ephemeralContainers", False, True))
    for key, is_init, is_ephemeral in groups:
        items = spec.get(key)
        if not isinstance(items, list):
            continue
        for index, item in enumerate(items):
            if isinstance(item, Mapping):
                yield Container(item, f"{base}.{key}.{index}", is_init, is_ephemeral)


ContainerJudge = Callable[[Container], Result | Iterable[Result] | None]


def check_containers(
    resource: Resource, judge: ContainerJudge, *, init: bool = False, ephemeral: bool = False
) -> Iterator[Result]:
    """``judge``'s results (one, several or none) for each container (see
    :func:`iter_containers`); a PASS when no container was judged, so every judged workload
    yields a result."""
    judged = False
    for container in iter_containers(resource, init=init, ephemeral=ephemeral):
        results = judge(container)
        for result in (results,) if isinstance(results, Result) else results or ():
            judged = True
            yield result
    if not judged:
        yield Result(Verdict.PASS, "the workload declares no containers this policy judges",
                     pod_spec_path(resource.kind))


def require_probe(resource: Resource, key: str, what: str) -> Iterator[Result]:
    """The probe policies: each long-running container (native sidecars included) must set
    ``key``; Job and CronJob containers run to completion and are not judged."""
    return check_containers(
        resource, lambda c: require_keys(c, (key,), what) if c.long_running else None, init=True)


def require_keys(container: Container, keys: Sequence[str], what: str) -> Result:
    """FAIL naming the ``keys`` (dotted, inside the container) that are absent or empty,
    pointing at the first one's deepest present parent; PASS saying the container sets ``what``.
    """
    missing = [key for key in keys if container.get(key) in (None, "")]
    if missing:
        return Result(Verdict.FAIL, f"{container.label} has no {' and no '.join(missing)}",
                      container.at(missing[0]))
    return Result(Verdict.PASS, f"{container.label} sets {what}", container.at(keys[0]))


@dataclass(frozen=True, slots=True)
class Setting:
    """A security-context value and the path it is set at (``path`` is ``None`` when unset)."""

    value: Any
    path: str | None


UNSET = Setting(None, None)


def security_settings(resource: Resource, container: Container, key: str) -> list[Setting]:
    """Every place ``key`` is set for ``container``, in precedence order: the container's
    ``securityContext`` first, then the pod's (pod-level keys only, see POD_SECURITY_KEYS)."""
    found: list[Setting] = []
    path, value, present = _walk(container.spec, container.path, f"securityContext.{key}")
    if present:
        found.append(Setting(value, path))
    if key.split(".")[0] in POD_SECURITY_KEYS:
        base = pod_spec_path(resource.kind) or ""
        path, value, present = _walk(pod_spec(resource), base, f"securityContext.{key}")
        if present:
            found.append(Setting(value, path))
    return found


def effective_security_setting(resource: Resource, container: Container, key: str) -> Setting:
    """The value of ``key`` that applies to ``container`` (container over pod), or UNSET."""
    settings = security_settings(resource, container, key)
    return settings[0] if settings else UNSET


def integer(value: Any) -> int | Unknown | None:
    """A manifest integer (``1000`` or ``"1000"``); ``None`` when unset; :class:`Unknown` for
    anything else (a template placeholder, a boolean), so comparing it gives UNKNOWN."""
    if value is None or isinstance(value, Unknown):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value)
    return Unknown(f"{value!r} is not an integer")


def namespace_of(resource: Resource) -> str:
    """``metadata.namespace``, or ``default`` when the manifest names none."""
    namespace = resource.get("metadata.namespace")
    return str(namespace) if namespace else DEFAULT_NAMESPACE


def name_of(resource: Resource) -> str:
    """A Kubernetes object's ``metadata.name`` (``""`` when it has none)."""
    return str(resource.get("metadata.name") or "")


def labels_of(resource: Resource) -> Mapping[str, Any]:
    """``metadata.labels`` (label keys contain dots, so ``Resource.get`` cannot reach them)."""
    labels = resource.get("metadata.labels")
    return labels if isinstance(labels, Mapping) else {}


def annotations_of(resource: Resource) -> Mapping[str, Any]:
    """``metadata.annotations`` (keys contain dots, so ``Resource.get`` cannot reach them)."""
    annotations = resource.get("metadata.annotations")
    return annotations if isinstance(annotations, Mapping) else {}


def same_namespace(graph: ResourceGraph, resource: Resource, *kinds: str) -> list[Resource]:
    """Resources of ``kinds`` from ``resource``'s source and namespace, in graph order.

    The first call for a graph and kind indexes that kind; later calls look up. A resource of
    the source whose namespace is :class:`Unknown` makes every lookup in that source raise.
    """
    namespace = namespace_of(resource)
    found: list[Resource] = []
    for kind in kinds:
        index = _namespace_index(graph, kind)
        undecided = index.undecided.get(resource.source)
        if undecided is not None:
            namespace_of(undecided)  # raises UnknownValueError
        found += index.members.get((resource.source, namespace), ())
    return found


@dataclass(slots=True)
class _NamespaceIndex:
    """The resources of one kind of a graph by source and namespace."""

    members: dict[tuple[str, str], list[Resource]] = field(default_factory=dict)
    undecided: dict[str, Resource] = field(default_factory=dict)
    """The first resource of each source whose namespace is not known."""


_NAMESPACES: WeakKeyDictionary[ResourceGraph, dict[str, _NamespaceIndex]] = WeakKeyDictionary()


def _namespace_index(graph: ResourceGraph, kind: str) -> _NamespaceIndex:
    """The namespace index of ``graph``'s resources of ``kind``, built once."""
    per_graph = _NAMESPACES.setdefault(graph, {})
    index = per_graph.get(kind)
    if index is None:
        index = per_graph[kind] = _NamespaceIndex()
        for other in graph.of_kind(kind):
            try:
                key = (other.source, namespace_of(other))
            except UnknownValueError:
                index.undecided.setdefault(other.source, other)
                continue
            index.members.setdefault(key, []).append(other)
    return index


def is_empty_selector(selector: Any) -> bool:
    """A LabelSelector without ``matchLabels`` entries or ``matchExpressions`` (or absent)."""
    if not isinstance(selector, Mapping):
        return selector is None
    return not selector.get("matchLabels") and not selector.get("matchExpressions")


def _label(labels: Mapping[str, Any], key: str) -> str | None:
    value = labels.get(key)
    return None if value is None else str(value)


def _expression_matches(expression: Mapping[str, Any], labels: Mapping[str, Any]) -> bool:
    key = str(expression.get("key", ""))
    operator = expression.get("operator")
    values = {str(v) for v in expression.get("values") or ()}
    value = _label(labels, key)
    if operator == "In":
        return value in values
    if operator == "NotIn":
        return value not in values
    if operator == "Exists":
        return value is not None
    if operator == "DoesNotExist":
        return value is None
    return False


def selector_matches(selector: Mapping[str, Any], labels: Mapping[str, Any]) -> bool:
    """Whether a LabelSelector (``matchLabels`` and ``matchExpressions``) selects ``labels``.

    An empty selector selects everything; an unknown operator selects nothing.
    """
    match_labels = selector.get("matchLabels") or {}
    expressions = selector.get("matchExpressions") or []
    if not isinstance(match_labels, Mapping) or not isinstance(expressions, list):
        return False
    return all(_label(labels, str(k)) == str(v) for k, v in match_labels.items()) and all(
        isinstance(e, Mapping) and _expression_matches(e, labels) for e in expressions
    )


def service_selector_matches(selector: Any, labels: Mapping[str, Any]) -> bool:
    """Whether a Service's plain ``spec.selector`` map selects ``labels``.

    An empty or absent selector selects nothing (the Service's endpoints are managed by hand).
    """
    if not isinstance(selector, Mapping) or not selector:
        return False
    return all(_label(labels, str(k)) == str(v) for k, v in selector.items())


def rbac_rules(resource: Resource) -> Iterator[tuple[str, Mapping[str, Any]]]:
    """``(path, rule)`` for each rule of a Role or ClusterRole (``rules.0``, ...)."""
    rules = resource.get("rules")
    for index, rule in enumerate(rules if isinstance(rules, list) else ()):
        if isinstance(rule, Mapping):
            yield f"rules.{index}", rule


def strings(value: Any) -> list[str]:
    """A manifest list of strings (``verbs``, ``resources``); ``[]`` for anything else."""
    return [str(item) for item in value] if isinstance(value, list) else []


def is_default_rbac(resource: Resource) -> bool:
    """An RBAC object Kubernetes itself creates (labelled ``kubernetes.io/bootstrapping:
    rbac-defaults``), as a live cluster reports for ``cluster-admin`` and the ``system:`` roles."""
    key, value = RBAC_DEFAULTS_LABEL
    return labels_of(resource).get(key) == value

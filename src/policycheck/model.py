"""The one model every loader produces and every policy reads.

Loaders turn sources (Terraform, plans, manifests, Dockerfiles, requirement files, live
collectors) into located :class:`Resource` objects; policies judge them and return
:class:`Result` objects, which the engine turns into :class:`Finding` objects.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, NoReturn

SOURCES = ("tf", "plan", "aws", "k8s", "cluster", "docker", "deps")
POLICY_ID = re.compile(r"^PC-[A-Z][A-Z0-9]*-\d{3}$")
"""A policy ID, ``PC-<DOMAIN>-<NNN>``: checked by the registry and by the suppression syntax."""


class Severity(enum.IntEnum):
    """How bad a failing policy is; ordered so that ``>=`` compares thresholds."""

    LOW = 1
    MEDIUM = 2
    HIGH = 3
    CRITICAL = 4

    @classmethod
    def parse(cls, text: str) -> Severity:
        try:
            return cls[text.strip().upper()]
        except KeyError:
            names = ", ".join(s.name.lower() for s in cls)
            raise ValueError(f"unknown severity {text!r} (expected one of {names})") from None

    def __str__(self) -> str:
        return self.name.lower()


class Verdict(enum.StrEnum):
    PASS = "pass"
    FAIL = "fail"
    UNKNOWN = "unknown"


class UnknownValueError(Exception):
    """Raised when a policy asks an :class:`Unknown` value for a truth value or a comparison.

    The engine turns it into an UNKNOWN verdict, so a policy written without special care for
    unresolved values never passes or fails by accident.
    """

    def __init__(self, unknown: Unknown) -> None:
        super().__init__(unknown.reason or "value is not known")
        self.unknown = unknown


@dataclass(frozen=True, slots=True, eq=False)
class Unknown:
    """A value that cannot be resolved statically (unset variable, known after apply, ...).

    ``reason`` names what is unknown, for example ``var.db_encrypted has no value``.
    Truth tests, comparisons and iteration raise :class:`UnknownValueError`.
    """

    reason: str = ""

    def _undecidable(self, *_: object) -> NoReturn:
        raise UnknownValueError(self)

    __bool__ = _undecidable
    __lt__ = _undecidable
    __le__ = _undecidable
    __gt__ = _undecidable
    __ge__ = _undecidable
    __iter__ = _undecidable
    __len__ = _undecidable

    def __eq__(self, other: object) -> bool:
        if other is self:
            return True
        raise UnknownValueError(self)

    def __hash__(self) -> int:
        return id(self)

    def __str__(self) -> str:
        return f"<unknown: {self.reason}>" if self.reason else "<unknown>"

    __repr__ = __str__


def is_unknown(value: object) -> bool:
    return isinstance(value, Unknown)


@dataclass(frozen=True, slots=True)
class Reference:
    """A value that is another resource's attribute, computed at apply time (``aws_vpc.main.id``).

    The target is known even though the value is not; cross-resource policies follow it.
    """

    address: str
    attribute: str = "id"

    def __str__(self) -> str:
        return f"{self.address}.{self.attribute}" if self.attribute else self.address


@dataclass(frozen=True, slots=True)
class Location:
    file: str
    line: int
    end_line: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(frozen=True, slots=True)
class TraceStep:
    """Where a value that decided a verdict was set, outside the resource's own block: a module
    call argument, a ``.tfvars`` line, a ``TF_VAR_*`` variable (``line`` 0: no file line)."""

    file: str
    line: int
    note: str
    """What was set there, e.g. ``storage_encrypted = false set by module.orders``."""

    def __str__(self) -> str:
        if self.file and self.line >= 1:
            return f"{self.note} at {self.file}:{self.line}"
        return f"{self.note} ({self.file})" if self.file else self.note


@dataclass(frozen=True, slots=True)
class Suppression:
    """An inline ``policycheck:ignore=ID reason`` found in a resource's source."""

    policy_id: str
    reason: str
    location: Location
    until: date | None = None

    def active(self, today: date) -> bool:
        return self.until is None or today <= self.until


@dataclass(slots=True, eq=False)
class Resource:
    """One judged thing: a Terraform resource, a Kubernetes object, a Dockerfile, a deps file.

    ``attributes`` is a plain mapping (dicts, lists, str, int, float, bool, None, plus
    :class:`Unknown` and :class:`Reference`). ``attribute_lines`` maps dotted attribute paths
    (``ingress.0.cidr_blocks``) to their line so findings point at the exact attribute.
    ``computed_paths`` lists attribute paths whose value depends on a variable, another resource
    or a data source (directly or through locals and module outputs) rather than only on text
    written in the source. ``root`` names the scope in which addresses are unique (a Terraform
    root module or plan file); resources of different roots never see each other.
    ``attribute_files`` maps attribute paths written in another file than ``location.file``
    (a top-level argument of a Terraform override file, a field a Kustomize patch sets) to that
    file: their lines in ``attribute_lines``, and those of the paths under them, are lines of
    that file. ``traces`` maps attribute paths whose value came
    in through a module input, a ``.tfvars`` file or ``TF_VAR_*`` to where it was set (the
    closest setting first).
    """

    kind: str
    address: str
    source: str
    attributes: Mapping[str, Any]
    location: Location
    attribute_lines: Mapping[str, int] = field(default_factory=dict)
    references: frozenset[str] = frozenset()
    suppressions: tuple[Suppression, ...] = ()
    change: str | None = None
    computed_paths: frozenset[str] = frozenset()
    root: str = ""
    attribute_files: Mapping[str, str] = field(default_factory=dict)
    traces: Mapping[str, tuple[TraceStep, ...]] = field(default_factory=dict)

    def is_literal(self, path: str) -> bool:
        """Whether the value at ``path`` is written literally in the source (no variable,
        reference or function call produced it, at that path or a parent path)."""
        if not self.computed_paths:
            return True
        parts = path.split(".")
        return not any(".".join(parts[:n]) in self.computed_paths for n in range(1, len(parts) + 1))

    def get(self, path: str, default: Any = None) -> Any:
        """The value at a dotted path (``encrypt_at_rest.0.enabled``), or ``default`` if absent."""
        value: Any = self.attributes
        for part in path.split("."):
            if isinstance(value, Mapping):
                if part not in value:
                    return default
                value = value[part]
            elif isinstance(value, list) and part.isdigit():
                index = int(part)
                if index >= len(value):
                    return default
                value = value[index]
            elif isinstance(value, Unknown):
                return value
            else:
                return default
        return value

    def _located(self, path: str | None) -> str | None:
        """``path`` or its nearest parent that has a line."""
        parts = path.split(".") if path else []
        while parts:
            joined = ".".join(parts)
            if joined in self.attribute_lines:
                return joined
            parts.pop()
        return None

    def _file_of(self, located: str) -> str:
        """The file of a located path: the nearest of it and its parents that
        ``attribute_files`` names, else the resource's own file."""
        if self.attribute_files:
            parts = located.split(".")
            while parts:
                file = self.attribute_files.get(".".join(parts))
                if file is not None:
                    return file
                parts.pop()
        return self.location.file

    def line_of(self, path: str | None) -> int:
        """The line of the attribute at ``path`` or of its nearest located parent."""
        located = self._located(path)
        return self.location.line if located is None else self.attribute_lines[located]

    def trace_of(self, path: str | None) -> tuple[TraceStep, ...]:
        """Where the value at ``path`` (or its nearest traced parent, or else the values under
        it) was set; ``()`` when it is written in the block itself."""
        if not self.traces or not path:
            return ()
        parts = path.split(".")
        while parts:
            found = self.traces.get(".".join(parts))
            if found:
                return found
            parts.pop()
        prefix = f"{path}."
        steps = [s for p, t in sorted(self.traces.items()) if p.startswith(prefix) for s in t]
        return tuple(dict.fromkeys(steps))

    def location_of(self, path: str | None) -> Location:
        located = self._located(path)
        if located is None:
            return self.location
        line = self.attribute_lines[located]
        file = self._file_of(located)
        if line == self.location.line and file == self.location.file:
            return self.location
        return Location(file, line, line)


class ResourceGraph:
    """Every resource of a scan, indexed for the lookups cross-resource policies make."""

    def __init__(self, resources: Sequence[Resource]) -> None:
        self.resources: tuple[Resource, ...] = tuple(resources)
        self._by_kind: dict[str, list[Resource]] = {}
        self._by_address: dict[tuple[str, str], Resource] = {}
        self._referrers: dict[str, list[Resource]] = {}
        for resource in self.resources:
            self._by_kind.setdefault(resource.kind, []).append(resource)
            self._by_address.setdefault((resource.source, resource.address), resource)
            for target in resource.references:
                self._referrers.setdefault(target, []).append(resource)

    def __iter__(self) -> Iterator[Resource]:
        return iter(self.resources)

    def __len__(self) -> int:
        return len(self.resources)

    def of_kind(self, *kinds: str) -> list[Resource]:
        if len(kinds) == 1:
            return list(self._by_kind.get(kinds[0], ()))
        return [r for kind in kinds for r in self._by_kind.get(kind, ())]

    def get(self, address: str, source: str | None = None) -> Resource | None:
        if source is not None:
            return self._by_address.get((source, address))
        for candidate_source in SOURCES:
            found = self._by_address.get((candidate_source, address))
            if found is not None:
                return found
        return None

    def resolve(self, value: object, like: Resource) -> Resource | None:
        """The resource a :class:`Reference` value points at, looked up in ``like``'s source."""
        if isinstance(value, Reference):
            return self.get(value.address, like.source)
        return None

    def referrers(self, target: Resource, *kinds: str) -> list[Resource]:
        """Resources whose attributes reference ``target`` (optionally only of ``kinds``)."""
        found = [
            r for r in self._referrers.get(target.address, ()) if r.source == target.source
        ]
        return [r for r in found if r.kind in kinds] if kinds else found


@dataclass(frozen=True, slots=True)
class Result:
    """What a policy says about one subject; see :func:`policycheck.api.fail` and friends."""

    verdict: Verdict
    message: str
    path: str | None = None
    resource: Resource | None = None
    location: Location | None = None
    severity: Severity | None = None


@dataclass(slots=True, unsafe_hash=True)
class Finding:
    """One verdict of one policy on one resource. Immutable by convention (hashed by value; use
    ``dataclasses.replace``) rather than frozen: a frozen dataclass costs some 14 times more to
    construct, which a warm-cache rerun of a large scan pays for every finding it unpickles."""

    policy_id: str
    title: str
    severity: Severity
    verdict: Verdict
    source: str
    location: Location
    resource: str
    message: str
    remediation: str
    checklist: tuple[str, ...]
    suppressed: bool = False
    suppression_reason: str = ""
    fingerprint: str = ""
    baselined: bool = False
    """Suppressed because a baseline file lists it (rather than by an inline ignore)."""
    trace: tuple[TraceStep, ...] = ()
    """Where the value that decided a FAIL or UNKNOWN was set (module input, tfvars, env)."""


@dataclass(frozen=True, slots=True)
class NotAssessed:
    """A part of a live source that could not be read (access denied, region not enabled,
    throttled past the retries, an API the account lacks). Its resources are never reported as
    passing; the run exits 2 unless errors are allowed.

    ``kinds`` are the resource types (``aws_db_instance``) or kinds (``NetworkPolicy``) left
    unjudged; the engine withholds every finding of a policy that judges or reads one of them in
    the same account (or cluster) and ``where`` (region or namespace; ``""``: all of them)."""

    source: str
    """``aws`` or ``cluster``."""
    account: str
    """The AWS account ID or the cluster (kubeconfig context) name."""
    where: str
    """The region or namespace; ``""`` for a global service or a cluster-scoped kind."""
    service: str
    """The AWS service (``rds``) or the Kubernetes resource (``networkpolicies``)."""
    call: str
    """The API call that failed: ``DescribeDBInstances``, ``list networkpolicies``."""
    permission: str
    """What was missing: the IAM action (``rds:DescribeDBInstances``) or RBAC verb and
    resource (``list networkpolicies``)."""
    reason: str
    """What the API answered, without secrets: ``AccessDenied: ...``."""
    kinds: tuple[str, ...] = ()

    @property
    def scope(self) -> str:
        """``account/where`` as live locations write it (:func:`live_location`)."""
        return f"{self.account}/{self.where}" if self.where else self.account

    def describe(self) -> str:
        place = " ".join(p for p in (self.account, self.where) if p)
        return (f"NOT ASSESSED {self.source} {self.service} in {place}: {self.call} failed "
                f"({self.reason}); needs {self.permission}")


LIVE_SCHEMES = {"aws": "aws", "cluster": "k8s"}


def live_location(source: str, account: str, where: str = "") -> Location:
    """Where a live resource is: ``aws://ACCOUNT/REGION`` or ``k8s://CLUSTER/NAMESPACE`` (line 0:
    a live object has no line), so every finding carries its account and region or namespace."""
    scope = f"{account}/{where}" if where else account
    return Location(f"{LIVE_SCHEMES[source]}://{scope}", 0, 0)


def live_scope(file: str) -> tuple[str, str] | None:
    """``(account, where)`` of a :func:`live_location` file, else None."""
    scheme, sep, rest = file.partition("://")
    if not sep or scheme not in LIVE_SCHEMES.values():
        return None
    account, _, where = rest.partition("/")
    return account, where


@dataclass(frozen=True, slots=True)
class ScanError:
    """A file or source that could not be judged (parse error, unreadable, policy crash)."""

    file: str
    line: int
    message: str


# --- Terraform plans: what the plan loader produces besides resources, for the plan gates ---

PLAN_CHANGED = frozenset({"create", "update", "replace"})
"""The plan actions ``--changed-only`` keeps."""


@dataclass(frozen=True, slots=True)
class AttributeChange:
    """One leaf that differs between two values, with both sides ready to print."""

    path: str
    before: str
    after: str

    @property
    def attribute(self) -> str:
        return self.path.split(".", 1)[0]

    def __str__(self) -> str:
        return f"{self.path}: {self.before} -> {self.after}"


@dataclass(frozen=True, slots=True)
class Drift:
    """A ``resource_drift`` entry: the object as Terraform recorded it and as it is live."""

    declared: Resource
    live: Resource
    changes: tuple[AttributeChange, ...]
    location: Location


@dataclass(slots=True)
class LoadedPlan:
    """One plan file: ``planned`` are the objects that exist after apply (the scan judges them),
    ``prior`` those that exist before it (with ``change`` set: update, replace, delete, no-op)."""

    display: str
    planned: list[Resource] = field(default_factory=list)
    prior: list[Resource] = field(default_factory=list)
    changes: dict[str, tuple[AttributeChange, ...]] = field(default_factory=dict)
    """Address -> what an update or replacement changes."""
    labels: dict[str, str] = field(default_factory=dict)
    """Address -> the action label findings carry (``update``, ``replace: engine``)."""
    drift: list[Drift] = field(default_factory=list)
    changed_only: bool = False

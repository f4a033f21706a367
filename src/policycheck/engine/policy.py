"""The ``@policy`` decorator and the :class:`Policy` object it returns.

The decorator records metadata only; it registers nothing globally. A :class:`Registry`
collects the ``Policy`` objects it finds in policy modules.
"""

from __future__ import annotations

import functools
import inspect
import re
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from policycheck.errors import PolicycheckError
from policycheck.model import POLICY_ID, SOURCES, Location, Resource, ResourceGraph, Result, Severity, Verdict

Scope = Literal["resource", "graph", "gate"]
SCOPES: tuple[Scope, ...] = ("resource", "graph", "gate")
GATE_POLICIES = frozenset({"PC-PLAN-002", "PC-DRIFT-001", "PC-DRIFT-002", "PC-DRIFT-003", "PC-DRIFT-004"})
"""The policies whose findings a step after judging computes (the plan gates of
:mod:`policycheck.engine.gates`, the drift engine of :mod:`policycheck.drift`):
``scope="gate"`` declares them, and only them."""
ANY_KIND = "*"
"""``kinds="*"``: the policy judges every resource of its sources."""


@dataclass(frozen=True, slots=True)
class Context:
    """What a policy may consult besides its subject: the whole scan and its parameters."""

    graph: ResourceGraph
    params: Mapping[str, Any]


ResourceCheck = Callable[[Resource, Context], Iterable[Result]]
GraphCheck = Callable[[ResourceGraph, Context], Iterable[Result]]


class PolicyDefinitionError(PolicycheckError):
    """Bad policy metadata; the message names the policy's file and line."""


@dataclass(frozen=True, slots=True)
class Policy:
    id: str
    title: str
    severity: Severity
    sources: tuple[str, ...]
    kinds: tuple[str, ...]
    checklist: tuple[str, ...]
    related: tuple[str, ...]
    params: Mapping[str, Any]
    scope: Scope
    check: Callable[..., Iterable[Result]]
    file: str = ""
    line: int = 0
    doc: str = field(default="", compare=False)
    reads: tuple[str, ...] = ()
    """Kinds the check consults besides ``kinds`` (PC-K8S-020 reads NetworkPolicy): when a
    live source could not read one of them, the policy's findings there are withheld."""

    @property
    def consults(self) -> frozenset[str]:
        """Every kind the policy's verdicts depend on."""
        return frozenset((*self.kinds, *self.reads))

    @property
    def origin(self) -> str:
        return f"{self.file}:{self.line}"

    def section(self, heading: str) -> str:
        """The text under ``## heading`` (or ``heading:`` line) of the policy's doc."""
        return _section(self.doc, heading)

    @property
    def remediation(self) -> str:
        fix = self.section("Fix")
        return fix.split("\n\n")[0].replace("\n", " ").strip()


@functools.lru_cache(maxsize=1024)
def _section(doc: str, heading: str) -> str:
    """:meth:`Policy.section`, once per doc and heading (every schedule asks for remediation)."""
    pattern = re.compile(
        rf"^(?:#+\s*{re.escape(heading)}\s*|{re.escape(heading)}:?\s*)$", re.I | re.M
    )
    match = pattern.search(doc)
    if match is None:
        return ""
    rest = doc[match.end() :]
    following = re.search(r"^(?:#+\s*)?(What|Why|Fail example|Fix|References)\s*:?\s*$",
                          rest, re.M)
    return (rest[: following.start()] if following else rest).strip()


def _tuple(value: str | Iterable[str]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


def policy(
    *,
    id: str,
    title: str,
    severity: Severity | str,
    sources: str | Iterable[str],
    kinds: str | Iterable[str] = (),
    checklist: str | Iterable[str] = (),
    related: str | Iterable[str] = (),
    params: Mapping[str, Any] | None = None,
    scope: Scope = "resource",
    reads: str | Iterable[str] = (),
) -> Callable[[Callable[..., Iterable[Result]]], Policy]:
    """Declare a policy. ``scope="resource"`` checks get ``(resource, ctx)`` for each resource
    of ``kinds`` from ``sources``; ``scope="graph"`` checks get ``(graph, ctx)`` once;
    ``scope="gate"`` policies are never called: the engine's gates compute their findings (the
    declaration gives them metadata, docs, selection, severity overrides and suppressions).
    ``reads`` names the other kinds the check looks up (see :attr:`Policy.reads`)."""

    def decorate(check: Callable[..., Iterable[Result]]) -> Policy:
        module = sys.modules.get(check.__module__)
        file = inspect.getsourcefile(check) or "<unknown>"
        line = check.__code__.co_firstlineno
        where = f"{file}:{line}"
        try:
            sev = severity if isinstance(severity, Severity) else Severity.parse(severity)
        except ValueError as exc:
            raise PolicyDefinitionError(f"{where}: {id}: {exc}") from None
        if not POLICY_ID.match(id):
            raise PolicyDefinitionError(
                f"{where}: policy ID {id!r} is not of the form PC-<DOMAIN>-<NNN>"
            )
        src = _tuple(sources)
        unknown_sources = [s for s in src if s not in SOURCES]
        if not src or unknown_sources:
            raise PolicyDefinitionError(
                f"{where}: {id}: unknown source(s) {unknown_sources or '(none given)'}; "
                f"expected some of {', '.join(SOURCES)}"
            )
        if scope == "resource" and not _tuple(kinds):
            raise PolicyDefinitionError(f"{where}: {id}: a resource-scoped policy needs kinds")
        if scope not in SCOPES:
            raise PolicyDefinitionError(
                f"{where}: {id}: scope must be one of {', '.join(map(repr, SCOPES))}")
        if (scope == "gate") != (id in GATE_POLICIES):
            raise PolicyDefinitionError(
                f"{where}: {id}: scope='gate' is only for the policies the engine's gates "
                f"compute ({', '.join(sorted(GATE_POLICIES))})")
        if not title.strip():
            raise PolicyDefinitionError(f"{where}: {id}: title is empty")
        return Policy(
            id=id,
            title=title,
            severity=sev,
            sources=src,
            kinds=_tuple(kinds),
            checklist=_tuple(checklist),
            related=_tuple(related),
            params=dict(params or {}),
            scope=scope,
            check=check,
            file=file,
            line=line,
            doc=inspect.cleandoc(module.__doc__ or "") if module else "",
            reads=_tuple(reads),
        )

    return decorate


# --- the results a check returns (re-exported by policycheck.api) ---------------------------

def fail(
    message: str,
    *,
    at: str | None = None,
    severity: Severity | None = None,
    resource: Resource | None = None,
    location: Location | None = None,
) -> Result:
    """A failing verdict. ``at`` is the attribute path the finding points at; ``severity``
    overrides the policy's default for this finding; graph-scoped policies name the
    ``resource`` (or give a ``location``) the finding belongs to."""
    return Result(Verdict.FAIL, message, at, resource, location, severity)


def passed(
    message: str = "",
    *,
    at: str | None = None,
    resource: Resource | None = None,
    location: Location | None = None,
) -> Result:
    """A passing verdict; ``message`` says what was found fine (shown with ``--show-passed``)."""
    return Result(Verdict.PASS, message, at, resource, location)


def unknown(
    message: str,
    *,
    at: str | None = None,
    resource: Resource | None = None,
    location: Location | None = None,
) -> Result:
    """The verdict depends on a value that cannot be resolved; say which in ``message``."""
    return Result(Verdict.UNKNOWN, message, at, resource, location)

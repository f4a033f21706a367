"""Reading a cluster: one paged list per kind (per namespace only when namespaces are named).

Without ``--namespace`` every namespaced kind is listed once across all namespaces (excluded
namespaces are dropped from the answer), not once per namespace. Pages are ``limit`` objects;
a ``410 Gone`` on an expired ``continue`` token restarts that list from the start, and a
``429 Too Many Requests`` is asked again after its ``Retry-After`` (both a bounded number of
times). Any other error status makes that kind in that namespace (or in all of them)
NOT ASSESSED, named with the RBAC verb and resource; a cluster that cannot be reached stops the
run. Secrets are listed as PartialObjectMetadata, so their data never leaves the API server.
Every page request counts as an API call of its kind (``pods``, ``deployments``), every 429 as a
throttle; they reach ``--metrics-file``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from policycheck.live.k8s.client import ApiError, K8sApi
from policycheck.live.k8s.collection import K8sCollection, build_collection
from policycheck.live.k8s.kinds import KindSpec, collected_kinds
from policycheck.live.k8s.normalise import normalise_object
from policycheck.model import NotAssessed

DEFAULT_PAGE_SIZE = 500
RESTARTS = 3
"""How often a list whose continue token expired (410 Gone) is restarted before giving up."""
THROTTLE_RETRIES = 5
"""How often a page the server throttled (429, API priority and fairness) is asked again."""
MAX_WAIT = 10.0
"""The longest wait, in seconds, a 429's Retry-After is honoured for."""
WORKERS = 4
GONE = 410
TOO_MANY_REQUESTS = 429


@dataclass(frozen=True, slots=True)
class K8sOptions:
    """What to read and how."""

    kubeconfig: Path | None = None
    """The kubeconfig file; None: ``$KUBECONFIG``, ``~/.kube/config`` or in-cluster."""
    context: str | None = None
    """The kubeconfig context; None: its current context."""
    namespaces: Sequence[str] = ()
    """Only these namespaces; empty: all of them."""
    exclude_namespaces: Sequence[str] = ()
    page_size: int = DEFAULT_PAGE_SIZE
    cluster: str | None = None
    """The cluster's name in addresses and locations; None: the context name (``in-cluster``
    when running as a pod)."""
    progress: Callable[[str], None] | None = None
    """Called with a line per (kind, namespace) listed, for a progress display."""
    include_secrets: bool = False
    """Also list Secrets' metadata (needs ``list`` on secrets; see ``--print-rbac``)."""


@dataclass(frozen=True, slots=True)
class Listed:
    """The outcome of one list: its objects, or why it could not be read."""

    spec: KindSpec
    namespace: str | None
    items: list[dict[str, Any]]
    denied: NotAssessed | None = None
    calls: Calls = field(default_factory=lambda: Calls())


@dataclass(slots=True)
class Calls:
    """The requests one list made and how many of them the server throttled (429)."""

    made: int = 0
    throttled: int = 0


def collect(options: K8sOptions) -> K8sCollection:
    """Read the cluster ``options`` names and return its normalised, owner-resolved objects."""
    api = K8sApi(options.kubeconfig, options.context)
    try:
        cluster = options.cluster or api.cluster
        excluded = set(options.exclude_namespaces)
        namespaces = [n for n in dict.fromkeys(options.namespaces) if n not in excluded]
        tasks: list[tuple[KindSpec, str | None]] = [
            (spec, namespace) for spec in collected_kinds(options.include_secrets)
            for namespace in (namespaces if spec.namespaced and options.namespaces else [None])]
        with ThreadPoolExecutor(WORKERS) as pool:
            listed = list(pool.map(lambda task: list_kind(api, cluster, task[0], task[1], options),
                                   tasks))
    finally:
        api.close()
    objects = [obj for result in listed for obj in result.items
               if str(obj.get("metadata", {}).get("namespace") or "") not in excluded]
    collection = build_collection(
        cluster, objects, not_assessed=[r.denied for r in listed if r.denied is not None],
        namespaces=namespaces if options.namespaces else None,
        excluded=tuple(options.exclude_namespaces))
    for result in listed:
        plural = result.spec.plural
        collection.api_calls[plural] = collection.api_calls.get(plural, 0) + result.calls.made
        if result.calls.throttled:
            collection.api_throttles[plural] = collection.api_throttles.get(plural, 0) + result.calls.throttled
    return collection


def list_kind(api: K8sApi, cluster: str, spec: KindSpec, namespace: str | None,
              options: K8sOptions) -> Listed:
    """Every object of ``spec`` in ``namespace`` (all namespaces when None), normalised."""
    calls = Calls()
    try:
        raw = list_all(api, spec, namespace, options.page_size, calls)
    except ApiError as error:
        denied = NotAssessed(
            source="cluster", account=cluster, where=namespace or "", service=spec.plural,
            call=f"list {spec.plural}", permission=spec.permission, reason=str(error),
            kinds=(spec.kind,))
        if options.progress:
            options.progress(f"{spec.plural} in {namespace or 'all namespaces'}: NOT ASSESSED "
                             f"({error.status})")
        return Listed(spec, namespace, [], denied, calls)
    items = [normalise_object(typed(item, spec), in_place=True) for item in raw]
    if options.progress:
        options.progress(f"{spec.plural} in {namespace or 'all namespaces'}: {len(items)}")
    return Listed(spec, namespace, items, calls=calls)


def list_all(api: K8sApi, spec: KindSpec, namespace: str | None, limit: int,
             calls: Calls | None = None) -> list[Any]:
    """All pages of one list; a 410 Gone on a continue token restarts it (at most RESTARTS)."""
    restarts = 0
    while True:
        items: list[Any] = []
        token: str | None = None
        try:
            while True:
                page = page_of(api, spec, namespace, limit, token, calls)
                items.extend(page.get("items") or ())
                token = (page.get("metadata") or {}).get("continue") or None
                if token is None:
                    return items
        except ApiError as error:
            if error.status != GONE or token is None or restarts >= RESTARTS:
                raise
            restarts += 1


def page_of(api: K8sApi, spec: KindSpec, namespace: str | None, limit: int,
            token: str | None, calls: Calls | None = None) -> dict[str, Any]:
    """One page; a 429 Too Many Requests is retried after its Retry-After (bounded)."""
    calls = calls if calls is not None else Calls()
    for attempt in range(THROTTLE_RETRIES + 1):
        calls.made += 1
        try:
            return api.list_page(spec, namespace, limit, token)
        except ApiError as error:
            if error.status == TOO_MANY_REQUESTS:
                calls.throttled += 1
            if error.status != TOO_MANY_REQUESTS or attempt == THROTTLE_RETRIES:
                raise
            time.sleep(min(MAX_WAIT, error.retry_after if error.retry_after is not None
                           else 2.0 ** attempt))
    raise AssertionError("unreachable")


def typed(item: Any, spec: KindSpec) -> dict[str, Any]:
    """A list item with its ``apiVersion`` and ``kind`` (list items carry neither; a
    PartialObjectMetadata item becomes its kind, with nothing but metadata)."""
    obj = item if isinstance(item, dict) else {}
    if obj.get("kind") in (None, "PartialObjectMetadata"):
        obj["kind"] = spec.kind
        obj["apiVersion"] = spec.api_version
    obj.setdefault("apiVersion", spec.api_version)
    return {"apiVersion": obj.pop("apiVersion"), "kind": obj.pop("kind"), **obj}

"""A replay Kubernetes API server for the tests: recorded responses over real HTTP.

No kube-apiserver can run here and the client is never mocked, so the tests drive the real
``kubernetes`` client against this server. It serves, from JSON files recorded from a cluster
(``recorded/<cluster>/``):

- discovery: ``/api``, ``/apis``, ``/api/v1``, ``/apis/<group>/<version>`` (``discovery/``),
- lists, cluster-wide (``/apis/apps/v1/deployments``) and per namespace
  (``/apis/apps/v1/namespaces/shop/deployments``), one file per resource (``deployments.json``,
  the List exactly as the server answered), paged: it honours ``limit`` and ``continue``,
- Secrets as ``PartialObjectMetadataList`` when the client asks for it in ``Accept``,
- a ``403 Forbidden`` Status on chosen resources (everywhere or in chosen namespaces), a
  ``410 Expired`` Status on the first continue token of chosen resources, a ``404`` for chosen
  resources (an API version the cluster lacks), ``429 Too Many Requests`` on the first requests
  of chosen resources, a ``401`` without the kubeconfig's bearer token.

Every request is recorded (path, query, Accept) so tests can check what the client asked for.
"""

from __future__ import annotations

import base64
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import yaml

RECORDED = Path(__file__).parent / "recorded"
DISCOVERY = RECORDED / "discovery"
TOKEN = "replay-token-0123456789"
PARTIAL = "as=PartialObjectMetadataList"


@dataclass(frozen=True, slots=True)
class Request:
    path: str
    query: dict[str, str]
    accept: str


@dataclass(slots=True)
class Behaviour:
    """What the server does besides replaying."""

    forbidden: dict[str, set[str] | None] = field(default_factory=dict)
    """Resource (plural) -> namespaces where listing it is forbidden (None: everywhere)."""
    expire_first_continue: set[str] = field(default_factory=set)
    """Resources whose first continue token is answered with 410 Expired."""
    throttle_first: dict[str, int] = field(default_factory=dict)
    """Resource -> how many of its requests are answered 429 Too Many Requests (Retry-After 0)."""
    unserved: set[str] = field(default_factory=set)
    """Resources the server does not serve (404 NotFound, as for an API version it lacks)."""


def status(code: int, reason: str, message: str) -> dict[str, Any]:
    return {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
            "message": message, "reason": reason, "code": code}


def forbidden_message(plural: str, group: str, namespace: str | None) -> str:
    scope = f'in the namespace "{namespace}"' if namespace else "at the cluster scope"
    resource = f"{plural}.{group}" if group else plural
    return (f'{resource} is forbidden: User "system:serviceaccount:policycheck:policycheck-audit" '
            f'cannot list resource "{plural}" in API group "{group}" {scope}')


EXPIRED = ("The provided continue parameter is too old to display a consistent list result. You "
           "can start a new list without the continue parameter, or use the continue token in "
           "this response to retrieve the remainder of the results. Continuing with the provided "
           "token results in an inconsistent list - objects that were created, modified, or "
           "deleted between the time the first chunk was returned and now may show up in the list.")


class Cluster:
    """The recorded lists of one cluster, keyed by (group/version, plural)."""

    def __init__(self, lists: dict[str, dict[str, Any]]) -> None:
        self.lists = lists
        """Resource (plural) -> the recorded List."""
        self.kinds = _discovery_resources()

    @classmethod
    def recorded(cls, name: str) -> Cluster:
        directory = RECORDED / name
        return cls({path.stem: json.loads(path.read_text("utf-8"))
                    for path in sorted(directory.glob("*.json"))})


def _discovery_resources() -> dict[str, tuple[str, str, bool]]:
    """Resource (plural) -> (group/version path, kind, namespaced), from the discovery files."""
    found: dict[str, tuple[str, str, bool]] = {}
    for path in sorted(DISCOVERY.glob("*.json")):
        doc = json.loads(path.read_text("utf-8"))
        if doc.get("kind") != "APIResourceList":
            continue
        group_version = doc["groupVersion"]
        base = f"/api/{group_version}" if "/" not in group_version else f"/apis/{group_version}"
        for resource in doc["resources"]:
            if "/" not in resource["name"]:
                found[resource["name"]] = (base, resource["kind"], resource["namespaced"])
    return found


class ReplayServer:
    """The server, on 127.0.0.1 and a free port, in a daemon thread."""

    def __init__(self, cluster: Cluster, behaviour: Behaviour | None = None) -> None:
        self.cluster = cluster
        self.behaviour = behaviour or Behaviour()
        self.requests: list[Request] = []
        self._expired: set[str] = set()
        self._lock = threading.Lock()
        self._http = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._http.daemon_threads = True
        self._thread = threading.Thread(target=self._http.serve_forever, args=(0.05,), daemon=True)

    @property
    def url(self) -> str:
        host, port = self._http.server_address[:2]
        return f"http://{host!s}:{port}"

    def __enter__(self) -> ReplayServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._http.shutdown()
        self._http.server_close()

    def kubeconfig(self, path: Path, context: str = "replay") -> Path:
        """Write a kubeconfig whose ``context`` points at this server with its bearer token."""
        config = {
            "apiVersion": "v1", "kind": "Config", "current-context": context,
            "clusters": [{"name": "replay-cluster", "cluster": {"server": self.url}}],
            "users": [{"name": "auditor", "user": {"token": TOKEN}}],
            "contexts": [{"name": context, "context": {"cluster": "replay-cluster",
                                                       "user": "auditor"}}],
        }
        path.write_text(yaml.safe_dump(config), "utf-8")
        return path

    # -- answering ---------------------------------------------------------------------------

    def answer(self, path: str, query: dict[str, str], accept: str,
               authorization: str) -> tuple[int, dict[str, Any]]:
        with self._lock:
            self.requests.append(Request(path, query, accept))
        if authorization != f"Bearer {TOKEN}":
            return 401, status(401, "Unauthorized", "Unauthorized")
        discovery = DISCOVERY / (path.strip("/").replace("/", "_").replace(".", "-") + ".json")
        if discovery.is_file():
            return 200, json.loads(discovery.read_text("utf-8"))
        route = self._route(path)
        if route is None or route[0] in self.behaviour.unserved:
            return 404, status(404, "NotFound", "the server could not find the requested resource")
        plural, namespace = route
        return self._list(plural, namespace, query, accept)

    def _route(self, path: str) -> tuple[str, str | None] | None:
        for plural, (base, _, namespaced) in self.cluster.kinds.items():
            if path == f"{base}/{plural}":
                return plural, None
            prefix = f"{base}/namespaces/"
            if namespaced and path.startswith(prefix) and path.endswith(f"/{plural}"):
                namespace = path[len(prefix):-len(plural) - 1]
                if namespace and "/" not in namespace:
                    return plural, namespace
        return None

    def _list(self, plural: str, namespace: str | None, query: dict[str, str],
              accept: str) -> tuple[int, dict[str, Any]]:
        base, kind, _ = self.cluster.kinds[plural]
        group = base.removeprefix("/apis/").rpartition("/")[0] if base.startswith("/apis/") else ""
        with self._lock:
            throttled = self.behaviour.throttle_first.get(plural, 0)
            if throttled:
                self.behaviour.throttle_first[plural] = throttled - 1
        if throttled:
            return 429, status(429, "TooManyRequests", "Too many requests, please try again later.")
        denied = self.behaviour.forbidden
        if plural in denied and (denied[plural] is None or namespace in (denied[plural] or ())):
            return 403, status(403, "Forbidden", forbidden_message(plural, group, namespace))
        recorded = self.cluster.lists.get(plural) or {
            "kind": f"{kind}List", "apiVersion": base.split("/", 2)[-1],
            "metadata": {"resourceVersion": "1000"}, "items": []}
        items = [i for i in recorded["items"]
                 if namespace is None or i.get("metadata", {}).get("namespace") == namespace]
        offset = 0
        token = query.get("continue")
        if token:
            if plural in self.behaviour.expire_first_continue and plural not in self._expired:
                self._expired.add(plural)
                return 410, status(410, "Expired", EXPIRED)
            offset = int(json.loads(base64.b64decode(token))["start"])
        limit = int(query.get("limit") or 0) or len(items) or 1
        page = items[offset:offset + limit]
        metadata: dict[str, Any] = {"resourceVersion": recorded["metadata"]["resourceVersion"]}
        if offset + limit < len(items):
            metadata["continue"] = base64.b64encode(json.dumps(
                {"v": "meta.k8s.io/v1", "rv": 1000, "start": offset + limit}).encode()).decode()
            metadata["remainingItemCount"] = len(items) - offset - limit
        if PARTIAL in accept:
            return 200, {"kind": "PartialObjectMetadataList", "apiVersion": "meta.k8s.io/v1",
                         "metadata": metadata,
                         "items": [{"kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1",
                                    "metadata": item["metadata"]} for item in page]}
        return 200, {**recorded, "metadata": metadata, "items": page}

    def listed(self, plural: str) -> Iterator[Request]:
        """The list requests of ``plural``."""
        return (r for r in self.requests if r.path.endswith(f"/{plural}"))


def _handler(server: ReplayServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True

        def do_GET(self) -> None:
            url = urlsplit(self.path)
            query = {k: v[-1] for k, v in parse_qs(url.query).items()}
            code, body = server.answer(url.path, query, self.headers.get("Accept", ""),
                                       self.headers.get("Authorization", ""))
            data = json.dumps(body).encode()
            self.send_response(code)
            if code == 429:
                self.send_header("Retry-After", "0")
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:
            return

    return Handler

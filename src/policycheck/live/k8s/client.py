"""Reaching the cluster: kubeconfig (``--kubeconfig``, ``KUBECONFIG``, ``~/.kube/config``, with
``--context``) or the in-cluster service account, and one read-only call: a page of a list.

The official ``kubernetes`` client does the configuration, authentication (tokens, client
certificates, exec plugins) and HTTP; responses are read raw (``call_api`` without
deserialising into models) and parsed as JSON, which keeps the manifest's camelCase keys and is
several times faster than the generated models. Only this module imports ``kubernetes``.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from policycheck.errors import PolicycheckError
from policycheck.live.k8s.kinds import PARTIAL_METADATA, KindSpec

IN_CLUSTER = "in-cluster"
"""The cluster name in addresses when running as a pod without a kubeconfig."""
DEFAULT_KUBECONFIG = Path("~/.kube/config")
TIMEOUT = (10.0, 120.0)
"""Connect and read timeouts of one list call, in seconds."""


class ClusterError(PolicycheckError):
    """The cluster cannot be reached or configured (no kubeconfig, unknown context, connection
    refused): nothing could be read, so the run stops with exit 2."""


@dataclass(frozen=True, slots=True)
class ApiError(Exception):
    """A list call answered with an error status (403 Forbidden, 404, 410 Gone, ...)."""

    status: int
    reason: str
    """``Forbidden: <the server's message>``."""
    retry_after: float | None = None
    """Seconds the server asked to wait (``Retry-After`` of a 429 Too Many Requests)."""

    def __str__(self) -> str:
        return f"{self.status} {self.reason}"


def kubeconfig_path(explicit: Path | None) -> str | None:
    """The kubeconfig to read: ``explicit``, else ``$KUBECONFIG`` (a path list), else
    ``~/.kube/config`` when it exists; None means in-cluster configuration."""
    if explicit is not None:
        return str(explicit)
    if os.environ.get("KUBECONFIG"):
        return os.environ["KUBECONFIG"]
    default = DEFAULT_KUBECONFIG.expanduser()
    return str(default) if default.is_file() else None


class K8sApi:
    """An authenticated API client of one cluster and the name it goes by in addresses."""

    def __init__(self, kubeconfig: Path | None = None, context: str | None = None) -> None:
        try:
            import kubernetes
            import urllib3
        except ImportError:
            raise ClusterError("policycheck audit k8s needs the Kubernetes client: "
                               "pip install 'policycheck[k8s]'") from None

        client: Any = kubernetes.client
        config: Any = kubernetes.config
        configuration = client.Configuration()
        path = kubeconfig_path(kubeconfig)
        try:
            if path is None:
                if not os.environ.get("KUBERNETES_SERVICE_HOST"):
                    raise ClusterError("no kubeconfig (give --kubeconfig, set KUBECONFIG or create "
                                       "~/.kube/config) and not running inside a cluster")
                config.load_incluster_config(client_configuration=configuration)
                self.cluster = IN_CLUSTER
            else:
                contexts, active = config.list_kube_config_contexts(config_file=path)
                names = [c["name"] for c in contexts or ()]
                if context is not None and context not in names:
                    raise ClusterError(f"context {context!r} is not in the kubeconfig {path} "
                                       f"(contexts: {', '.join(names) or 'none'})")
                config.load_kube_config(config_file=path, context=context,
                                        client_configuration=configuration, persist_config=False)
                self.cluster = context or str((active or {}).get("name") or "cluster")
        except config.ConfigException as error:
            raise ClusterError(f"cannot load the Kubernetes configuration: {error}") from None
        self.host = str(configuration.host)
        # connection errors are retried by urllib3; a 429 comes back to the collector, which
        # waits its Retry-After and counts it (urllib3 would retry it unseen)
        configuration.retries = urllib3.util.Retry(total=3, respect_retry_after_header=False,
                                                   raise_on_status=False)
        self._client: Any = client.ApiClient(configuration)

    def close(self) -> None:
        self._client.close()

    def list_page(self, spec: KindSpec, namespace: str | None, limit: int,
                  token: str | None) -> dict[str, Any]:
        """One page of ``spec``'s list (in ``namespace``, or all of them when None): the parsed
        List object. Raises :class:`ApiError` on an error status, :class:`ClusterError` when the
        server cannot be reached."""
        query: list[tuple[str, Any]] = [("limit", limit)]
        if token:
            query.append(("continue", token))
        accept = PARTIAL_METADATA if spec.metadata_only else "application/json"
        method, url, headers, body, post = self._client.param_serialize(
            "GET", spec.path(namespace), query_params=query, header_params={"Accept": accept},
            auth_settings=["BearerToken"])
        try:
            response = self._client.call_api(method, url, header_params=headers, body=body,
                                             post_params=post, _request_timeout=TIMEOUT)
        except Exception as error:  # urllib3 connection errors, TLS errors, timeouts
            if isinstance(error, PolicycheckError):
                raise
            raise ClusterError(f"cannot reach the cluster at {self.host}: "
                               f"{type(error).__name__}: {error}") from None
        data = response.read()
        if response.status != 200:
            raise ApiError(response.status, status_reason(response.status, data),
                           retry_after(response.headers.get("Retry-After")))
        parsed = json.loads(data)
        if not isinstance(parsed, dict):
            raise ApiError(response.status, "the server answered with something other than a List")
        return parsed


def status_reason(status: int, data: bytes) -> str:
    """``Reason: message`` of a Kubernetes Status body (the message names the user, verb and
    resource RBAC denied), else the HTTP status."""
    try:
        body = json.loads(data)
    except ValueError:
        body = None
    if isinstance(body, dict) and body.get("kind") == "Status":
        reason = str(body.get("reason") or status)
        message = str(body.get("message") or "")
        return f"{reason}: {message}" if message else reason
    return f"HTTP {status}"


def retry_after(value: Any) -> float | None:
    try:
        return max(0.0, float(value)) if value is not None else None
    except (TypeError, ValueError):
        return None

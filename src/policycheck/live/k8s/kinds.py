"""The kinds the live Kubernetes audit reads: API group, version, resource (plural), scope.

One table drives the list calls, the RBAC role ``--print-rbac`` prints and the NOT ASSESSED
entries, so the three never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

PARTIAL_METADATA = "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1"
"""Accept header that makes the API server send only each object's metadata (Secrets)."""


@dataclass(frozen=True, slots=True)
class KindSpec:
    """One listed kind."""

    kind: str
    group: str
    """API group, ``""`` for the core group."""
    version: str
    plural: str
    namespaced: bool = True
    metadata_only: bool = False
    """Listed as PartialObjectMetadata: the server never sends the object's data (Secrets)."""

    @property
    def api_version(self) -> str:
        return f"{self.group}/{self.version}" if self.group else self.version

    @property
    def verb_resource(self) -> str:
        """How RBAC names the permission a list call needs: ``list networkpolicies``."""
        return f"list {self.plural}"

    @property
    def permission(self) -> str:
        """The RBAC verb, resource and (non-core) group: ``list networkpolicies
        (networking.k8s.io)``."""
        return f"{self.verb_resource} ({self.group})" if self.group else self.verb_resource

    def path(self, namespace: str | None = None) -> str:
        """The list URL path, across all namespaces when ``namespace`` is None."""
        base = f"/apis/{self.group}/{self.version}" if self.group else f"/api/{self.version}"
        if namespace is not None and self.namespaced:
            return f"{base}/namespaces/{namespace}/{self.plural}"
        return f"{base}/{self.plural}"


KINDS: tuple[KindSpec, ...] = (
    KindSpec("Deployment", "apps", "v1", "deployments"),
    KindSpec("StatefulSet", "apps", "v1", "statefulsets"),
    KindSpec("DaemonSet", "apps", "v1", "daemonsets"),
    KindSpec("ReplicaSet", "apps", "v1", "replicasets"),
    KindSpec("Job", "batch", "v1", "jobs"),
    KindSpec("CronJob", "batch", "v1", "cronjobs"),
    KindSpec("Pod", "", "v1", "pods"),
    KindSpec("Service", "", "v1", "services"),
    KindSpec("ConfigMap", "", "v1", "configmaps"),
    KindSpec("Secret", "", "v1", "secrets", metadata_only=True),
    KindSpec("ServiceAccount", "", "v1", "serviceaccounts"),
    KindSpec("Ingress", "networking.k8s.io", "v1", "ingresses"),
    KindSpec("NetworkPolicy", "networking.k8s.io", "v1", "networkpolicies"),
    KindSpec("Role", "rbac.authorization.k8s.io", "v1", "roles"),
    KindSpec("RoleBinding", "rbac.authorization.k8s.io", "v1", "rolebindings"),
    KindSpec("ClusterRole", "rbac.authorization.k8s.io", "v1", "clusterroles", namespaced=False),
    KindSpec("ClusterRoleBinding", "rbac.authorization.k8s.io", "v1", "clusterrolebindings",
             namespaced=False),
    KindSpec("PodDisruptionBudget", "policy", "v1", "poddisruptionbudgets"),
    KindSpec("HorizontalPodAutoscaler", "autoscaling", "v2", "horizontalpodautoscalers"),
)
"""Every kind a K8s policy judges or reads, in collection order."""

BY_KIND: dict[str, KindSpec] = {spec.kind: spec for spec in KINDS}

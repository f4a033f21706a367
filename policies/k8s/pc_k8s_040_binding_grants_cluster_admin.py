"""## What
Flags each subject of a ClusterRoleBinding or RoleBinding whose `roleRef` is the ClusterRole
`cluster-admin`, unless the subject belongs to the control plane: a ServiceAccount in
`kube-system` (a RoleBinding's ServiceAccount without `namespace` is in the binding's namespace),
or a user or group named `system:...`. Names that stand for everyone or for whole sets of
accounts are not exempt although they start with `system:`: `system:authenticated`,
`system:unauthenticated`, `system:anonymous`, `system:serviceaccounts` and
`system:serviceaccounts:<namespace>`; a `system:serviceaccount:<namespace>:<name>` user is judged
by its namespace. One finding per subject, pointing at it (`subjects.N`).

## Why
`cluster-admin` can do anything to every object in the cluster, including reading every Secret
and granting itself more. A workload or person holding it turns any compromise into a cluster
compromise.

## Fail example
```yaml
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: ci-admin}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
subjects:
  - {kind: ServiceAccount, name: deployer, namespace: ci}
```

## Fix
Bind a Role (or ClusterRole) that grants only the verbs and resources the subject needs, in the
namespaces it needs them; keep `cluster-admin` for break-glass access.

## References
- https://kubernetes.io/docs/reference/access-authn-authz/rbac/#user-facing-roles
- https://kubernetes.io/docs/concepts/security/rbac-good-practices/
- Related: no checkov equivalent for manifests.
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from policycheck.api import Context, Resource, Result, fail, namespace_of, passed, policy

CLUSTER_ADMIN = ("ClusterRole", "cluster-admin")
CONTROL_PLANE_NAMESPACE = "kube-system"
EVERYONE = frozenset({"system:authenticated", "system:unauthenticated", "system:anonymous"})


def exempt(subject: Mapping[str, Any], binding: Resource) -> bool:
    """Whether ``subject`` is a control-plane identity (see the policy doc)."""
    name = str(subject.get("name") or "")
    if subject.get("kind") == "ServiceAccount":
        default = namespace_of(binding) if binding.kind == "RoleBinding" else ""
        return str(subject.get("namespace") or default) == CONTROL_PLANE_NAMESPACE
    if name.startswith("system:serviceaccount:"):
        return name.split(":")[2] == CONTROL_PLANE_NAMESPACE
    if name.startswith("system:serviceaccounts"):
        return name == f"system:serviceaccounts:{CONTROL_PLANE_NAMESPACE}"
    return name.startswith("system:") and name not in EVERYONE


@policy(
    id="PC-K8S-040", title="Binding grants cluster-admin", severity="critical",
    sources=("k8s", "cluster"), kinds=("ClusterRoleBinding", "RoleBinding"),
    checklist="access-control/service-accounts-minimum-required-permissions",
)
def check(resource: Resource, ctx: Context) -> Iterator[Result]:
    if (resource.get("roleRef.kind"), resource.get("roleRef.name")) != CLUSTER_ADMIN:
        yield passed("the binding does not grant cluster-admin", at="roleRef")
        return
    subjects = resource.get("subjects")
    flagged = False
    for index, subject in enumerate(subjects if isinstance(subjects, list) else ()):
        if isinstance(subject, Mapping) and not exempt(subject, resource):
            flagged = True
            where = f" in namespace {subject['namespace']!r}" if subject.get("namespace") else ""
            yield fail(f"{subject.get('kind')} {subject.get('name')!r}{where} is granted "
                       "cluster-admin", at=f"subjects.{index}")
    if not flagged:
        yield passed("cluster-admin is granted only to control-plane identities", at="subjects")

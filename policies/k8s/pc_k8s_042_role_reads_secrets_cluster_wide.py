"""## What
Flags each rule of a ClusterRole that allows `get`, `list` or `watch` (or `*`) on `secrets`
(or `*` resources) in the core API group (`""` or `*`): one finding per rule, pointing at it.
A rule limited by `resourceNames` is still flagged, since a ClusterRole applies in every
namespace. Roles Kubernetes creates itself (labelled `kubernetes.io/bootstrapping:
rbac-defaults`) are not judged. Namespaced Roles are out of scope.

## Why
Secrets hold database passwords, API keys and ServiceAccount tokens. A ClusterRole that reads them
(bound by a ClusterRoleBinding, it reads them in every namespace) lets whoever holds it
impersonate every workload; `list` and `watch` return the values, not only the names.

## Fail example
```yaml
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: config-reader}
rules:
  - apiGroups: [""]
    resources: [configmaps, secrets]
    verbs: [get, list, watch]
```

## Fix
Remove `secrets` from the ClusterRole; grant read access to the specific Secrets a workload needs
with a namespaced Role (with `resourceNames`) and a RoleBinding, or mount the Secret instead.

## References
- https://kubernetes.io/docs/concepts/security/rbac-good-practices/#listing-secrets
- Related: no checkov equivalent.
"""
from __future__ import annotations

from collections.abc import Iterator

from policycheck.api import Context, Resource, Result, fail, is_default_rbac, passed, policy, rbac_rules, strings

READ_VERBS = frozenset({"get", "list", "watch", "*"})


@policy(
    id="PC-K8S-042", title="Role can read secrets cluster-wide", severity="medium",
    sources=("k8s", "cluster"), kinds="ClusterRole",
    checklist="access-control/service-accounts-minimum-required-permissions",
)
def check(resource: Resource, ctx: Context) -> Iterator[Result]:
    if is_default_rbac(resource):
        yield passed("a Kubernetes default role (rbac-defaults)")
        return
    flagged = False
    for path, rule in rbac_rules(resource):
        core = {"", "*"} & set(strings(rule.get("apiGroups")))
        secrets = {"secrets", "*"} & set(strings(rule.get("resources")))
        verbs = sorted(READ_VERBS & set(strings(rule.get("verbs"))))
        if core and secrets and verbs:
            flagged = True
            yield fail(f"rule {path} allows {', '.join(verbs)} on secrets in every namespace",
                       at=path)
    if not flagged:
        yield passed("no rule reads secrets", at="rules")

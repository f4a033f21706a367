"""## What
Flags each rule of a Role or ClusterRole with `*` in `verbs`, `resources` or `apiGroups`: one
finding per rule, pointing at the first of those lists that holds the wildcard. Roles Kubernetes
creates itself (labelled `kubernetes.io/bootstrapping: rbac-defaults`, such as `cluster-admin` in
a live cluster) are not judged: they are not the scanned configuration's choice.

## Why
A wildcard grants every current and future verb, resource or API group, including ones added
later by CRDs (a `*` on resources covers Secrets; a `*` on verbs includes `escalate`, `bind` and
`impersonate`). Least privilege needs the rule to name what it allows.

## Fail example
```yaml
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: app, namespace: shop}
rules:
  - apiGroups: [""]
    resources: ["*"]
    verbs: [get, list]
```

## Fix
List the exact `apiGroups`, `resources` and `verbs` the subject needs (for example
`apiGroups: [""]`, `resources: [configmaps]`, `verbs: [get, watch]`).

## References
- https://kubernetes.io/docs/concepts/security/rbac-good-practices/#least-privilege
- Related: CKV_K8S_49 (checkov). checkov flags wildcards on Roles and ClusterRoles alike; ours
  also names the list holding the wildcard and skips Kubernetes' own default roles.
"""
from __future__ import annotations

from collections.abc import Iterator

from policycheck.api import Context, Resource, Result, fail, is_default_rbac, passed, policy, rbac_rules, strings

FIELDS = ("verbs", "resources", "apiGroups")


@policy(
    id="PC-K8S-041", title="Role grants wildcard access", severity="high",
    sources=("k8s", "cluster"), kinds=("Role", "ClusterRole"),
    checklist="access-control/service-accounts-minimum-required-permissions",
    related=("CKV_K8S_49",),
)
def check(resource: Resource, ctx: Context) -> Iterator[Result]:
    if is_default_rbac(resource):
        yield passed("a Kubernetes default role (rbac-defaults)")
        return
    flagged = False
    for path, rule in rbac_rules(resource):
        wild = [name for name in FIELDS if "*" in strings(rule.get(name))]
        if wild:
            flagged = True
            yield fail(f"rule {path} grants every {' and every '.join(wild)} ('*')",
                       at=f"{path}.{wild[0]}")
    if not flagged:
        yield passed("no rule uses a wildcard", at="rules")

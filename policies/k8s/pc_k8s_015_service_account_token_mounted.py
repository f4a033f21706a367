"""## What
Flags a workload whose pods run as the `default` ServiceAccount (no `serviceAccountName`, or
`default`) with the API token mounted: neither the pod spec nor the `default` ServiceAccount of
the workload's namespace (looked up among the scanned objects of the same source) sets
`automountServiceAccountToken: false`. As in Kubernetes, the pod's own setting wins over the
ServiceAccount's, so a pod that sets it to `true` fails even when the ServiceAccount says `false`.
Workloads with their own ServiceAccount pass (what that account may do is judged by the RBAC
policies). The finding points at the pod's `automountServiceAccountToken` when set, else at the
pod spec. A namespace's `default` ServiceAccount that is not in the scan counts as not setting it.

## Why
Every pod of the `default` account gets a token it rarely needs; anything that compromises the
pod can use it against the API server, with whatever rights were ever granted to `default`.

## Fail example
```yaml
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  template:
    spec:
      containers: [{name: web, image: web:1.4.2}]
```

## Fix
Set `automountServiceAccountToken: false` on the pod spec, or on the namespace's `default`
ServiceAccount (include that ServiceAccount in the scanned manifests); give workloads that talk to
the API their own ServiceAccount with minimal RBAC.

## References
- https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#opt-out-of-api-credential-automounting
- Related: CKV_K8S_38 (checkov). checkov only reads the pod spec; ours also accepts the setting on
  the scanned `default` ServiceAccount, and does not flag workloads with their own account.
"""
from __future__ import annotations

from collections.abc import Iterator

from policycheck.api import Context, Resource, Result, fail, passed, policy, truthy
from policycheck.helpers.kubernetes import (
    WORKLOAD_KINDS,
    name_of,
    namespace_of,
    pod_at,
    pod_spec,
    same_namespace,
)

KEY = "automountServiceAccountToken"


@policy(
    id="PC-K8S-015", title="Service account token mounted by default", severity="low",
    sources=("k8s", "cluster"), kinds=WORKLOAD_KINDS, reads="ServiceAccount",
    checklist="access-control/service-accounts-minimum-required-permissions",
    related=("CKV_K8S_38",),
)
def check(resource: Resource, ctx: Context) -> Iterator[Result]:
    spec = pod_spec(resource)
    account = spec.get("serviceAccountName") or spec.get("serviceAccount") or "default"
    if account != "default":
        yield passed(f"the pods use the service account {account!r}",
                     at=pod_at(resource, "serviceAccountName"))
        return
    at = pod_at(resource, KEY)
    if KEY in spec:
        if truthy(spec[KEY]):
            yield fail(f"the pods use the default service account and set {KEY}: true", at=at)
        else:
            yield passed(f"the pod spec sets {KEY}: false", at=at)
        return
    namespace = namespace_of(resource)
    accounts = [sa for sa in same_namespace(ctx.graph, resource, "ServiceAccount")
                if name_of(sa) == "default" and sa.get(KEY) is not None]
    if accounts and not truthy(accounts[0].get(KEY)):
        yield passed(f"the default ServiceAccount of namespace {namespace!r} sets {KEY}: false",
                     at=at)
        return
    yield fail(f"the pods use the default service account of namespace {namespace!r} and "
               f"neither the pod spec nor that ServiceAccount sets {KEY}: false", at=at)

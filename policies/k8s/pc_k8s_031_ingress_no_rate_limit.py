"""## What
Flags an Ingress that has none of the rate-limit annotations named by the parameter
`rate_limit_annotations` with a non-empty value. The default list covers ingress-nginx
(`nginx.ingress.kubernetes.io/limit-rps`, `limit-rpm`, `limit-connections`) and Traefik
(`traefik.ingress.kubernetes.io/router.middlewares`, which attaches middlewares such as a
RateLimit; which middleware it names is not checked). Set the parameter to your controller's
annotations. The finding points at `metadata.annotations` (or `metadata` when there are none).

## Why
Without a limit at the edge a single client, a scraper or a retry storm can exhaust the backends
and take the service down for everyone; the ingress controller is the cheapest place to stop it.

## Fail example
```yaml
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: api
  annotations: {nginx.ingress.kubernetes.io/ssl-redirect: "true"}
spec:
  rules: [{host: api.example.com}]
```

## Fix
Add your controller's rate-limit annotation, for example
`nginx.ingress.kubernetes.io/limit-rps: "20"`, or attach a Traefik RateLimit middleware with
`traefik.ingress.kubernetes.io/router.middlewares`. For another controller, list its annotations
in the `rate_limit_annotations` parameter.

## References
- https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/#rate-limiting
- https://doc.traefik.io/traefik/middlewares/http/ratelimit/
- Related: no checkov equivalent.
"""
from __future__ import annotations

from collections.abc import Iterator

from policycheck.api import Context, Resource, Result, annotations_of, fail, passed, policy

DEFAULT_ANNOTATIONS = [
    "nginx.ingress.kubernetes.io/limit-rps",
    "nginx.ingress.kubernetes.io/limit-rpm",
    "nginx.ingress.kubernetes.io/limit-connections",
    "traefik.ingress.kubernetes.io/router.middlewares",
]


@policy(
    id="PC-K8S-031", title="Ingress has no rate limit", severity="low",
    sources=("k8s", "cluster"), kinds="Ingress",
    checklist="load-balancer-proxy/rate-limiting-rules-applied",
    params={"rate_limit_annotations": DEFAULT_ANNOTATIONS},
)
def check(resource: Resource, ctx: Context) -> Iterator[Result]:
    configured = ctx.params["rate_limit_annotations"]
    if isinstance(configured, str):
        configured = configured.split(",")
    wanted = [str(name).strip() for name in configured]
    annotations = annotations_of(resource)
    present = [name for name in wanted if str(annotations.get(name) or "").strip()]
    at = "metadata.annotations" if annotations else "metadata"
    if present:
        yield passed(f"the Ingress is rate limited ({present[0]})", at=at)
    else:
        yield fail("the Ingress has no rate-limit annotation (one of "
                   f"{', '.join(wanted)})", at=at)

"""## What
Flags each host an Ingress serves that no `spec.tls[].hosts` entry covers: one finding per rule,
pointing at `spec.rules.N.host`. A TLS host covers the same name (case-insensitive), and a
wildcard TLS host `*.example.com` covers one label below it (`shop.example.com`). A `tls` entry
without `hosts` uses the controller's default certificate for every host, so it covers every
rule. A rule without `host` serves every host name; it is covered only by such a host-less `tls`
entry. An Ingress without rules but with a `defaultBackend` (`backend` in extensions/v1beta1) is
judged as one host-less rule. An Ingress serving nothing passes.

## Why
A host without a TLS entry is served over plain HTTP: credentials and session cookies cross the
network in clear text and can be altered in transit.

## Fail example
```yaml
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: shop}
spec:
  tls: [{hosts: [www.example.com], secretName: www-tls}]
  rules:
    - host: api.example.com
      http:
        paths: [{path: /, pathType: Prefix, backend: {service: {name: api, port: {number: 80}}}}]
```

## Fix
Add every host to a `spec.tls` entry with a certificate Secret (for example issued by
cert-manager), and make the controller redirect HTTP to HTTPS.

## References
- https://kubernetes.io/docs/concepts/services-networking/ingress/#tls
- Related: no checkov equivalent.
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping

from policycheck.api import Context, Resource, Result, fail, passed, policy

EVERY_HOST = "*"


def tls_hosts(ingress: Resource) -> set[str]:
    """Lower-cased TLS host names; :data:`EVERY_HOST` for an entry without ``hosts``."""
    found: set[str] = set()
    entries = ingress.get("spec.tls")
    for entry in entries if isinstance(entries, list) else ():
        hosts = entry.get("hosts") if isinstance(entry, Mapping) else None
        if isinstance(hosts, list) and hosts:
            found.update(str(h).lower() for h in hosts)
        else:
            found.add(EVERY_HOST)
    return found


def covered(host: str, tls: set[str]) -> bool:
    if EVERY_HOST in tls or host in tls:
        return True
    _, dot, parent = host.partition(".")
    return bool(dot) and not host.startswith("*.") and f"*.{parent}" in tls


def served_hosts(ingress: Resource) -> list[tuple[str, str]]:
    """``(host, path)`` of each rule (``*`` when it has no host), or of the default backend."""
    rules = ingress.get("spec.rules")
    if isinstance(rules, list) and rules:
        hosts = [rule.get("host") if isinstance(rule, Mapping) else None for rule in rules]
        return [(str(h or EVERY_HOST).lower(), f"spec.rules.{i}.host") for i, h in enumerate(hosts)]
    for key in ("defaultBackend", "backend"):
        if ingress.get(f"spec.{key}") is not None:
            return [(EVERY_HOST, f"spec.{key}")]
    return []


@policy(
    id="PC-K8S-030", title="Ingress serves hosts without TLS", severity="high",
    sources=("k8s", "cluster"), kinds="Ingress",
    checklist=("network-security/api-endpoints-https-only",
               "load-balancer-proxy/ssl-certificates-installed-valid"),
)
def check(resource: Resource, ctx: Context) -> Iterator[Result]:
    tls = tls_hosts(resource)
    hosts = served_hosts(resource)
    for host, path in hosts:
        shown = "every host (the rule has no host)" if host == EVERY_HOST else repr(host)
        if covered(host, tls):
            yield passed(f"TLS covers {shown}", at=path)
        else:
            yield fail(f"the Ingress serves {shown} without TLS: no spec.tls hosts entry covers it",
                       at=path)
    if not hosts:
        yield passed("the Ingress serves no host", at="spec")

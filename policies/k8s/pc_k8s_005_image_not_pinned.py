"""## What
Flags every container and init container of a workload whose `image` has no tag or the tag
`latest`. A digest (`app@sha256:...`, with or without a tag) passes. The tag is a `:` after the
last `/`, so `registry:5000/app` has a registry port and no tag. A container without an `image`
fails too. The finding points at the container's `image` (or the container when it has none).

## Why
An untagged image means `latest`, which moves: the same manifest deploys different code on each
node pull, rollbacks do not roll back, and builds are not reproducible.

## Fail example
```yaml
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      containers:
        - name: web
          image: registry:5000/shop/web
```

## Fix
Reference an immutable version: a release tag (`registry:5000/shop/web:1.4.2`) or, better, a
digest (`registry:5000/shop/web@sha256:...`) written by your release pipeline.

## References
- https://kubernetes.io/docs/concepts/containers/images/#image-names
- Related: CKV_K8S_14 (checkov). Same semantics; ours reads a registry port correctly and also
  judges init containers.
"""
from __future__ import annotations

from collections.abc import Iterator

from policycheck.api import (
    WORKLOAD_KINDS,
    Container,
    Context,
    Resource,
    Result,
    check_containers,
    fail,
    parse_image,
    passed,
    policy,
)


def judge(container: Container) -> Result:
    image = container.get("image")
    at = container.at("image")
    if not isinstance(image, str) or not image.strip():
        return fail(f"{container.label} has no image", at=at)
    reference = parse_image(image.strip())
    if reference.pinned:
        return passed(f"{container.label} image {image!r} is pinned", at=at)
    problem = "has no tag" if reference.tag is None else "uses the tag 'latest'"
    return fail(f"{container.label} image {image!r} {problem}; pin a version tag or digest", at=at)


@policy(
    id="PC-K8S-005", title="Image not pinned", severity="medium",
    sources=("k8s", "cluster"), kinds=WORKLOAD_KINDS,
    checklist="container-server-setup/docker-image-builds-successfully",
    related=("CKV_K8S_14",),
)
def check(resource: Resource, ctx: Context) -> Iterator[Result]:
    yield from check_containers(resource, judge, init=True)

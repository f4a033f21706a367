"""## What
Flags every `FROM` (in any stage) whose image, after substituting the ARGs declared before the
first `FROM`, has no tag or the tag `latest`. A digest (`@sha256:…`) pins the image whatever the
tag. `scratch` and references to an earlier stage (`FROM build`) pass. A registry port is not a
tag: `registry:5000/app` is untagged. A `FROM` whose image depends on an ARG without a default is
UNKNOWN.

## Why
An untagged image means `latest`, which moves: the same Dockerfile builds a different image next
week, and a rebuild to ship a one-line fix can pull in a new OS or language version.

## Fail example
```dockerfile
FROM python
FROM registry:5000/base
```

## Fix
Pin each base image to a specific version tag, or better a digest, and update it deliberately
(for example with Dependabot or Renovate).

```dockerfile
FROM python:3.12.4-slim@sha256:<digest>
```

## References
- https://docs.docker.com/build/building/best-practices/#pin-base-image-versions
- Related: CKV_DOCKER_7 (checkov), DL3006 and DL3007 (hadolint). Ours substitutes ARGs into
  `FROM` before judging and treats a registry port as part of the name.
"""

from __future__ import annotations

from collections.abc import Iterator

from policycheck.api import (
    Context,
    Resource,
    Result,
    Unknown,
    fail,
    parse_image,
    passed,
    policy,
    stage_path,
    stage_reference,
    stages,
    unknown,
)


@policy(
    id="PC-DOCKER-003", title="Base image not pinned", severity="medium", sources="docker",
    kinds="dockerfile", checklist="container-server-setup/docker-image-builds-successfully",
    related=("CKV_DOCKER_7", "DL3006", "DL3007"),
)
def check(resource: Resource, ctx: Context) -> Iterator[Result]:
    for index, stage in enumerate(stages(resource)):
        at = stage_path(index)
        image = stage["image"]
        if isinstance(image, Unknown):
            yield unknown(f"base image {stage['image_raw']} is not known ({image.reason})", at=at)
        elif image.lower() == "scratch" or stage_reference(resource, index) is not None:
            yield passed(f"FROM {image} is not a registry image", at=at)
        elif parse_image(image).pinned:
            yield passed(f"base image {image} is pinned", at=at)
        elif parse_image(image).tag is None:
            yield fail(f"base image {image} has no tag, so it means whatever latest is", at=at)
        else:
            yield fail(f"base image {image} uses the moving latest tag", at=at)

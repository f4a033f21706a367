"""## What
Flags an `ADD` in the final image (the final stage and the stages it is built `FROM`) whose
source is a remote URL (`http://…`, `https://…`) or a Git repository (`git@host:…`, `git://…`,
`ssh://…`, or a URL ending in `.git`, optionally with `#ref`).

## Why
`ADD <url>` downloads at build time whatever the server returns then, so the build is not
reproducible and a compromised or changed upstream lands silently in the image. The download
also stays in its own layer and bypasses the package manager's signature checks.

## Fail example
```dockerfile
ADD https://example.com/tool.tar.gz /opt/
```

## Fix
Download in a `RUN` step with a pinned version and a verified checksum (or use
`ADD --checksum=sha256:…` and suppress this finding with a reason), and `COPY` local files.

```dockerfile
RUN curl -fsSLo /tmp/tool.tgz https://example.com/tool-1.4.2.tgz \
 && echo "<sha256>  /tmp/tool.tgz" | sha256sum -c -
```

## References
- https://docs.docker.com/build/building/best-practices/#add-or-copy
- Related: CKV_DOCKER_4 (checkov, any ADD) and DL3020 (hadolint, ADD of local files). Ours
  accepts ADD of local files and archives and flags only remote sources.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from policycheck.api import Context, Resource, Result, fail, final_instructions, passed, policy, sources_and_destination

REMOTE = re.compile(r"^(?:https?://|git@|git://|ssh://)|\.git(?:#.*)?$", re.IGNORECASE)


@policy(
    id="PC-DOCKER-004", title="ADD fetches remote content", severity="medium", sources="docker",
    kinds="dockerfile", checklist="container-server-setup/docker-image-builds-successfully",
    related=("CKV_DOCKER_4", "DL3020"),
)
def check(resource: Resource, ctx: Context) -> Iterator[Result]:
    clean = True
    for path, instruction in final_instructions(resource, "ADD"):
        sources, _ = sources_and_destination(instruction)
        remote = [source for source in sources if REMOTE.search(source)]
        if remote:
            clean = False
            yield fail(f"ADD fetches {', '.join(remote)} at build time", at=path)
    if clean:
        yield passed("no ADD of remote content")

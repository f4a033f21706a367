"""## What
Flags secrets baked into the final image (the final stage and the stages it is built `FROM`):

- an `ENV` or `ARG` whose name looks secret (`*PASSWORD*`, `*SECRET*`, `*TOKEN*`, `*API_KEY*`,
  `*PRIVATE_KEY*` and similar) with a non-empty literal value, including a stage `ARG NAME` that
  inherits such a default from an `ARG` before the first `FROM`;
- a `COPY`/`ADD` of a private key or environment file: a source or destination named `*.pem`,
  `id_rsa` (or `id_dsa`, `id_ecdsa`, `id_ed25519`) or `.env`.

Values that come from another variable (`ENV TOKEN=$TOKEN`), empty values and placeholders pass,
as do names of files or paths holding a secret (`DB_PASSWORD_FILE`). Findings never show more
than the first four characters of a value.

## Why
Everything in an image is readable by anyone who can pull it: ENV values are in its config, ARG
values in its history, and copied files in its layers, even if a later step deletes them.

## Fail example
```dockerfile
ENV DB_PASSWORD=s3cr3t-pa55
COPY id_rsa /root/.ssh/id_rsa
```

## Fix
Pass secrets at run time (environment from a secret store, mounted files) and use BuildKit
secret mounts for build-time credentials; keep keys and `.env` files out of the build context
with `.dockerignore`.

```dockerfile
RUN --mount=type=secret,id=pip_token PIP_TOKEN=$(cat /run/secrets/pip_token) pip install ...
```

## References
- https://docs.docker.com/build/building/secrets/
- https://docs.docker.com/reference/build-checks/secrets-used-in-arg-or-env/
"""

from __future__ import annotations

import fnmatch
import posixpath
import re
from collections.abc import Iterator

from policycheck.api import (
    Context,
    Instruction,
    Resource,
    Result,
    fail,
    final_instructions,
    global_values,
    is_placeholder,
    is_secret_key,
    key_values,
    passed,
    policy,
    redact,
    sources_and_destination,
)

SECRET_FILES = ("*.pem", "id_rsa", "id_dsa", "id_ecdsa", "id_ed25519", ".env")
VARIABLE = re.compile(r"\$(?:\{|[A-Za-z_])")


def _secret_values(instruction: Instruction, inherited: dict[str, str | None]) -> Iterator[str]:
    """Messages for the secret-looking names the ENV/ARG sets to a literal value."""
    for name, value in key_values(instruction):
        if value is None and instruction["instruction"] == "ARG":
            value = inherited.get(name)
        if (value and is_secret_key(name) and not VARIABLE.search(value)
                and not is_placeholder(value)):
            yield f"{instruction['instruction']} {name} is set to a literal value ({redact(value)})"


def _secret_files(instruction: Instruction) -> list[str]:
    sources, destination = sources_and_destination(instruction)
    names = [posixpath.basename(p.rstrip("/")) for p in [*sources, destination or ""]]
    found = [n for n in names if any(fnmatch.fnmatchcase(n, p) for p in SECRET_FILES)]
    return list(dict.fromkeys(found))


@policy(
    id="PC-DOCKER-005", title="Secrets baked into the image", severity="critical",
    sources="docker", kinds="dockerfile",
    checklist="code-structure/no-hardcoded-credentials-or-secrets",
)
def check(resource: Resource, ctx: Context) -> Iterator[Result]:
    inherited = global_values(resource.attributes.get("global_args", {}))
    clean = True
    for path, instruction in final_instructions(resource, "ENV", "ARG", "COPY", "ADD"):
        if instruction["instruction"] in ("ENV", "ARG"):
            messages = list(_secret_values(instruction, inherited))
        else:
            files = _secret_files(instruction)
            messages = [f"{instruction['instruction']} puts {', '.join(files)} into the image"
                        ] if files else []
        for message in messages:
            clean = False
            yield fail(message, at=path)
    if clean:
        yield passed("no secret values or key files in the image")

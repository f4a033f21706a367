"""## What
Flags `RUN` steps of the final image (the final stage and the stages it is built `FROM`,
shell form, exec form and heredoc scripts) that install packages without pinning them:

- `pip install` (also `pip3`, `python -m pip`, `uv pip`) of named packages without an exact
  `==`/`===` version; installs from `-r`/`-c` files, local paths, wheels and URLs pass;
- `apt-get install` without `--no-install-recommends` (or `-o APT::Install-Recommends=false`).

## Why
`pip install flask` installs whatever is newest at build time, so two builds of the same commit
differ and an incompatible or compromised release ships unnoticed. Recommended apt packages
bloat the image with software nobody asked for, widening its attack surface.

## Fail example
```dockerfile
RUN pip install flask gunicorn
RUN apt-get update && apt-get install -y curl
```

## Fix
Pin Python packages (`pip install flask==3.0.3`, or better install from a pinned, hashed
requirements file with `pip install -r requirements.txt`) and add `--no-install-recommends` to
`apt-get install`.

## References
- https://pip.pypa.io/en/stable/topics/repeatable-installs/
- https://docs.docker.com/build/building/best-practices/#apt-get
- Related: DL3013 (pip pinning), DL3015 (`--no-install-recommends`), DL3008 (apt pinning, not
  checked here) from hadolint.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from policycheck.api import (
    Context,
    Resource,
    Result,
    fail,
    final_instructions,
    is_unpinned_requirement,
    passed,
    policy,
    shell_commands,
)

PIP = re.compile(r"^(?:.*/)?pip(?:\d+(?:\.\d+)?)?$")
PYTHON = re.compile(r"^(?:.*/)?python(?:\d+(?:\.\d+)?)?$")
#: pip install options that take a separate value.
PIP_VALUE_OPTIONS = frozenset({
    "-r", "--requirement", "-c", "--constraint", "-e", "--editable", "-i", "--index-url",
    "--extra-index-url", "-f", "--find-links", "-t", "--target", "--prefix", "--root", "--src",
    "--trusted-host", "--platform", "--python-version", "--implementation", "--abi",
    "--upgrade-strategy", "--progress-bar", "--cache-dir", "--log", "--proxy", "--retries",
    "--timeout", "--exists-action", "--cert", "--client-cert", "--global-option",
    "--config-settings", "-C", "--no-binary", "--only-binary", "--report", "--python",
    "--root-user-action",
})
NO_RECOMMENDS = re.compile(r"^(?:--no-install-recommends|APT::Install-Recommends=[\"']?(?:false|0))")


def _pip_arguments(words: list[str]) -> list[str] | None:
    """The words after ``install`` of a pip command (global options before it skipped), or
    ``None`` if it is not one."""
    for index, word in enumerate(words):
        if PIP.match(word):
            start = index + 1
        elif PYTHON.match(word) and words[index + 1 : index + 3] == ["-m", "pip"]:
            start = index + 3
        else:
            continue
        rest = words[start:]
        command = next((i for i, w in enumerate(rest) if not w.startswith("-")), len(rest))
        return rest[command + 1 :] if rest[command : command + 1] == ["install"] else None
    return None


def unpinned_packages(arguments: list[str]) -> list[str]:
    """Named packages of ``pip install`` arguments that no exact version pins."""
    unpinned: list[str] = []
    skip = False
    for word in arguments:
        if skip or word.startswith("-"):
            skip = word in PIP_VALUE_OPTIONS
            continue
        if "$" in word or "/" in word or word.startswith(".") or word.endswith((".whl", ".zip")):
            continue
        if is_unpinned_requirement(word):
            unpinned.append(word)
    return unpinned


def _apt_install_without_no_recommends(words: list[str]) -> bool:
    for index, word in enumerate(words):
        if word.rsplit("/", 1)[-1] == "apt-get":
            rest = words[index + 1 :]
            action = next((w for w in rest if not w.startswith("-") and "::" not in w), None)
            return action == "install" and not any(NO_RECOMMENDS.match(w) for w in rest)
    return False


@policy(
    id="PC-DOCKER-006", title="Package install not pinned or cleaned", severity="low",
    sources="docker", kinds="dockerfile",
    checklist=("dependencies/requirements-complete-pinned-specific-versions",
               "container-server-setup/docker-image-builds-successfully"),
    related=("DL3008", "DL3013", "DL3015"),
)
def check(resource: Resource, ctx: Context) -> Iterator[Result]:
    clean = True
    for path, instruction in final_instructions(resource, "RUN"):
        commands = shell_commands(instruction)
        unpinned = [p for words in commands for p in unpinned_packages(_pip_arguments(words) or [])]
        if unpinned:
            clean = False
            yield fail(f"pip install of {', '.join(unpinned)} without an == version", at=path)
        if any(_apt_install_without_no_recommends(words) for words in commands):
            clean = False
            yield fail("apt-get install without --no-install-recommends", at=path)
    if clean:
        yield passed("package installs are pinned")

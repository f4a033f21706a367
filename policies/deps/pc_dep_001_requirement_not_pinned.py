"""## What
Flags each requirement of a production requirement file that is not pinned to one version:

- a named requirement without an exact `==` (no `*` wildcard) or `===` specifier;
- a VCS requirement (`pkg @ git+https://…`, `-e git+…#egg=pkg`) without a full commit hash
  (`@<40 hex digits>`); a tag or branch can move;
- a URL requirement to an archive without a `#sha256=` fragment or `--hash`.

A file is production unless its name or a directory on its path mentions `dev` or `test`
(`requirements-dev.txt`, `requirements/test.txt`); in `pyproject.toml`, optional-dependency
extras and dependency groups named like that are skipped too. Requirements read through `-r`
are reported at their own file and line, once. Local paths (`-e .`) pass.

## Why
An unpinned requirement resolves to whatever is newest when the image is built, so the code that
was tested is not the code that ships, and a broken or malicious release reaches production
without review.

## Fail example
```text
flask>=2.3
requests
mylib @ git+https://github.com/acme/mylib.git@main
```

## Fix
Pin every production requirement to an exact version (or a commit hash for VCS requirements),
ideally generated with hashes by `pip-compile --generate-hashes` or `uv pip compile`.

## References
- https://pip.pypa.io/en/stable/topics/repeatable-installs/
- https://pip.pypa.io/en/stable/topics/secure-installs/
"""

from __future__ import annotations

from collections.abc import Iterator

from policycheck.api import (
    Context,
    Resource,
    Result,
    fail,
    is_pinned,
    passed,
    policy,
    requirement_location,
    shipped_requirements,
    url_pin_problem,
)


@policy(
    id="PC-DEP-001", title="Requirement not pinned", severity="medium", sources="deps",
    kinds="requirements",
    checklist="dependencies/requirements-complete-pinned-specific-versions",
)
def check(resource: Resource, ctx: Context) -> Iterator[Result]:
    if not resource.attributes.get("production"):
        return
    clean = True
    for path, requirement in shipped_requirements(resource, ctx.graph):
        name, specifier = requirement["name"], requirement["specifier"]
        if requirement["url"]:
            problem = url_pin_problem(requirement["url"], requirement["hashes"])
        elif is_pinned(specifier):
            problem = None
        else:
            problem = f"not pinned with == ({specifier or 'no version given'})"
        if problem:
            clean = False
            yield fail(f"{name}: {problem}", at=path,
                       location=requirement_location(requirement))
    if clean:
        yield passed("every production requirement is pinned")

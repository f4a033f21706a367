"""## What
Flags a known development or test tool (test runners and plugins, linters, formatters, type
checkers, debuggers, type stubs: `pytest*`, `black`, `ruff`, `flake8*`, `mypy`, `pylint*`,
`ipython`, `coverage`, `tox`, `pre-commit`, …) listed in a production requirement file. The
list is the `dev_tools` parameter (glob patterns on normalised project names).

A file is production unless its name or a directory on its path mentions `dev` or `test`; in
`pyproject.toml`, the main dependencies count, extras and groups named `dev`/`test` do not.
Requirements read through `-r` count for the including file.

## Why
Development tools in production enlarge the image and its attack surface, slow deployments, and
usually mean the production and development dependency sets were never separated, so upgrades
of one drag the other along.

## Fail example
```text
# requirements.txt
flask==3.0.3
pytest==8.2.0
```

## Fix
Move development and test tools to a separate file (`requirements-dev.txt` that starts with
`-r requirements.txt`) or to a `dev` dependency group, and install only the production file in
the image.

## References
- https://pip.pypa.io/en/stable/user_guide/#requirements-files
- https://packaging.python.org/en/latest/specifications/dependency-groups/
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterator

from policycheck.api import (
    Context,
    Resource,
    Result,
    canonical,
    fail,
    passed,
    policy,
    requirement_location,
    shipped_requirements,
)

DEV_TOOLS = (
    "pytest", "pytest-*", "black", "ruff", "flake8", "flake8-*", "mypy", "pylint", "pylint-*",
    "ipython", "ipdb", "pdbpp", "coverage", "tox", "nox", "pre-commit", "isort", "bandit",
    "pyright", "autopep8", "yapf", "pycodestyle", "pydocstyle", "pyflakes", "types-*",
    "*-stubs", "pip-tools", "hypothesis", "freezegun", "factory-boy", "django-debug-toolbar",
)


@policy(
    id="PC-DEP-002", title="Development tool in production requirements", severity="low",
    sources="deps", kinds="requirements",
    checklist="dependencies/no-dev-dependencies-production-requirements",
    params={"dev_tools": list(DEV_TOOLS)},
)
def check(resource: Resource, ctx: Context) -> Iterator[Result]:
    if not resource.attributes.get("production"):
        return
    patterns = [str(p).lower() for p in ctx.params["dev_tools"]]
    clean = True
    for path, requirement in shipped_requirements(resource, ctx.graph):
        name = canonical(requirement["name"])
        if any(fnmatch.fnmatchcase(name, pattern) for pattern in patterns):
            clean = False
            yield fail(f"{requirement['name']} is a development tool in a production "
                       "requirement file", at=path,
                       location=requirement_location(requirement))
    if clean:
        yield passed("no development tools in production requirements")

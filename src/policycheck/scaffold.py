"""``policycheck new``: a working starter policy with a failing and a passing fixture.

``scaffold("PC-ACME-001", "tf", Path("policies"))`` writes::

    policies/pc_acme_001.py                      (or .yaml with declarative=True)
    policies/fixtures/PC-ACME-001/fail.tf        # ruleid: PC-ACME-001 on the flagged line
    policies/fixtures/PC-ACME-001/pass.tf        # ok: PC-ACME-001

so that ``policycheck test policies`` passes at once; the user then edits the rule.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from policycheck.errors import PolicycheckError
from policycheck.model import POLICY_ID

MARK = "{{ID}}"


class ScaffoldError(PolicycheckError):
    """A bad ID, source or target; nothing was written."""


@dataclass(frozen=True, slots=True)
class Starter:
    """One source's example rule in both forms, with its fixtures (``MARK`` is the ID)."""

    doc: str
    python: str
    yaml: str
    fail: tuple[str, str]
    passing: tuple[str, str]


_TF = Starter(
    doc="""\
## What
Flags an `aws_s3_bucket` without an `owner` tag. (A starter rule: replace it with yours.)

## Why
Untagged buckets have no one to ask before they are changed or deleted.

## Fail example
```hcl
resource "aws_s3_bucket" "logs" {
  bucket = "acme-logs"
}
```

## Fix
Add `tags = { owner = "<team>" }` naming the team that runs the bucket.

## References
- https://docs.aws.amazon.com/whitepapers/latest/tagging-best-practices/tagging-best-practices.html
""",
    python='''\
from __future__ import annotations

from collections.abc import Iterator

from policycheck.api import Context, Resource, Result, policy, require


@policy(
    id="{{ID}}", title="S3 bucket has no owner tag", severity="medium",
    sources=("tf", "plan", "aws"), kinds=("aws_s3_bucket",),
)
def check(resource: Resource, ctx: Context) -> Iterator[Result]:
    yield require(resource, "tags.owner", "the bucket has no owner tag")
''',
    yaml="""\
id: {{ID}}
title: S3 bucket has no owner tag
severity: medium
sources: [tf, plan, aws]
kinds: [aws_s3_bucket]
require:
  attribute: tags.owner
  operator: exists
  message: the bucket has no owner tag
""",
    fail=("fail.tf", """\
# ruleid: {{ID}}
resource "aws_s3_bucket" "untagged" {
  bucket = "acme-untagged"
}
"""),
    passing=("pass.tf", """\
# ok: {{ID}}
resource "aws_s3_bucket" "tagged" {
  bucket = "acme-tagged"
  tags = {
    owner = "platform"
  }
}
"""),
)

_K8S = Starter(
    doc="""\
## What
Flags a container of a Deployment, StatefulSet or DaemonSet whose image does not come from
`registry.acme.example/`. (A starter rule: replace it with yours.)

## Why
Images from public registries bypass the organisation's scanning and signing.

## Fail example
```yaml
containers:
  - name: web
    image: docker.io/library/nginx:1.27
```

## Fix
Mirror the image into `registry.acme.example/` and reference it from there.

## References
- https://kubernetes.io/docs/concepts/containers/images/
""",
    python='''\
from __future__ import annotations

from collections.abc import Iterator

from policycheck.api import Context, Resource, Result, fail, iter_containers, passed, policy

TRUSTED = "registry.acme.example/"


@policy(
    id="{{ID}}", title="Image from an untrusted registry", severity="medium",
    sources=("k8s", "cluster"), kinds=("Deployment", "StatefulSet", "DaemonSet"),
)
def check(resource: Resource, ctx: Context) -> Iterator[Result]:
    for container in iter_containers(resource):
        image = container.get("image")
        if isinstance(image, str) and image.startswith(TRUSTED):
            yield passed(f"{container.label} uses {image}", at=container.at("image"))
        else:
            yield fail(f"{container.label} uses {image}, not an image from {TRUSTED}",
                       at=container.at("image"))
''',
    yaml="""\
id: {{ID}}
title: Image from an untrusted registry
severity: medium
sources: [k8s, cluster]
kinds: [Deployment, StatefulSet, DaemonSet]
require:
  attribute: spec.template.spec.containers.*.image
  operator: matches
  value: ^registry\\.acme\\.example/
  message: "{path} is {value}, not an image from registry.acme.example/"
""",
    fail=("fail.yaml", """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          # ruleid: {{ID}}
          image: docker.io/library/nginx:1.27
"""),
    passing=("pass.yaml", """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          # ok: {{ID}}
          image: registry.acme.example/web:1.4.2
"""),
)

_DOCKER = Starter(
    doc="""\
## What
Flags every `ADD` instruction of a Dockerfile. (A starter rule: replace it with yours.)

## Why
`ADD` unpacks archives and fetches URLs implicitly; `COPY` does only what it says.

## Fail example
```dockerfile
ADD app.tar.gz /srv/
```

## Fix
Use `COPY`, and `RUN tar`/`curl` explicitly where unpacking or fetching is meant.

## References
- https://docs.docker.com/build/building/best-practices/#add-or-copy
""",
    python='''\
from __future__ import annotations

from collections.abc import Iterator

from policycheck.api import Context, Resource, Result, fail, final_instructions, passed, policy


@policy(
    id="{{ID}}", title="Dockerfile uses ADD", severity="low",
    sources=("docker",), kinds=("dockerfile",),
)
def check(resource: Resource, ctx: Context) -> Iterator[Result]:
    found = False
    for path, instruction in final_instructions(resource, "ADD"):
        found = True
        yield fail(f"ADD {instruction['value']}: use COPY", at=path)
    if not found:
        yield passed("the image is built without ADD")
''',
    yaml="""\
id: {{ID}}
title: Dockerfile uses ADD
severity: low
sources: [docker]
kinds: [dockerfile]
require:
  attribute: stages.*.instructions.*.instruction
  operator: not-equals
  value: ADD
  message: "ADD is used: use COPY"
""",
    fail=("Dockerfile.fail", """\
FROM python:3.12-slim
# ruleid: {{ID}}
ADD app.tar.gz /srv/
"""),
    passing=("Dockerfile.pass", """\
FROM python:3.12-slim
# ok: {{ID}}
COPY app/ /srv/
"""),
)

STARTERS = {"tf": _TF, "k8s": _K8S, "docker": _DOCKER}


def policy_file_name(policy_id: str, declarative: bool) -> str:
    return policy_id.lower().replace("-", "_") + (".yaml" if declarative else ".py")


def render_policy(starter: Starter, declarative: bool) -> str:
    if declarative:
        return starter.yaml + "doc: |\n" + textwrap.indent(starter.doc, "  ")
    return f'"""{starter.doc}"""\n{starter.python}'


def scaffold(policy_id: str, source: str, directory: Path, *, declarative: bool = False,
             force: bool = False) -> list[Path]:
    """Write the starter policy for ``source`` (``tf``, ``k8s`` or ``docker``) and its two
    fixtures into ``directory``; the paths written, policy first."""
    if not POLICY_ID.match(policy_id):
        raise ScaffoldError(f"policy ID {policy_id!r} is not of the form PC-<DOMAIN>-<NNN>")
    starter = STARTERS.get(source)
    if starter is None:
        raise ScaffoldError(f"unknown source {source!r}; choose from {', '.join(STARTERS)}")
    fixtures = directory / "fixtures" / policy_id
    files = {
        directory / policy_file_name(policy_id, declarative): render_policy(starter, declarative),
        fixtures / starter.fail[0]: starter.fail[1],
        fixtures / starter.passing[0]: starter.passing[1],
    }
    existing = [str(p) for p in files if p.exists()]
    if existing and not force:
        raise ScaffoldError(f"{', '.join(existing)} already exist(s); use --force to overwrite")
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text.replace(MARK, policy_id), "utf-8")
    return list(files)


def new_policy(policy_id: str, source: str, directory: Path | None, configured: Sequence[Path], *,
               declarative: bool = False, force: bool = False) -> list[str]:
    """``policycheck new``: scaffold into ``directory`` (default: the first ``configured``
    policy directory, else ``./policies``) unless the ID exists there; the lines to print."""
    from policycheck.engine.registry import load_registry
    from policycheck.testing.command import shown_path

    target = shown_path(directory or (configured[0] if configured else Path("policies")))
    existing = load_registry([target] if target.is_dir() else []).get(policy_id)
    if existing is not None:
        raise ScaffoldError(f"{policy_id} is already defined at {existing.origin}")
    lines = [f"wrote {path}" for path in scaffold(policy_id, source, target,
                                                  declarative=declarative, force=force)]
    lines.append(f"next: edit the policy and its fixtures, then run `policycheck test {target}`")
    if target.resolve() not in {d.resolve() for d in configured}:
        lines.append(f"scans use it with `--policies {target}` or `policies: [{target}]` in "
                     ".policycheck.yaml")
    return lines

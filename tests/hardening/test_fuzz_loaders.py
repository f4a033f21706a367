"""Every loader on malformed and adversarial input, by property-based testing: truncation,
unbalanced brackets, deep nesting, YAML alias bombs and merge-key cycles, huge scalars, invalid
UTF-8, NUL bytes, byte-order marks, CRLF, endless continuation lines and wrong JSON types.

The invariant: the scan ends (in bounded time) with findings or error entries that have a
location, never an exception, no policy crashes on what a loader let through, and another
file of the same scan is still judged. ``HYPOTHESIS_PROFILE=long`` runs 10,000 examples.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import example, given
from hypothesis import strategies as st

from policycheck.engine.registry import Registry, load_registry
from policycheck.engine.report import ScanReport
from policycheck.engine.scan import ScanOptions, scan
from policycheck.loaders.base import LoadOptions
from policycheck.loaders.limits import Limits

pytestmark = pytest.mark.slow

SECONDS_PER_EXAMPLE = 20.0
SENTINEL = 'resource "aws_s3_bucket" "sentinel" {\n  bucket = "sentinel"\n}\n'

SEEDS: dict[str, bytes] = {
    "main.tf": b'''variable "n" {
  type    = number
  default = 2
}
locals {
  names = [for i in range(var.n) : "b-${i}"]
  tags  = merge({ env = "prod" }, { team = "x" })
}
resource "aws_s3_bucket" "b" {
  count  = var.n
  bucket = local.names[count.index]
  tags   = local.tags
  # policycheck:ignore=PC-AWS-091 fuzz seed
}
resource "aws_security_group" "sg" {
  dynamic "ingress" {
    for_each = [22, 443]
    content {
      from_port   = ingress.value
      to_port     = ingress.value
      cidr_blocks = ["0.0.0.0/0"]
    }
  }
}
module "m" {
  source = "./m"
  x      = <<-TEXT
    heredoc ${var.n}
  TEXT
}
''',
    "terraform.tfvars": b'n = 3\nnames = ["a", "b"]\nm = { k = "v", n = [1, 2] }\n',
    "main.tf.json": json.dumps({
        "variable": {"n": {"default": 1}},
        "resource": {"aws_s3_bucket": {"b": {"bucket": "${var.n}", "count": "${var.n}"}}},
    }).encode(),
    "plan.json": json.dumps({
        "format_version": "1.2", "terraform_version": "1.9.0",
        "planned_values": {"root_module": {"resources": [
            {"address": "aws_s3_bucket.b", "mode": "managed", "type": "aws_s3_bucket",
             "name": "b", "values": {"bucket": "b", "tags": {"a": "b"}}}]}},
        "resource_changes": [
            {"address": "aws_s3_bucket.b", "mode": "managed", "type": "aws_s3_bucket",
             "name": "b", "change": {"actions": ["create"], "before": None,
                                     "after": {"bucket": "b"}, "after_unknown": {"arn": True}}},
            {"address": "aws_db_instance.d", "mode": "managed", "type": "aws_db_instance",
             "name": "d", "change": {"actions": ["delete"], "before": {"engine": "postgres"},
                                     "after": None}}],
        "configuration": {"root_module": {"resources": [
            {"address": "aws_s3_bucket.b", "type": "aws_s3_bucket", "name": "b",
             "expressions": {"bucket": {"constant_value": "b"}}}]}},
    }, indent=1).encode(),
    "deploy.yaml": b'''apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
  annotations: &ann
    policycheck.io/ignore: "PC-K8S-001=fuzz seed"
spec:
  replicas: 2
  template:
    metadata: {labels: {app: web}, annotations: *ann}
    spec:
      securityContext: {runAsNonRoot: true}
      containers:
        - name: app
          image: "nginx:1.25"
          env: [{name: A, value: "1"}]
          resources: {limits: {cpu: "1", memory: 1Gi}}
          securityContext: {capabilities: {drop: [ALL]}}
---
apiVersion: v1
kind: List
items:
  - {apiVersion: v1, kind: ConfigMap, metadata: {name: c}, data: {k: v}}
  - apiVersion: v1
    kind: Secret
    metadata: {name: s}
    stringData: {password: hunter2}
''',
    "Dockerfile": b'''# syntax=docker/dockerfile:1
# escape=\\
ARG BASE=python:3.12-slim
FROM ${BASE} AS build
ENV A=1 \\
    B="two words"
RUN apt-get update && \\
    apt-get install -y curl
COPY --chown=app:app . /app
RUN <<SCRIPT
echo heredoc
SCRIPT
FROM build
USER app
HEALTHCHECK CMD curl -f http://localhost/ || exit 1
CMD ["python", "-m", "app"]
''',
    "requirements.txt": b'''-r base.txt
requests==2.31.0 --hash=sha256:abc
flask>=2 ; python_version >= "3.8"
git+https://github.com/org/repo@v1#egg=pkg
-e ./local
numpy \\
  ==1.26.0
''',
    "pyproject.toml": b'''[project]
name = "app"
dependencies = ["requests==2.31.0", "flask>=2; python_version>='3.8'"]
[project.optional-dependencies]
dev = ["pytest"]
[tool.poetry.dependencies]
python = "^3.11"
django = { version = "4.2", extras = ["argon2"] }
''',
}
TOKENS = (
    b"{", b"}", b"[", b"]", b"(", b")", b'"', b"'", b"${", b"%{", b"}}", b"\\\n", b"\r\n", b"\r",
    b"\x00", b"\xef\xbb\xbf", b"\xff\xfe", b"\xc3", b"\xed\xa0\x80", b"&a ", b"*a", b"<<: *a",
    b"---\n", b"...\n", b"\t", b": ", b"- ", b"=", b"#", b"//", b"/*", b"<<EOF\n", b"\nEOF\n",
    b"\xe2\x80\xae", b"\x1b[2J", b"!!python/object:os.system ", b"%", b"@", b",", b"\n",
    b"count = 1000000000\n", b"for_each = range(1000000)\n", b"-r requirements.txt\n",
    b'"resource_changes": "x", ', b"null", b"[]", b"{}", b"1e999", b"-0", b"\\u0000",
)


@st.composite
def mutated(draw: st.DrawFn, seed: bytes) -> bytes:
    """``seed`` with a few random edits: the malformations real files and attackers make."""
    data = bytearray(seed)
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(data)))
        operation = draw(st.sampled_from(
            ("truncate", "delete", "insert", "repeat", "duplicate", "byte", "bom", "crlf", "huge")))
        if operation == "truncate":
            del data[at:]
        elif operation == "delete":
            del data[at:at + draw(st.integers(1, 40))]
        elif operation == "insert":
            data[at:at] = draw(st.sampled_from(TOKENS))
        elif operation == "repeat":  # deep nesting, endless continuation lines
            data[at:at] = draw(st.sampled_from(TOKENS)) * draw(st.integers(2, 3000))
        elif operation == "duplicate":
            data[at:at] = data[at:at + draw(st.integers(1, 200))] * draw(st.integers(1, 20))
        elif operation == "byte":
            data[at:at + 1] = bytes([draw(st.integers(0, 255))])
        elif operation == "bom":
            data[:0] = b"\xef\xbb\xbf"
        elif operation == "crlf":
            data = bytearray(bytes(data).replace(b"\n", b"\r\n"))
        else:
            data[at:at] = b"a" * draw(st.sampled_from((10_000, 300_000)))
    return bytes(data)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-2**70, 2**70) | st.floats(allow_nan=False)
    | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner,
                                                                 max_size=4),
    max_leaves=16)


def _wrong_types(document: Any) -> st.SearchStrategy[Any]:
    """``document`` (parsed JSON) with random JSON values in place of some of its values."""
    if isinstance(document, dict):
        return st.fixed_dictionaries({k: st.one_of(_wrong_types(v), JSON)
                                      for k, v in document.items()})
    if isinstance(document, list):
        return st.lists(st.one_of(*(_wrong_types(v) for v in document), JSON), max_size=4)
    return st.one_of(st.just(document), JSON)


def _wrongly_typed(name: str) -> st.SearchStrategy[bytes]:
    """The seed of ``name`` (JSON or the first YAML document) with wrong types, as JSON."""
    seed = SEEDS[name]
    document = json.loads(seed) if name.endswith(".json") else next(yaml.safe_load_all(seed))
    return _wrong_types(document).map(lambda d: json.dumps(d).encode())


def _fuzzed(name: str) -> st.SearchStrategy[bytes]:
    seed = SEEDS[name]
    return st.one_of(mutated(seed), st.binary(max_size=400), st.just(seed))


@pytest.fixture(scope="module")
def registry() -> Registry:
    return load_registry()


Scan = Callable[[str, bytes], ScanReport]


@pytest.fixture
def judge(tmp_path: Path, registry: Registry) -> Scan:
    """Scan ``target/<name>`` holding ``data`` beside ``sentinel/main.tf`` and check the
    invariant; the report is returned for more checks."""
    target, sentinel = tmp_path / "target", tmp_path / "sentinel"
    for directory in (target, sentinel, target / "m"):
        directory.mkdir(exist_ok=True)
    (sentinel / "main.tf").write_text(SENTINEL)
    (target / "m" / "main.tf").write_text('variable "x" {}\n')
    (target / "base.txt").write_text("six==1.16.0\n")

    def run(name: str, data: bytes) -> ScanReport:
        for old in target.iterdir():
            if old.is_file() and old.name != "base.txt":
                old.unlink()
        (target / name).write_bytes(data)
        if name == "terraform.tfvars":
            (target / "main.tf").write_text('variable "n" {}\nvariable "names" {}\nvariable "m" {}\n'
                                            'resource "aws_s3_bucket" "v" {\n  bucket = var.n\n}\n')
        options = ScanOptions(paths=[str(tmp_path)], load=LoadOptions(
            limits=Limits(file_timeout=SECONDS_PER_EXAMPLE / 2), roots=(tmp_path,)))
        started = time.process_time()  # CPU time: what a busy machine does not inflate
        report = scan(options, registry)
        assert time.process_time() - started < SECONDS_PER_EXAMPLE
        for error in report.errors:
            assert error.file and isinstance(error.line, int) and error.line >= 0, error
            assert "Traceback" not in error.message
            assert not error.message.startswith("policy "), error  # no policy crashed
            assert "internal error" not in error.message, error  # no loader crashed
        assert report.exit_code == 2 or not report.errors
        assert any(f.resource == "aws_s3_bucket.sentinel" for f in report.findings)
        return report

    return run


@given(data=_fuzzed("main.tf"))
@example(data=b'resource "a" "b" {\n  x = ' + b"[" * 5000 + b"\n}\n")
@example(data=b"locals {\n  a = " + b"(" * 3000 + b"1" + b")" * 3000 + b"\n}\n")
@example(data=b'resource "aws_s3_bucket" "b" {\n  count = 1000000000\n}\n')
@example(data=b"x = <<EOF\n" + b"line\n" * 100_000)
@example(data=b'module "m" {\n  source = "./' + b"{" * 5000 + b'"\n}\n')
def test_hcl(data: bytes, judge: Scan) -> None:
    judge("main.tf", data)


@given(data=_fuzzed("terraform.tfvars"))
@example(data=b"n = " + b"{ a = " * 2000 + b"1" + b" }" * 2000 + b"\n")
def test_tfvars(data: bytes, judge: Scan) -> None:
    judge("terraform.tfvars", data)


@given(data=st.one_of(_fuzzed("main.tf.json"), _wrongly_typed("main.tf.json")))
@example(data=b"[" * 100_000)
def test_tf_json(data: bytes, judge: Scan) -> None:
    judge("main.tf.json", data)


@given(data=st.one_of(_fuzzed("plan.json"), _wrongly_typed("plan.json")))
@example(data=json.dumps({"format_version": "1.2", "terraform_version": "1",
                          "resource_changes": ["a", 3, None]}).encode())
@example(data=b'{"format_version": "1.2", "terraform_version": "1", "planned_values": '
         + b"[" * 50_000)
@example(data=json.dumps({"format_version": "1.2", "terraform_version": "1", "resource_changes": [{
    "address": "a.b", "mode": "managed", "type": "a", "name": "b", "change": {
        "actions": ["create"], "before": None, "after": {"x": 1}, "after_unknown": True}}]}).encode())
def test_plan(data: bytes, judge: Scan) -> None:
    judge("plan.json", data)


_BOMB = b"apiVersion: v1\nkind: ConfigMap\na: &a [x, x, x, x, x, x, x, x, x, x]\n" + b"".join(
    b"%c: &%c [*%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c]\n" % ((98 + i,) * 2 + (97 + i,) * 10)
    for i in range(20))


@given(data=st.one_of(_fuzzed("deploy.yaml"), _wrongly_typed("deploy.yaml")))
@example(data=_BOMB)
@example(data=b"apiVersion: v1\nkind: ConfigMap\nmetadata: &m\n  <<: *m\n")
@example(data=b"apiVersion: v1\nkind: ConfigMap\ndata: {k: " + b"[" * 10_000 + b"}\n")
@example(data=b"apiVersion: v1\nkind: ConfigMap\ndata: {k: '" + b"x" * 5_000_000 + b"'}\n")
@example(data=b"apiVersion: apps/v1\nkind: Deployment\nmetadata: [a]\nspec: 5\n")
def test_manifest(data: bytes, judge: Scan) -> None:
    judge("deploy.yaml", data)


@given(data=_fuzzed("Dockerfile"))
@example(data=b"FROM x\nRUN a \\\n" + b"  b \\\n" * 200_000)
@example(data=b"FROM x\nRUN <<EOF\n" + b"x\n" * 100_000)
@example(data=b"# escape=`\nFROM x\nRUN a `\n`\n")
def test_dockerfile(data: bytes, judge: Scan) -> None:
    judge("Dockerfile", data)


@given(data=_fuzzed("requirements.txt"))
@example(data=b"-r requirements.txt\n")
@example(data=b"a \\\n" * 100_000)
def test_requirements(data: bytes, judge: Scan) -> None:
    judge("requirements.txt", data)


@given(data=_fuzzed("pyproject.toml"))
@example(data=b"[project]\ndependencies = " + b"[" * 5000 + b"\n")
@example(data=b"[project]\ndependencies = 5\n")
def test_pyproject(data: bytes, judge: Scan) -> None:
    judge("pyproject.toml", data)

"""Terraform's file functions read files inside the scanned root, and nothing outside it."""

from __future__ import annotations

import base64
import json
import os
from pathlib import Path

import pytest

from policycheck.cli import main
from policycheck.loaders.base import LoadOptions, SourceFile
from policycheck.loaders.terraform.units import terraform_units
from policycheck.model import Unknown

ADMIN = '{"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}'


def _values(tf, files: dict[str, str], roots: tuple[Path, ...] | None = None) -> dict:
    options = LoadOptions(roots=(tf.root,) if roots is None else roots)
    resources = tf.resources(files, options)
    return {a: r.attributes for a, r in resources.items()}


def test_file_functions_read_inside_the_root(tf) -> None:
    values = _values(tf, {
        "admin.json": ADMIN,
        "conf.yaml": "db:\n  encrypted: false\n  engines: [postgres]\n",
        "policies/a.json": "{}",
        "policies/b.json": "{}",
        "policies/notes.txt": "",
        "user_data.sh.tftpl": "#!/bin/sh\n%{ for p in ports ~}\nopen ${p}\n%{ endfor ~}\necho ${name}\n",
        "main.tf": """
            locals {
              conf = yamldecode(file("${path.module}/conf.yaml"))
            }
            resource "x_thing" "t" {
              policy    = jsondecode(file("admin.json"))
              encrypted = local.conf.db.encrypted
              engines   = local.conf.db.engines
              exists    = fileexists("${path.root}/admin.json")
              absent    = fileexists("nope.json")
              b64       = filebase64("policies/a.json")
              set       = fileset(path.module, "policies/*.json")
              deep      = fileset("${path.module}/policies", "**")
              user_data = templatefile("user_data.sh.tftpl", { ports = [80, 443], name = "web" })
            }
        """,
    })["x_thing.t"]
    assert values["policy"] == json.loads(ADMIN)
    assert values["encrypted"] is False
    assert values["engines"] == ["postgres"]
    assert values["exists"] is True
    assert values["absent"] is False
    assert values["b64"] == base64.b64encode(b"{}").decode()
    assert values["set"] == ["policies/a.json", "policies/b.json"]
    assert values["deep"] == ["a.json", "b.json", "notes.txt"]
    assert values["user_data"] == "#!/bin/sh\nopen 80\nopen 443\necho web\n"


def test_path_module_of_a_module_is_its_directory(tf) -> None:
    values = _values(tf, {
        "main.tf": 'module "role" {\n  source = "./modules/role"\n}\n',
        "modules/role/main.tf": 'resource "x_policy" "p" {\n'
                                '  policy = file("${path.module}/inline.json")\n}\n',
        "modules/role/inline.json": ADMIN,
    })
    assert values["module.role.x_policy.p"]["policy"] == ADMIN


def test_paths_outside_the_root_stay_unknown_with_the_reason(tf, tmp_path: Path) -> None:
    scanned = tf.root / "infra"
    outside = tf.root / "secret.json"
    outside.write_text(ADMIN, encoding="utf-8")
    scanned.mkdir()
    os.symlink(outside, scanned / "link.json")
    values = _values(tf, {
        "infra/main.tf": """
            resource "x_thing" "t" {
              parent  = file("../secret.json")
              link    = file("link.json")
              exists  = fileexists("/etc/passwd")
              missing = file("missing.json")
              set     = fileset("..", "*.json")
            }
        """,
    }, roots=(scanned,))["x_thing.t"]
    reasons = {k: v.reason for k, v in values.items() if isinstance(v, Unknown)}
    assert reasons == {
        "parent": 'file("../secret.json") is outside the scanned root',
        "link": 'file("link.json") is outside the scanned root',
        "exists": 'fileexists("/etc/passwd") is outside the scanned root',
        "missing": 'file("missing.json") cannot be read: No such file or directory',
        "set": 'fileset("..", "*.json") is outside the scanned root',
    }


def test_without_a_root_nothing_is_read(tf) -> None:
    values = _values(tf, {"a.json": "{}", "main.tf": 'resource "x" "t" {\n  v = file("a.json")\n}\n'},
                     roots=())
    assert isinstance(values["x.t"]["v"], Unknown)
    assert values["x.t"]["v"].reason == 'file("a.json") is not read: no scanned root is known'


def test_a_root_calling_file_functions_is_not_cache_keyed(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "main.tf").write_text('resource "x" "t" {\n  v = file("p.json")\n}\n')
    (tmp_path / "b" / "main.tf").write_text('resource "x" "t" {\n  v = "file"\n}\n')
    units = terraform_units([SourceFile(tmp_path / d / "main.tf", f"{d}/main.tf") for d in "ab"])
    assert [u.inputs is None for u in units] == [True, False]


@pytest.mark.parametrize("cache", [False, True])
def test_scan_judges_a_policy_read_from_a_file(tmp_path: Path, monkeypatch, capsys,
                                              cache: bool) -> None:
    (tmp_path / "admin.json").write_text(ADMIN, encoding="utf-8")
    (tmp_path / "main.tf").write_text(
        'resource "aws_iam_policy" "p" {\n  name   = "p"\n  policy = file("admin.json")\n}\n')
    monkeypatch.chdir(tmp_path)
    args = ["scan", ".", "--format", "json", "--select", "PC-AWS-060"]
    if cache:
        args += ["--cache-dir", str(tmp_path / ".cache")]
    assert main(args) == 1
    first = json.loads(capsys.readouterr().out)["findings"]
    assert [(f["verdict"], f["file"], f["line"]) for f in first] == [("fail", "main.tf", 3)]
    (tmp_path / "admin.json").write_text(ADMIN.replace('"Resource": "*"', '"Resource": "arn:aws:s3:::b/*"'),
                                         encoding="utf-8")
    assert main(args) == 0  # the edited file is read again, cache or not
    assert json.loads(capsys.readouterr().out)["findings"] == []

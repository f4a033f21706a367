"""Known secret values fed through every static path never leave in any output: the six
report formats (with passes), the checklist in every format, standard error and a baseline.
At most the first four characters of a secret may be shown."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from policycheck.cli import main
from policycheck.readiness.render import FORMATS as CHECKLIST_FORMATS
from policycheck.reporters import FORMATS

SECRETS = {
    "hcl": "hclQ8Vd+Lr3mK0pXz7YtN2bW9sJf6HcA1eGu4Ri",
    "provider": "prvZ7QW3RT5YU8IOP2Lm4Kx9Nc1Vb6Hg0Fd3Sa",
    "tfvars": "tfvTr0ub4dor&3-horse-battery-staple-9x",
    "tf_json": "tfjK2mN8pQ4rS6tU0vW3xY7zA1bC5dE9fG2hJ",
    "plan": "plnW9sJf6HcA1eGu4RiOy5Tq8Vd+Lr3mK0pXz7",
    "secret_data": "sdaM4Kx9Nc1Vb6Hg0Fd3SaZ7QW3RT5YU8IOP",
    "secret_string": "sstG0Fd3SaZ7QW3RT5YU8IOP2Lm4Kx9Nc1Vb6",
    "env": "envX7YtN2bW9sJf6HcA1eGu4RiOy5Tq8Vd+Lr3",
    "configmap": "cfgN2bW9sJf6HcA1eGu4RiOy5Tq8Vd+Lr3mK0",
    "docker_env": "dkeA1eGu4RiOy5Tq8Vd+Lr3mK0pXz7YtN2bW9",
    "docker_arg": "dkaU8IOP2Lm4Kx9Nc1Vb6Hg0Fd3SaZ7QW3RT5",
    "connection": "conHg0Fd3SaZ7QW3RT5YU8IOP2Lm4Kx9Nc1Vb",
    "requirements": "ghp_R3qT5uV7wX9yZ1aB3cD5eF7gH9iJ1kL3mN5",
    "pyproject": "ghp_Z9yX7wV5uT3sR1qP9oN7mL5kJ3iH1gF9eD7",
}
ACCESS_KEY = "AKIAZ7QW3RT5YU8IOP2L"

TERRAFORM = f'''
provider "aws" {{
  region     = "eu-west-1"
  access_key = "{ACCESS_KEY}"
  secret_key = "{SECRETS["provider"]}"
}}
variable "db_password" {{
  type = string
}}
resource "aws_db_instance" "main" {{
  engine   = "postgres"
  password = "{SECRETS["hcl"]}"
}}
resource "aws_db_instance" "from_tfvars" {{
  engine   = "postgres"
  password = var.db_password
}}
resource "aws_lambda_function" "api" {{
  function_name = "api"
  environment {{
    variables = {{
      DATABASE_URL = "postgres://app:{SECRETS["connection"]}@db.internal:5432/shop"
    }}
  }}
}}
'''
TF_JSON = {"resource": {"aws_db_instance": {"json": {"engine": "mysql",
                                                     "password": SECRETS["tf_json"]}}}}
PLAN = {
    "format_version": "1.2", "terraform_version": "1.9.0",
    "planned_values": {"root_module": {"resources": [{
        "address": "aws_db_instance.planned", "mode": "managed", "type": "aws_db_instance",
        "name": "planned", "values": {"engine": "postgres", "password": SECRETS["plan"]},
        "sensitive_values": {}}]}},
    "resource_changes": [{
        "address": "aws_db_instance.planned", "mode": "managed", "type": "aws_db_instance",
        "name": "planned", "change": {"actions": ["create"], "before": None,
                                      "after": {"engine": "postgres", "password": SECRETS["plan"]},
                                      "after_unknown": {}, "after_sensitive": {}}}],
}
MANIFESTS = f'''apiVersion: v1
kind: Secret
metadata: {{name: db, namespace: shop}}
data:
  password: {base64.b64encode(SECRETS["secret_data"].encode()).decode()}
stringData:
  token: "{SECRETS["secret_string"]}"
---
apiVersion: v1
kind: ConfigMap
metadata: {{name: settings, namespace: shop}}
data:
  DB_PASSWORD: "{SECRETS["configmap"]}"
---
apiVersion: apps/v1
kind: Deployment
metadata: {{name: api, namespace: shop}}
spec:
  template:
    spec:
      containers:
        - name: api
          image: api:1.0.0
          env:
            - name: API_SECRET_KEY
              value: "{SECRETS["env"]}"
            - name: DB_URL
              value: "postgresql://app:{SECRETS["connection"]}@db.internal:5432/shop"
'''
DOCKERFILE = (f'FROM python:3.12-slim\nARG DB_PASSWORD={SECRETS["docker_arg"]}\n'
              f'ENV API_TOKEN="{SECRETS["docker_env"]}"\n')
REQUIREMENTS = f"git+https://x-access-token:{SECRETS['requirements']}@github.com/acme/lib.git@v1\n"
PYPROJECT = ('[project]\nname = "app"\ndependencies = '
             f'["lib @ git+https://{SECRETS["pyproject"]}@github.com/acme/lib.git"]\n')


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / "infra").mkdir(parents=True)
    (root / "infra" / "main.tf").write_text(TERRAFORM)
    (root / "infra" / "terraform.tfvars").write_text(f'db_password = "{SECRETS["tfvars"]}"\n')
    (root / "infra" / "db.tf.json").write_text(json.dumps(TF_JSON))
    (root / "plan").mkdir()
    (root / "plan" / "plan.json").write_text(json.dumps(PLAN))
    (root / "deploy.yaml").write_text(MANIFESTS)
    (root / "Dockerfile").write_text(DOCKERFILE)
    (root / "requirements.txt").write_text(REQUIREMENTS)
    (root / "svc").mkdir()
    (root / "svc" / "pyproject.toml").write_text(PYPROJECT)
    return root


def _assert_clean(text: str, where: str) -> None:
    for name, secret in {**SECRETS, "access_key": ACCESS_KEY}.items():
        assert secret[4:] not in text, f"the {name} secret leaks into {where}"


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_report_format_carries_a_secret(fmt: str, tree: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    baseline = tree.parent / "baseline.json"
    code = main([str(tree), "--format", fmt, "--show-passed", "--no-color", "-j", "1"])
    captured = capsys.readouterr()
    assert code == 1
    _assert_clean(captured.out, fmt)
    _assert_clean(captured.err, "standard error")
    if fmt == "json":  # the secrets were found, in every kind of source ...
        found = {(f["source"], f["policy_id"]) for f in json.loads(captured.out)["findings"]
                 if f["verdict"] == "fail"}
        assert found >= {("tf", "PC-SEC-001"), ("k8s", "PC-SEC-001"), ("k8s", "PC-SEC-002"),
                         ("tf", "PC-SEC-004"), ("docker", "PC-DOCKER-005"), ("plan", "PC-AWS-065")}
        main([str(tree), "--write-baseline", str(baseline), "-j", "1"])
        _assert_clean(baseline.read_text() + capsys.readouterr().err, "the baseline")


@pytest.mark.parametrize("fmt", CHECKLIST_FORMATS)
def test_the_checklist_carries_no_secret(fmt: str, tree: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    main(["checklist", str(tree), "--format", fmt, "-j", "1"])
    captured = capsys.readouterr()
    assert captured.out.strip()
    _assert_clean(captured.out, f"the {fmt} checklist")
    _assert_clean(captured.err, "standard error")


def test_tokens_in_requirement_urls_are_masked_at_load(tmp_path: Path) -> None:
    from policycheck.helpers.connection_strings import mask_userinfo
    from policycheck.loaders.base import LoadOptions, SourceFile
    from policycheck.loaders.requirements import load

    assert mask_userinfo("git+https://user:pw@h/x git+ssh://git@h/y https://tok@h/z") == \
        "git+https://user:****@h/x git+ssh://git@h/y https://****@h/z"
    (tmp_path / "pyproject.toml").write_text(PYPROJECT)
    (tmp_path / "requirements.txt").write_text(REQUIREMENTS)
    result = load([SourceFile(tmp_path / n, n) for n in ("pyproject.toml", "requirements.txt")],
                  LoadOptions())
    urls = [r["url"] for resource in result.resources for r in resource.attributes["requirements"]]
    assert urls == ["git+https://****@github.com/acme/lib.git",
                    "git+https://x-access-token:****@github.com/acme/lib.git@v1"]

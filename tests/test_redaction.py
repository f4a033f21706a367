"""A real-looking AWS key and password never appear in any output format."""

from __future__ import annotations

from pathlib import Path

import pytest

from policycheck.cli import main
from policycheck.reporters import FORMATS

ACCESS_KEY = "AKIAZ7QW3RT5YU8IOP2L"
SECRET_KEY = "q8Vd+Lr3mK0pXz7YtN2bW9sJf6HcA1eGu4RiOy5T"
PASSWORD = "Tr0ub4dor&3-horse"

TERRAFORM = f'''
provider "aws" {{
  region     = "eu-west-1"
  access_key = "{ACCESS_KEY}"
  secret_key = "{SECRET_KEY}"
}}

resource "aws_db_instance" "main" {{
  engine   = "postgres"
  password = "{PASSWORD}"
}}
'''
MANIFEST = f'''
apiVersion: apps/v1
kind: Deployment
metadata: {{name: api, namespace: shop}}
spec:
  selector: {{matchLabels: {{app: api}}}}
  template:
    metadata: {{labels: {{app: api}}}}
    spec:
      containers:
        - name: api
          image: api:1.0.0
          env:
            - name: DB_URL
              value: "postgres://app:{PASSWORD}@db.internal:5432/shop"
            - name: AWS_SECRET_ACCESS_KEY
              value: "{SECRET_KEY}"
'''
DOCKERFILE = f'FROM python:3.12-slim\nENV API_TOKEN="{PASSWORD}"\nENV AWS_ACCESS_KEY_ID={ACCESS_KEY}\n'


@pytest.mark.parametrize("fmt", FORMATS)
def test_secrets_are_redacted(fmt: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "main.tf").write_text(TERRAFORM)
    (tmp_path / "deploy.yaml").write_text(MANIFEST)
    (tmp_path / "Dockerfile").write_text(DOCKERFILE)
    code = main([str(tmp_path), "--format", fmt, "--show-passed", "--no-color"])
    out = capsys.readouterr().out
    assert code == 1
    assert "PC-SEC-001" in out  # the secrets were found...
    for secret in (ACCESS_KEY, SECRET_KEY, PASSWORD):
        assert secret not in out  # ...and not printed
        assert secret[5:] not in out

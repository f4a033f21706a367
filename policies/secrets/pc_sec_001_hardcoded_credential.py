"""## What
Flags a credential written literally into infrastructure code:

- a value in a known credential format anywhere (AWS access key IDs `AKIA…`/`ASIA…`, private key
  blocks, GitHub and Slack tokens, JSON Web Tokens), in Terraform attributes, provider blocks,
  Kubernetes manifests and Dockerfile instructions;
- a literal, non-placeholder string assigned to a secret-looking key (`password`, `secret`,
  `token`, `access_key`, `secret_key`, `api_key`, …) in Terraform resource and provider blocks,
  Kubernetes container `env[].value` and ConfigMap `data`.

Values produced by a variable, a reference or a function call are not literals and pass (a
secret variable's default is PC-SEC-003's business). Placeholders such as `<password>`,
`${DB_PASSWORD}`, `changeme`, `REPLACE_ME` or an empty string pass. Kubernetes `Secret` objects
are judged by PC-SEC-002 instead. Findings show at most the first four characters of the value.

## Why
A credential in a repository is readable by everyone with access to it, stays in its history
forever, and is copied into plans, state files, images and logs. It cannot be rotated without a
code change, so it rarely is.

## Fail example
```hcl
provider "aws" {
  access_key = "AKIAIOSFODNN7EXAMPLE"
}
```

## Fix
Move the value to a secret store (AWS Secrets Manager, SSM Parameter Store, a Kubernetes Secret
managed by External Secrets) or an environment variable, reference it from code, and rotate the
exposed credential.

## References
- https://owasp.org/Top10/A07_2021-Identification_and_Authentication_Failures/
- https://developer.hashicorp.com/terraform/language/values/variables#suppressing-values-in-cli-output
- Related: CKV_AWS_41, CKV_SECRET_2, CKV_SECRET_6 (checkov). Ours also checks secret-looking
  keys outside the AWS provider block and skips values that come from variables.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from policycheck.api import (
    Context,
    Resource,
    Result,
    StringValue,
    credential_format,
    fail,
    is_k8s_config_value,
    is_placeholder,
    is_secret_key,
    passed,
    policy,
    redact,
    string_values,
)

_DOCKER_ARGS = re.compile(r"\.instructions\.\d+\.args\.")
"""A Dockerfile instruction's ``args`` repeat its ``value``: judge the value only."""


def _keyed_scope(resource: Resource, found: StringValue) -> bool:
    """Where a secret-looking key makes a literal a finding (formats count everywhere)."""
    if resource.source in ("k8s", "cluster"):
        return is_k8s_config_value(resource, found.path)
    return resource.source in ("tf", "plan") and resource.kind != "variable"


@policy(
    id="PC-SEC-001",
    title="Hardcoded credential",
    severity="critical",
    sources=("tf", "plan", "k8s", "cluster", "docker"),
    kinds="*",
    checklist=(
        "code-structure/no-hardcoded-credentials-or-secrets",
        "environment-variables/secrets-moved-environment-variables",
    ),
    related=("CKV_AWS_41", "CKV_SECRET_2", "CKV_SECRET_6"),
)
def check(resource: Resource, ctx: Context) -> Iterator[Result]:
    if resource.kind == "Secret":
        return
    clean = True
    for found in string_values(resource.attributes):
        kind = credential_format(found.value)
        keyed = kind is None and is_secret_key(found.key)
        if (kind is None and not keyed) or not resource.is_literal(found.path) or _DOCKER_ARGS.search(
                found.path):
            continue  # the cheap tests first: most strings are neither
        if kind is not None:
            clean = False
            yield fail(f"{kind} written in {found.path}: {redact(found.value)}", at=found.path)
        elif (keyed and not is_placeholder(found.value)
              and _keyed_scope(resource, found)):
            clean = False
            yield fail(f"{found.key} is set to a literal value ({redact(found.value)}) in "
                       f"{found.path}; read it from a secret store", at=found.path)
    if clean:
        yield passed("no literal credentials")

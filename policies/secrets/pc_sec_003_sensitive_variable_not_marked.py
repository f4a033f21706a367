"""## What
Judges each Terraform input `variable` whose name looks secret (`password`, `secret`, `token`,
`api_key`, `access_key`, `secret_key`, `private_key`, ...; names such as `password_length` or
`secret_arn` do not count). FAIL when it is not declared `sensitive = true` (finding at
`sensitive`, or at the block when absent), and FAIL when it has a non-empty `default` (finding
at `default`; the value is never shown). An empty default (`""`, `null`, `[]`, `{}`) passes.
UNKNOWN when `sensitive` is not a boolean Terraform can read.

## Why
Terraform prints a variable's value in plans and logs unless it is marked sensitive, so CI
output and pull-request comments leak it. A default puts the secret itself into the repository,
and a forgotten `-var` silently deploys it.

## Fail example
```hcl
variable "db_password" {
  type    = string
  default = "Winter2024!prod"
}
```

## Fix
Declare the variable with `sensitive = true` and no default, and set it at plan time from a
secret store or the pipeline's secret variables (`TF_VAR_db_password`).

## References
- https://developer.hashicorp.com/terraform/language/values/variables#suppressing-values-in-cli-output
- https://developer.hashicorp.com/terraform/tutorials/configuration-language/sensitive-variables
- Related: no checkov peer.
"""

from __future__ import annotations

from collections.abc import Iterator

from policycheck.api import (
    Context,
    Resource,
    Result,
    Unknown,
    fail,
    is_secret_key,
    is_set,
    passed,
    policy,
    truthy,
    unknown,
)


@policy(
    id="PC-SEC-003",
    title="Sensitive Terraform variable not marked sensitive",
    severity="medium",
    sources="tf",
    kinds="variable",
    checklist=(
        "environment-variables/configuration-template-documented",
        "environment-variables/secrets-moved-environment-variables",
    ),
)
def check(resource: Resource, ctx: Context) -> Iterator[Result]:
    name = resource.address.rpartition("var.")[2]
    if not is_secret_key(name):
        yield passed(f"variable {name} does not look secret")
        return
    clean = True
    sensitive = truthy(resource.get("sensitive"))
    if isinstance(sensitive, Unknown):
        clean = False
        yield unknown(f"variable {name}: sensitive is not known ({sensitive.reason})",
                      at="sensitive")
    elif not sensitive:
        clean = False
        yield fail(f"variable {name} looks secret but is not declared sensitive = true",
                   at="sensitive")
    default = resource.get("default")
    if isinstance(default, Unknown):
        clean = False
        yield unknown(f"variable {name}: default is not known ({default.reason})", at="default")
    elif is_set(default):
        clean = False
        yield fail(f"variable {name} looks secret but has a default value in code", at="default")
    if clean:
        yield passed(f"variable {name} is sensitive and has no default")

"""## What
Flags EBS storage that is not encrypted:
- an `aws_ebs_volume` whose `encrypted` is not `true`;
- each `root_block_device` / `ebs_block_device` of an `aws_instance` or an
  `aws_launch_configuration`, and each `block_device_mappings` entry with an `ebs` block of an
  `aws_launch_template`, whose `encrypted` is not `true`. An instance or launch configuration
  without a `root_block_device` block, or a launch template without `block_device_mappings`,
  uses the AMI's devices and is judged as one device with `encrypted` unset;
- `aws_ebs_encryption_by_default` with `enabled = false` (in `aws`: each region whose account
  default is off).

A device that leaves `encrypted` unset passes when the scan turns account-level default
encryption on (`aws_ebs_encryption_by_default` with `enabled` true or unset): AWS then encrypts
every new volume. An explicit `encrypted = false` always FAILs. UNKNOWN when a deciding value
cannot be resolved.

## Why
EBS volumes and their snapshots hold application data, logs and sometimes credentials; without
encryption they are readable by anyone who obtains a snapshot copy or a volume. Encryption can
only be chosen when a volume is created.

## Fail example
```hcl
resource "aws_instance" "app" {
  ami           = "ami-12345678"
  instance_type = "t3.micro"
  root_block_device {
    encrypted = false
  }
}
```

## Fix
Set `encrypted = true` on each volume and block device (optionally with a `kms_key_id`), or turn
on `aws_ebs_encryption_by_default` in every region you use.

## References
- https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html
- https://docs.aws.amazon.com/ebs/latest/userguide/encryption-by-default.html
- https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/ebs_encryption_by_default
- Related: CKV_AWS_3 (volumes), CKV_AWS_8 (instances and launch configurations), CKV_AWS_106
  (account default). Ours also judges the implicit root device of instances, launch
  configurations and launch templates, and accepts the account default for devices that do not say.
"""

from __future__ import annotations

from collections.abc import Iterator

from policycheck.api import Context, Resource, Result, Unknown, fail, forbid_flag, passed, policy, truthy, unknown

ACCOUNT_DEFAULT = "aws_ebs_encryption_by_default"


def _account_default(resource: Resource, ctx: Context) -> bool | Unknown:
    """Whether the scan turns EBS encryption by default on (its ``enabled`` defaults to true)."""
    undecided: Unknown | None = None
    for found in ctx.graph.of_kind(ACCOUNT_DEFAULT):
        if found.source != resource.source:
            continue
        enabled = truthy(found.get("enabled", True))
        if enabled is True:
            return True
        if isinstance(enabled, Unknown):
            undecided = enabled
    return undecided or False


def _device_paths(resource: Resource) -> list[str]:
    """The ``encrypted`` path of every EBS device of an instance, launch configuration or
    launch template. A bare
    block name stands for the AMI's devices when no block is written, or for unknown blocks."""
    if resource.kind == "aws_launch_template":
        mappings = resource.get("block_device_mappings")
        if isinstance(mappings, Unknown) or not mappings:
            return ["block_device_mappings"]
        return [f"block_device_mappings.{i}.ebs.0.encrypted" for i, m in enumerate(mappings)
                if isinstance(m, dict) and m.get("ebs")]
    roots = resource.get("root_block_device")
    extra = resource.get("ebs_block_device")
    paths = ["root_block_device"] if isinstance(roots, Unknown) or not roots else [
        f"root_block_device.{i}.encrypted" for i in range(len(roots))]
    if isinstance(extra, Unknown):
        return [*paths, "ebs_block_device"]
    return paths + [f"ebs_block_device.{i}.encrypted" for i in range(len(extra or []))]


def _judge(resource: Resource, path: str, default_on: bool | Unknown) -> Result:
    raw = resource.get(path)
    value = truthy(raw)
    if value is True:
        return passed(f"{path} is true", at=path)
    if isinstance(value, Unknown):
        return unknown(f"{path} is not known ({value.reason})", at=path)
    if raw is None and default_on is True:
        return passed("encrypted by the account's EBS encryption by default", at=path)
    if raw is None and isinstance(default_on, Unknown):
        return unknown(f"{path} is unset and the account default is not known "
                       f"({default_on.reason})", at=path)
    if not path.endswith("encrypted"):
        return fail(f"no {path} block: the AMI's volumes are used without encrypted = true",
                    at=path)
    shown = "is false" if raw is not None else "is not set"
    return fail(f"{path} {shown}: the volume is not encrypted", at=path)


@policy(
    id="PC-AWS-072",
    title="Block storage not encrypted",
    severity="high",
    sources=("tf", "plan", "aws"),
    kinds=("aws_ebs_volume", "aws_instance", "aws_launch_configuration", "aws_launch_template",
           ACCOUNT_DEFAULT),
    checklist="data-protection/data-encryption-at-rest-enabled",
    related=("CKV_AWS_3", "CKV_AWS_8", "CKV_AWS_106"),
)
def check(resource: Resource, ctx: Context) -> Iterator[Result]:
    if resource.kind == ACCOUNT_DEFAULT:
        yield forbid_flag(resource, "enabled", False,
                          "enabled = false: new EBS volumes are not encrypted by default")
        return
    default_on = _account_default(resource, ctx)
    paths = ["encrypted"] if resource.kind == "aws_ebs_volume" else _device_paths(resource)
    if not paths:
        yield passed("the launch template maps no EBS volumes", at="block_device_mappings")
    for path in paths:
        yield _judge(resource, path, default_on)

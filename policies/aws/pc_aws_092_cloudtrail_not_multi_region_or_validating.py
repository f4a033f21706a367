"""## What
Flags an `aws_cloudtrail` whose `is_multi_region_trail` is not `true`, whose
`enable_log_file_validation` is not `true`, or whose `enable_logging` is `false` (a trail that
records nothing; unset means logging, the provider default). Each gap is its own finding.
UNKNOWN when a value cannot be resolved. In `aws`, the collector reports the trail's live
logging status as `enable_logging`, so a stopped trail FAILs the same way; an account with no
trail at all is judged by the live audit.

## Why
A single-region trail misses API activity in every other region, exactly where an attacker
with stolen keys starts resources unnoticed. Without log file validation, deleted or edited
log files cannot be detected, so the trail is no evidence after an incident.

## Fail example
```hcl
resource "aws_cloudtrail" "main" {
  name           = "main"
  s3_bucket_name = aws_s3_bucket.trail.id
}
```

## Fix
Set `is_multi_region_trail = true` and `enable_log_file_validation = true`, and keep
`enable_logging` true (or unset).

## References
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/receive-cloudtrail-log-files-from-multiple-regions.html
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-intro.html
- https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudtrail
- Related: CKV_AWS_67 (multi-region) and CKV_AWS_36 (log file validation) judge the same
  attributes.
"""

from __future__ import annotations

from collections.abc import Iterator

from policycheck.api import Context, Resource, Result, forbid_flag, policy, require_true


@policy(
    id="PC-AWS-092",
    title="CloudTrail not multi-region or not validating",
    severity="high",
    sources=("tf", "plan", "aws"),
    kinds="aws_cloudtrail",
    checklist="data-governance/audit-logging-configured",
    related=("CKV_AWS_67", "CKV_AWS_36"),
)
def check(resource: Resource, ctx: Context) -> Iterator[Result]:
    yield require_true(resource, "is_multi_region_trail",
                       "is_multi_region_trail is not true: activity in other regions is not "
                       "recorded")
    yield require_true(resource, "enable_log_file_validation",
                       "enable_log_file_validation is not true: tampering with log files "
                       "cannot be detected")
    yield forbid_flag(resource, "enable_logging", False,
                      "enable_logging = false: the trail records nothing")

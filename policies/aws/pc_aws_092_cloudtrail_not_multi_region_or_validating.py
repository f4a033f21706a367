"""## What
Flags an `aws_cloudtrail` whose `is_multi_region_trail` is not `true`, whose
`enable_log_file_validation` is not `true`, or whose `enable_logging` is `false` (a trail that
records nothing; unset means logging, the provider default). Each gap is its own finding.
UNKNOWN when a value cannot be resolved. In `aws`, the collector reports the trail's live
logging status as `enable_logging`, so a stopped trail FAILs the same way, and a live account
whose CloudTrail was read but holds no trail at all FAILs as `arn:aws:cloudtrail::ACCOUNT:trail/*`
(located at the account). A Terraform root without a trail is not judged for absence: a
configuration need not declare the account's trail. When CloudTrail could not be read in an
account (NOT ASSESSED), or `--services` leaves it out, the policy's verdicts there are withheld.

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

import dataclasses
from collections.abc import Iterator

from policycheck.api import Context, Resource, ResourceGraph, Result, fail, policy, require_true
from policycheck.helpers.accounts import account_of, account_subject, live_accounts, partition_of
from policycheck.helpers.attributes import forbid_flag

TRAIL = "aws_cloudtrail"
SOURCES = ("tf", "plan", "aws")
LIVE = "aws"


def judge_trail(trail: Resource) -> Iterator[Result]:
    yield require_true(trail, "is_multi_region_trail",
                       "is_multi_region_trail is not true: activity in other regions is not "
                       "recorded")
    yield require_true(trail, "enable_log_file_validation",
                       "enable_log_file_validation is not true: tampering with log files "
                       "cannot be detected")
    yield forbid_flag(trail, "enable_logging", False,
                      "enable_logging = false: the trail records nothing")


@policy(
    id="PC-AWS-092",
    title="CloudTrail not multi-region or not validating",
    severity="high",
    sources=SOURCES,
    kinds=TRAIL,
    reads=TRAIL,
    scope="graph",
    checklist="data-governance/audit-logging-configured",
    related=("CKV_AWS_67", "CKV_AWS_36"),
)
def check(graph: ResourceGraph, ctx: Context) -> Iterator[Result]:
    trails = [t for t in graph.of_kind(TRAIL) if t.source in SOURCES]
    for trail in trails:
        for result in judge_trail(trail):
            yield dataclasses.replace(result, resource=trail)
    with_trail = {account_of(t) for t in trails if t.source == LIVE}
    for account, member in live_accounts(graph, LIVE).items():
        if account not in with_trail:
            subject = account_subject(member, account, TRAIL,
                                      f"arn:{partition_of(member)}:cloudtrail::{account}:trail/*")
            yield fail(f"account {account} has no CloudTrail trail: its API activity is not "
                       "recorded; create a multi-region trail", resource=subject)

"""CloudTrail: every trail of the account with its live logging status (``aws_cloudtrail``).

Global: ``ListTrails`` lists the trails of every region once per account; each trail is then
described and its status read in its home region, where it is located. ``GetTrailStatus``'s
``IsLogging`` becomes the provider's ``enable_logging`` (the provider reads it the same way).
"""

from __future__ import annotations

from collections import defaultdict
from functools import partial
from typing import TYPE_CHECKING, Any

from policycheck.live.aws.scope import Scope
from policycheck.model import Resource

if TYPE_CHECKING:
    from policycheck.live.aws.api import ServiceApi

SERVICE = "cloudtrail"
GLOBAL = True
ACTIONS = {
    "ListTrails": "cloudtrail:ListTrails",
    "DescribeTrails": "cloudtrail:DescribeTrails",
    "GetTrailStatus": "cloudtrail:GetTrailStatus",
}
KINDS = ("aws_cloudtrail",)


def collect(api: ServiceApi) -> dict[str, Any]:
    by_region: dict[str, list[str]] = defaultdict(list)
    for trail in api.paginate("ListTrails", "Trails"):
        by_region[str(trail.get("HomeRegion") or api.region)].append(str(trail["TrailARN"]))
    trails = []
    for region in sorted(by_region):
        regional = api.in_region(region)
        described = regional.call("DescribeTrails", trailNameList=by_region[region],
                                  includeShadowTrails=False).get("trailList", [])
        statuses = regional.map(partial(status, regional), described)
        trails += [{"trail": t, "status": s, "region": region} for t, s in zip(described, statuses, strict=True)]
    return {"trails": trails}


def status(api: ServiceApi, trail: dict[str, Any]) -> dict[str, Any]:
    return api.call("GetTrailStatus", Name=trail["TrailARN"])


def normalise(raw: dict[str, Any], scope: Scope) -> list[Resource]:
    found = []
    for entry in raw.get("trails", []):
        trail, status = entry["trail"], entry.get("status", {})
        where = scope.at(str(entry.get("region") or trail.get("HomeRegion") or scope.region))
        arn = trail["TrailARN"]
        found.append(where.resource("aws_cloudtrail", arn, {
            "id": arn, "arn": arn, "name": trail["Name"],
            "home_region": trail.get("HomeRegion", where.region),
            "s3_bucket_name": trail.get("S3BucketName", ""),
            "s3_key_prefix": trail.get("S3KeyPrefix", ""),
            "sns_topic_name": trail.get("SnsTopicName", ""),
            "cloud_watch_logs_group_arn": trail.get("CloudWatchLogsLogGroupArn", ""),
            "cloud_watch_logs_role_arn": trail.get("CloudWatchLogsRoleArn", ""),
            "kms_key_id": trail.get("KmsKeyId", ""),
            "include_global_service_events": bool(trail.get("IncludeGlobalServiceEvents", False)),
            "is_multi_region_trail": bool(trail.get("IsMultiRegionTrail", False)),
            "is_organization_trail": bool(trail.get("IsOrganizationTrail", False)),
            "enable_log_file_validation": bool(trail.get("LogFileValidationEnabled", False)),
            "enable_logging": bool(status.get("IsLogging", False)),
            "tags": {}, "tags_all": {}}))
    return found

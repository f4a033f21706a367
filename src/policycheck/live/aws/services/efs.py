"""EFS file systems (encryption at rest). One paginated DescribeFileSystems per region (it
carries the tags)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from policycheck.live.aws.scope import Scope
from policycheck.live.aws.shape import iso, resource, tag_map, with_tags
from policycheck.model import Resource

if TYPE_CHECKING:
    from policycheck.live.aws.api import ServiceApi

SERVICE = "efs"
GLOBAL = False
ACTIONS = {"DescribeFileSystems": "elasticfilesystem:DescribeFileSystems"}
KINDS = ("aws_efs_file_system",)


def collect(api: ServiceApi) -> dict[str, Any]:
    return {"FileSystems": api.paginate("DescribeFileSystems", "FileSystems")}


def normalise(raw: dict[str, Any], scope: Scope) -> list[Resource]:
    return [_file_system(fs, scope) for fs in raw.get("FileSystems", [])]


def _file_system(fs: dict[str, Any], scope: Scope) -> Resource:
    ident = fs["FileSystemId"]
    arn = fs.get("FileSystemArn") or scope.arn("elasticfilesystem", f"file-system/{ident}")
    size = fs.get("SizeInBytes") or {}
    attributes = {
        "id": ident, "arn": arn, "creation_token": fs.get("CreationToken"),
        "encrypted": bool(fs.get("Encrypted", False)), "kms_key_id": fs.get("KmsKeyId", ""),
        "performance_mode": fs.get("PerformanceMode"), "throughput_mode": fs.get("ThroughputMode"),
        "provisioned_throughput_in_mibps": fs.get("ProvisionedThroughputInMibps", 0),
        "availability_zone_name": fs.get("AvailabilityZoneName", ""),
        "dns_name": f"{ident}.efs.{scope.region}.amazonaws.com", "name": fs.get("Name", ""),
        "number_of_mount_targets": fs.get("NumberOfMountTargets", 0),
        "creation_time": iso(fs.get("CreationTime")),
        "size_in_bytes": [{"value": size.get("Value", 0), "value_in_ia": size.get("ValueInIA", 0),
                           "value_in_standard": size.get("ValueInStandard", 0)}] if size else [],
    }
    return resource(scope, "aws_efs_file_system", arn, with_tags(attributes, tag_map(fs.get("Tags"))))

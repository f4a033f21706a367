"""EC2 networking and block storage of one region.

- ``aws_vpc`` / ``aws_default_vpc`` (the default VPC, as Terraform manages it) and
  ``aws_subnet`` / ``aws_default_subnet`` (the default VPC's default-for-AZ subnets);
- ``aws_security_group`` / ``aws_default_security_group`` (the group named ``default``) with
  every rule as an inline ``ingress``/``egress`` block, as the provider's state of a group always
  shows them (one block per permission, the way ``DescribeSecurityGroups`` returns it). Rules are
  not emitted again as ``aws_vpc_security_group_*_rule`` resources: one rule, one finding;
- ``aws_flow_log`` with ``vpc_id``/``subnet_id``/``eni_id`` (a VPC's as a reference to it);
- ``aws_ebs_volume``, and ``aws_ebs_encryption_by_default`` for the region (no ARN: the
  synthetic ``arn:aws:ec2:REGION:ACCOUNT:aws_ebs_encryption_by_default/REGION``; ``id`` is the
  region, as the provider sets it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from policycheck.live.aws.scope import Scope
from policycheck.live.aws.shape import group_arn, group_reference, tagged
from policycheck.model import Reference, Resource

if TYPE_CHECKING:
    from policycheck.live.aws.api import ServiceApi

SERVICE = "ec2"
GLOBAL = False
ACTIONS = {
    "DescribeVpcs": "ec2:DescribeVpcs",
    "DescribeSubnets": "ec2:DescribeSubnets",
    "DescribeSecurityGroups": "ec2:DescribeSecurityGroups",
    "DescribeFlowLogs": "ec2:DescribeFlowLogs",
    "DescribeVolumes": "ec2:DescribeVolumes",
    "GetEbsEncryptionByDefault": "ec2:GetEbsEncryptionByDefault",
}
KINDS = ("aws_vpc", "aws_default_vpc", "aws_subnet", "aws_default_subnet", "aws_security_group",
         "aws_default_security_group", "aws_flow_log", "aws_ebs_volume", "aws_ebs_encryption_by_default")


def collect(api: ServiceApi) -> dict[str, Any]:
    return {
        "vpcs": api.paginate("DescribeVpcs", "Vpcs"),
        "subnets": api.paginate("DescribeSubnets", "Subnets"),
        "security_groups": api.paginate("DescribeSecurityGroups", "SecurityGroups"),
        "flow_logs": api.paginate("DescribeFlowLogs", "FlowLogs"),
        "volumes": api.paginate("DescribeVolumes", "Volumes"),
        "ebs_encryption_by_default": api.call("GetEbsEncryptionByDefault"),
    }


def _vpcs(raw: dict[str, Any], scope: Scope) -> list[Resource]:
    found = []
    for vpc in raw.get("vpcs", []):
        arn = scope.arn("ec2", f"vpc/{vpc['VpcId']}")
        found.append(scope.resource("aws_default_vpc" if vpc.get("IsDefault") else "aws_vpc", arn, {
            "id": vpc["VpcId"], "arn": arn, "cidr_block": vpc.get("CidrBlock", ""),
            "instance_tenancy": vpc.get("InstanceTenancy", "default"),
            "dhcp_options_id": vpc.get("DhcpOptionsId", ""), "owner_id": vpc.get("OwnerId", scope.account),
            "ipv6_cidr_block": next((a.get("Ipv6CidrBlock", "")
                                     for a in vpc.get("Ipv6CidrBlockAssociationSet") or []), ""),
            **tagged(vpc)}))
    return found


def _subnets(raw: dict[str, Any], scope: Scope) -> list[Resource]:
    found = []
    for subnet in raw.get("subnets", []):
        arn = subnet.get("SubnetArn") or scope.arn("ec2", f"subnet/{subnet['SubnetId']}")
        vpc = scope.arn("ec2", f"vpc/{subnet['VpcId']}")
        kind = "aws_default_subnet" if subnet.get("DefaultForAz") else "aws_subnet"
        found.append(scope.resource(kind, arn, {
            "id": subnet["SubnetId"], "arn": arn, "vpc_id": Reference(vpc, "id"),
            "cidr_block": subnet.get("CidrBlock", ""), "availability_zone": subnet.get("AvailabilityZone", ""),
            "map_public_ip_on_launch": bool(subnet.get("MapPublicIpOnLaunch", False)),
            "assign_ipv6_address_on_creation": bool(subnet.get("AssignIpv6AddressOnCreation", False)),
            **tagged(subnet)}, references=(vpc,)))
    return found


def _rule(permission: dict[str, Any], group_id: str, scope: Scope) -> tuple[dict[str, Any], list[str]]:
    """One ``IpPermissions`` entry as the provider's inline rule block, and the groups it names."""
    protocol = str(permission.get("IpProtocol", "-1"))
    peers = [str(p["GroupId"]) for p in permission.get("UserIdGroupPairs") or [] if p.get("GroupId")]
    others = sorted({p for p in peers if p != group_id})
    descriptions = [r.get("Description") for key in ("IpRanges", "Ipv6Ranges", "UserIdGroupPairs", "PrefixListIds")
                    for r in permission.get(key) or [] if r.get("Description")]
    block = {
        "protocol": protocol,
        "from_port": int(permission.get("FromPort", 0)) if protocol != "-1" else 0,
        "to_port": int(permission.get("ToPort", 0)) if protocol != "-1" else 0,
        "cidr_blocks": [r["CidrIp"] for r in permission.get("IpRanges") or []],
        "ipv6_cidr_blocks": [r["CidrIpv6"] for r in permission.get("Ipv6Ranges") or []],
        "prefix_list_ids": [r["PrefixListId"] for r in permission.get("PrefixListIds") or []],
        "security_groups": [group_reference(scope, peer) for peer in others],
        "self": group_id in peers,
        "description": descriptions[0] if descriptions else "",
    }
    return block, [group_arn(scope, peer) for peer in others]


def _security_groups(raw: dict[str, Any], scope: Scope) -> list[Resource]:
    found = []
    for group in raw.get("security_groups", []):
        group_id = group["GroupId"]
        arn = group.get("SecurityGroupArn") or group_arn(scope, group_id)
        references: list[str] = []
        blocks: dict[str, list[dict[str, Any]]] = {"ingress": [], "egress": []}
        for direction, key in (("ingress", "IpPermissions"), ("egress", "IpPermissionsEgress")):
            for permission in group.get(key) or []:
                block, peers = _rule(permission, group_id, scope)
                blocks[direction].append(block)
                references += peers
        vpc = scope.arn("ec2", f"vpc/{group['VpcId']}") if group.get("VpcId") else None
        kind = "aws_default_security_group" if group.get("GroupName") == "default" else "aws_security_group"
        found.append(scope.resource(kind, arn, {
            "id": group_id, "arn": arn, "name": group.get("GroupName", ""),
            "description": group.get("Description", ""), "owner_id": group.get("OwnerId", scope.account),
            "vpc_id": Reference(vpc, "id") if vpc else "", **blocks,
            "revoke_rules_on_delete": False, **tagged(group)},
            references=[*references, *((vpc,) if vpc else ())]))
    return found


def _flow_logs(raw: dict[str, Any], scope: Scope) -> list[Resource]:
    found = []
    for log in raw.get("flow_logs", []):
        target = str(log.get("ResourceId", ""))
        arn = scope.arn("ec2", f"vpc-flow-log/{log['FlowLogId']}")
        links: dict[str, Any] = {"vpc_id": "", "subnet_id": "", "eni_id": ""}
        references = []
        if target.startswith("vpc-"):
            vpc = scope.arn("ec2", f"vpc/{target}")
            links["vpc_id"], references = Reference(vpc, "id"), [vpc]
        elif target.startswith("subnet-"):
            links["subnet_id"] = target
        elif target.startswith("eni-"):
            links["eni_id"] = target
        found.append(scope.resource("aws_flow_log", arn, {
            "id": log["FlowLogId"], "arn": arn, **links,
            "traffic_type": log.get("TrafficType", ""),
            "log_destination": log.get("LogDestination", log.get("LogGroupName", "")),
            "log_destination_type": log.get("LogDestinationType", "cloud-watch-logs"),
            "log_group_name": log.get("LogGroupName", ""), "iam_role_arn": log.get("DeliverLogsPermissionArn", ""),
            "max_aggregation_interval": log.get("MaxAggregationInterval", 600),
            **tagged(log)}, references=references))
    return found


def _volumes(raw: dict[str, Any], scope: Scope) -> list[Resource]:
    found = []
    for volume in raw.get("volumes", []):
        arn = scope.arn("ec2", f"volume/{volume['VolumeId']}")
        found.append(scope.resource("aws_ebs_volume", arn, {
            "id": volume["VolumeId"], "arn": arn, "availability_zone": volume.get("AvailabilityZone", ""),
            "encrypted": bool(volume.get("Encrypted", False)), "kms_key_id": volume.get("KmsKeyId", ""),
            "size": volume.get("Size", 0), "type": volume.get("VolumeType", ""),
            "iops": volume.get("Iops", 0), "throughput": volume.get("Throughput", 0),
            "snapshot_id": volume.get("SnapshotId", ""),
            "multi_attach_enabled": bool(volume.get("MultiAttachEnabled", False)),
            **tagged(volume)}))
    return found


def _encryption_by_default(raw: dict[str, Any], scope: Scope) -> list[Resource]:
    setting = raw.get("ebs_encryption_by_default")
    if setting is None:
        return []
    arn = scope.synthetic_arn("ec2", "aws_ebs_encryption_by_default", scope.region)
    return [scope.resource("aws_ebs_encryption_by_default", arn, {
        "id": scope.region, "enabled": bool(setting.get("EbsEncryptionByDefault", False))})]


def normalise(raw: dict[str, Any], scope: Scope) -> list[Resource]:
    return [*_vpcs(raw, scope), *_subnets(raw, scope), *_security_groups(raw, scope),
            *_flow_logs(raw, scope), *_volumes(raw, scope), *_encryption_by_default(raw, scope)]

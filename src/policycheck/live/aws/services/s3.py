"""S3: buckets and the child resources Terraform configures them with, and the account-level
public access block.

Global: buckets are listed once per account; each bucket's settings are read through a client
of the bucket's own region (``BucketRegion`` of ``ListBuckets``, else ``GetBucketLocation``), and
the bucket and its children are located there. Children have no ARN of their own: their address
is ``arn:aws:s3:REGION:ACCOUNT:<terraform type>/<bucket>`` and their ``bucket`` is a reference
to the bucket. Settings that are not configured (no policy, no lifecycle) produce no child, as in
a Terraform configuration that does not declare one. The account-level block
(``aws_s3_account_public_access_block``, ``arn:aws:s3::ACCOUNT:aws_s3_account_public_access_block/
ACCOUNT``) is read through ``s3control``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from policycheck.live.aws.scope import Scope
from policycheck.model import Reference, Resource

if TYPE_CHECKING:
    from policycheck.live.aws.api import ServiceApi

SERVICE = "s3"
GLOBAL = True
ACTIONS = {
    "ListBuckets": "s3:ListAllMyBuckets",
    "GetBucketLocation": "s3:GetBucketLocation",
    "GetBucketEncryption": "s3:GetEncryptionConfiguration",
    "GetPublicAccessBlock": "s3:GetBucketPublicAccessBlock",
    "GetBucketPolicy": "s3:GetBucketPolicy",
    "GetBucketVersioning": "s3:GetBucketVersioning",
    "GetBucketLifecycleConfiguration": "s3:GetLifecycleConfiguration",
    "GetBucketLogging": "s3:GetBucketLogging",
}
CLIENT_ACTIONS = {"s3control": {"GetPublicAccessBlock": "s3:GetAccountPublicAccessBlock"}}
KINDS = ("aws_s3_bucket", "aws_s3_bucket_server_side_encryption_configuration",
         "aws_s3_bucket_public_access_block", "aws_s3_bucket_policy", "aws_s3_bucket_versioning",
         "aws_s3_bucket_lifecycle_configuration", "aws_s3_bucket_logging",
         "aws_s3_account_public_access_block")
NO_BLOCK = ("NoSuchPublicAccessBlockConfiguration",)
SETTINGS = (
    ("encryption", "GetBucketEncryption", ("ServerSideEncryptionConfigurationNotFoundError",)),
    ("public_access_block", "GetPublicAccessBlock", NO_BLOCK),
    ("policy", "GetBucketPolicy", ("NoSuchBucketPolicy",)),
    ("versioning", "GetBucketVersioning", ()),
    ("lifecycle", "GetBucketLifecycleConfiguration", ("NoSuchLifecycleConfiguration",)),
    ("logging", "GetBucketLogging", ()),
)
"""What is read of each bucket: key in the raw data, operation, "not configured" error codes."""
FLAGS = (("block_public_acls", "BlockPublicAcls"), ("block_public_policy", "BlockPublicPolicy"),
         ("ignore_public_acls", "IgnorePublicAcls"), ("restrict_public_buckets", "RestrictPublicBuckets"))


def _region(api: ServiceApi, bucket: dict[str, Any]) -> str:
    if bucket.get("BucketRegion"):
        return str(bucket["BucketRegion"])
    location = api.call("GetBucketLocation", Bucket=bucket["Name"]).get("LocationConstraint")
    return {None: "us-east-1", "": "us-east-1", "EU": "eu-west-1"}.get(location, str(location))


def collect(api: ServiceApi) -> dict[str, Any]:
    """ListBuckets, then each bucket's settings from its region (S3 has no batch call)."""
    listed = api.paginate("ListBuckets", "Buckets")
    regions = api.map(lambda bucket: _region(api, bucket), listed)
    regional = {region: api.in_region(region) for region in sorted(set(regions))}

    def read(item: tuple[dict[str, Any], str]) -> dict[str, Any]:
        bucket, region = item
        entry: dict[str, Any] = {"name": bucket["Name"], "region": region, "created": bucket.get("CreationDate", "")}
        for key, operation, absent in SETTINGS:
            entry[key] = regional[region].optional(operation, absent=absent, Bucket=bucket["Name"])
        return entry

    buckets = api.map(read, zip(listed, regions, strict=True))
    account_block = api.sibling("s3control").optional("GetPublicAccessBlock", absent=NO_BLOCK,
                                                     AccountId=api.account)
    return {"buckets": buckets, "account_public_access_block": account_block}


def _flags(configuration: dict[str, Any]) -> dict[str, bool]:
    return {name: bool(configuration.get(key, False)) for name, key in FLAGS}


def _encryption(setting: dict[str, Any]) -> dict[str, Any]:
    rules = (setting.get("ServerSideEncryptionConfiguration") or {}).get("Rules") or []
    return {"rule": [{
        "apply_server_side_encryption_by_default": [{
            "sse_algorithm": (r.get("ApplyServerSideEncryptionByDefault") or {}).get("SSEAlgorithm", ""),
            "kms_master_key_id": (r.get("ApplyServerSideEncryptionByDefault") or {}).get("KMSMasterKeyID", "")}],
        "bucket_key_enabled": bool(r.get("BucketKeyEnabled", False))} for r in rules]}


def _lifecycle(setting: dict[str, Any]) -> dict[str, Any]:
    def rule(r: dict[str, Any]) -> dict[str, Any]:
        expiration = r.get("Expiration") or {}
        noncurrent = r.get("NoncurrentVersionExpiration") or {}
        abort = r.get("AbortIncompleteMultipartUpload") or {}
        return {
            "id": r.get("ID", ""), "status": r.get("Status", ""),
            "filter": [{"prefix": (r.get("Filter") or {}).get("Prefix", r.get("Prefix", ""))}],
            "expiration": [{"days": expiration["Days"]}] if "Days" in expiration else [],
            "noncurrent_version_expiration": (
                [{"noncurrent_days": noncurrent["NoncurrentDays"]}] if "NoncurrentDays" in noncurrent else []),
            "abort_incomplete_multipart_upload": (
                [{"days_after_initiation": abort["DaysAfterInitiation"]}] if abort else []),
            "transition": [{"days": t.get("Days"), "storage_class": t.get("StorageClass", "")}
                           for t in r.get("Transitions") or []],
        }
    return {"rule": [rule(r) for r in setting.get("Rules") or []]}


def _children(entry: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """The configured child resources of a bucket: (Terraform type, attributes)."""
    found: list[tuple[str, dict[str, Any]]] = []
    if entry.get("encryption"):
        found.append(("aws_s3_bucket_server_side_encryption_configuration", _encryption(entry["encryption"])))
    if entry.get("public_access_block"):
        found.append(("aws_s3_bucket_public_access_block",
                      _flags(entry["public_access_block"].get("PublicAccessBlockConfiguration") or {})))
    if entry.get("policy") and entry["policy"].get("Policy"):
        found.append(("aws_s3_bucket_policy", {"policy": entry["policy"]["Policy"]}))
    versioning = entry.get("versioning") or {}
    if versioning.get("Status"):
        found.append(("aws_s3_bucket_versioning", {"versioning_configuration": [{
            "status": versioning["Status"], "mfa_delete": versioning.get("MFADelete", "Disabled")}]}))
    if entry.get("lifecycle"):
        found.append(("aws_s3_bucket_lifecycle_configuration", _lifecycle(entry["lifecycle"])))
    logging = (entry.get("logging") or {}).get("LoggingEnabled")
    if logging:
        found.append(("aws_s3_bucket_logging", {"target_bucket": logging.get("TargetBucket", ""),
                                                 "target_prefix": logging.get("TargetPrefix", "")}))
    return found


def _bucket(entry: dict[str, Any], scope: Scope) -> list[Resource]:
    name = str(entry["name"])
    where = scope.at(str(entry.get("region") or "us-east-1"))
    arn = f"arn:{scope.partition}:s3:::{name}"
    found = [where.resource("aws_s3_bucket", arn, {
        "id": name, "arn": arn, "bucket": name, "region": where.region,
        "bucket_domain_name": f"{name}.s3.amazonaws.com", "force_destroy": False,
        "tags": {}, "tags_all": {}})]
    for kind, attributes in _children(entry):
        address = where.synthetic_arn("s3", kind, name)
        found.append(where.resource(kind, address, {"id": name, "bucket": Reference(arn, "id"), **attributes},
                                    references=(arn,)))
    return found


def normalise(raw: dict[str, Any], scope: Scope) -> list[Resource]:
    found = [r for entry in raw.get("buckets", []) for r in _bucket(entry, scope)]
    block = raw.get("account_public_access_block")
    if block:
        account = scope.at("")
        address = account.synthetic_arn("s3", "aws_s3_account_public_access_block", scope.account)
        found.append(account.resource("aws_s3_account_public_access_block", address, {
            "id": scope.account, "account_id": scope.account,
            **_flags(block.get("PublicAccessBlockConfiguration") or {})}))
    return found

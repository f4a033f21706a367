"""Seeding a moto account with boto3: the non-compliant resources of the acceptance scenario,
and the changes that make the same account compliant."""

from __future__ import annotations

import json

from tests.live.aws.conftest import ACCOUNT, REGION, Moto

TRAIL_BUCKET = "acme-trail-logs"
BLOCK_ALL = {"BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True,
             "RestrictPublicBuckets": True}
DATA_BUCKET = "acme-data"


def default_vpc(moto: Moto) -> str:
    vpcs = moto.client("ec2").describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"]
    return str(vpcs[0]["VpcId"])


def non_compliant(moto: Moto) -> dict[str, str]:
    """A public unencrypted database, an SSH-open security group, an unencrypted bucket, a log
    group without retention and a KMS key without rotation; their ARNs by name."""
    ec2 = moto.client("ec2")
    group = ec2.create_security_group(GroupName="ssh-open", Description="ssh", VpcId=default_vpc(moto))["GroupId"]
    ec2.authorize_security_group_ingress(GroupId=group, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
    moto.client("rds").create_db_instance(
        DBInstanceIdentifier="orders", Engine="postgres", DBInstanceClass="db.t3.micro",
        MasterUsername="app", MasterUserPassword="not-a-real-password-1", AllocatedStorage=20,
        PubliclyAccessible=True, StorageEncrypted=False, VpcSecurityGroupIds=[group])
    moto.client("s3").create_bucket(Bucket=DATA_BUCKET)
    moto.client("logs").create_log_group(logGroupName="/app/orders")
    key = moto.client("kms").create_key(Description="orders data")["KeyMetadata"]
    return {
        "group": f"arn:aws:ec2:{REGION}:{ACCOUNT}:security-group/{group}",
        "group_id": group,
        "database": f"arn:aws:rds:{REGION}:{ACCOUNT}:db:orders",
        "bucket": f"arn:aws:s3:::{DATA_BUCKET}",
        "log_group": f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:/app/orders",
        "key": str(key["Arn"]),
        "key_id": str(key["KeyId"]),
    }


def make_compliant(moto: Moto, arns: dict[str, str]) -> None:
    """Fix each seeded problem, and the account-wide settings a high finding needs: EBS
    default encryption, a logging multi-region trail, a parameter group forcing TLS."""
    ec2 = moto.client("ec2")
    ec2.revoke_security_group_ingress(GroupId=arns["group_id"], IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
    ec2.authorize_security_group_ingress(GroupId=arns["group_id"], IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432, "IpRanges": [{"CidrIp": "10.0.0.0/16"}]}])
    ec2.enable_ebs_encryption_by_default()
    rds = moto.client("rds")
    rds.delete_db_instance(DBInstanceIdentifier="orders", SkipFinalSnapshot=True)
    rds.create_db_parameter_group(DBParameterGroupName="orders-tls", DBParameterGroupFamily="postgres16",
                                  Description="force TLS")
    rds.modify_db_parameter_group(DBParameterGroupName="orders-tls", Parameters=[
        {"ParameterName": "rds.force_ssl", "ParameterValue": "1", "ApplyMethod": "immediate"}])
    rds.create_db_instance(
        DBInstanceIdentifier="orders", Engine="postgres", DBInstanceClass="db.t3.micro",
        MasterUsername="app", ManageMasterUserPassword=True, AllocatedStorage=20,
        PubliclyAccessible=False, StorageEncrypted=True, VpcSecurityGroupIds=[arns["group_id"]],
        DBParameterGroupName="orders-tls", BackupRetentionPeriod=14, DeletionProtection=True, MultiAZ=True)
    s3 = moto.client("s3")
    s3.put_bucket_encryption(Bucket=DATA_BUCKET, ServerSideEncryptionConfiguration={"Rules": [
        {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms"}}]})
    s3.put_public_access_block(Bucket=DATA_BUCKET, PublicAccessBlockConfiguration=BLOCK_ALL)
    # the trail's bucket is covered by the account-level block
    moto.client("s3control").put_public_access_block(AccountId=ACCOUNT, PublicAccessBlockConfiguration=BLOCK_ALL)
    moto.client("logs").put_retention_policy(logGroupName="/app/orders", retentionInDays=400)
    moto.client("kms").enable_key_rotation(KeyId=arns["key_id"])
    trail(moto)


def trail(moto: Moto, *, logging: bool = True) -> str:
    s3 = moto.client("s3")
    s3.create_bucket(Bucket=TRAIL_BUCKET)
    s3.put_bucket_policy(Bucket=TRAIL_BUCKET, Policy=json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"}, "Action": "s3:PutObject",
         "Resource": f"arn:aws:s3:::{TRAIL_BUCKET}/*"}]}))
    cloudtrail = moto.client("cloudtrail")
    arn = str(cloudtrail.create_trail(Name="org", S3BucketName=TRAIL_BUCKET, IsMultiRegionTrail=True,
                                      EnableLogFileValidation=True)["TrailARN"])
    if logging:
        cloudtrail.start_logging(Name="org")
    return arn

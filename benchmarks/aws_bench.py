"""Collecting a live AWS account: serial (``--max-workers 1``) against parallel (8 workers).

Seeds a moto server (``ThreadedMotoServer`` on 127.0.0.1) with about 1,000 resources across three
regions, then collects every service with ``policycheck.live.aws.collect`` twice. A botocore
``before-send`` hook (benchmark-only) sleeps 50 ms before every request, standing for the round
trip to a real AWS endpoint; another hook counts the API calls. Prints a Markdown table.

    python benchmarks/aws_bench.py [--latency-ms 50] [--per-region 330]
"""

from __future__ import annotations

import argparse
import os
import threading
import time
from typing import Any

REGIONS = ("us-east-1", "eu-west-1", "ap-southeast-2")


def seed(url: str, per_region: int) -> None:
    """Per region: log groups, security groups with a rule, volumes, KMS keys and S3 buckets in the
    proportions 40/25/20/10/5 % (plus each region's default VPC, subnets and groups)."""
    import boto3

    for region in REGIONS:
        def client(service: str, region: str = region) -> Any:
            return boto3.client(service, region_name=region, endpoint_url=url)

        logs, ec2, kms, s3 = client("logs"), client("ec2"), client("kms"), client("s3")
        vpc = ec2.describe_vpcs()["Vpcs"][0]["VpcId"]
        for n in range(per_region * 40 // 100):
            logs.create_log_group(logGroupName=f"/app/{region}/{n}")
        for n in range(per_region * 25 // 100):
            group = ec2.create_security_group(GroupName=f"g{n}", Description="bench", VpcId=vpc)["GroupId"]
            ec2.authorize_security_group_ingress(GroupId=group, IpPermissions=[
                {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
        for _ in range(per_region * 20 // 100):
            ec2.create_volume(AvailabilityZone=f"{region}a", Size=8)
        for n in range(per_region * 10 // 100):
            kms.create_key(Description=f"k{n}")
        for n in range(per_region * 5 // 100):
            extra = {} if region == "us-east-1" else {"CreateBucketConfiguration": {"LocationConstraint": region}}
            s3.create_bucket(Bucket=f"bench-{region}-{n}", **extra)


class Meter:
    """The benchmark's botocore hooks: a fixed latency before each request, and a call count."""

    def __init__(self, latency: float) -> None:
        self.latency = latency
        self.calls = 0
        self._lock = threading.Lock()

    def before_send(self, **_: Any) -> None:
        time.sleep(self.latency)

    def before_call(self, **_: Any) -> None:
        with self._lock:
            self.calls += 1


def run(workers: int, latency: float) -> tuple[float, int, int]:
    from policycheck.live.aws import AwsOptions, collect

    meter = Meter(latency)
    options = AwsOptions(regions=REGIONS, max_workers=workers,
                         event_hooks=(("before-send", meter.before_send), ("before-call", meter.before_call)))
    start = time.perf_counter()
    collection = collect(options)
    elapsed = time.perf_counter() - start
    assert not collection.not_assessed and not collection.errors, (collection.not_assessed, collection.errors)
    return elapsed, meter.calls, len(collection.resources)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency-ms", type=float, default=50.0)
    parser.add_argument("--per-region", type=int, default=330)
    args = parser.parse_args()
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    url = f"http://{host}:{port}"
    os.environ.update(AWS_ENDPOINT_URL=url, AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing",
                      AWS_DEFAULT_REGION="us-east-1")
    try:
        seed(url, args.per_region)
        rows = [(workers, *run(workers, args.latency_ms / 1000)) for workers in (1, 8)]
    finally:
        server.stop()
    serial = rows[0][1]
    print(f"{rows[0][3]} resources in {len(REGIONS)} regions, {args.latency_ms:g} ms injected per call\n")
    print("| --max-workers | wall time (s) | API calls | calls per resource | speed-up |")
    print("|---:|---:|---:|---:|---:|")
    for workers, elapsed, calls, resources in rows:
        print(f"| {workers} | {elapsed:.2f} | {calls} | {calls / resources:.2f} | {serial / elapsed:.1f}x |")


if __name__ == "__main__":
    main()

"""Least privilege, proven for the aws-more services: against an account holding one resource of
each kind, every API call their collectors make (recorded with a botocore event hook) is a
Describe/List/Get declared in the module's ACTIONS, and every declared action is called."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from policycheck.cli import main
from policycheck.live.aws import AwsOptions, gather
from policycheck.live.aws.scope import Scope
from policycheck.live.aws.services import wafv2
from tests.live.aws.audit import AWS_MORE as MODULES
from tests.live.aws.audit import audit, network, verdicts
from tests.live.aws.conftest import Moto

READ = ("Describe", "List", "Get")
VISIBILITY = {"SampledRequestsEnabled": False, "CloudWatchMetricsEnabled": False, "MetricName": "m"}


def _seed(moto: Moto) -> None:
    vpc, subnets = network(moto)
    elb = moto.client("elbv2")
    lb = elb.create_load_balancer(Name="web", Subnets=subnets)["LoadBalancers"][0]["LoadBalancerArn"]
    group = elb.create_target_group(Name="web", Protocol="HTTP", Port=80, VpcId=vpc)["TargetGroups"][0]
    elb.create_listener(LoadBalancerArn=lb, Protocol="HTTP", Port=80,
                        DefaultActions=[{"Type": "forward", "TargetGroupArn": group["TargetGroupArn"]}])
    moto.client("acm").request_certificate(DomainName="shop.example.com")
    moto.client("wafv2").create_web_acl(Name="main", Scope="REGIONAL", DefaultAction={"Allow": {}},
                                        VisibilityConfig=VISIBILITY, Rules=[])
    moto.client("apigateway").create_rest_api(name="shop")
    http = moto.client("apigatewayv2").create_api(Name="orders", ProtocolType="HTTP")["ApiId"]
    moto.client("apigatewayv2").create_stage(ApiId=http, StageName="prod")
    moto.client("cloudfront").create_distribution(DistributionConfig={
        "CallerReference": "site", "Comment": "", "Enabled": True,
        "Origins": {"Quantity": 1, "Items": [{"Id": "web", "DomainName": "web.example.com",
                                              "CustomOriginConfig": {
                                                  "HTTPPort": 80, "HTTPSPort": 443,
                                                  "OriginProtocolPolicy": "https-only"}}]},
        "DefaultCacheBehavior": {"TargetOriginId": "web", "ViewerProtocolPolicy": "https-only", "MinTTL": 0,
                                 "ForwardedValues": {"QueryString": False, "Cookies": {"Forward": "none"}}}})
    moto.client("iam").create_user(UserName="ci")
    moto.client("iam").create_access_key(UserName="ci")
    moto.client("secretsmanager").create_secret(Name="prod/db", SecretString=json.dumps({"password": "x"}))
    moto.client("efs").create_file_system(CreationToken="shared")
    moto.client("elasticache").create_cache_cluster(CacheClusterId="solo", Engine="memcached",
                                                    CacheNodeType="cache.t3.micro", NumCacheNodes=1)
    moto.client("redshift").create_cluster(ClusterIdentifier="dw", NodeType="dc2.large", MasterUsername="admin",
                                           MasterUserPassword="Passw0rd1", ClusterType="single-node")
    moto.client("opensearch").create_domain(DomainName="search")
    moto.client("dynamodb").create_table(TableName="orders", BillingMode="PAY_PER_REQUEST",
                                         KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                                         AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}])
    moto.client("sqs").create_queue(QueueName="jobs")
    moto.client("sns").create_topic(Name="alerts")
    moto.client("eks").create_cluster(name="prod", roleArn="arn:aws:iam::123456789012:role/eks",
                                      resourcesVpcConfig={"subnetIds": subnets})
    moto.client("ecs").register_task_definition(family="web", containerDefinitions=[
        {"name": "web", "image": "web:1", "memory": 256}])


@pytest.mark.slow
def test_every_call_is_a_declared_read(moto: Moto) -> None:
    _seed(moto)
    calls: set[tuple[str, str]] = set()

    def record(model: Any, **_: Any) -> None:
        calls.add((model.service_model.service_name, model.name))

    raw = gather(AwsOptions(regions=("us-east-1",), services=tuple(m.SERVICE for m in MODULES),
                            event_hooks=(("before-call", record),)))
    assert raw.accounts
    for module in MODULES:
        made = {operation for service, operation in calls if service == module.SERVICE}
        assert made == set(module.ACTIONS), module.SERVICE  # nothing undeclared, nothing unused
        assert all(operation.startswith(READ) for operation in made), module.SERVICE
        assert all(action.split(":", 1)[1].startswith((*READ, "GET")) for action in module.ACTIONS.values())
    assert "GetSecretValue" not in {operation for _, operation in calls}
    # every kind a module produces is one it declares (a NOT ASSESSED service withholds its KINDS)
    (account,) = raw.accounts
    modules = {m.SERVICE: m for m in MODULES}
    produced: dict[str, set[str]] = {}
    for read in account.reads:
        assert read.not_assessed is None or read.service == "wafv2", read.not_assessed  # moto lacks one call
        scope = Scope(account.account, read.region, account.partition)
        produced.setdefault(read.service, set()).update(
            r.kind for r in modules[read.service].normalise(read.data or {}, scope))
    assert all(kinds <= set(modules[service].KINDS) for service, kinds in produced.items())
    assert sum(len(kinds) for kinds in produced.values()) >= 20


@pytest.mark.slow
def test_a_snapshot_of_every_aws_more_service_is_judged_like_the_live_account(
        moto: Moto, capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _seed(moto)
    snapshot = tmp_path / "account.json"
    services = ",".join(m.SERVICE for m in MODULES if m is not wafv2)  # moto lacks one wafv2 call
    code, live = audit(capsys, services, "--snapshot", str(snapshot))
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_ENDPOINT_URL"):
        monkeypatch.delenv(name)
    assert main(["audit", "aws", "--from-snapshot", str(snapshot), "--format", "json", "--show-passed"]) == code
    offline = json.loads(capsys.readouterr().out)
    assert verdicts(offline) == verdicts(live) and len(verdicts(live)) >= 20
    assert code == 1 and live["not_assessed"] == []

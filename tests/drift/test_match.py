"""Matching declared and live resources: keys, coverage, AWS defaults, children, K8s owners,
server-created objects, the ignore file and the summary (hand-built resources)."""

from __future__ import annotations

from typing import Any

from policycheck.drift.engine import summarise
from policycheck.drift.ignore import Ignore, parse_ignore
from policycheck.drift.match import match
from policycheck.drift.sides import AwsSide, K8sSide
from policycheck.model import Location, NotAssessed, Reference, Resource, ResourceGraph, live_location

ACCOUNT = "123456789012"


def live(kind: str, arn: str, region: str = "us-east-1", **attributes: Any) -> Resource:
    return Resource(kind, arn, "aws", {"arn": arn, **attributes}, live_location("aws", ACCOUNT, region),
                    root=f"aws://{ACCOUNT}")


def declared(kind: str, address: str, **attributes: Any) -> Resource:
    return Resource(kind, address, "tf", attributes, Location("prod.tfstate", 3, 3), root="prod.tfstate")


def aws_side(resources: list[Resource], *kinds: str, region: str = "us-east-1",
             gaps: tuple[NotAssessed, ...] = ()) -> AwsSide:
    return AwsSide({(ACCOUNT, region, k) for k in kinds}, gaps, ResourceGraph(resources))


def test_aws_matches_by_type_and_id_then_arn_and_sorts_the_rest() -> None:
    db = live("aws_db_instance", f"arn:aws:rds:us-east-1:{ACCOUNT}:db:orders", id="orders")
    renamed = live("aws_kms_key", f"arn:aws:kms:us-east-1:{ACCOUNT}:key/k1", id="k1")
    stray = live("aws_db_instance", f"arn:aws:rds:us-east-1:{ACCOUNT}:db:tmp", id="tmp")
    default_vpc = live("aws_default_vpc", f"arn:aws:ec2:us-east-1:{ACCOUNT}:vpc/vpc-1", id="vpc-1")
    everything = [db, renamed, stray, default_vpc]
    side = aws_side(everything, "aws_db_instance", "aws_kms_key", "aws_vpc", "aws_default_vpc")
    state = [declared("aws_db_instance", "aws_db_instance.orders", id="orders"),
             declared("aws_kms_key", "aws_kms_key.main", id="other", arn=renamed.address),
             declared("aws_db_instance", "aws_db_instance.gone", id="gone",
                      arn=f"arn:aws:rds:us-east-1:{ACCOUNT}:db:gone"),
             declared("aws_db_instance", "aws_db_instance.eu", id="eu",
                      arn=f"arn:aws:rds:eu-west-1:{ACCOUNT}:db:eu"),
             declared("aws_route53_zone", "aws_route53_zone.main", id="Z1")]
    result = match(state, everything, side, Ignore([]))
    assert [(p.declared.address, p.live.address) for p in result.pairs] == [
        ("aws_db_instance.orders", db.address), ("aws_kms_key.main", renamed.address)]
    assert [r.address for r in result.missing] == ["aws_db_instance.gone"]
    # another region and an uncollected type are neither missing nor managed
    assert [r.address for r in result.uncovered] == ["aws_db_instance.eu", "aws_route53_zone.main"]
    assert result.unmanaged == [stray]
    assert result.defaults == [(default_vpc, "an AWS default of the account")]
    assert summarise(result, set()).as_dict() == {"managed": 2, "missing": 1, "unmanaged": 1, "drifted": 0,
                                                  "live": 3, "ignored": 0, "coverage": 66.7}


def test_a_declared_default_vpc_is_matched_like_any_other() -> None:
    vpc = live("aws_default_vpc", f"arn:aws:ec2:us-east-1:{ACCOUNT}:vpc/vpc-1", id="vpc-1")
    result = match([declared("aws_default_vpc", "aws_default_vpc.this", id="vpc-1")], [vpc],
                   aws_side([vpc], "aws_default_vpc"), Ignore([]))
    assert len(result.pairs) == 1 and not result.defaults


def test_aws_defaults_marked_by_attribute() -> None:
    keys = [live("aws_kms_key", f"arn:aws:kms:us-east-1:{ACCOUNT}:key/a", id="a", key_manager="AWS"),
            live("aws_iam_role", f"arn:aws:iam::{ACCOUNT}:role/aws-service-role/rds/R", "",
                 id="R", path="/aws-service-role/rds.amazonaws.com/"),
            live("aws_db_parameter_group", f"arn:aws:rds:us-east-1:{ACCOUNT}:pg:default.postgres16",
                 id="default.postgres16", name="default.postgres16")]
    result = match([], keys, aws_side(keys), Ignore([]))
    assert not result.unmanaged and len(result.defaults) == 3


def test_children_follow_their_parent() -> None:
    managed = live("aws_s3_bucket", "arn:aws:s3:::acme-logs", id="acme-logs")
    stray = live("aws_s3_bucket", "arn:aws:s3:::acme-tmp", id="acme-tmp")
    children = [live("aws_s3_bucket_public_access_block", f"arn:aws:s3:us-east-1:{ACCOUNT}:pab/{b.attributes['id']}",
                     id=b.attributes["id"], bucket=Reference(b.address, "id")) for b in (managed, stray)]
    by_name = live("aws_iam_role_policy_attachment", f"arn:aws:iam::{ACCOUNT}:attachment/x", "", id="x", role="app")
    role = live("aws_iam_role", f"arn:aws:iam::{ACCOUNT}:role/app", "", id="app", name="app")
    everything = [managed, stray, *children, role, by_name]
    result = match([declared("aws_s3_bucket", "aws_s3_bucket.logs", id="acme-logs"),
                    declared("aws_iam_role", "aws_iam_role.app", id="app")],
                   everything, aws_side(everything), Ignore([]))
    assert result.attached == [children[0], by_name]
    assert result.folded == [children[1]]
    assert result.unmanaged == [stray]
    assert result.managed == 4 and result.live == 5


def test_not_assessed_types_are_never_missing() -> None:
    gap = NotAssessed("aws", ACCOUNT, "us-east-1", "rds", "DescribeDBInstances", "rds:DescribeDBInstances",
                      "AccessDenied", ("aws_db_instance",))
    side = aws_side([], "aws_db_instance", gaps=(gap,))
    result = match([declared("aws_db_instance", "aws_db_instance.a", id="a")], [], side, Ignore([]))
    assert not result.missing and len(result.uncovered) == 1


def k8s(kind: str, name: str, namespace: str = "shop", **extra: Any) -> Resource:
    attributes = {"apiVersion": "v1", "kind": kind, "metadata": {"name": name, "namespace": namespace, **extra}}
    return Resource(kind, f"prod/{namespace}/{kind}/{name}", "cluster", attributes,
                    live_location("cluster", "prod", namespace), root="k8s://prod")


def manifest(kind: str, name: str, namespace: str | None = None) -> Resource:
    metadata = {"name": name, **({"namespace": namespace} if namespace else {})}
    return Resource(kind, f"{kind}/{namespace or 'default'}/{name}", "k8s",
                    {"kind": kind, "metadata": metadata}, Location("k8s/app.yaml", 1, 9))


def test_kubernetes_owners_defaults_and_namespaces() -> None:
    deployment, debug = k8s("Deployment", "api"), k8s("Deployment", "debug")
    replica_set = k8s("ReplicaSet", "api-1",
                      ownerReferences=[{"kind": "Deployment", "name": "api", "controller": True}])
    pod = k8s("Pod", "api-1-x", ownerReferences=[{"kind": "ReplicaSet", "name": "api-1", "controller": True}])
    server = [k8s("ServiceAccount", "default"), k8s("ConfigMap", "kube-root-ca.crt")]
    everything = [deployment, debug, replica_set, pod, *server]
    side = K8sSide(frozenset({"Deployment", "ReplicaSet", "Pod", "ServiceAccount", "ConfigMap", "NetworkPolicy"}),
                   ("shop",), (), (), {replica_set.address: deployment.address, pod.address: replica_set.address},
                   default_namespace="shop", graph=ResourceGraph(everything))
    result = match([manifest("Deployment", "api"), manifest("NetworkPolicy", "deny", "shop"),
                    manifest("NetworkPolicy", "other", "payments")], everything, side, Ignore([]))
    assert [p.live for p in result.pairs] == [deployment]  # no namespace: the --namespace given
    assert result.attached == [replica_set, pod]
    assert [r.address for r in result.missing] == ["NetworkPolicy/shop/deny"]
    assert [r.address for r in result.uncovered] == ["NetworkPolicy/payments/other"]
    assert result.unmanaged == [debug] and len(result.defaults) == 2


def test_ignore_file_patterns_reasons_and_negation() -> None:
    rules, warnings = parse_ignore(
        "# scratch space\n"
        "arn:aws:s3:::tmp-*   # temporary exports\n"
        "!arn:aws:s3:::tmp-keep # ours\n"
        "module.legacy.**  # being migrated\n"
        "Deployment/monitoring/*\n", ".policycheck-driftignore")
    ignore = Ignore(rules)
    assert warnings == [".policycheck-driftignore:5: Deployment/monitoring/* has no reason "
                        "(write `Deployment/monitoring/* # why`)"]
    assert ignore.matches(["arn:aws:s3:::tmp-1"]) and not ignore.matches(["arn:aws:s3:::tmp-keep"])
    assert ignore.matches(['module.legacy.module.x.aws_s3_bucket.b["a"]'])
    assert ignore.matches(["Deployment/monitoring/grafana"])
    assert not ignore.matches(["Deployment/monitoring/a/b"]) and not ignore.matches(["aws_s3_bucket.logs"])
    bucket = live("aws_s3_bucket", "arn:aws:s3:::tmp-1", id="tmp-1")
    result = match([], [bucket], aws_side([bucket]), ignore)
    assert result.ignored == [bucket] and not result.unmanaged
    assert summarise(result, set()).ignored == 1

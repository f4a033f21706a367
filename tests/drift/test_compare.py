"""What PC-DRIFT-003 compares: resolved references, empties, set-like lists, unknowns, secrets,
Kubernetes quantities and HPA-scaled replicas."""

from __future__ import annotations

from policycheck.drift._plan import Sensitive
from policycheck.drift.compare import aws_view, differences, k8s_differences, k8s_view, quantity
from policycheck.model import Location, Reference, Resource, ResourceGraph, Unknown


def resource(kind: str, address: str, **attributes: object) -> Resource:
    return Resource(kind, address, "aws", attributes, Location("aws://1/us-east-1", 0, 0))


def test_references_empties_sets_and_unknowns() -> None:
    group = resource("aws_security_group", "arn:sg", id="sg-1")
    live = resource("aws_db_instance", "arn:db", vpc_security_group_ids=[Reference("arn:sg", "id")],
                    enabled_cloudwatch_logs_exports=["upgrade", "postgresql"], kms_key_id="", port=5432,
                    only_live=True)
    declared = resource("aws_db_instance", "aws_db_instance.db", vpc_security_group_ids=["sg-1"],
                        enabled_cloudwatch_logs_exports=["postgresql", "upgrade"], kms_key_id=None,
                        port=Unknown("known after apply"), only_declared=1)
    assert differences(aws_view(declared, ResourceGraph([declared])),
                       aws_view(live, ResourceGraph([live, group]))) == []
    changed = resource("aws_db_instance", "arn:db", vpc_security_group_ids=["sg-2"])
    found = differences(aws_view(declared, ResourceGraph([declared])), aws_view(changed, ResourceGraph([changed])))
    assert [(c.path, c.before, c.after) for c in found] == [("vpc_security_group_ids.0", '"sg-1"', '"sg-2"')]


def test_secrets_are_never_shown() -> None:
    found = differences({"password": Sensitive("hunter2-long")}, {"password": "changed-by-hand"})
    assert [c.path for c in found] == ["password"]
    assert "hunt" not in str(found) and "chan" not in str(found)


def test_quantities_compare_by_value() -> None:
    assert quantity("1000m") == quantity(1) == quantity("1")
    assert quantity("1Gi") == quantity("1024Mi") and quantity("1G") != quantity("1Gi")
    declared = {"container[a]": {"resources": {"limits": {"cpu": "1", "memory": "1Gi"}}}}
    same = {"container[a]": {"resources": {"limits": {"cpu": "1000m", "memory": "1024Mi"}}}}
    assert k8s_differences(declared, same) == []
    lower = {"container[a]": {"resources": {"limits": {"cpu": "500m", "memory": "1Gi"}}}}
    assert [(c.path, c.before, c.after) for c in k8s_differences(declared, lower)] == [
        ("container[a].resources.limits.cpu", '"1"', '"500m"')]


def deployment(replicas: int | None, image: str) -> dict[str, object]:
    spec: dict[str, object] = {"template": {"spec": {"containers": [{"name": "app", "image": image}]}}}
    if replicas is not None:
        spec["replicas"] = replicas
    return {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "app"}, "spec": spec}


def test_kubernetes_view_replicas_and_hpa() -> None:
    assert k8s_view(deployment(None, "a:1"))["replicas"] == 1  # the API server's default
    changed = k8s_differences(k8s_view(deployment(2, "a:1")), k8s_view(deployment(5, "a:2")))
    assert sorted(c.path for c in changed) == ["container[app].image", "replicas"]
    scaled = k8s_differences(k8s_view(deployment(2, "a:1"), scaled_by_hpa=True),
                             k8s_view(deployment(5, "a:1"), scaled_by_hpa=True))
    assert scaled == []

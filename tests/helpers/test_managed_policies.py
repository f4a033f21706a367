from policycheck.helpers.managed_policies import ADMINISTRATOR_ACCESS, aws_managed_name, judge_managed
from policycheck.model import Location, Resource, ResourceGraph, Unknown, Verdict


def _attachment(arn: object) -> Resource:
    return Resource("aws_iam_role_policy_attachment", "aws_iam_role_policy_attachment.a", "tf",
                    {"policy_arn": arn}, Location("main.tf", 1, 3))


def test_aws_managed_name_in_every_partition() -> None:
    for partition in ("aws", "aws-cn", "aws-us-gov"):
        arn = f"arn:{partition}:iam::aws:policy/AdministratorAccess"
        assert aws_managed_name(arn) == ADMINISTRATOR_ACCESS
    assert aws_managed_name("arn:aws:iam::aws:policy/job-function/ViewOnlyAccess") == "ViewOnlyAccess"
    assert aws_managed_name("arn:aws:iam::123456789012:policy/AdministratorAccess") is None
    assert aws_managed_name("arn:aws-eu:iam::aws:policy/AdministratorAccess") is None


def test_judge_managed_verdicts() -> None:
    names = frozenset({ADMINISTRATOR_ACCESS})
    graph = ResourceGraph([])
    verdicts = [
        [r.verdict for r in judge_managed(_attachment(arn), graph, names, "admin")]
        for arn in ("arn:aws:iam::aws:policy/AdministratorAccess",
                    "arn:aws:iam::aws:policy/ReadOnlyAccess", Unknown("var.x has no value"))
    ]
    assert verdicts == [[Verdict.FAIL], [Verdict.PASS], [Verdict.UNKNOWN]]
    role = Resource("aws_iam_role", "aws_iam_role.r", "tf", {}, Location("main.tf", 1, 3))
    assert list(judge_managed(role, graph, names, "admin")) == []

from __future__ import annotations

from typing import Any

from policycheck.helpers import s3
from policycheck.model import (
    Location,
    Reference,
    Resource,
    ResourceGraph,
    Result,
    Unknown,
    Verdict,
)


def tf(kind: str, name: str, line: int = 1, source: str = "tf", **attributes: Any) -> Resource:
    return Resource(kind, f"{kind}.{name}", source, attributes, Location("main.tf", line, line + 5),
                    attribute_lines={k: line + 1 for k in attributes})


def ref(bucket: Resource, attribute: str = "id") -> Reference:
    return Reference(bucket.address, attribute)


BUCKET = tf(s3.BUCKET, "b", bucket="acme-data")


def test_link_by_reference_and_by_literal_name() -> None:
    other = tf(s3.BUCKET, "other", bucket="acme-other")
    graph = ResourceGraph([BUCKET, other])
    by_id = tf(s3.PUBLIC_ACCESS_BLOCK, "a", bucket=ref(BUCKET))
    by_name_attr = tf(s3.PUBLIC_ACCESS_BLOCK, "b", bucket=ref(BUCKET, "bucket"))
    by_literal = tf(s3.PUBLIC_ACCESS_BLOCK, "c", bucket="acme-data")
    assert s3.link(by_id, BUCKET, graph) is True
    assert s3.link(by_name_attr, BUCKET, graph) is True
    assert s3.link(by_literal, BUCKET, graph) is True
    assert s3.link(by_id, other, graph) is False
    assert s3.link(by_literal, other, graph) is False


def test_literal_link_to_a_bucket_with_an_unknown_or_computed_name_is_undecided() -> None:
    unknown_name = tf(s3.BUCKET, "u", bucket=Unknown("var.name has no value"))
    computed = tf(s3.BUCKET, "c", bucket=Reference("random_pet.p", "id"))
    unnamed = tf(s3.BUCKET, "n")
    literal = tf(s3.PUBLIC_ACCESS_BLOCK, "p", bucket="acme-data")
    graph = ResourceGraph([unknown_name, computed, unnamed, literal])
    undecided = s3.link(literal, unknown_name, graph)
    assert isinstance(undecided, Unknown)
    assert "var.name has no value" in undecided.reason
    assert isinstance(s3.link(literal, computed, graph), Unknown)
    assert s3.link(literal, unnamed, graph) is False
    by_reference = tf(s3.PUBLIC_ACCESS_BLOCK, "r", bucket=ref(unknown_name))
    assert s3.link(by_reference, unknown_name, graph) is True


def test_companion_with_unknown_bucket_may_link_to_any_bucket() -> None:
    companion = tf(s3.PUBLIC_ACCESS_BLOCK, "p", bucket=Unknown("var.bucket has no value"))
    linked = s3.link(companion, BUCKET, ResourceGraph([BUCKET, companion]))
    assert isinstance(linked, Unknown)
    assert "var.bucket has no value" in linked.reason


def test_companions_keep_linked_and_undecided_of_the_kind_and_source() -> None:
    linked = tf(s3.LIFECYCLE_CONFIGURATION, "l", bucket=ref(BUCKET))
    maybe = tf(s3.LIFECYCLE_CONFIGURATION, "m", bucket=Unknown("var.b"))
    elsewhere = tf(s3.LIFECYCLE_CONFIGURATION, "e", bucket="another")
    planned = tf(s3.LIFECYCLE_CONFIGURATION, "p", source="plan", bucket="acme-data")
    wrong_kind = tf(s3.BUCKET_POLICY, "w", bucket=ref(BUCKET))
    graph = ResourceGraph([BUCKET, linked, maybe, elsewhere, planned, wrong_kind])
    found = s3.companions(BUCKET, graph, s3.LIFECYCLE_CONFIGURATION)
    assert [(c.address, isinstance(link, Unknown)) for c, link in found] == [
        (linked.address, False), (maybe.address, True)]


def test_companions_in_graph_order_whatever_names_the_bucket() -> None:
    bucket = tf(s3.BUCKET, "u", bucket=Unknown("var.name has no value"))
    known = tf(s3.BUCKET, "k", bucket="acme-known")
    stranger = tf(s3.PUBLIC_ACCESS_BLOCK, "s", bucket="acme-stranger")
    by_ref = tf(s3.PUBLIC_ACCESS_BLOCK, "r", bucket=ref(bucket))
    for_known = tf(s3.PUBLIC_ACCESS_BLOCK, "k", bucket="acme-known")
    partly_unknown = tf(s3.PUBLIC_ACCESS_BLOCK, "p", bucket=["acme-known", Unknown("var.b")])
    listed = tf(s3.PUBLIC_ACCESS_BLOCK, "l", bucket=["x", ref(bucket)])
    graph = ResourceGraph([bucket, known, stranger, by_ref, for_known, partly_unknown, listed])
    found = s3.companions(bucket, graph, s3.PUBLIC_ACCESS_BLOCK)
    assert [(c, isinstance(linked, Unknown)) for c, linked in found] == [
        (stranger, True), (by_ref, False), (partly_unknown, True), (listed, False)]
    assert [c for c, _ in s3.companions(known, graph, s3.PUBLIC_ACCESS_BLOCK)] == [
        for_known, partly_unknown]


def test_companions_are_looked_up_in_the_graph_given() -> None:
    companion = tf(s3.PUBLIC_ACCESS_BLOCK, "a", bucket=ref(BUCKET))
    assert [c for c, _ in s3.companions(BUCKET, ResourceGraph([BUCKET, companion]),
                                        s3.PUBLIC_ACCESS_BLOCK)] == [companion]
    assert s3.companions(BUCKET, ResourceGraph([BUCKET]), s3.PUBLIC_ACCESS_BLOCK) == []


def test_account_public_access_blocks_are_those_of_the_same_source() -> None:
    account = tf(s3.ACCOUNT_PUBLIC_ACCESS_BLOCK, "a")
    live = tf(s3.ACCOUNT_PUBLIC_ACCESS_BLOCK, "a", source="aws")
    graph = ResourceGraph([BUCKET, account, live])
    assert s3.account_public_access_blocks(graph, BUCKET) == [account]


def test_inline_setting_judges_the_legacy_attribute() -> None:
    judge = s3.inline_setting("lifecycle_rule")
    assert judge(tf(s3.BUCKET, "x")) is None
    assert judge(tf(s3.BUCKET, "x", lifecycle_rule=[])) is None
    set_inline = judge(tf(s3.BUCKET, "x", lifecycle_rule=[{"enabled": True}]))
    assert set_inline is not None
    assert (set_inline.verdict, set_inline.path) == (Verdict.PASS, "lifecycle_rule")
    unknown = judge(tf(s3.BUCKET, "x", lifecycle_rule=Unknown("dynamic block")))
    assert unknown is not None
    assert unknown.verdict is Verdict.UNKNOWN


def judge_lifecycle(bucket: Resource, *companions: Resource) -> Result:
    graph = ResourceGraph([bucket, *companions])
    return s3.judge_bucket(bucket, graph, s3.LIFECYCLE_CONFIGURATION, missing="none",
                           inline=s3.inline_setting("lifecycle_rule"))


def test_judge_bucket_fails_with_the_missing_message_when_nothing_configures_it() -> None:
    result = judge_lifecycle(BUCKET, tf(s3.LIFECYCLE_CONFIGURATION, "x", bucket="another"))
    assert (result.verdict, result.message, result.location) == (Verdict.FAIL, "none", None)


def test_judge_bucket_passes_on_inline_or_linked_companion() -> None:
    inline = judge_lifecycle(tf(s3.BUCKET, "i", lifecycle_rule=[{"id": "r"}]))
    assert (inline.verdict, inline.path) == (Verdict.PASS, "lifecycle_rule")
    companion = tf(s3.LIFECYCLE_CONFIGURATION, "l", line=20, bucket=ref(BUCKET))
    linked = judge_lifecycle(BUCKET, companion)
    assert linked.verdict is Verdict.PASS
    assert linked.location == companion.location
    assert companion.address in linked.message


def test_judge_bucket_is_unknown_for_an_undecided_link_unless_a_linked_one_passes() -> None:
    maybe = tf(s3.LIFECYCLE_CONFIGURATION, "m", bucket=Unknown("var.b has no value"))
    undecided = judge_lifecycle(BUCKET, maybe)
    assert undecided.verdict is Verdict.UNKNOWN
    assert maybe.address in undecided.message
    assert "var.b has no value" in undecided.message
    sure = tf(s3.LIFECYCLE_CONFIGURATION, "s", bucket=ref(BUCKET))
    assert judge_lifecycle(BUCKET, maybe, sure).verdict is Verdict.PASS


def flags_on(resource: Resource) -> Result:
    if resource.get("on") is True:
        return Result(Verdict.PASS, "on")
    return Result(Verdict.FAIL, f"{resource.address} is off", "on")


def test_judge_bucket_locates_a_linked_companions_failure_on_the_companion() -> None:
    off = tf(s3.PUBLIC_ACCESS_BLOCK, "off", line=30, bucket=ref(BUCKET), on=False)
    maybe_off = tf(s3.PUBLIC_ACCESS_BLOCK, "maybe", line=40, bucket=Unknown("v"), on=False)
    graph = ResourceGraph([BUCKET, maybe_off, off])
    result = s3.judge_bucket(BUCKET, graph, s3.PUBLIC_ACCESS_BLOCK, missing="none",
                             judge=flags_on)
    assert (result.verdict, result.message) == (Verdict.FAIL, f"{off.address} is off")
    assert result.location is not None
    assert result.location.line == 31
    assert result.path is None


def test_judge_bucket_counts_account_wide_resources_as_linked() -> None:
    account = tf(s3.ACCOUNT_PUBLIC_ACCESS_BLOCK, "a", line=50, on=True)
    off = tf(s3.PUBLIC_ACCESS_BLOCK, "off", bucket=ref(BUCKET), on=False)
    graph = ResourceGraph([BUCKET, off, account])
    result = s3.judge_bucket(BUCKET, graph, s3.PUBLIC_ACCESS_BLOCK, missing="none",
                             judge=flags_on, account=[account])
    assert result.verdict is Verdict.PASS
    assert result.location == account.location


def test_judge_bucket_reports_a_linked_candidates_unknown() -> None:
    def unknown_judge(resource: Resource) -> Result:
        return Result(Verdict.UNKNOWN, "policy not known", "policy")

    companion = tf(s3.BUCKET_POLICY, "p", line=60, bucket=ref(BUCKET), policy="x")
    result = s3.judge_bucket(BUCKET, ResourceGraph([BUCKET, companion]), s3.BUCKET_POLICY,
                             missing="none", judge=unknown_judge)
    assert (result.verdict, result.message) == (Verdict.UNKNOWN, "policy not known")
    assert result.location is not None
    assert result.location.line == 61


def test_literal_naming_another_scanned_bucket_cannot_be_the_unknown_named_bucket() -> None:
    unknown_name = tf(s3.BUCKET, "u", bucket=Unknown("var.name has no value"))
    other_unknown = tf(s3.BUCKET, "v", bucket=Unknown("var.other has no value"))
    known = tf(s3.BUCKET, "k", bucket="acme-known")
    for_known = tf(s3.PUBLIC_ACCESS_BLOCK, "a", bucket="acme-known")
    for_stranger = tf(s3.PUBLIC_ACCESS_BLOCK, "b", bucket="acme-stranger")
    graph = ResourceGraph([unknown_name, other_unknown, known, for_known, for_stranger])
    assert s3.link(for_known, unknown_name, graph) is False
    assert isinstance(s3.link(for_stranger, unknown_name, graph), Unknown)

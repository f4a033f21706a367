"""Declarative YAML policies: loading, validation errors with lines, and their verdicts."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from policycheck.engine.policy import ANY_KIND, Policy
from policycheck.engine.registry import Registry, policy_files
from policycheck.engine.runner import Selection, run_policies
from policycheck.model import Location, Reference, Resource, ResourceGraph, Unknown, Verdict

Write = Callable[[str, str], Path]

HEAD = """\
id: PC-ACME-001
title: Demo
severity: medium
sources: [tf]
kinds: [aws_s3_bucket]
"""


def load(path: Path) -> Registry:
    registry = Registry()
    registry.load_file(path)
    return registry


def only(registry: Registry) -> Policy:
    assert registry.errors == []
    (policy,) = registry
    return policy


LINES = {"tags": 3, "tags.team": 4, "ingress.0": 5, "ingress.0.cidr_blocks": 6, "ingress.1": 7}


def bucket(kind: str = "aws_s3_bucket", **attributes: object) -> Resource:
    resource = Resource(kind, f"{kind}.x", "tf", attributes, Location("main.tf", 1, 9))
    resource.attribute_lines = {k: v for k, v in LINES.items() if resource.get(k) is not None}
    return resource


def verdicts(policy: Policy, *resources: Resource, **params: object
             ) -> list[tuple[str, int, str]]:
    outcome = run_policies(ResourceGraph(resources),
                           Selection([policy], params={policy.id: params}))
    assert outcome.errors == []
    return [(f.verdict.value, f.location.line, f.message) for f in outcome.findings]


def test_metadata_doc_and_origin(write: Write) -> None:
    path = write("rules/tag.yaml", HEAD + """\
        checklist: compliance-and-governance/data-governance
        related: CKV_AWS_1
        require: {attribute: tags.cost-center, operator: exists}
        doc: |
          ## What
          Flags buckets.

          ## Fix
          Add the tag.
        """.replace("        ", ""))
    registry = load(path)
    assert registry.errors[0].message.startswith("PC-ACME-001: unknown checklist item")
    path.write_text(path.read_text().replace("compliance-and-governance/data-governance",
                                             "data-protection/data-encryption-at-rest-enabled"))
    policy = only(load(path))
    assert (policy.id, policy.title, str(policy.severity), policy.sources, policy.kinds) == (
        "PC-ACME-001", "Demo", "medium", ("tf",), ("aws_s3_bucket",))
    assert policy.related == ("CKV_AWS_1",)
    assert (policy.file, policy.line) == (str(path), 1)
    assert policy.doc.startswith("## What\nFlags buckets.")
    assert policy.remediation == "Add the tag."


def test_require_exists_fails_at_the_nearest_located_parent(write: Write) -> None:
    policy = only(load(write("p.yaml", HEAD + """\
        require:
          attribute: tags.cost-center
          operator: exists
          message: "{path} is {value}: every bucket needs a cost-center tag"
        """.replace("        ", ""))))
    assert verdicts(policy, bucket(tags={"team": "shop"}), bucket(), bucket(
        tags={"cost-center": "42"})) == [
        ("fail", 3, "tags.cost-center is unset: every bucket needs a cost-center tag"),
        ("fail", 1, "tags.cost-center is unset: every bucket needs a cost-center tag"),
        ("pass", 3, 'tags.cost-center is "42"'),
    ]


def test_wildcards_judge_each_value_and_unknowns_become_unknown(write: Write) -> None:
    policy = only(load(write("p.yaml", HEAD + """\
        require: {attribute: ingress.*.cidr_blocks.*, operator: not-in, value: ["0.0.0.0/0", "::/0"]}
        """.replace("        ", ""))))
    open_rule = {"cidr_blocks": ["10.0.0.0/8", "0.0.0.0/0"]}
    unknown_rule = {"cidr_blocks": [Unknown("var.cidr has no value")]}
    assert verdicts(policy, bucket(ingress=[open_rule, unknown_rule])) == [
        ("fail", 6, 'ingress.0.cidr_blocks.1 is "0.0.0.0/0"; it must not be one of '
                    '["0.0.0.0/0", "::/0"]'),
        ("unknown", 7, "ingress.1.cidr_blocks.0 is not known (var.cidr has no value)"),
    ]
    assert verdicts(policy, bucket(ingress=[{"cidr_blocks": ["10.0.0.0/8"]}])) == [
        ("pass", 6, "ingress.0.cidr_blocks.0 is \"10.0.0.0/8\"")]
    assert [v[0] for v in verdicts(policy, bucket())] == ["pass"]


def test_when_limits_the_resources_judged_and_default_fills_absent_values(write: Write) -> None:
    policy = only(load(write("p.yaml", HEAD + """\
        when:
          - {attribute: key_usage, operator: equals, value: ENCRYPT_DECRYPT, default: ENCRYPT_DECRYPT}
        require: {attribute: enable_key_rotation, operator: equals, value: true}
        """.replace("        ", ""))))
    assert verdicts(policy, bucket(), bucket(key_usage="SIGN_VERIFY"),
                    bucket(key_usage=Unknown("var.usage has no value"), enable_key_rotation=True),
                    bucket(enable_key_rotation="true")) == [
        ("fail", 1, "enable_key_rotation is unset; it must equal true"),
        ("pass", 1, 'not applicable: key_usage is "SIGN_VERIFY" and does not equal '
                    '"ENCRYPT_DECRYPT"'),
        ("unknown", 1, "key_usage is not known (var.usage has no value)"),
        ("pass", 1, 'enable_key_rotation is "true"'),
    ]


def test_default_is_shown_in_messages(write: Write) -> None:
    policy = only(load(write("p.yaml", HEAD + """\
        require: {attribute: versioning, operator: equals, value: true, default: false}
        """.replace("        ", ""))))
    assert verdicts(policy, bucket()) == [
        ("fail", 1, "versioning is unset (default false); it must equal true")]


def test_parameters_feed_values_and_config_overrides_them(write: Write) -> None:
    policy = only(load(write("p.yaml", HEAD + """\
        params: {min_days: 7}
        require: {attribute: retention, operator: greater-or-equal, value: {param: min_days}}
        """.replace("        ", ""))))
    assert policy.params == {"min_days": 7}
    assert [v[0] for v in verdicts(policy, bucket(retention=10))] == ["pass"]
    assert verdicts(policy, bucket(retention=10), min_days=14) == [
        ("fail", 1, "retention is 10; it must be at least 14")]


def test_reference_is_set_but_its_value_is_unknown(write: Write) -> None:
    exists = only(load(write("a.yaml", HEAD + "require: {attribute: kms, operator: exists}\n")))
    equals = only(load(write("b.yaml", HEAD + "require: {attribute: kms, operator: equals, "
                             "value: alias/x}\n")))
    resource = bucket(kms=Reference("aws_kms_key.k", "arn"))
    assert [v[0] for v in verdicts(exists, resource)] == ["pass"]
    assert verdicts(equals, resource) == [
        ("unknown", 1, "kms is not known (aws_kms_key.k.arn is known only after apply)")]


def test_secret_looking_values_are_never_printed(write: Write) -> None:
    policy = only(load(write("p.yaml", HEAD + """\
        require: {attribute: master_password, operator: not-exists}
        """.replace("        ", ""))))
    ((verdict, _, message),) = verdicts(policy, bucket(master_password="hunter2-very-secret"))
    assert verdict == "fail"
    assert "hunter2" not in message
    assert "<redacted>" in message


def test_kind_globs_judge_matching_kinds_only(write: Write) -> None:
    policy = only(load(write("p.yaml", HEAD.replace("[aws_s3_bucket]", '["aws_s3_*", aws_sqs_queue]')
                             + "require: {attribute: tags.owner, operator: exists}\n")))
    assert policy.kinds == (ANY_KIND,)
    judged = verdicts(policy, bucket("aws_s3_bucket"), bucket("aws_sqs_queue"),
                      bucket("aws_iam_role"), bucket("aws_s3_bucket_policy"))
    assert [v[0] for v in judged] == ["fail", "fail", "fail"]


def test_several_documents_several_policies(write: Write) -> None:
    second = HEAD.replace("PC-ACME-001", "PC-ACME-002")
    registry = load(write("p.yaml", HEAD + "require: {attribute: a, operator: exists}\n---\n"
                          + second + "require: [{attribute: a, operator: exists}, "
                          "{attribute: b, operator: not-exists}]\n"))
    assert registry.errors == []
    assert [p.id for p in registry] == ["PC-ACME-001", "PC-ACME-002"]
    assert registry.policies["PC-ACME-002"].line == 8


@pytest.mark.parametrize(("body", "line", "message"), [
    ("require: {attribute: a, operator: eq}\n", 6,
     "PC-ACME-001: require: operator must be one of equals, not-equals"),
    ("require:\n  - {attribute: a, operator: exists}\n  - {attribute: a, operator: in, value: x}\n",
     8, "PC-ACME-001: require.1: in needs a list of values"),
    ("require: {attribute: a, operator: exists, value: 1}\n", 6,
     "PC-ACME-001: require: exists takes no value"),
    ("require: {attribute: a, operator: equals}\n", 6, "PC-ACME-001: require: equals needs a value"),
    ("require: {attribute: a, operator: matches, value: '(unclosed'}\n", 6,
     "PC-ACME-001: require: invalid regex '(unclosed'"),
    ("require: {attribute: 'a..b', operator: exists}\n", 6,
     "PC-ACME-001: require: attribute 'a..b' has an empty segment"),
    ("require: {attribute: a, operator: greater-or-equal, value: {param: nope}}\n", 6,
     "PC-ACME-001: require: no parameter 'nope' in params"),
    ("require: {attribute: a, operator: exists, severity: low}\n", 6,
     "PC-ACME-001: require: unknown key 'severity'"),
    ("when: [{attribute: a, operator: exists, message: x}]\nrequire: {attribute: a, operator: exists}\n",
     6, "PC-ACME-001: when.0: unknown key 'message'"),
    ("require: []\n", 6, "PC-ACME-001: require needs at least one condition"),
    ("requires: {attribute: a, operator: exists}\n", 6, "PC-ACME-001: unknown key 'requires'"),
    ("require: {attribute: a, operator: exists}\ntitle: again\n", 7, "duplicate key"),
])
def test_problems_name_file_and_line(write: Write, body: str, line: int, message: str) -> None:
    path = write("p.yaml", HEAD + body)
    registry = load(path)
    assert len(registry) == 0
    assert [(e.file, e.line) for e in registry.errors][:1] == [(str(path), line)]
    assert message in registry.errors[0].message


@pytest.mark.parametrize(("text", "line", "message"), [
    (HEAD.replace("medium", "huge") + "require: {attribute: a, operator: exists}\n", 1,
     "unknown severity 'huge'"),
    (HEAD.replace("PC-ACME-001", "ACME1") + "require: {attribute: a, operator: exists}\n", 1,
     "not of the form PC-<DOMAIN>-<NNN>"),
    (HEAD.replace("[tf]", "[terraform]") + "require: {attribute: a, operator: exists}\n", 1,
     "unknown source(s) ['terraform']"),
    ("title: x\nseverity: low\nsources: tf\nkinds: x\nrequire: {attribute: a, operator: exists}\n",
     1, "missing key(s) id"),
    (HEAD + "require: {attribute: a, operator: exists\n", 7, "invalid YAML"),
    ("- id: PC-ACME-001\n", 1, "a policy document must be a mapping"),
    (HEAD.replace("[tf]", "7") + "require: {attribute: a, operator: exists}\n", 4,
     "sources must be a string or a list of strings"),
])
def test_bad_metadata_names_file_and_line(write: Write, text: str, line: int, message: str) -> None:
    path = write("p.yaml", text)
    registry = load(path)
    assert len(registry) == 0
    assert (registry.errors[0].file, registry.errors[0].line) == (str(path), line)
    assert message in registry.errors[0].message
    assert not registry.errors[0].message.startswith(str(path))


def test_duplicate_id_across_python_and_yaml_names_both(write: Write, tmp_path: Path) -> None:
    write("rules/a.py", '''
        from policycheck.api import policy, passed

        @policy(id="PC-ACME-001", title="Demo", severity="low", sources="tf", kinds="x")
        def check(resource, ctx):
            yield passed()
        ''')
    write("rules/b.yaml", HEAD + "require: {attribute: a, operator: exists}\n")
    registry = Registry()
    registry.load_directory(tmp_path / "rules")
    assert len(registry) == 1
    (error,) = registry.errors
    assert error.file.endswith("b.yaml") and error.line == 1
    assert "duplicate policy ID PC-ACME-001: already defined at" in error.message
    assert "a.py:3" in error.message


def test_policy_files_skip_fixture_hidden_and_private_files(write: Write, tmp_path: Path) -> None:
    for name in ("a.py", "b.yaml", "c.yml", "sub/d.yaml", "_private.py", ".policycheck.yaml",
                 "fixtures/PC-ACME-001/deploy.yaml", "PC-ACME-002-edge/x.py", "notes.md",
                 ".hidden/e.yaml"):
        write(f"rules/{name}", "")
    found = [p.relative_to(tmp_path / "rules").as_posix() for p in policy_files(tmp_path / "rules")]
    assert found == ["a.py", "b.yaml", "c.yml", "sub/d.yaml"]


def test_empty_documents_are_ignored_and_unreadable_files_reported(write: Write) -> None:
    assert load(write("empty.yaml", "# nothing yet\n")).errors == []
    path = write("bad.yaml", "")
    path.write_bytes(b"\xff\xfe\x00")
    (error,) = load(path).errors
    assert (error.file, error.line) == (str(path), 1)
    assert "cannot read policy file" in error.message


def test_verdict_types_match_python_helpers(write: Write) -> None:
    policy = only(load(write("p.yaml", HEAD + """\
        require: {attribute: public, operator: not-equals, value: true}
        """.replace("        ", ""))))
    outcome = run_policies(ResourceGraph([bucket(public="true"), bucket()]), Selection([policy]))
    assert [f.verdict for f in outcome.findings] == [Verdict.FAIL, Verdict.PASS]

"""Line-tracking YAML loading (policycheck.loaders.yamlload)."""

from __future__ import annotations

import json
import time
from textwrap import dedent

from policycheck.loaders.yamlload import (
    YamlDocument,
    YamlProblem,
    find_comments,
    item_end_lines,
    iter_json,
    iter_yaml,
    outside_scalars,
    separator_lines,
)


def split(text: str) -> tuple[list[YamlDocument], list[YamlProblem]]:
    items = list(iter_yaml(dedent(text)))
    docs = [i for i in items if isinstance(i, YamlDocument)]
    return docs, [i for i in items if isinstance(i, YamlProblem)]


def test_lines_of_nested_keys_and_list_items() -> None:
    (doc,), problems = split("""\
        # leading comment
        spec:
          containers:
            - name: app
              ports: [80, 443]
            -
              name: sidecar
              args:
                - |
                  multi
                  line
                - last
        """)
    assert problems == []
    assert doc.lines == {
        "spec": 2,
        "spec.containers": 3,
        "spec.containers.0": 4,
        "spec.containers.0.name": 4,
        "spec.containers.0.ports": 5,
        "spec.containers.0.ports.0": 5,
        "spec.containers.0.ports.1": 5,
        "spec.containers.1": 7,
        "spec.containers.1.name": 7,
        "spec.containers.1.args": 8,
        "spec.containers.1.args.0": 9,
        "spec.containers.1.args.1": 12,
    }
    assert (doc.line, doc.end_line) == (2, 12)
    assert doc.value["spec"]["containers"][1]["args"] == ["multi\nline\n", "last"]


def test_documents_keep_their_own_lines_and_trailing_comments_are_not_content() -> None:
    docs, _ = split("""\
        a: 1
        # trailing comment

        ---
        ---
        b:
          c: true
        """)
    assert [d.value for d in docs] == [{"a": 1}, None, {"b": {"c": True}}]
    assert [(d.line, d.end_line) for d in docs] == [(1, 1), (5, 5), (6, 7)]
    assert docs[2].lines == {"b": 6, "b.c": 7}


def test_keys_become_strings_and_timestamps_stay_text() -> None:
    (doc,), _ = split("""\
        on: yes
        80: http
        1.5: x
        created: 2024-01-31
        """)
    assert doc.value == {"on": True, "80": "http", "1.5": "x", "created": "2024-01-31"}


def test_duplicate_key_keeps_last_value_and_forgets_its_lines() -> None:
    (doc,), _ = split("""\
        resources:
          limits: {cpu: 1}
        resources:
          requests: {cpu: 1}
        """)
    assert doc.value == {"resources": {"requests": {"cpu": 1}}}
    assert doc.warnings == [YamlProblem(3, "duplicate key 'resources'; the last value is used")]
    assert "resources.limits" not in doc.lines
    assert doc.lines["resources"] == 3


def test_alias_shares_the_anchored_value_and_merge_keys_merge() -> None:
    (doc,), _ = split("""\
        base: &base
          image: app:1
          env: [{name: A}]
        first: *base
        second:
          <<: *base
          image: app:2
        """)
    value = doc.value
    assert value["first"] is value["base"]
    assert value["second"] == {"image": "app:2", "env": [{"name": "A"}]}
    assert doc.lines["first"] == 4
    assert doc.lines["second.image"] == 7
    assert doc.lines["second.env"] == 6  # the `<<` line
    assert doc.lines["base.env.0.name"] == 3


def test_alias_bomb_is_rejected_quickly_and_later_documents_survive() -> None:
    levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for index in range(1, 10):
        previous, name = chr(ord("a") + index - 1), chr(ord("a") + index)
        levels.append(f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]")
    text = "\n".join(levels) + "\n---\nafter: 1\n"
    started = time.perf_counter()
    items = list(iter_yaml(text))
    assert time.perf_counter() - started < 1
    problem, after = items
    assert isinstance(problem, YamlProblem)
    assert "aliases expand to more than" in problem.message
    assert 2 <= problem.line <= 10
    assert isinstance(after, YamlDocument) and after.value == {"after": 1}


def test_alias_count_limit_and_recursive_alias() -> None:
    many = "a: &a [1]\n" + "".join(f"k{index}: *a\n" for index in range(20))
    (problem,) = iter_yaml(many, max_aliases=10)
    assert problem == YamlProblem(12, "more than 10 aliases")  # at k10, the 11th alias
    (recursive,) = iter_yaml("a: &a [1, *a]\n")
    assert isinstance(recursive, YamlProblem)
    assert recursive.message.startswith("recursive alias")


def test_syntax_error_has_its_line_and_keeps_earlier_documents() -> None:
    docs, problems = split("""\
        a: 1
        ---
        b: [1, 2
        c: 3
        """)
    assert [d.value for d in docs] == [{"a": 1}]
    (problem,) = problems
    assert problem.line == 4
    assert problem.message.startswith("invalid YAML: ")


def test_control_character_error_line() -> None:
    (problem,) = iter_yaml("a: 1\nb: é\x07\n")
    assert problem == YamlProblem(2, "invalid YAML: control characters are not allowed (character 7)")


def test_complex_key_is_a_document_problem() -> None:
    (problem,) = iter_yaml("a: 1\n? [x]\n: 2\n")
    assert problem == YamlProblem(2, "a mapping key must be a scalar, not a mapping or a list")


def test_json_lines_surrogate_pairs_and_json_only_fallback() -> None:
    text = json.dumps({"kind": "ConfigMap", "data": {"smile": "\U0001f600"}}, indent=2)
    (doc,) = iter_json(text)
    assert isinstance(doc, YamlDocument)
    assert doc.value["data"]["smile"] == "\U0001f600"
    assert doc.lines["data.smile"] == 4
    lone = '{\n  "a": "\\ud83d"\n}\n'  # valid JSON, rejected by libyaml
    (fallback,) = iter_json(lone)
    assert isinstance(fallback, YamlDocument)
    assert (fallback.value, fallback.lines, fallback.end_line) == ({"a": "\ud83d"}, {}, 3)
    (problem,) = iter_json('{\n  "a": \n')
    assert problem == YamlProblem(3, "invalid JSON: Expecting value")


def test_comments_inside_scalars_are_not_comments() -> None:
    text = dedent("""\
        # policycheck:ignore=PC-A-001 header
        a: "x # policycheck:ignore=PC-A-002 quoted"
        b: |
          # policycheck:ignore=PC-A-003 block
        c: 1  # policycheck:ignore=PC-A-004 trailing
        d: url#policycheck:ignore=PC-A-005
        """)
    (doc,) = iter_yaml(text)
    assert isinstance(doc, YamlDocument)
    candidates = find_comments(text, "policycheck:ignore=")
    assert [c.line for c in candidates] == [1, 2, 4, 5]
    real = outside_scalars(candidates, doc)
    assert [(c.line, c.column, c.text) for c in real] == [
        (1, 0, "# policycheck:ignore=PC-A-001 header"),
        (5, 6, "# policycheck:ignore=PC-A-004 trailing"),
    ]


def test_separator_lines_and_item_end_lines() -> None:
    text = "a: 1\n---\nitems:\n  - x: 1\n    y: 2\n  - z\n...\n"
    assert separator_lines(text) == [2, 7]
    doc = next(d for d in iter_yaml(text) if isinstance(d, YamlDocument) and d.line == 3)
    assert item_end_lines(doc, "items") == [5, 6]
    assert item_end_lines(doc, "missing") == []

"""The live commands' file inputs fuzzed like the static loaders: AWS and Kubernetes snapshots
(a kubectl ``List`` included) and Terraform state, mutated and wrongly typed.

The invariant: the command ends with an exit code (0, 1 or 2), never a traceback; input that
cannot be read is a usage error or an error entry, never a clean pass. The seeds are real: an
``audit aws --snapshot`` of a moto account, a kubectl export of the recorded cluster, a v4 state.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from policycheck.cli import main

pytestmark = pytest.mark.slow

SEEDS = Path(__file__).parent / "seeds"
STATE = Path(__file__).parents[1] / "drift" / "states" / "storage.tfstate"
JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-2**70, 2**70) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8)


@st.composite
def wrongly_typed(draw: st.DrawFn, document: Any, depth: int = 0) -> Any:
    """``document`` with some values, at any depth, replaced by random JSON of another shape."""
    if depth > 6 or draw(st.integers(0, 9)) == 0:
        return draw(JSON) if draw(st.booleans()) else document
    if isinstance(document, dict):
        return {k: draw(wrongly_typed(v, depth + 1)) for k, v in document.items()}
    if isinstance(document, list):
        return [draw(wrongly_typed(v, depth + 1)) for v in document[:6]]
    return draw(JSON) if draw(st.integers(0, 3)) == 0 else document


@st.composite
def damaged(draw: st.DrawFn, seed: bytes) -> bytes:
    """``seed`` truncated, with bytes flipped or inserted, or its JSON values retyped."""
    choice = draw(st.integers(0, 3))
    if choice == 0:
        return seed[: draw(st.integers(0, len(seed)))]
    if choice == 1:
        data = bytearray(seed)
        for _ in range(draw(st.integers(1, 8))):
            data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
        return bytes(data)
    if choice == 2:
        at = draw(st.integers(0, len(seed)))
        token = draw(st.sampled_from((b"{", b"[", b'"', b"\x00", b"\xef\xbb\xbf", b"null", b"1e999")))
        return seed[:at] + token * draw(st.integers(1, 2000)) + seed[at:]
    return json.dumps(draw(wrongly_typed(json.loads(seed)))).encode()


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> int:
    code = main(args)
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code


def _fuzz(tmp_path: Path, capsys: pytest.CaptureFixture[str], seed: Path,
          command: list[str]) -> None:
    target = tmp_path / seed.name

    @given(damaged(seed.read_bytes()))
    @example(seed.read_bytes())
    @example(b"")
    def check(data: bytes) -> None:
        target.write_bytes(data)
        code = _run([*command, str(target), "--format", "json", "-o", str(tmp_path / "out.json")], capsys)
        assert code in (0, 1, 2)
        if data != seed.read_bytes() and code == 0:
            # a damaged file that still passes must have been read as a complete collection
            report = json.loads((tmp_path / "out.json").read_text("utf-8"))
            assert report["errors"] == [] and report["not_assessed"] == []

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 3000))
    check()


def test_aws_snapshot(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _fuzz(tmp_path, capsys, SEEDS / "aws-snapshot.json", ["audit", "aws", "--from-snapshot"])


def test_kubectl_list_snapshot(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _fuzz(tmp_path, capsys, SEEDS / "kubectl-list.json", ["audit", "k8s", "--from-snapshot"])


def test_terraform_state(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    snapshot = SEEDS / "aws-snapshot.json"
    _fuzz(tmp_path, capsys, STATE, ["drift", "--from-snapshot", str(snapshot), "--state"])

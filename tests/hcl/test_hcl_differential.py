"""Both HCL backends give the same values for every .tf file in the repository and the corpus."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from policycheck.loaders.hcl import parse_hcl, strip_metadata, treesitter

ROOT = Path(__file__).resolve().parents[2]
CORPUS = Path(__file__).parent / "corpus"
FILES = sorted(
    [*CORPUS.glob("*.tf"), *(ROOT / "terraform_fixtures").rglob("*.tf"),
     *(ROOT / "examples").rglob("*.tf")]
)


def _ids(path: Path) -> str:
    return str(path.relative_to(ROOT))


def _both(text: str) -> tuple[dict[str, object], dict[str, object]]:
    reference = parse_hcl(text, "x.tf", parser="python-hcl2")
    tree = treesitter.parse(text, "x.tf", fallback=False)
    assert reference.errors == []
    assert tree.errors == []
    return reference.body, tree.body


@pytest.mark.parametrize("path", FILES, ids=_ids)
def test_backends_agree_on_values(path: Path) -> None:
    reference, tree = _both(path.read_text(encoding="utf-8"))
    assert strip_metadata(tree) == strip_metadata(reference)


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.tf")), ids=_ids)
def test_backends_agree_on_lines_and_comments(path: Path) -> None:
    reference, tree = _both(path.read_text(encoding="utf-8"))
    assert tree == reference


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.tf")), ids=_ids)
def test_backends_agree_on_crlf_files(path: Path) -> None:
    reference, tree = _both(path.read_text(encoding="utf-8").replace("\n", "\r\n"))
    assert tree == reference


def test_corpus_covers_the_repository_fixtures() -> None:
    assert len(list(CORPUS.glob("*.tf"))) >= 5
    assert any("terraform_fixtures" in str(p) for p in FILES)


def test_unknown_parser_is_rejected() -> None:
    with pytest.raises(ValueError, match="unknown HCL parser"):
        parse_hcl("", "x.tf", parser="hcl1")


def test_parsing_in_threads_gives_the_sequential_results() -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.tf"))] * 8
    expected = [parse_hcl(t, "x.tf").body for t in texts]
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda t: parse_hcl(t, "x.tf").body, texts))
    assert results == expected

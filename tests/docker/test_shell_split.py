"""The Dockerfile loader's word split: a fast path for plain text, shlex (POSIX) for the rest."""

from __future__ import annotations

import shlex

from hypothesis import given, settings
from hypothesis import strategies as st

from policycheck.loaders.dockerfile import _shell_split


def _shlex(text: str, escape: str) -> list[str]:
    lexer = shlex.shlex(text, posix=True)
    lexer.whitespace_split = True
    lexer.commenters = ""
    lexer.escape = escape
    try:
        return list(lexer)
    except ValueError:
        return text.split()


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet=" \t\r\n\x0b\x0c\u00a0ab$#=-/`\\'\"", max_size=16),
       st.sampled_from(["\\", "`"]))
def test_split_equals_posix_shlex(text: str, escape: str) -> None:
    assert _shell_split(text, escape) == _shlex(text, escape)


def test_plain_text_splits_on_shell_whitespace_only() -> None:
    assert _shell_split("apt-get\tinstall -y\u00a0curl\x0bx", "\\") == [
        "apt-get", "install", "-y\u00a0curl\x0bx"]
